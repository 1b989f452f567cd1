"""Find DUAL-Bench logs, pick the newest successful one per model and task, read its labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspect_ai.log import EvalLog, list_eval_logs, read_eval_log, read_eval_log_sample_summaries

from inspect_dualbench.categories import CATEGORY_IDS
from inspect_dualbench.cost import role_tokens
from inspect_dualbench.scorers.metrics import Judged, judged_from

PACKAGE = "inspect_dualbench"
TASKS = ("all", *CATEGORY_IDS)


class ReportError(ValueError):
    """Logs that cannot be reported on; the message names the log."""


@dataclass
class RunLog:
    """One DUAL-Bench run as the report needs it."""

    path: str
    model: str
    task: str
    judge: str
    items: list[Judged]
    subject_tokens: tuple[int, int]
    judge_tokens: tuple[int, int]
    config: dict[str, Any]
    """What the run covered: split, pairs per category, limit, variants, styles, samples, date."""


def find_logs(paths: Sequence[str]) -> list[str]:
    """Every .eval / .json log in the given files and folders (folders searched recursively)."""
    found: list[str] = []
    for p in paths:
        if Path(p).is_dir():
            found.extend(info.name for info in list_eval_logs(p))
        elif Path(p).is_file():
            found.append(p)
        else:
            raise ReportError(f"{p}: no such file or folder")
    if not found:
        raise ReportError(f"no Inspect logs (.eval or .json) found in {', '.join(paths)}")
    # A file named twice (itself and within its folder) is one log, not an older run of itself.
    unique: dict[str, str] = {}
    for name in found:
        unique.setdefault(_local_key(name), name)
    return list(unique.values())


def _local_key(name: str) -> str:
    """A local log's resolved path (folders list it as a ``file://`` URI); any other name as it is."""
    local = name.removeprefix("file://")
    return str(Path(local).resolve()) if "://" not in local else name


def task_name(header: EvalLog) -> str:
    return header.eval.task.removeprefix(f"{PACKAGE}/")


def select(paths: Sequence[str], all_runs: bool = False) -> tuple[list[EvalLog], list[str]]:
    """The headers of the newest successful DUAL-Bench log per (model, task), and notes naming
    every file skipped and why (another task's log, an unreadable file, a failed run, an older run).

    Raises:
        ReportError: when no successful DUAL-Bench log is left.
    """
    notes: list[str] = []
    newest: dict[tuple[str, str], EvalLog] = {}
    chosen: list[EvalLog] = []
    for path in find_logs(paths):
        try:
            header = read_eval_log(path, header_only=True)
        except Exception as ex:  # a corrupt or foreign file: name it and go on
            notes.append(f"skipped {path}: not a readable Inspect log ({type(ex).__name__}: {str(ex)[:200]})")
            continue
        if task_name(header) not in TASKS:
            notes.append(f"skipped {path}: task {header.eval.task!r} is not a DUAL-Bench task")
            continue
        if header.status != "success":
            notes.append(f"skipped {path}: the run did not succeed (status {header.status})")
            continue
        if all_runs:
            chosen.append(header)
            continue
        key = (header.eval.model, task_name(header))
        if key in newest:
            older = min(newest[key], header, key=lambda h: h.eval.created)
            notes.append(f"skipped {older.location}: a newer log of {key[0]} on {key[1]} is used")
        if key not in newest or header.eval.created > newest[key].eval.created:
            newest[key] = header
    chosen.extend(newest.values())
    if not chosen:
        raise ReportError("no successful DUAL-Bench log to report on:\n  " + "\n  ".join(notes))
    return sorted(chosen, key=lambda h: (h.eval.model, task_name(h))), notes


def run_config(header: EvalLog) -> dict[str, Any]:
    """The settings that decide what a run's numbers cover."""
    md = header.eval.metadata or {}
    variants = md.get("variants") or []
    return {
        "split": md.get("split", ""),
        "pairs_per_category": md.get("pairs_per_category"),
        "limit": header.eval.config.limit,
        "variants": ",".join(map(str, variants)),
        "styles": ",".join(map(str, md.get("styles") or [])),
        "dataset": md.get("dataset") or "shipped",
        "samples": header.results.completed_samples if header.results else 0,
        "eval_version": header.eval.task_version,
        "date": header.eval.created[:10],
    }


def differing_configs(runs: Sequence[RunLog]) -> list[str]:
    """Warnings for settings that differ between runs, so their figures cover different things."""
    notes = []
    # Every setting `run_config` records, except the date: runs of different days are comparable.
    for key in dict.fromkeys(k for r in runs for k in r.config if k != "date"):
        values = {str(r.config.get(key)) for r in runs}
        if len(values) > 1:
            notes.append(
                f"warning: runs differ in {key} ({'; '.join(f'{r.model}: {r.config.get(key)}' for r in runs)}), "
                "so their figures cover different samples"
            )
    return notes


def load(header: EvalLog) -> RunLog:
    """One selected log, from its header and its sample summaries (not the samples with their images)."""
    path = header.location
    summaries = read_eval_log_sample_summaries(path)
    scorer = header.results.scores[0].name if header.results and header.results.scores else ""
    judge_models = set()
    scores = []
    for s in summaries:
        score = (s.scores or {}).get(scorer)
        if score is None:
            continue
        scores.append((score, s.id, s.metadata))
        if score.metadata and score.metadata.get("judge_model"):
            judge_models.add(str(score.metadata["judge_model"]))
    judge = scorer + (f" ({', '.join(sorted(judge_models))})" if judge_models else "")
    return RunLog(
        path=path,
        model=header.eval.model,
        task=task_name(header),
        judge=judge,
        items=judged_from(scores),
        subject_tokens=role_tokens(header, "subject") or (0, 0),
        judge_tokens=role_tokens(header, "judge") or (0, 0),
        config=run_config(header),
    )
