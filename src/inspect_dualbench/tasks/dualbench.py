"""The DUAL-Bench tasks: ``all`` and one per hazard category."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any, Final

from inspect_ai import Epochs, Task, task
from inspect_ai.dataset import MemoryDataset
from inspect_ai.log import HeadlineMetric
from inspect_ai.scorer import Metric, Scorer
from inspect_ai.solver import generate
from inspect_ai.util import registry_create

from inspect_dualbench.categories import CATEGORIES, CATEGORY_IDS
from inspect_dualbench.data.custom import read_custom_pairs
from inspect_dualbench.data.pairs import Pair
from inspect_dualbench.data.samples import (
    MINI_PAIRS_PER_CATEGORY,
    SPLITS,
    build_samples,
    shipped_pairs,
    subset_per_category,
)
from inspect_dualbench.data.samples import prompt_variants as paraphrases
from inspect_dualbench.errors import OptionError
from inspect_dualbench.images.perturb import IMAGE_FORMATS, PERTURBATION_NAMES
from inspect_dualbench.images.render import DEFAULT_SIZE, TextNotDrawable
from inspect_dualbench.images.styles import STYLE_NAMES, check_text
from inspect_dualbench.scorers.judge import dual_judge, heuristic_judge
from inspect_dualbench.scorers.metrics import dual_metrics
from inspect_dualbench.solvers.transforms import attach_image, paraphrase_prompt
from inspect_dualbench.version import EVAL_VERSION
from inspect_dualbench.vocabulary import DEFAULT_IMAGE_FORMAT, DEFAULT_STYLE, ORIGINAL

DEFAULT_SPLIT: Final = "full"
DEFAULT_SEED: Final = 0
JUDGES: Final = ("model", "heuristic")
HEADLINE_METRIC: Final = HeadlineMetric(metric="benign_RR")
"""What the log list shows for a run: over-refusal, the benchmark's headline."""
MIN_IMAGE_SIZE: Final = 256
"""The smallest side at which the longest shipped instruction fits every style legibly."""
MAX_IMAGE_SIZE: Final = 2048

Choice = str | Sequence[str] | None


def choose(option: str, value: Choice, valid: Sequence[str], default: Sequence[str]) -> list[str]:
    """Read a ``-T`` option that takes several names: a list, one name, ``all`` or ``none``.

    Raises:
        OptionError: naming the option, the unknown values and the valid ones.
    """
    if value is None:
        return list(default)
    names = [value] if isinstance(value, str) else [str(v) for v in value]
    names = [n.strip() for n in names if n.strip()]
    if names == ["all"]:
        return list(valid)
    if names in (["none"], []):
        return []
    unknown = [n for n in names if n not in valid]
    if unknown:
        raise OptionError(
            f"-T {option}: unknown value(s) {', '.join(map(repr, unknown))}; valid: {', '.join(valid)}, all, none"
        )
    return list(dict.fromkeys(names))


def check_drawable(pairs: Sequence[Pair], styles: Sequence[str], size: int) -> None:
    """Lay out every text of a user's dataset in each chosen style (without drawing), before any model call.

    Raises:
        OptionError: naming the row, style and reason of the first text that cannot be drawn
            faithfully (characters no shipped font has, or too long to fit legibly).
    """
    for pair in pairs:
        for kind, text in pair.texts:
            for style in styles:
                try:
                    check_text(text, style, size)
                except TextNotDrawable as ex:
                    raise OptionError(
                        f"-T dataset: {pair.source}:{pair.line}: pair {pair.pair_id} of {pair.category}, {kind} text, "
                        f"style {style}, {size} px: {ex}"
                    ) from ex


def resolve_scorer(judge: str, scorer: str | None) -> Scorer:
    """The judge to score with: a registered scorer by name, else the model or heuristic judge."""
    if scorer:
        try:
            return registry_create("scorer", scorer)
        except Exception as ex:  # the registry raises different types for unknown names
            raise OptionError(f"-T scorer: no registered Inspect scorer {scorer!r} ({ex})") from ex
    if judge not in JUDGES:
        raise OptionError(
            f"-T judge: unknown judge {judge!r}; valid: {', '.join(JUDGES)} (or -T scorer=<registered scorer>)"
        )
    return heuristic_judge() if judge == "heuristic" else dual_judge()


