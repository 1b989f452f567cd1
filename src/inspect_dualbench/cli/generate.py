"""``inspect-dualbench generate``: new pairs from a generator model, validated, as a dataset file."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from inspect_ai.model import get_model

from inspect_dualbench.categories import CATEGORY_IDS
from inspect_dualbench.generate.run import DEFAULT_GENERATOR, generate_pairs


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("generate", help="generate and validate new pairs with a model; writes a -T dataset= file")
    p.add_argument("--model", default=None, help=f"generator model (default {DEFAULT_GENERATOR})")
    p.add_argument("--model-role", action="append", default=[], help="generator=MODEL, as in inspect eval")
    p.add_argument("-M", dest="model_args", action="append", default=[], help="model argument key=value")
    p.add_argument("--categories", nargs="+", default=list(CATEGORY_IDS), choices=CATEGORY_IDS)
    p.add_argument("--per-category", type=int, default=50)
    p.add_argument("--out", type=Path, required=True, help="output JSON Lines file")
    p.set_defaults(run=run)


def _model_name(args: argparse.Namespace) -> str:
    for role in args.model_role:
        name, _, value = role.partition("=")
        if name != "generator" or not value:
            raise SystemExit(f"--model-role: expected generator=MODEL, got {role!r}")
        return str(value)
    return str(args.model or DEFAULT_GENERATOR)


def run(args: argparse.Namespace) -> int:
    model_args = dict(a.split("=", 1) for a in args.model_args)
    model = get_model(_model_name(args), **model_args)
    report = asyncio.run(generate_pairs(model, args.categories, args.per_category, args.out))
    print(f"wrote {args.out}: kept {sum(report.kept.values())} pairs {report.kept}")
    print(f"dropped {sum(report.dropped.values())}: {dict(report.dropped)}")
    print(
        f"spent: {report.calls} model calls ({report.cached_calls} reused from {args.out.name}.cache), "
        f"{report.input_tokens} input + {report.output_tokens} output tokens"
    )
    print(f"run it: inspect eval inspect_dualbench/all -T dataset={args.out} --model ...")
    return 0
