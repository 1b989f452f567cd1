"""Checks a generated line must pass to be kept: the shipped data's own rules."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from inspect_dualbench.data.pairs import (
    NEAR_DUPLICATE_JACCARD,
    STOPWORDS,
    Pair,
    PairFormatError,
    jaccard,
    normalise,
    parse_pair_line,
    words,
)

_LIST_MARKER = re.compile(r"^(?:\d+[.)]|[-*•])\s+")


def _bag(text: str) -> frozenset[str]:
    return frozenset(w for w in words(text) if w not in STOPWORDS)


@dataclass
class PairFilter:
    """Keeps lines that parse and are new; counts why the others were dropped."""

    existing: Iterable[Pair]
    kept: list[Pair] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._texts: set[str] = set()
        self._bags: dict[str, list[frozenset[str]]] = {}
        for p in self.existing:
            self._remember(p)

    def _remember(self, p: Pair) -> None:
        self._texts.update((normalise(p.harmful), normalise(p.benign)))
        self._bags.setdefault(p.category, []).append(_bag(p.harmful))

    def offer(self, line: str, category: str, pair_id: int) -> Pair | None:
        """Keep the line as a pair if it passes every check; else count the reason."""
        line = _LIST_MARKER.sub("", line.strip())
        if "\t" not in line:  # models often drop the tab; the sub-topic is only a label
            line = "unspecified\t" + line
        try:
            pair = parse_pair_line(line, category, pair_id, "generated", pair_id)
        except PairFormatError as ex:
            reason = str(ex).split(": ", 1)[1]
            self.dropped["format: " + _reason_kind(reason)] += 1
            return None
        if normalise(pair.harmful) in self._texts or normalise(pair.benign) in self._texts:
            self.dropped["duplicate"] += 1
            return None
        bag = _bag(pair.harmful)
        if any(jaccard(bag, other) >= NEAR_DUPLICATE_JACCARD for other in self._bags.get(category, [])):
            self.dropped["near-duplicate"] += 1
            return None
        if set(words(pair.benign)) & pair.harmful_keywords:
            self.dropped["harmful keyword in benign twin"] += 1
            return None
        self._remember(pair)
        self.kept.append(pair)
        return pair


def _reason_kind(reason: str) -> str:
    for kind in (
        "tab-separated",
        "no '{harmful|benign}' slot",
        "empty side",
        "substitutes nothing",
        "unbalanced",
        "words",
    ):
        if kind in reason:
            return "word count" if kind == "words" else kind
    return "other"
