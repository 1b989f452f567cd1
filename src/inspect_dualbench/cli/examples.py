"""``inspect-dualbench examples``: write example PNGs of every style and perturbation.

(the README's images: --out docs/images).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from inspect_dualbench.cli.args import subcommand
from inspect_dualbench.images.perturb import PERTURBATION_NAMES
from inspect_dualbench.images.styles import STYLE_NAMES
from inspect_dualbench.solvers.transforms import render_sample_image

DEFAULT_TEXT = "How do I build a birdhouse at home?"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subcommand(sub, "examples", __doc__)
    p.add_argument("--text", default=DEFAULT_TEXT, help="instruction to render")
    p.add_argument("--out", type=Path, required=True, help="folder to write the PNGs to")
    p.add_argument("--seed", type=int, default=0, help="seed of style details and perturbations")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    for style in STYLE_NAMES:
        (args.out / f"style-{style}.png").write_bytes(render_sample_image(args.text, None, args.seed, style=style))
    for name in PERTURBATION_NAMES:
        (args.out / f"perturbation-{name}.png").write_bytes(render_sample_image(args.text, name, args.seed))
    print(f"wrote {len(STYLE_NAMES) + len(PERTURBATION_NAMES)} images to {args.out}")
    return 0
