"""``inspect-dualbench generate``: generate and validate new pairs with a model; writes a -T dataset= file.

Asks a generator model for contrastive pairs (docs/data-guide.md), keeps those that pass the data
checks, and caches every model answer next to the output so a rerun costs nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from inspect_ai.model import get_model
from rich.text import Text

from inspect_dualbench.categories import CATEGORY_IDS
from inspect_dualbench.cli.args import positive_int, subcommand
from inspect_dualbench.errors import PrerequisiteError
from inspect_dualbench.pairgen.run import DEFAULT_GENERATOR, generate_pairs


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subcommand(sub, "generate", __doc__)
    p.add_argument("--model", default=DEFAULT_GENERATOR, help="generator model")
    p.add_argument("--model-role", action="append", default=[], help="generator=MODEL, as in inspect eval")
    p.add_argument("-M", dest="model_args", action="append", default=[], help="model argument key=value")
    p.add_argument("--categories", nargs="+", default=list(CATEGORY_IDS), choices=CATEGORY_IDS, help="categories")
    p.add_argument("--per-category", type=positive_int, default=50, help="new pairs per category")
    p.add_argument("--out", type=Path, required=True, help="output JSON Lines file")
    p.set_defaults(run=run)


def _model_name(args: argparse.Namespace) -> str:
    for role in args.model_role:
        name, _, value = role.partition("=")
        if name != "generator" or not value:
            raise SystemExit(f"--model-role: expected generator=MODEL, got {role!r}")
        return str(value)
    return str(args.model)


def run(args: argparse.Namespace) -> int:
    model_args = dict(a.split("=", 1) for a in args.model_args)
    try:
        model = get_model(_model_name(args), **model_args)
        report = asyncio.run(generate_pairs(model, args.categories, args.per_category, args.out))
    except PrerequisiteError as ex:  # e.g. no API key: Inspect's message, without its console markup
        print(f"error: {' '.join(Text.from_markup(str(ex.message)).plain.split())}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}: kept {sum(report.kept.values())} pairs {report.kept}")
    print(f"dropped {sum(report.dropped.values())}: {dict(report.dropped)}")
    print(
        f"spent: {report.calls} model calls ({report.cached_calls} reused from {args.out.name}.cache), "
        f"{report.input_tokens} input + {report.output_tokens} output tokens"
    )
    print(f"run it: inspect eval inspect_dualbench/all -T dataset={args.out} --model ...")
    return 0
