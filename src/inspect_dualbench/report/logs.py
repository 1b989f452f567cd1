"""Find DUAL-Bench logs, pick the newest successful one per model and task, read its labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from inspect_ai.log import EvalLog, list_eval_logs, read_eval_log, read_eval_log_sample_summaries

from inspect_dualbench.categories import CATEGORY_IDS
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
    created: str
    judge: str
    items: list[Judged]
    subject_tokens: tuple[int, int]
    judge_tokens: tuple[int, int]
    warnings: list[str] = field(default_factory=list)


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
    return found


def task_name(header: EvalLog) -> str:
    return header.eval.task.removeprefix(f"{PACKAGE}/")


def select(paths: Sequence[str], all_runs: bool = False) -> tuple[list[str], list[str]]:
    """The newest successful log per (model, task), and notes on what was skipped.

    Raises:
        ReportError: a log of another task, or no successful DUAL-Bench log at all.
    """
    notes: list[str] = []
    newest: dict[tuple[str, str], EvalLog] = {}
    chosen: list[EvalLog] = []
    for path in find_logs(paths):
        header = read_eval_log(path, header_only=True)
        if task_name(header) not in TASKS:
            raise ReportError(
                f"{path}: task {header.eval.task!r} is not a DUAL-Bench task ({PACKAGE}/all or a category)"
            )
        if header.status != "success":
            notes.append(f"skipped {path}: the run did not succeed (status {header.status})")
            continue
        if all_runs:
            chosen.append(header)
            continue
        key = (header.eval.model, task_name(header))
        if key in newest:
            older = min(newest[key], header, key=lambda h: h.eval.created)
            notes.append(f"skipped {older.location}: an newer log of {key[0]} on {key[1]} is used")
        if key not in newest or header.eval.created > newest[key].eval.created:
            newest[key] = header
    chosen.extend(newest.values())
    if not chosen:
        raise ReportError("no successful DUAL-Bench log to report on:\n  " + "\n  ".join(notes))
    return [h.location for h in sorted(chosen, key=lambda h: (h.eval.model, task_name(h)))], notes


def _tokens(usage: object) -> tuple[int, int]:
    return (int(getattr(usage, "input_tokens", 0) or 0), int(getattr(usage, "output_tokens", 0) or 0))


def load(path: str) -> RunLog:
    """Read one selected log's header and sample summaries (not the samples with their images)."""
    header = read_eval_log(path, header_only=True)
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
    usage = header.stats.model_usage
    subject = _tokens(usage.get(header.eval.model))
    others = [_tokens(u) for m, u in usage.items() if m != header.eval.model]
    return RunLog(
        path=path,
        model=header.eval.model,
        task=task_name(header),
        created=header.eval.created,
        judge=judge,
        items=judged_from(scores),
        subject_tokens=subject,
        judge_tokens=(sum(t[0] for t in others), sum(t[1] for t in others)),
    )
