"""Readers of human-labelled answer sets, for measuring how well a judge agrees with people.

Pure readers: the standard library only, no Inspect. Each reader maps the set's own labels to
the project's three (`LABELS`), leaves out the labels that do not map (and counts them), and
assigns every answer to the ``tune`` or ``heldout`` split by a fixed rule (by the model that
wrote it, or for MSTS's translated files by language; fixed before any answer of the part was
read). A held-out part moves to tune once its figure has been reported and the judge is tuned
again; it never moves back.

Sets (third-party data is read from a path, never copied into the package):

- XSTest (Röttger et al., CC BY 4.0): ``xstest_v2_completions_<model>.csv``; ``final_label``
  ``2_full_refusal`` → refusal, ``1_full_compliance`` → direct_answer, ``3_partial_refusal``
  skipped. Tune: gpt4, llama2orig, mistralinstruct; held out: llama2new, mistralguard.
- MSTS (Röttger et al., CC BY 4.0): the response annotations CSVs; taxonomy ``2.*`` →
  direct_answer, ``1.1`` and ``1.2`` → refusal, ``1.3`` → safe_completion, the rest skipped.
  The English multimodal file is split by model: eval 2.0.0 tuned on GPT-4o, Qwen2-VL-7B and
  InternVL2-8B; 2.1.0 added MiniCPM-V-2.6 and Idefics3-8B; 2.2.0 added the file's other five
  (InternLM-XComposer-2.5, Cambrian-8B, xGen-MM, Gemini-1.5-Pro, Claude-3.5-Sonnet). The translated
  multilingual files are split by language (`MSTS_TRANSLATED_TUNE`); the English text-only file by
  case number (`textonly_split`: even → tune, odd → held out; the whole file was held out before eval 2.3.0).
- The shipped sets (``assets/judge_sets/calibration.jsonl`` → tune, ``heldout.jsonl`` → heldout;
  any other set in that format → heldout).
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from inspect_dualbench.jsonl import json_object
from inspect_dualbench.scorers.labels import DIRECT_ANSWER, LABELS, REFUSAL, SAFE_COMPLETION

TUNE: Final = "tune"
HELDOUT: Final = "heldout"
SPLITS: Final = (TUNE, HELDOUT)

XSTEST_SPLIT: Final[dict[str, str]] = {
    "gpt4": TUNE,
    "llama2orig": TUNE,
    "mistralinstruct": TUNE,
    "llama2new": HELDOUT,
    "mistralguard": HELDOUT,
}
"""XSTest model (file-name suffix) → split. Fixed: do not change after looking at results."""

MSTS_SPLIT: Final[dict[str, str]] = {
    "gpt-4o": TUNE,
    "qwen2-vl-7b": TUNE,
    "internvl2-8b": TUNE,
    "minicpm-v-2": TUNE,  # held out in eval 2.0.0
    "idefics3-8b": TUNE,  # held out in eval 2.0.0
    "internlm-xcomposer2d5": TUNE,  # held out in eval 2.1.0, as are the next four
    "cambrian-8b": TUNE,
    "xgen-mm": TUNE,
    "gemini-1.5-pro": TUNE,
    "claude-3-5-sonnet": TUNE,
}
"""MSTS model-name fragment (lower case, matched in the ``model`` column of the English multimodal
file) → split; a model not listed is held out (`msts_split`)."""

XSTEST_LABELS: Final[dict[str, str]] = {"2_full_refusal": REFUSAL, "1_full_compliance": DIRECT_ANSWER}
MSTS_LABELS: Final[dict[str, str]] = {"1.1": REFUSAL, "1.2": REFUSAL, "1.3": SAFE_COMPLETION}
"""MSTS taxonomy code → label; any ``2.*`` code is a direct answer; other codes are skipped."""

_XSTEST_COLUMNS: Final = ("id", "prompt", "completion", "final_label")
_MSTS_COLUMNS: Final = ("case_id", "prompt_type", "prompt_text", "model")
MSTS_IMAGE_COLUMN: Final = "unsafe_image_description"
MSTS_FORMATS: Final[dict[str, tuple[str, str]]] = {
    "msts": ("response", "final_taxonomy"),
    "msts_textonly": ("response", "final_taxonomy"),
    "msts_translated": ("response_translated", "annot1_label"),
}
"""MSTS set name → (answer column, label column). ``msts``: the English multimodal file (its
``unsafe_image_description`` column tells it from ``msts_textonly``, the English text-only file),
labels by two annotators and an expert; ``msts_translated``: a multilingual file
(``<language>_multimodal.csv``), answers machine-translated to English, one annotator's label."""

MSTS_LANGUAGES: Final = frozenset(
    {"arabic", "chinese", "farsi", "french", "german", "hindi", "italian", "korean", "russian", "spanish"}
)
"""The languages of MSTS's translated files (``<language>_multimodal.csv``)."""
MSTS_TRANSLATED_TUNE: Final = frozenset({"arabic", "chinese", "farsi", "french", "german"})
"""Languages of the translated MSTS files in the tune split (eval 2.2.0: the first five in alphabetical order,
fixed after the 2.2.0 candidate judge had been measured on all ten and before any of their answers was read); the
other five (hindi, italian, korean, russian, spanish) are held out."""
_CASE_NUMBER: Final = re.compile(r"(\d+)\s*$")
_SHIPPED_FIELDS: Final = ("id", "image_text", "answer", "label")


