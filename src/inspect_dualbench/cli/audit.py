"""``inspect-dualbench audit``: OCR original and perturbed images and report legibility per style and perturbation.

A stratified sample of pairs is rendered, perturbed and read back with RapidOCR (offline); prints
character recall per style and variant as a Markdown table.
"""

from __future__ import annotations

import argparse

from inspect_dualbench.categories import CATEGORY_IDS
from inspect_dualbench.cli.args import positive_int, subcommand
from inspect_dualbench.data.samples import shipped_pairs
from inspect_dualbench.images.legibility import LEGIBLE, audit
from inspect_dualbench.images.perturb import PERTURBATION_NAMES
from inspect_dualbench.images.styles import STYLE_NAMES
from inspect_dualbench.vocabulary import DEFAULT_STYLE

DEFAULT_PAIRS = 40


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subcommand(sub, "audit", __doc__)
    p.add_argument("--pairs", type=positive_int, default=DEFAULT_PAIRS, help="pairs to sample (both twins are read)")
    p.add_argument("--seed", type=int, default=0, help="seed of the sample and the perturbations")
    p.add_argument("--styles", nargs="*", default=[DEFAULT_STYLE], choices=STYLE_NAMES, help="image styles")
    p.add_argument("--categories", nargs="*", default=list(CATEGORY_IDS), choices=CATEGORY_IDS, help="categories")
    p.add_argument(
        "--perturbations", nargs="*", default=list(PERTURBATION_NAMES), choices=PERTURBATION_NAMES, help="perturbations"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    pairs = [p for c in args.categories for p in shipped_pairs(c)]
    rows = audit(pairs, args.perturbations, args.pairs, args.seed, args.styles)
    print(f"| style | variant | images | mean char recall | min | share >= {LEGIBLE} |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r.style} | {r.variant} | {r.images} | {r.mean:.3f} | {r.minimum:.3f} | {r.legible_share:.1%} |")
    return 0
