"""Where judge sets come from: a shipped set's name, or a file or folder the user points at.

Third-party sets are never copied into the package. Fetch them from their pinned upstream
commits (README, "Checking the judge") and pass the path.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import as_file
from pathlib import Path
from typing import Final

from inspect_dualbench.agreement.sets import (
    JudgeSet,
    csv_header,
    merge_by_name,
    msts_format,
    read_msts,
    read_shipped,
    read_xstest,
)
from inspect_dualbench.errors import OptionError
from inspect_dualbench.vocabulary import asset

SHIPPED_SETS: Final = ("calibration", "heldout")
"""Answers written for this project (``assets/judge_sets/<name>.jsonl``)."""
XSTEST_GLOB: Final = "xstest_v2_completions_*.csv"


def _csv_kind(path: Path) -> str:
    """``xstest`` or ``msts`` from a CSV file's header, or OptionError naming the file."""
    try:
        header = csv_header(path)
    except ValueError as ex:
        raise OptionError(f"-T judge_set: {ex}") from ex
    if msts_format(header):
        return "msts"
    if "final_label" in header and "completion" in header:
        return "xstest"
    raise OptionError(
        f"-T judge_set: {path} is neither an XSTest v2 completions file (columns final_label, completion) "
        "nor MSTS response annotations (column final_taxonomy, or response_translated and annot1_label)"
    )


def load_judge_set(spec: str) -> list[JudgeSet]:
    """The sets one ``-T judge_set`` value names; ValueError naming the value when it cannot be read."""
    if spec in SHIPPED_SETS:
        with as_file(asset("judge_sets", f"{spec}.jsonl")) as path:
            return [read_shipped(path, spec)]
    path = Path(spec).expanduser()
    if path.is_dir():
        xstest = sorted(path.glob(XSTEST_GLOB))
        msts = [p for p in sorted(path.glob("*.csv")) if p not in xstest and _csv_kind(p) == "msts"]
        sets = ([read_xstest(xstest)] if xstest else []) + [read_msts(p) for p in msts]
        if not sets:
            raise OptionError(f"-T judge_set: folder {path} holds no {XSTEST_GLOB} or MSTS annotations CSV")
        return sets
    if not path.is_file():
        raise OptionError(
            f"-T judge_set: {spec!r} is not a shipped set ({', '.join(SHIPPED_SETS)}) nor an existing file or folder"
        )
    if path.suffix == ".jsonl":
        return [read_shipped(path, path.stem)]
    return [read_xstest([path]) if _csv_kind(path) == "xstest" else read_msts(path)]


def load_judge_sets(specs: Sequence[str]) -> list[JudgeSet]:
    """Every set the ``-T judge_set`` values name, in order; `OptionError` naming the bad one."""
    sets: list[JudgeSet] = []
    for spec in specs:
        try:
            sets.extend(load_judge_set(str(spec)))
        except OptionError:
            raise
        except ValueError as ex:  # a reader's error names the file and the problem
            raise OptionError(f"-T judge_set: {ex}") from ex
    return merge_by_name(sets)
