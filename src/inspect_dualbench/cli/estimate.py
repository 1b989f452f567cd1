"""``inspect-dualbench estimate``: calls, tokens and dollars of a run before it is run.

Counts the samples the task would make with the same options, one subject call each and one
judge call each with the model judge. Tokens per call come from --log (a finished run, e.g.
-T split=mini) or from stated assumptions; dollars need --model-cost-config, in Inspect's own
format (model name to input/output dollars per million tokens).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml  # type: ignore[import-untyped]
from inspect_ai.log import read_eval_log
from inspect_ai.model import ModelCost

from inspect_dualbench.cli.args import positive_int, subcommand
from inspect_dualbench.cost import ASSUMED_TOKENS, line, per_call_tokens
from inspect_dualbench.errors import OptionError
from inspect_dualbench.scorers.judge import DEFAULT_JUDGE_MODEL
from inspect_dualbench.tasks.dualbench import DEFAULT_SPLIT, dualbench


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subcommand(sub, "estimate", __doc__)
    p.add_argument("--model", required=True, help="the model to evaluate")
    p.add_argument("--grader", default=DEFAULT_JUDGE_MODEL, help="the judge model (ignored with --judge heuristic)")
    p.add_argument("--judge", choices=["model", "heuristic"], default="model", help="judge kind")
    p.add_argument("--split", default=DEFAULT_SPLIT, help="full or mini")
    p.add_argument("--pairs-per-category", type=positive_int, default=None, help="as -T pairs_per_category")
    p.add_argument("--perturbations", default=None, help="as -T perturbations (comma-separated)")
    p.add_argument("--styles", default=None, help="as -T styles (comma-separated)")
    p.add_argument("--log", default=None, help="a finished DUAL-Bench log (path or URL) to measure tokens per call")
    p.add_argument("--model-cost-config", type=Path, default=None, help="YAML or JSON prices, as for inspect eval")
    p.set_defaults(run=run)


def _prices(path: Path | None) -> dict[str, ModelCost]:
    if path is None:
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return {str(model): ModelCost(**cost) for model, cost in data.items()}
    except Exception as ex:  # unreadable file, wrong shape or missing fields: one clear line
        raise OptionError(f"--model-cost-config {path}: {ex}".splitlines()[0]) from ex


def run(args: argparse.Namespace) -> int:
    try:
        task = dualbench(
            split=args.split,
            pairs_per_category=args.pairs_per_category,
            perturbations=args.perturbations.split(",") if args.perturbations else None,
            styles=args.styles.split(",") if args.styles else None,
            judge="heuristic",  # counting samples only: no judge is built or called
        )
        prices = _prices(args.model_cost_config)
        log = read_eval_log(args.log, header_only=True) if args.log else None
    except (OptionError, OSError) as ex:
        print(f"error: {ex}")
        return 2
    samples = len(task.dataset)
    roles = [("subject", args.model)] + ([("judge", args.grader)] if args.judge == "model" else [])
    lines = []
    for role, model in roles:
        measured = per_call_tokens(log, role) if log else None
        lines.append(line(role, model, samples, measured or ASSUMED_TOKENS[role], bool(measured), prices.get(model)))
    print(f"{samples:,} samples; one subject call each" + (", one judge call each" if args.judge == "model" else ""))
    print("| role | model | calls | input tokens | output tokens | tokens per call | dollars |")
    print("|---|---|---|---|---|---|---|")
    for ln in lines:
        source = "measured" if ln.measured else "assumed"
        dollars = f"{ln.dollars:,.2f}" if ln.dollars is not None else "no price given"
        print(
            f"| {ln.role} | {ln.model} | {ln.calls:,} | {ln.input_tokens:,} | {ln.output_tokens:,} | "
            f"{ln.input_tokens // max(ln.calls, 1)} / {ln.output_tokens // max(ln.calls, 1)} ({source}) | {dollars} |"
        )
    known = [ln.dollars for ln in lines if ln.dollars is not None]
    if len(known) == len(lines):
        print(f"total: ${sum(known):,.2f} (provider batch APIs, --batch, usually charge about half)")
    return 0
