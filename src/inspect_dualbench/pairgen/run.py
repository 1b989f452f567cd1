"""Grow the benchmark: ask a generator model for marked pairs, keep what passes the checks.

Every model answer is cached on disk next to the output (``<out>.cache/``) before it is
used, so an interrupted run resumes without repeating a paid call.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from inspect_ai.model import GenerateConfig, Model

from inspect_dualbench.categories import CATEGORIES, HAZARDS
from inspect_dualbench.data.pairs import MAX_SLOT_WORDS, WORDS_PER_TEXT, Pair
from inspect_dualbench.data.samples import shipped_pairs
from inspect_dualbench.pairgen.validate import PairFilter
from inspect_dualbench.vocabulary import asset_text

DEFAULT_GENERATOR: Final = "openai/gpt-4.1-mini-2025-04-14"
BATCH_SIZE: Final = 25
MAX_BATCH_FACTOR: Final = 4
"""Stop a category after this many times the batches it would need if nothing were dropped."""
AVOID_EXAMPLES: Final = 12
GENERATOR_CONFIG: Final = GenerateConfig(temperature=1.0, max_tokens=4000)


@lru_cache(maxsize=1)
def generator_template() -> str:
    return asset_text("prompts", "generator.txt")


@dataclass
class GenerationReport:
    kept: dict[str, int] = field(default_factory=dict)
    dropped: Counter[str] = field(default_factory=Counter)
    calls: int = 0
    cached_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0


def generator_prompt(category: str, n: int, existing: Sequence[Pair], batch: int) -> str:
    rng = random.Random(f"{category}:{batch}")
    avoid = rng.sample([p.harmful for p in existing], min(AVOID_EXAMPLES, len(existing)))
    return generator_template().format(
        n=n,
        category_name=CATEGORIES[category],
        hazard=HAZARDS[category],
        avoid=" | ".join(avoid) if avoid else "(none)",
        max_slot_words=MAX_SLOT_WORDS,
        min_words=WORDS_PER_TEXT.least,
        max_words=WORDS_PER_TEXT.most,
    )


async def _answer(model: Model, prompt: str, cache: Path, report: GenerationReport) -> str:
    if cache.exists():
        report.cached_calls += 1
        return str(json.loads(cache.read_text(encoding="utf-8"))["completion"])
    output = await model.generate(prompt, config=GENERATOR_CONFIG)
    usage = output.usage
    record: dict[str, Any] = {"prompt": prompt, "completion": output.completion, "model": str(model)}
    if usage is not None:
        record["usage"] = {"input_tokens": usage.input_tokens, "output_tokens": usage.output_tokens}
        report.input_tokens += usage.input_tokens
        report.output_tokens += usage.output_tokens
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    tmp.write_text(json.dumps(record), encoding="utf-8")
    tmp.replace(cache)  # atomic: a half-written cache file would be mistaken for a finished call
    report.calls += 1
    return output.completion


async def generate_pairs(
    model: Model,
    categories: Sequence[str],
    per_category: int,
    out: Path,
    progress: Callable[[str], None] = print,
) -> GenerationReport:
    """Generate `per_category` new validated pairs per category and write them as JSON Lines."""
    report = GenerationReport()
    cache_dir = out.with_name(out.name + ".cache")
    rows: list[dict[str, Any]] = []
    for category in categories:
        existing = list(shipped_pairs(category))
        checks = PairFilter(existing, per_category)
        max_batches = MAX_BATCH_FACTOR * -(-per_category // BATCH_SIZE)
        batch = 0
        while len(checks.kept) < per_category and batch < max_batches:
            prompt = generator_prompt(category, BATCH_SIZE, existing, batch)
            answer = await _answer(model, prompt, cache_dir / f"{category}-{batch:04d}.json", report)
            for line in answer.splitlines():
                if line.strip() and len(checks.kept) < per_category:
                    checks.offer(line.strip(), category, len(checks.kept) + 1)
            batch += 1
            progress(
                f"{category}: batch {batch}, kept {len(checks.kept)}/{per_category}, "
                f"dropped {sum(checks.dropped.values())}"
            )
        report.kept[category] = len(checks.kept)
        report.dropped.update(checks.dropped)
        for p in checks.kept:
            for kind, text in p.texts:
                rows.append(
                    {
                        "category": category,
                        "pair_id": p.pair_id,
                        "kind": kind,
                        "text": text,
                        "subtopic": p.subtopic,
                        "contrast": p.contrast,
                    }
                )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return report
