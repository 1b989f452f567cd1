"""The report's tables, as pandas DataFrames (one row per run, category, perturbation or comparison).

Every figure is the log's own metric (the same `Ratio` from `inspect_dualbench.scorers.metrics`),
with a 95% bootstrap interval over pairs from `inspect_dualbench.report.stats`.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import Final

import pandas as pd

from inspect_dualbench.categories import CATEGORY_IDS
from inspect_dualbench.data.pairs import KINDS
from inspect_dualbench.report.logs import RunLog
from inspect_dualbench.report.stats import Bootstrap, Estimate
from inspect_dualbench.scorers.labels import LABELS, RATE_NAMES, TRUNCATED, UNPARSED
from inspect_dualbench.scorers.metrics import (
    Judged,
    Ratio,
    delta_ir_value,
    flip_ratio,
    gap_ratios,
    kind_rates,
    rate_ratio,
)

PAPER: Final = "arXiv 2510.10846 (quoted)"
PAPER_ROWS: Final = [
    {"model": "GPT-5-Nano [quoted from paper]", "harmful_SCR": 12.9},
    {"model": "GPT-5 family mean [quoted from paper]", "harmful_SCR": 7.9},
    {"model": "Qwen family mean [quoted from paper]", "harmful_SCR": 3.9},
]
"""Headline safe-completion rates published in the paper; shown only when asked for."""

HEADLINE: Final = tuple(f"{kind}_{name}" for kind in reversed(KINDS) for name in RATE_NAMES) + ("delta_IR",)
"""The headline figures, by their log names: benign then harmful RR / SCR / DAR, then ΔIR."""
MAX_COMPARED_RUNS: Final = 8
"""Runs beyond this many are not compared pairwise (the comparisons grow as the square)."""


def _ratios(items: Sequence[Judged]) -> dict[str, Ratio]:
    """The ratio behind every headline rate and the flip rate."""
    out = {
        f"{kind}_{name}": rate_ratio([j for j in items if j.kind == kind], label)
        for kind in reversed(KINDS)
        for name, label in RATE_NAMES.items()
    }
    out["flip_rate"] = flip_ratio(items)
    return out


def _figures(items: Sequence[Judged], boot: Bootstrap) -> dict[str, Estimate | None]:
    figures = {name: boot.estimate(r) for name, r in _ratios(items).items()}
    figures["delta_IR"] = boot.mean_abs(gap_ratios(items))
    return figures


def overall(runs: Sequence[RunLog], paper: bool = False) -> pd.DataFrame:
    """One row per run: its configuration, the six rates and ΔIR with 95% intervals (and half
    widths), the flip rate, counts, judge and tokens."""
    rows = []
    for run in runs:
        row: dict[str, object] = {"model": run.model, "task": run.task, **run.config, "judge": run.judge}
        for name, est in _figures(run.items, Bootstrap(run.items)).items():
            if est is not None:
                row[name], row[f"{name}_low"], row[f"{name}_high"] = est.value, est.low, est.high
                row[f"{name}_half_width"] = est.half_width
        row["judged"] = sum(j.label in LABELS for j in run.items)
        row["unparsed"] = sum(j.label == UNPARSED for j in run.items)
        row["truncated"] = sum(j.label == TRUNCATED for j in run.items)
        row["model_input_tokens"], row["model_output_tokens"] = run.subject_tokens
        row["judge_input_tokens"], row["judge_output_tokens"] = run.judge_tokens
        row["source"] = run.path
        rows.append(row)
    if paper:
        rows.extend({**r, "task": "all", "source": PAPER, "judge": "paper's judge"} for r in PAPER_ROWS)
    return pd.DataFrame(rows)


def differences(runs: Sequence[RunLog]) -> pd.DataFrame:
    """For each two runs (of the first `MAX_COMPARED_RUNS`), each headline figure's difference
    (first − second, pp) with a 95% paired bootstrap interval over the pairs both ran, and
    whether the interval excludes 0 (``distinguishable``)."""
    rows = []
    for a, b in combinations(runs[:MAX_COMPARED_RUNS], 2):
        shared = {(j.category, j.pair_id) for j in a.items} & {(j.category, j.pair_id) for j in b.items}
        items_a = [j for j in a.items if (j.category, j.pair_id) in shared]
        items_b = [j for j in b.items if (j.category, j.pair_id) in shared]
        boot = Bootstrap(items_a)  # both runs reweighted by the same resample of their shared pairs
        ratios_a, ratios_b = _ratios(items_a), _ratios(items_b)
        for name in HEADLINE:
            if name == "delta_IR":
                diff = boot.difference_mean_abs(gap_ratios(items_a), gap_ratios(items_b))
            else:
                diff = boot.difference(ratios_a[name], ratios_b[name])
            if diff is not None:
                rows.append(
                    {
                        "run_a": f"{a.model} / {a.task}",
                        "run_b": f"{b.model} / {b.task}",
                        "figure": name,
                        "difference": diff.value,
                        "low": diff.low,
                        "high": diff.high,
                        "distinguishable": bool(diff.low > 0 or diff.high < 0),
                        "shared_pairs": len(shared),
                    }
                )
    return pd.DataFrame(rows)


def per_category(runs: Sequence[RunLog]) -> pd.DataFrame:
    """One row per run and category: RR / SCR / DAR per kind, ΔIR and the sample count."""
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
                        "samples": len(items),
                        **kind_rates(items),
                        "delta_IR": delta_ir_value(items),
                    }
                )
    return pd.DataFrame(rows)


def per_contrast(runs: Sequence[RunLog]) -> pd.DataFrame:
    """One row per run: benign RR per contrast type with its 95% interval (``docs/data-guide.md``)."""
    rows = []
    for run in runs:
        benign = [j for j in run.items if j.kind == "benign" and j.contrast]
        boot = Bootstrap(benign)
        row: dict[str, object] = {"model": run.model, "task": run.task}
        for contrast in sorted({j.contrast for j in benign}):
            est = boot.estimate(rate_ratio([j for j in benign if j.contrast == contrast], RATE_NAMES["RR"]))
            if est is not None:
                row[contrast], row[f"{contrast}_low"], row[f"{contrast}_high"] = est.value, est.low, est.high
        rows.append(row)
    return pd.DataFrame(rows)


def per_perturbation(runs: Sequence[RunLog]) -> pd.DataFrame:
    """One row per run and image perturbation: the signed RR gap with its 95% CI."""
    rows = []
    for run in runs:
        boot = Bootstrap(run.items)
        for variant, ratio in gap_ratios(run.items).items():
            est = boot.estimate(ratio)
            if est is not None:
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