def dualbench(
    categories: Choice = None,
    split: str = DEFAULT_SPLIT,
    perturbations: Choice = None,
    prompt_variants: Choice = None,
    styles: Choice = None,
    judge: str = "model",
    scorer: str | None = None,
    seed: int = DEFAULT_SEED,
    image_format: str = DEFAULT_IMAGE_FORMAT,
    image_size: int = DEFAULT_SIZE,
    dataset: str | None = None,
    pairs_per_category: int | None = None,
) -> Task:
    """DUAL-Bench over all (or the chosen) hazard categories; every option is checked before any sample is made.

    Args:
        categories: Category ids to include (default: all 12).
        split: ``full`` (every pair) or ``mini`` (3 pairs per category).
        perturbations: Image perturbations besides ``original``: any of blur, noise,
            rotate, jpeg, color, or ``all`` (default) / ``none``.
        prompt_variants: Paraphrases of the prompt to add as variants (default none).
        styles: Image styles: plain (default), sticky_note, chat, sign, meme, slide, or all.
        judge: ``model`` (the ``grader`` role) or ``heuristic`` (offline, rule-based).
        scorer: Name of any registered Inspect scorer to judge with instead.
        seed: Seed of the perturbations.
        image_format: png16 (default: 16 levels per channel, lossless storage), png, jpeg or webp.
        image_size: Side of the square image in pixels.
        dataset: Path of your own pairs (JSON Lines, see README) instead of the shipped data.
        pairs_per_category: Keep this many pairs per category, a stable choice cycling through
            contrast types, nested (a bigger number keeps every pair of a smaller one).
    """
    chosen = choose("categories", categories, CATEGORY_IDS, CATEGORY_IDS)
    if not chosen:
        raise OptionError(f"-T categories: choose at least one of {', '.join(CATEGORY_IDS)}")
    if split not in SPLITS:
        raise OptionError(f"-T split: unknown split {split!r}; valid: {', '.join(SPLITS)}")
    image_variants = choose("perturbations", perturbations, PERTURBATION_NAMES, PERTURBATION_NAMES)
    prompt_names = choose("prompt_variants", prompt_variants, tuple(paraphrases()), ())
    style_names = choose("styles", styles, STYLE_NAMES, (DEFAULT_STYLE,))
    if not style_names:
        raise OptionError(f"-T styles: choose at least one of {', '.join(STYLE_NAMES)}")
    if image_format not in IMAGE_FORMATS:
        raise OptionError(f"-T image_format: unknown format {image_format!r}; valid: {', '.join(IMAGE_FORMATS)}")
    if not isinstance(seed, int):
        raise OptionError(f"-T seed: expected an integer, got {seed!r}")
    if not isinstance(image_size, int) or not MIN_IMAGE_SIZE <= image_size <= MAX_IMAGE_SIZE:
        raise OptionError(
            f"-T image_size: expected an integer from {MIN_IMAGE_SIZE} to {MAX_IMAGE_SIZE}, got {image_size!r}"
        )
    if pairs_per_category is not None and (
        not isinstance(pairs_per_category, int) or isinstance(pairs_per_category, bool) or pairs_per_category < 1
    ):
        raise OptionError(f"-T pairs_per_category: expected a positive integer, got {pairs_per_category!r}")
    judge_scorer = resolve_scorer(judge, scorer)

    if dataset is None:
        pairs = [p for c in chosen for p in shipped_pairs(c)]
    else:
        pairs = [p for p in read_custom_pairs(dataset) if p.category in chosen]
        if not pairs:
            raise OptionError(f"-T dataset: {dataset} has no pairs in the chosen categories {', '.join(chosen)}")
    if split == "mini" and pairs_per_category is None:
        pairs_per_category = MINI_PAIRS_PER_CATEGORY
    if pairs_per_category is not None:
        pairs = subset_per_category(pairs, pairs_per_category)
    if dataset is not None:
        check_drawable(pairs, style_names, image_size)
    variants = [ORIGINAL, *image_variants, *prompt_names]
    metrics: list[Metric | dict[str, list[Metric]]] = [*dual_metrics()]
    return Task(
        dataset=MemoryDataset(build_samples(pairs, variants, seed, style_names), name=f"dualbench-{split}"),
        solver=[paraphrase_prompt(), attach_image(image_format, image_size), generate()],
        scorer=judge_scorer,
        metrics=metrics,
        epochs=Epochs(1, []),  # unreduced: labels have no mean (see scorers/metrics.py)
        headline_metric=HEADLINE_METRIC,
        version=EVAL_VERSION,
        metadata={
            "eval_version": EVAL_VERSION,
            "split": split,
            "categories": chosen,
            "variants": variants,
            "styles": style_names,
            "seed": seed,
            "dataset": dataset,
            "pairs_per_category": pairs_per_category,
        },
    )


dualbench_all = task(name="all")(dualbench)

_CATEGORY_SIGNATURE: Final = inspect.signature(dualbench).replace(
    parameters=[p for p in inspect.signature(dualbench).parameters.values() if p.name != "categories"]
)


def _category_task(category: str) -> Callable[..., Task]:
    def category_task(**options: Any) -> Task:
        return dualbench(categories=[category], **options)

    # Inspect reads a task's options from its signature: the category tasks take those of `all`.
    category_task.__signature__ = _CATEGORY_SIGNATURE  # type: ignore[attr-defined]
    category_task.__name__ = category
    category_task.__qualname__ = category
    category_task.__doc__ = f"DUAL-Bench on {CATEGORIES[category]} only; options as for ``all``."
    return task(name=category)(category_task)


CATEGORY_TASKS: Final[dict[str, Callable[..., Task]]] = {c: _category_task(c) for c in CATEGORY_IDS}
