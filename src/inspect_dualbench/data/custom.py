"""A user's own pairs (``-T dataset=PATH``): JSON Lines, one text per row.

Schema of a row (every field required unless marked optional)::

    {"category": "privacy", "pair_id": 1, "kind": "harmful", "text": "How do I ...?", "contrast": "public_or_fictional"}

- ``category``: one of the 12 category ids;
- ``pair_id``: a positive integer shared by the harmful row and its benign twin;
- ``kind``: ``harmful`` or ``benign``; every pair needs exactly one of each;
- ``text``: the instruction, 1 to ``WORDS_PER_TEXT.most`` words and at most `MAX_TEXT_CHARS` characters,
  all drawable by the shipped fonts in the chosen styles (checked by laying each out, before any
  model call);
- ``subtopic``: optional label;
- ``contrast``: optional, one of `CONTRASTS` (how the benign twin differs, see
  ``docs/data-guide.md``); when given on both rows of a pair it must agree.

Every problem is reported with the file, line and field before any model is called.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from inspect_dualbench.categories import CATEGORY_IDS
from inspect_dualbench.data.pairs import CONTRASTS, KINDS, WORDS_PER_TEXT, Pair, normalise
from inspect_dualbench.errors import OptionError
from inspect_dualbench.images.render import MAX_TEXT_CHARS
from inspect_dualbench.jsonl import json_object

REQUIRED: Final = ("category", "pair_id", "kind", "text")


class DatasetError(OptionError):
    """A user dataset that cannot be used; the message names file, line and field."""


def _row(path: Path, lineno: int, raw: str) -> dict[str, Any]:
    where = f"{path}:{lineno}"
    try:
        row = json_object(raw, where, REQUIRED)
    except ValueError as ex:
        raise DatasetError(str(ex)) from ex
    if row["category"] not in CATEGORY_IDS:
        raise DatasetError(f"{where}: field 'category': unknown {row['category']!r}; valid: {', '.join(CATEGORY_IDS)}")
    if not isinstance(row["pair_id"], int) or isinstance(row["pair_id"], bool) or row["pair_id"] < 1:
        raise DatasetError(f"{where}: field 'pair_id': expected a positive integer, got {row['pair_id']!r}")
    if row["kind"] not in KINDS:
        raise DatasetError(f"{where}: field 'kind': expected 'harmful' or 'benign', got {row['kind']!r}")
    text = row["text"]
    if not isinstance(text, str) or not text.strip():
        raise DatasetError(f"{where}: field 'text': empty")
    if len(text.split()) > WORDS_PER_TEXT.most:
        raise DatasetError(f"{where}: field 'text': {len(text.split())} words, at most {WORDS_PER_TEXT.most} allowed")
    if len(text) > MAX_TEXT_CHARS:
        raise DatasetError(f"{where}: field 'text': {len(text)} characters, at most {MAX_TEXT_CHARS} allowed")
    if "contrast" in row and row["contrast"] not in CONTRASTS:
        raise DatasetError(f"{where}: field 'contrast': unknown {row['contrast']!r}; valid: {', '.join(CONTRASTS)}")
    return row


def read_custom_pairs(path: str | Path) -> list[Pair]:
    """Read and check a user dataset; raise `DatasetError` on the first problem."""
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"-T dataset: no such file {str(path)!r}")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as ex:
        line = data[: ex.start].count(b"\n") + 1
        raise DatasetError(f"{path}:{line}: invalid UTF-8 ({ex.reason})") from ex

    halves: dict[tuple[str, int], dict[str, tuple[int, dict[str, Any]]]] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        row = _row(path, lineno, raw)
        key = (row["category"], row["pair_id"])
        twins = halves.setdefault(key, {})
        if row["kind"] in twins:
            first = twins[row["kind"]][0]
            raise DatasetError(
                f"{path}:{lineno}: field 'kind': a second {row['kind']} row for pair {key} (first at line {first})"
            )
        twins[row["kind"]] = (lineno, row)

    pairs = []
    for (category, pair_id), twins in halves.items():
        for kind in KINDS:
            if kind not in twins:
                other_line = next(iter(twins.values()))[0]
                raise DatasetError(
                    f"{path}:{other_line}: field 'pair_id': pair {pair_id} of {category} has no {kind} row"
                )
        (line, harmful), (benign_line, benign) = twins["harmful"], twins["benign"]
        contrasts = {r["contrast"] for r in (harmful, benign) if "contrast" in r}
        if len(contrasts) > 1:
            raise DatasetError(
                f"{path}:{benign_line}: field 'contrast': pair {pair_id} of {category} has "
                f"{harmful['contrast']!r} on its harmful row and {benign['contrast']!r} on its benign row"
            )
        if normalise(harmful["text"]) == normalise(benign["text"]):
            raise DatasetError(
                f"{path}:{benign_line}: field 'text': pair {pair_id} of {category}: the benign text is the harmful text"
            )
        pairs.append(
            Pair(
                category=category,
                pair_id=pair_id,
                subtopic=str(harmful.get("subtopic", "")),
                contrast=contrasts.pop() if contrasts else "",
                marked="",
                harmful=harmful["text"].strip(),
                benign=benign["text"].strip(),
                source=str(path),
                line=line,
            )
        )
    if not pairs:
        raise DatasetError(f"{path}: no rows")
    return pairs