@dataclass(frozen=True)
class LabelledAnswer:
    """One model answer with a human label mapped to the project's labels."""

    set_name: str
    """``xstest``, ``msts``, ``calibration`` or ``heldout``."""
    id: str
    prompt: str
    """The request: the XSTest prompt; MSTS ``prompt_text [image: description]``; shipped sets: the image text."""
    answer: str
    label: str
    """The human label mapped to one of `LABELS`."""
    source_label: str
    """The set's own label, e.g. ``2_full_refusal`` or ``1.1 - rejection or rebuttal``."""
    model: str
    """The model that wrote the answer (``""`` if unknown)."""
    split: str
    """``tune`` or ``heldout``."""


@dataclass(frozen=True)
class JudgeSet:
    """A labelled set: its answers, and the source labels left out with their counts."""

    name: str
    answers: list[LabelledAnswer]
    skipped: dict[str, int]

    def split(self, split: str) -> list[LabelledAnswer]:
        """The answers of one split."""
        return [a for a in self.answers if a.split == split]


def merge_by_name(sets: Iterable[JudgeSet]) -> list[JudgeSet]:
    """Sets of the same name (e.g. the ten translated MSTS files) as one, in first-seen order."""
    merged: dict[str, JudgeSet] = {}
    for s in sets:
        if (m := merged.get(s.name)) is None:
            merged[s.name] = JudgeSet(s.name, list(s.answers), dict(s.skipped))
        else:
            m.answers.extend(s.answers)
            for label, n in s.skipped.items():
                m.skipped[label] = m.skipped.get(label, 0) + n
    return list(merged.values())


def csv_header(path: Path) -> list[str]:
    """The header of a CSV file, or ValueError naming the file."""
    try:
        with path.open(newline="", encoding="utf-8") as f:
            return next(csv.reader(f), [])
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise ValueError(f"{path}: unreadable CSV: {e}") from e


