"""Legibility audit: does OCR still read the instruction after each perturbation?"""

from __future__ import annotations

import difflib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from inspect_dualbench.data.pairs import Pair
from inspect_dualbench.data.samples import ORIGINAL, sample_seed
from inspect_dualbench.images.perturb import perturb
from inspect_dualbench.images.render import DEFAULT_SIZE
from inspect_dualbench.images.styles import render
from inspect_dualbench.models.ocr import ocr_image

LEGIBLE: float = 0.9
"""Similarity at or above which a single image counts as legible."""


def similarity(expected: str, read: str) -> float:
    """Character recall in [0, 1]: the share of the instruction's characters that OCR
    recovers, in order (difflib matching blocks), ignoring case and whitespace.

    Whitespace is ignored because OCR often drops spaces between words, which no reader
    would call illegible; recall rather than a symmetric ratio so that a style's own
    furniture (a chat's clock) does not count against the instruction's legibility.
    """
    a = re.sub(r"\s+", "", expected.lower())
    b = re.sub(r"\s+", "", read.lower())
    if not a:
        return 1.0
    blocks = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) / len(a)


@dataclass(frozen=True)
class AuditRow:
    style: str
    variant: str
    images: int
    mean: float
    minimum: float
    legible_share: float


def audit(
    pairs: Sequence[Pair], variants: Sequence[str], n: int, seed: int = 0, styles: Sequence[str] = ("plain",)
) -> list[AuditRow]:
    """OCR `n` randomly chosen pairs (both twins) per style and variant; summarise similarity."""
    chosen = random.Random(seed).sample(list(pairs), min(n, len(pairs)))
    rows = []
    for style in styles:
        for variant in [ORIGINAL, *[v for v in variants if v != ORIGINAL]]:
            scores = []
            for pair in chosen:
                s = sample_seed(seed, pair.category, pair.pair_id)
                for text in (pair.harmful, pair.benign):
                    image = render(text, style, DEFAULT_SIZE, s)
                    if variant != ORIGINAL:
                        image = perturb(image, variant, s)
                    scores.append(similarity(text, ocr_image(image)))
            rows.append(
                AuditRow(
                    style=style,
                    variant=variant,
                    images=len(scores),
                    mean=sum(scores) / len(scores),
                    minimum=min(scores),
                    legible_share=sum(x >= LEGIBLE for x in scores) / len(scores),
                )
            )
    return rows
