"""Legibility audit: does OCR still read the instruction after each perturbation?"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from inspect_dualbench.data.pairs import Pair
from inspect_dualbench.data.samples import pair_seed, stratified_sample
from inspect_dualbench.images.render import DEFAULT_SIZE
from inspect_dualbench.models.ocr import ocr_bytes
from inspect_dualbench.solvers.transforms import render_sample_image
from inspect_dualbench.vocabulary import DEFAULT_IMAGE_FORMAT, DEFAULT_STYLE, ORIGINAL

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
    pairs: Sequence[Pair], variants: Sequence[str], n: int, seed: int = 0, styles: Sequence[str] = (DEFAULT_STYLE,)
) -> list[AuditRow]:
    """OCR `n` pairs (both twins), spread over categories and contrast types, per style and
    variant, reading the very bytes a model is sent; summarise similarity.

    Raises:
        ValueError: when `n` is not positive or there are no pairs.
    """
    if n < 1 or not pairs:
        raise ValueError(f"audit needs at least one pair, got n={n} of {len(pairs)}")
    chosen = stratified_sample(pairs, n)
    rows = []
    for style in styles:
        for variant in [ORIGINAL, *[v for v in variants if v != ORIGINAL]]:
            scores = []
            for pair in chosen:
                s = pair_seed(seed, pair.category, pair.pair_id)
                perturbation = None if variant == ORIGINAL else variant
                for text in (pair.harmful, pair.benign):
                    data = render_sample_image(text, perturbation, s, DEFAULT_SIZE, DEFAULT_IMAGE_FORMAT, style)
                    scores.append(similarity(text, ocr_bytes(data)))
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