def _read_csv(path: Path, columns: Iterable[str]) -> list[dict[str, str]]:
    """The rows of a CSV file, or ValueError naming the file and what is wrong."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames or []
            missing = [c for c in columns if c not in header]
            if missing:
                raise ValueError(
                    f"{path}: missing column(s) {', '.join(missing)} (header: {', '.join(header) or 'none'})"
                )
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise ValueError(f"{path}: unreadable CSV: {e}") from e
    for n, row in enumerate(rows, start=2):
        if None in row or any(row.get(c) is None for c in columns):
            raise ValueError(f"{path}: row {n} has a different number of fields than the header")
    return rows


def xstest_model(path: Path) -> str:
    """The model of an XSTest completions file: the file stem after ``completions_``."""
    stem = path.stem
    marker = "completions_"
    if marker not in stem:
        raise ValueError(f"{path}: not an xstest_v2_completions_<model>.csv file name")
    return stem.split(marker, 1)[1]


def read_xstest(paths: Sequence[Path]) -> JudgeSet:
    """XSTest v2 completions files (one per model; the model is the file-name suffix)."""
    answers: list[LabelledAnswer] = []
    skipped: Counter[str] = Counter()
    for path in paths:
        path = Path(path)
        model = xstest_model(path)
        if model not in XSTEST_SPLIT:
            raise ValueError(f"{path}: unknown XSTest model {model!r}; known: {', '.join(XSTEST_SPLIT)}")
        for row in _read_csv(path, _XSTEST_COLUMNS):
            source = row["final_label"].strip()
            label = XSTEST_LABELS.get(source)
            if label is None:
                skipped[source] += 1
                continue
            answers.append(
                LabelledAnswer(
                    set_name="xstest",
                    id=f"{model}/{row['id']}",
                    prompt=row["prompt"],
                    answer=row["completion"],
                    label=label,
                    source_label=source,
                    model=model,
                    split=XSTEST_SPLIT[model],
                )
            )
    return JudgeSet("xstest", answers, dict(skipped))


def msts_split(model: str) -> str:
    """The split of a model in the English multimodal MSTS file; a model outside `MSTS_SPLIT` is held
    out, since nothing was tuned on it (since eval 2.2.0 all ten of the file's models are tune)."""
    lowered = model.lower()
    for fragment, split in MSTS_SPLIT.items():
        if fragment in lowered:
            return split
    return HELDOUT


UNSAFE_CODE: Final = "2.x"
"""The one code `msts_code` gives every unsafe MSTS taxonomy (``2.1``, ``2.2``, ``2.Z``)."""


def msts_code(taxonomy: str) -> str:
    """The code of an MSTS ``final_taxonomy`` value (``1.3 - safety considerations`` → ``1.3``),
    with every unsafe code read as `UNSAFE_CODE`."""
    code = taxonomy.split(" ", 1)[0].strip()
    return UNSAFE_CODE if code.startswith("2.") else code


def msts_label(taxonomy: str) -> str | None:
    """The label of an MSTS ``final_taxonomy`` value (``2.2 - advice`` → direct_answer), or None."""
    code = msts_code(taxonomy)
    return DIRECT_ANSWER if code == UNSAFE_CODE else MSTS_LABELS.get(code)


def msts_format(header: Sequence[str]) -> str | None:
    """The MSTS set name (`MSTS_FORMATS`) of a CSV header, or None when it is no MSTS annotations file."""
    if "final_taxonomy" in header:
        return "msts" if MSTS_IMAGE_COLUMN in header else "msts_textonly"
    if all(c in header for c in MSTS_FORMATS["msts_translated"]):
        return "msts_translated"
    return None


def translated_language(path: Path) -> str:
    """The language of a translated MSTS file from its name (``german_multimodal.csv``, also with a prefix
    such as ``msts_german_multimodal.csv``), or ValueError: the language decides the file's split."""
    m = re.fullmatch(r"(?:.*_)?([a-z]+)_multimodal", path.stem.lower())
    if m is None or m.group(1) not in MSTS_LANGUAGES:
        raise ValueError(
            f"{path}: cannot tell the language of a translated MSTS file from its name; expected "
            f"<language>_multimodal.csv with a language of {', '.join(sorted(MSTS_LANGUAGES))}"
        )
    return m.group(1)


def textonly_split(case_id: str) -> str:
    """The split of an English text-only MSTS answer: tune if its case number is even, else held out
    (eval 2.3.0, fixed in 50d842d before any text-only answer was read to tune the judge; before, the file was held
    out whole). By case, so that a prompt's answers, both its prompt types and both models, fall on one side; a case
    id without a number is held out."""
    m = _CASE_NUMBER.search(case_id)
    return TUNE if m and int(m.group(1)) % 2 == 0 else HELDOUT


def read_msts(path: Path) -> JudgeSet:
    """An MSTS response annotations CSV: English multimodal, English text-only or a multilingual file
    with English translations (`MSTS_FORMATS`). The English multimodal file is split by model
    (`MSTS_SPLIT`), the translated files by language (`MSTS_TRANSLATED_TUNE`), the text-only file by
    case (`textonly_split`)."""
    path = Path(path)
    header = csv_header(path)
    name = msts_format(header)
    if name is None:
        raise ValueError(
            f"{path}: missing column(s) final_taxonomy (or response_translated and annot1_label); "
            f"header: {', '.join(header) or 'none'}"
        )
    answer_column, label_column = MSTS_FORMATS[name]
    has_image = MSTS_IMAGE_COLUMN in header  # the multimodal files (English and translated)
    columns = (*_MSTS_COLUMNS, answer_column, label_column, *((MSTS_IMAGE_COLUMN,) if has_image else ()))
    language = translated_language(path) if name == "msts_translated" else None
    id_prefix = f"{language}/" if language else ""
    answers: list[LabelledAnswer] = []
    skipped: Counter[str] = Counter()
    for row in _read_csv(path, columns):
        source = row[label_column].strip()
        label = msts_label(source)
        if label is None:
            skipped[source] += 1
            continue
        answers.append(
            LabelledAnswer(
                set_name=name,
                id=f"{id_prefix}{row['case_id']}/{row['prompt_type']}/{row['model']}",
                prompt=f"{row['prompt_text']} [image: {row[MSTS_IMAGE_COLUMN]}]" if has_image else row["prompt_text"],
                answer=row[answer_column],
                label=label,
                source_label=source,
                model=row["model"],
                split=_msts_row_split(name, row, language),
            )
        )
    return JudgeSet(name, answers, dict(skipped))


def _msts_row_split(name: str, row: dict[str, str], language: str | None) -> str:
    """The split of one answer of an MSTS file: by model (English multimodal, `msts_split`), by case (text-only,
    `textonly_split`) or by the file's language (translated, `MSTS_TRANSLATED_TUNE`)."""
    if name == "msts":
        return msts_split(row["model"])
    if name == "msts_textonly":
        return textonly_split(row["case_id"])
    return TUNE if language in MSTS_TRANSLATED_TUNE else HELDOUT


def read_shipped(path: Path, name: str) -> JudgeSet:
    """A set in the shipped sets' JSONL format: ``calibration`` (the offline judge was tuned on it) is
    the tune split; any other set, the shipped ``heldout`` or a user's own, is held out."""
    path = Path(path)
    split = TUNE if name == "calibration" else HELDOUT
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise ValueError(f"{path}: unreadable: {e}") from e
    answers: list[LabelledAnswer] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        row = json_object(line, f"{path}:{n}", _SHIPPED_FIELDS)
        if row["label"] not in LABELS:
            raise ValueError(f"{path}: line {n} has label {row['label']!r}, not one of {', '.join(LABELS)}")
        answers.append(
            LabelledAnswer(
                set_name=name,
                id=str(row["id"]),
                prompt=str(row["image_text"] or ""),
                answer=str(row["answer"] or ""),
                label=str(row["label"]),
                source_label=str(row["label"]),
                model=str(row.get("model", "")),
                split=split,
            )
        )
    return JudgeSet(name, answers, {})
