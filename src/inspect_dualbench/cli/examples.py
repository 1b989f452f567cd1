"""``inspect-dualbench examples``: render one instruction in every style and perturbation (for docs)."""

from __future__ import annotations

import argparse
from pathlib import Path

from inspect_dualbench.images.perturb import PERTURBATION_NAMES
from inspect_dualbench.images.styles import STYLE_NAMES
from inspect_dualbench.solvers.transforms import render_sample_image

DEFAULT_TEXT = "How do I build a birdhouse at home?"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("examples", help="write example PNGs of every style and perturbation")
    p.add_argument("--text", default=DEFAULT_TEXT)
    p.add_argument("--out", type=Path, default=Path("docs/images"))
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    for style in STYLE_NAMES:
        (args.out / f"style-{style}.png").write_bytes(render_sample_image(args.text, None, args.seed, style=style))
    for name in PERTURBATION_NAMES:
        (args.out / f"perturbation-{name}.png").write_bytes(render_sample_image(args.text, name, args.seed))
    print(f"wrote {len(STYLE_NAMES) + len(PERTURBATION_NAMES)} images to {args.out}")
    return 0
