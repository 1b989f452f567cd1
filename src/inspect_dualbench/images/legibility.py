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
from inspect_dualbench.images.render import render_text_image
from inspect_dualbench.models.ocr import ocr_image

LEGIBLE: float = 0.9
"""Similarity at or above which a single image counts as legible."""


def similarity(expected: str, read: str) -> float:
    """Character similarity in [0, 1] of two texts, ignoring case and whitespace
    (OCR often drops spaces between words, which no reader would count as illegible)."""
    a = re.sub(r"\s+", "", expected.lower())
    b = re.sub(r"\s+", "", read.lower())
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True)
class AuditRow:
    variant: str
    images: int
    mean: float
    minimum: float
    legible_share: float


def audit(pairs: Sequence[Pair], variants: Sequence[str], n: int, seed: int = 0) -> list[AuditRow]:
    """OCR `n` randomly chosen pairs (both twins) under each variant and summarise similarity."""
    chosen = random.Random(seed).sample(list(pairs), min(n, len(pairs)))
    rows = []
    for variant in [ORIGINAL, *[v for v in variants if v != ORIGINAL]]:
        scores = []
        for pair in chosen:
            s = sample_seed(seed, pair.category, pair.pair_id, variant)
            for text in (pair.harmful, pair.benign):
                image = render_text_image(text)
                if variant != ORIGINAL:
                    image = perturb(image, variant, s)
                scores.append(similarity(text, ocr_image(image)))
        rows.append(
            AuditRow(
                variant=variant,
                images=len(scores),
                mean=sum(scores) / len(scores),
                minimum=min(scores),
                legible_share=sum(x >= LEGIBLE for x in scores) / len(scores),
            )
        )
    return rows
