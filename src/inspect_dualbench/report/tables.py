"""The report's tables, as pandas DataFrames (one row per run, category or perturbation)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import pandas as pd

from inspect_dualbench.categories import CATEGORY_IDS
from inspect_dualbench.report.logs import RunLog
from inspect_dualbench.report.stats import RATES, Estimate, PairCounts
from inspect_dualbench.scorers.labels import UNPARSED
from inspect_dualbench.scorers.metrics import delta_ir_value, kind_rates

PAPER: Final = "arXiv 2510.10846 (quoted)"
PAPER_ROWS: Final = [
    {"model": "GPT-5-Nano [quoted from paper]", "harmful_SCR": 12.9},
    {"model": "GPT-5 family mean [quoted from paper]", "harmful_SCR": 7.9},
    {"model": "Qwen family mean [quoted from paper]", "harmful_SCR": 3.9},
]
"""Headline safe-completion rates published in the paper; shown only when asked for."""


def _est(value: Estimate | None) -> tuple[float | None, float | None, float | None]:
    return (value.value, value.low, value.high) if value else (None, None, None)


def overall(runs: Sequence[RunLog], paper: bool = False) -> pd.DataFrame:
    """One row per run: rates with 95% CIs, robustness, counts, judge and tokens."""
    rows = []
    for run in runs:
        counts = PairCounts(run.items)
        row: dict[str, object] = {"model": run.model, "task": run.task, "source": run.path, "judge": run.judge}
        for name, (kind, rate) in {
            "over_refusal": ("benign", "RR"),
            "harmful_RR": ("harmful", "RR"),
            "harmful_SCR": ("harmful", "SCR"),
            "harmful_DAR": ("harmful", "DAR"),
            "benign_DAR": ("benign", "DAR"),
        }.items():
            row[name], row[f"{name}_low"], row[f"{name}_high"] = _est(counts.rate(kind, RATES[rate]))
        row["delta_IR"], row["delta_IR_low"], row["delta_IR_high"] = _est(counts.delta_ir())
        row["flip_rate"], row["flip_rate_low"], row["flip_rate_high"] = _est(counts.flip_rate())
        row["judged"] = sum(j.label != UNPARSED for j in run.items)
        row["unparsed"] = sum(j.label == UNPARSED for j in run.items)
        row["model_input_tokens"], row["model_output_tokens"] = run.subject_tokens
        row["judge_input_tokens"], row["judge_output_tokens"] = run.judge_tokens
        rows.append(row)
    if paper:
        rows.extend({**r, "task": "all", "source": PAPER, "judge": "paper's judge"} for r in PAPER_ROWS)
    return pd.DataFrame(rows)


def per_category(runs: Sequence[RunLog]) -> pd.DataFrame:
    """One row per run and category: RR / SCR / DAR per kind and ΔIR (no intervals)."""
    rows = []
    for run in runs:
        for category in CATEGORY_IDS:
            items = [j for j in run.items if j.category == category]
            if items:
                rows.append(
                    {
                        "model": run.model,
                        "task": run.task,
                        "category": category,
                        **kind_rates(items),
                        "delta_IR": delta_ir_value(items),
                    }
                )
    return pd.DataFrame(rows)


def per_perturbation(runs: Sequence[RunLog]) -> pd.DataFrame:
    """One row per run and perturbation: the signed RR gap with its 95% CI."""
    rows = []
    for run in runs:
        for variant, est in PairCounts(run.items).gaps().items():
            rows.append(
                {
                    "model": run.model,
                    "task": run.task,
                    "perturbation": variant,
                    "gap": est.value,
                    "gap_low": est.low,
                    "gap_high": est.high,
                }
            )
    return pd.DataFrame(rows)
