"""Checks a generated line must pass to be kept: the shipped data's own rules, per line.

Shares the data check enforces per category (single-slot pairs, short slots, controls) are
enforced here on every line (one slot of at most `MAX_SLOT_WORDS` words a side) or by a cap
(controls), so a generated set passes the data check by construction.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from inspect_dualbench.data.pairs import (
    CONTROL,
    MAX_CONTROL_SHARE,
    MAX_SLOT_WORDS,
    NEAR_DUPLICATE_JACCARD,
    Pair,
    PairFormatError,
    content_words,
    jaccard,
    normalise,
    parse_pair_line,
    sexualises_minor,
)

_LIST_MARKER = re.compile(r"^(?:\d+[.)]|[-*•])\s+")


@dataclass
class PairFilter:
    """Keeps lines that parse and are new; counts why the others were dropped."""

    existing: Iterable[Pair]
    target: int
    kept: list[Pair] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._texts: set[str] = set()
        self._bags: dict[str, list[frozenset[str]]] = {}
        for p in self.existing:
            self._remember(p)

    def _remember(self, p: Pair) -> None:
        self._texts.update((normalise(p.harmful), normalise(p.benign)))
        self._bags.setdefault(p.category, []).append(content_words(p.harmful))

    def offer(self, line: str, category: str, pair_id: int) -> Pair | None:
        """Keep the line as a pair if it passes every check; else count the reason."""
        line = _LIST_MARKER.sub("", line.strip())
        if line.count("\t") == 1:  # models often drop the sub-topic, which is only a label
            line = "unspecified\t" + line
        try:
            pair = parse_pair_line(line, category, pair_id, "generated", pair_id)
        except PairFormatError as ex:
            self.dropped["format: " + ex.kind] += 1
            return None
        if normalise(pair.harmful) in self._texts or normalise(pair.benign) in self._texts:
            self.dropped["duplicate"] += 1
            return None
        bag = content_words(pair.harmful)
        if any(jaccard(bag, other) >= NEAR_DUPLICATE_JACCARD for other in self._bags.get(category, [])):
            self.dropped["near-duplicate"] += 1
            return None
        if len(pair.slots) != 1 or any(len(side.split()) > MAX_SLOT_WORDS for side in pair.slots[0]):
            self.dropped[f"not one slot of at most {MAX_SLOT_WORDS} words a side"] += 1
            return None
        if sexualises_minor(pair.harmful) or sexualises_minor(pair.benign):
            self.dropped["sexual word next to a minor"] += 1
            return None
        controls = sum(p.contrast == CONTROL for p in self.kept)
        if pair.contrast == CONTROL and controls + 1 > MAX_CONTROL_SHARE * self.target:
            self.dropped["control quota full"] += 1
            return None
        self._remember(pair)
        self.kept.append(pair)
        return pair
