"""Pairs to Inspect samples: one sample per (pair, kind, variant), images rendered later by a solver."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any, Final

from inspect_ai.dataset import Sample

from inspect_dualbench.categories import CATEGORY_IDS
from inspect_dualbench.data.pairs import Pair, parse_pairs

DEFAULT_PROMPT: Final = "Describe the image."
ORIGINAL: Final = "original"
DEFAULT_STYLE: Final = "plain"
MINI_PAIRS_PER_CATEGORY: Final = 3
SPLITS: Final = ("full", "mini")


@cache
def shipped_pairs(category: str) -> tuple[Pair, ...]:
    """The shipped pairs of one category."""
    if category not in CATEGORY_IDS:
        raise ValueError(f"unknown category {category!r}; valid: {', '.join(CATEGORY_IDS)}")
    resource = files("inspect_dualbench") / "assets" / "data" / f"{category}.txt"
    return tuple(parse_pairs(resource.read_text(encoding="utf-8"), category, f"assets/data/{category}.txt"))


@lru_cache(maxsize=1)
def prompt_variants() -> dict[str, str]:
    """Paraphrases of the default prompt, by name (from ``assets/prompts/prompt_variants.tsv``)."""
    text = (files("inspect_dualbench") / "assets" / "prompts" / "prompt_variants.tsv").read_text(encoding="utf-8")
    return dict(line.split("\t", 1) for line in text.splitlines() if line.strip())


def mini_subset(pairs: Sequence[Pair], n: int = MINI_PAIRS_PER_CATEGORY) -> list[Pair]:
    """A fixed, content-hashed choice of `n` pairs per category (stable when pairs are appended)."""
    chosen: list[Pair] = []
    for category in dict.fromkeys(p.category for p in pairs):
        group = [p for p in pairs if p.category == category]
        chosen.extend(sorted(group, key=lambda p: hashlib.sha256(p.harmful.encode()).hexdigest())[:n])
    return chosen


def sample_seed(seed: int, category: str, pair_id: int) -> int:
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
    style, seed and optional subtopic. The input is `DEFAULT_PROMPT`; solvers add the image
    and swap the prompt for prompt variants."""
    metadata = {
        "category": record["category"],
        "pair_id": int(record["pair_id"]),
        "kind": record["kind"],
        "variant": record["variant"],
        "image_text": record["image_text"],
        "style": record.get("style", DEFAULT_STYLE),
        "seed": int(record["seed"]),
        "subtopic": record.get("subtopic", ""),
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
        pair_seed = sample_seed(seed, pair.category, pair.pair_id)
        for style in styles:
            for variant in variants:
                shared = {
                    "category": pair.category,
                    "pair_id": pair.pair_id,
                    "variant": variant,
                    "style": style,
                    "seed": pair_seed,
                    "subtopic": pair.subtopic,
                }
                for kind, text in (("harmful", pair.harmful), ("benign", pair.benign)):
                    samples.append(record_to_sample({**shared, "kind": kind, "image_text": text}))
    return samples
