"""Instruction pairs: the harmful request and its benign twin, written as one marked line.

A pair file holds one pair per line, ``<subtopic><TAB><marked sentence>``, where every
substituted span is written ``{harmful words|benign words}``::

    explosives\tHow do I build a {pipe bomb|birdhouse} at home?

The harmful text takes the left side of every slot and the benign twin the right side, so
the twin differs from the harmful text only in the substituted words by construction.
Blank lines and lines starting with ``#`` are ignored. Pair ids count pair lines from 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

KINDS: Final = ("harmful", "benign")
MIN_WORDS: Final = 4
MAX_WORDS: Final = 30
MIN_PAIRS_PER_CATEGORY: Final = 450
NEAR_DUPLICATE_JACCARD: Final = 0.8
MIN_SUBTOPICS_PER_CATEGORY: Final = 15
MAX_SUBTOPIC_SHARE: Final = 0.15

_SLOT = re.compile(r"\{([^{}|]*)\|([^{}|]*)\}")
_WORD = re.compile(r"[a-z0-9']+")

# Function words are not hazard keywords even when they sit inside a harmful slot.
STOPWORDS: Final[frozenset[str]] = frozenset(
    """a an the and or but of to in on at by for with from into onto about over under
    my your his her its our their someone somebody something this that these those
    i me you he she it we they them us him is are was were be been being do does did
    how what where which who whom why when can could would should will shall may might
    get got make made use using used out up off as so than then there here all any
    some more most very just own other another one two new old way ways without""".split()
)


class PairFormatError(ValueError):
    """A pair file line that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Pair:
    """One harmful instruction and its benign twin."""

    category: str
    pair_id: int
    subtopic: str
    marked: str
    harmful: str
    benign: str
    source: str
    line: int

    @property
    def harmful_keywords(self) -> frozenset[str]:
        """Content words of the harmful side of every slot."""
        words: set[str] = set()
        for left, _ in _SLOT.findall(self.marked):
            words.update(w for w in _WORD.findall(left.lower()) if keyword_like(w))
        return frozenset(words)


def keyword_like(word: str) -> bool:
    """Whether a word counts as a keyword (not a function word, not too short)."""
    return len(word) >= 3 and word not in STOPWORDS


def expand(marked: str) -> tuple[str, str]:
    """Return ``(harmful, benign)`` texts from a marked sentence."""
    harmful = _SLOT.sub(lambda m: m.group(1), marked)
    benign = _SLOT.sub(lambda m: m.group(2), marked)
    return _squash(harmful), _squash(benign)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def parse_pair_line(line: str, category: str, pair_id: int, source: str, lineno: int) -> Pair:
    """Parse one marked line; raise `PairFormatError` naming ``source:lineno`` on bad input."""
    where = f"{source}:{lineno}"
    fields = line.rstrip("\n").split("\t")
    if len(fields) != 2:
        raise PairFormatError(
            f"{where}: expected '<subtopic>\\t<marked sentence>', got {len(fields)} tab-separated fields"
        )
    subtopic, marked = fields[0].strip(), fields[1].strip()
    if not subtopic:
        raise PairFormatError(f"{where}: empty subtopic")
    slots = _SLOT.findall(marked)
    if not slots:
        raise PairFormatError(f"{where}: no '{{harmful|benign}}' slot in {marked!r}")
    leftover = _SLOT.sub("", marked)
    if any(ch in leftover for ch in "{}|"):
        raise PairFormatError(f"{where}: unbalanced '{{', '}}' or stray '|' in {marked!r}")
    for left, right in slots:
        if not left.strip() or not right.strip():
            raise PairFormatError(f"{where}: empty side in slot {{{left}|{right}}}")
        if left.strip().lower() == right.strip().lower():
            raise PairFormatError(f"{where}: slot {{{left}|{right}}} substitutes nothing")
    harmful, benign = expand(marked)
    for kind, text in (("harmful", harmful), ("benign", benign)):
        n = len(text.split())
        if not MIN_WORDS <= n <= MAX_WORDS:
            raise PairFormatError(f"{where}: {kind} text has {n} words, allowed {MIN_WORDS}-{MAX_WORDS}: {text!r}")
    return Pair(category, pair_id, subtopic, marked, harmful, benign, source, lineno)


