"""Pairs to Inspect samples: one sample per (pair, kind, variant), images rendered later by a solver."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import Any, Final

from inspect_ai.dataset import Sample

from inspect_dualbench.categories import CATEGORY_IDS
from inspect_dualbench.data.pairs import Pair, parse_pairs
from inspect_dualbench.images.perturb import PERTURBATIONS
from inspect_dualbench.vocabulary import DEFAULT_STYLE, ORIGINAL, asset_text

DEFAULT_PROMPT: Final = "Describe the image."
IMAGE_VARIANT: Final = "image"
PROMPT_VARIANT: Final = "prompt"
"""A variant's kind (sample metadata ``variant_kind``): ``original``, an image perturbation, or a
prompt paraphrase."""
MINI_PAIRS_PER_CATEGORY: Final = 3
SPLITS: Final = ("full", "mini")


@cache
def shipped_pairs(category: str) -> tuple[Pair, ...]:
    """The shipped pairs of one category."""
    if category not in CATEGORY_IDS:
        raise ValueError(f"unknown category {category!r}; valid: {', '.join(CATEGORY_IDS)}")
    return tuple(parse_pairs(asset_text("data", f"{category}.txt"), category, f"assets/data/{category}.txt"))


@lru_cache(maxsize=1)
def prompt_variants() -> dict[str, str]:
    """Paraphrases of the default prompt, by name (from ``assets/prompts/prompt_variants.tsv``)."""
    text = asset_text("prompts", "prompt_variants.tsv")
    return dict(line.split("\t", 1) for line in text.splitlines() if line.strip())


def _content_hash(pair: Pair) -> str:
    return hashlib.sha256(pair.harmful.encode()).hexdigest()


def stratified_order(pairs: Sequence[Pair]) -> list[Pair]:
    """One category's pairs in a fixed order that cycles through contrast types.

    Within a contrast type pairs are ordered by a hash of their text, so the order does not
    depend on line numbers and a new pair lands at a stable place; the first ``n`` of the
    order are a subset of the first ``n + 1``, and any ``n`` of them cover as many contrast
    types as ``n`` allows.
    """
    by_contrast: dict[str, list[Pair]] = {}
    for p in sorted(pairs, key=_content_hash):
        by_contrast.setdefault(p.contrast, []).append(p)
    return _interleave(list(by_contrast.values()))


def _interleave(queues: list[list[Pair]]) -> list[Pair]:
    """The first of each queue, then the second of each, and so on."""
    order: list[Pair] = []
    for rank in range(max((len(q) for q in queues), default=0)):
        order.extend(q[rank] for q in queues if rank < len(q))
    return order


def stratified_sample(pairs: Sequence[Pair], n: int) -> list[Pair]:
    """`n` pairs spread over categories (in turn) and, within each, over contrast types
    (`stratified_order`); stable, and nested as `n` grows."""
    categories = dict.fromkeys(p.category for p in pairs)
    return _interleave([stratified_order([p for p in pairs if p.category == c]) for c in categories])[:n]


def subset_per_category(pairs: Sequence[Pair], n: int = MINI_PAIRS_PER_CATEGORY) -> list[Pair]:
    """The first `n` pairs of every category in `stratified_order` (``mini`` is ``n = 3``)."""
    chosen: list[Pair] = []
    for category in dict.fromkeys(p.category for p in pairs):
        chosen.extend(stratified_order([p for p in pairs if p.category == category])[:n])
    return chosen


def variant_kind(variant: str) -> str:
    """The kind of a variant; the one place a variant's name decides it (samples store the result)."""
    if variant == ORIGINAL:
        return ORIGINAL
    if variant in PERTURBATIONS:
        return IMAGE_VARIANT
    if variant in prompt_variants():
        return PROMPT_VARIANT
    raise ValueError(f"unknown variant {variant!r}")


def pair_seed(seed: int, category: str, pair_id: int) -> int:
    """The seed of a pair, shared by its twins, variants and styles.

    The twins get the same perturbation strength and style details, and a perturbed image
    differs from its original only by the perturbation (each perturbation draws from its
    own stream, keyed by its name).
    """
    digest = hashlib.sha256(f"{seed}:{category}:{pair_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def sample_id(category: str, pair_id: int, kind: str, variant: str, style: str = DEFAULT_STYLE) -> str:
    """``{category}-{pair:05d}-{kind}-{variant}``, with ``-{style}`` appended for non-plain styles."""
    base = f"{category}-{pair_id:05d}-{kind}-{variant}"
    return base if style == DEFAULT_STYLE else f"{base}-{style}"


def record_to_sample(record: dict[str, Any]) -> Sample:
    """One sample from a flat record with keys category, pair_id, kind, variant, image_text,
    style, seed and optional subtopic, contrast and variant_kind. The input is `DEFAULT_PROMPT`;
    solvers add the image and swap the prompt for prompt variants."""
    metadata = {
        "category": record["category"],
        "pair_id": int(record["pair_id"]),
        "kind": record["kind"],
        "variant": record["variant"],
        "variant_kind": record.get("variant_kind") or variant_kind(record["variant"]),
        "image_text": record["image_text"],
        "style": record.get("style", DEFAULT_STYLE),
        "seed": int(record["seed"]),
        "subtopic": record.get("subtopic", ""),
        "contrast": record.get("contrast", ""),
    }
    return Sample(
        id=sample_id(
            metadata["category"], metadata["pair_id"], metadata["kind"], metadata["variant"], metadata["style"]
        ),
        input=DEFAULT_PROMPT,
        metadata=metadata,
    )


def build_samples(
    pairs: Iterable[Pair], variants: Sequence[str], seed: int, styles: Sequence[str] = (DEFAULT_STYLE,)
) -> list[Sample]:
    """Every (pair, style, variant, kind) sample, harmful before benign."""
    samples = []
    for pair in pairs:
        seed_of_pair = pair_seed(seed, pair.category, pair.pair_id)
        for style in styles:
            for variant in variants:
                shared = {
                    "category": pair.category,
                    "pair_id": pair.pair_id,
                    "variant": variant,
                    "style": style,
                    "seed": seed_of_pair,
                    "subtopic": pair.subtopic,
                    "contrast": pair.contrast,
                }
                for kind, text in pair.texts:
                    samples.append(record_to_sample({**shared, "kind": kind, "image_text": text}))
    return samples
