"""``inspect-dualbench audit``: the legibility audit as a table."""

from __future__ import annotations

import argparse

from inspect_dualbench.categories import CATEGORY_IDS
from inspect_dualbench.data.samples import shipped_pairs
from inspect_dualbench.images.legibility import LEGIBLE, audit
from inspect_dualbench.images.perturb import PERTURBATION_NAMES
from inspect_dualbench.images.styles import STYLE_NAMES

DEFAULT_PAIRS = 40


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("audit", help="OCR original and perturbed images and report legibility per perturbation")
    p.add_argument("--pairs", type=int, default=DEFAULT_PAIRS, help="pairs to sample (both twins are read)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--styles", nargs="*", default=["plain"], choices=STYLE_NAMES)
    p.add_argument("--categories", nargs="*", default=None, choices=CATEGORY_IDS, help="default: all shipped")
    p.add_argument("--perturbations", nargs="*", default=list(PERTURBATION_NAMES), choices=PERTURBATION_NAMES)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    pairs = [p for c in args.categories or CATEGORY_IDS for p in shipped_pairs(c)]
    rows = audit(pairs, args.perturbations, args.pairs, args.seed, args.styles)
    print(f"| style | variant | images | mean char recall | min | share >= {LEGIBLE} |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r.style} | {r.variant} | {r.images} | {r.mean:.3f} | {r.minimum:.3f} | {r.legible_share:.1%} |")
    return 0