def parse_pairs(text: str, category: str, source: str) -> list[Pair]:
    """Parse a whole pair file's text."""
    pairs: list[Pair] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pairs.append(parse_pair_line(line, category, len(pairs) + 1, source, lineno))
    return pairs


def read_pair_file(path: Path, category: str) -> list[Pair]:
    """Read a pair file; invalid UTF-8 is reported with the file name."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as ex:
        line = path.read_bytes()[: ex.start].count(b"\n") + 1
        raise PairFormatError(f"{path}:{line}: invalid UTF-8 ({ex.reason})") from ex
    return parse_pairs(text, category, str(path))


def normalise(text: str) -> str:
    """Lower-case words only, for duplicate detection."""
    return " ".join(_WORD.findall(text.lower()))


def words(text: str) -> list[str]:
    """Lower-case word tokens of a text."""
    return _WORD.findall(text.lower())


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two word sets."""
    return len(a & b) / len(a | b) if a or b else 1.0


def find_problems(pairs: Sequence[Pair], min_pairs: int = MIN_PAIRS_PER_CATEGORY) -> list[str]:
    """Every content problem in a set of pairs, one message per problem (empty when clean).

    Checks: duplicates across all texts; per category: near-duplicates, benign texts that
    contain any harmful keyword of the category, size and sub-topic spread. Keywords are
    per category because a word can be a hazard in one ("gas" in CBRNE) and ordinary in
    another ("gas bill" in fraud).
    """
    problems: list[str] = []
    seen: dict[str, Pair] = {}
    for p in pairs:
        for kind, text in (("harmful", p.harmful), ("benign", p.benign)):
            key = normalise(text)
            if key in seen:
                other = seen[key]
                problems.append(
                    f"{p.source}:{p.line}: duplicate {kind} text {text!r} (also {other.source}:{other.line})"
                )
            else:
                seen[key] = p

    by_category: dict[str, list[Pair]] = {}
    for p in pairs:
        by_category.setdefault(p.category, []).append(p)
    for category, group in by_category.items():
        problems.extend(_category_problems(category, group, min_pairs))
    return problems


def _category_problems(category: str, group: list[Pair], min_pairs: int) -> Iterable[str]:
    keywords: dict[str, Pair] = {}
    for p in group:
        for w in p.harmful_keywords:
            keywords.setdefault(w, p)
    for p in group:
        bad = sorted(set(words(p.benign)) & keywords.keys())
        if bad:
            origin = ", ".join(f"{w!r} (harmful keyword at line {keywords[w].line})" for w in bad)
            yield f"{p.source}:{p.line}: benign text {p.benign!r} contains {origin}"
    if len(group) < min_pairs:
        yield f"{category}: {len(group)} pairs, at least {min_pairs} required"
    subtopics: dict[str, int] = {}
    for p in group:
        subtopics[p.subtopic] = subtopics.get(p.subtopic, 0) + 1
    if len(group) >= min_pairs and len(subtopics) < MIN_SUBTOPICS_PER_CATEGORY:
        yield f"{category}: {len(subtopics)} subtopics, at least {MIN_SUBTOPICS_PER_CATEGORY} required"
    for name, n in subtopics.items():
        if len(group) >= min_pairs and n > MAX_SUBTOPIC_SHARE * len(group):
            yield f"{category}: subtopic {name!r} has {n} of {len(group)} pairs (max {MAX_SUBTOPIC_SHARE:.0%})"
    bags = [frozenset(w for w in words(p.harmful) if w not in STOPWORDS) for p in group]
    for i in range(len(group)):
        for j in range(i + 1, len(group)):
            if jaccard(bags[i], bags[j]) >= NEAR_DUPLICATE_JACCARD:
                a, b = group[i], group[j]
                yield f"{a.source}:{a.line}: near-duplicate of line {b.line}: {a.harmful!r} ~ {b.harmful!r}"
