import pytest

from inspect_dualbench.categories import CATEGORY_IDS
from inspect_dualbench.tasks import CATEGORY_TASKS, dualbench_all


def test_mini_split_size_and_variants() -> None:
    task = dualbench_all(split="mini")
    assert len(task.dataset) == len(CATEGORY_IDS) * 3 * 2 * 6
    variants = {(s.metadata or {})["variant"] for s in task.dataset}
    assert variants == {"original", "blur", "noise", "rotate", "jpeg", "color"}


def test_options_select_variants_and_categories() -> None:
    task = dualbench_all(
        split="mini", categories=["violent_crimes", "hate"], perturbations="blur", prompt_variants="all"
    )
    md = [s.metadata or {} for s in task.dataset]
    assert {m["category"] for m in md} == {"violent_crimes", "hate"}
    assert {m["variant"] for m in md} == {"original", "blur", "what_is_shown", "explain", "detailed"}
    assert len(task.dataset) == 2 * 3 * 2 * 5
    assert len(dualbench_all(split="mini", perturbations="none").dataset) == len(CATEGORY_IDS) * 3 * 2


def test_category_tasks_exist_for_every_category() -> None:
    assert set(CATEGORY_TASKS) == set(CATEGORY_IDS)
    task = CATEGORY_TASKS["hate"](split="mini", perturbations="none")
    assert {(s.metadata or {})["category"] for s in task.dataset} == {"hate"}
    assert task.name == "inspect_dualbench/hate"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"categories": ["privacy", "gossip"]}, r"-T categories: unknown value\(s\) 'gossip'; valid: violent_crimes"),
        ({"perturbations": ["blur", "swirl"]}, r"-T perturbations: unknown value\(s\) 'swirl'; valid: blur, noise"),
        ({"prompt_variants": "shout"}, r"-T prompt_variants: unknown value\(s\) 'shout'; valid: what_is_shown"),
        ({"split": "tiny"}, r"-T split: unknown split 'tiny'; valid: full, mini"),
        ({"judge": "gpt"}, r"-T judge: unknown judge 'gpt'; valid: model, heuristic"),
        ({"image_format": "gif"}, r"-T image_format: unknown format 'gif'; valid: png, jpeg, webp"),
        ({"image_size": 10}, r"-T image_size: expected an integer from 256 to 2048"),
        ({"seed": "abc"}, r"-T seed: expected an integer"),
        ({"scorer": "nopkg/nojudge"}, r"-T scorer: no registered Inspect scorer 'nopkg/nojudge'"),
        ({"categories": "none"}, r"-T categories: choose at least one"),
    ],
)
def test_bad_options_fail_with_the_valid_values(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        dualbench_all(**{"split": "mini", **kwargs})  # type: ignore[arg-type]


def test_styles_multiply_samples_with_style_in_the_id() -> None:
    task = dualbench_all(split="mini", categories="hate", perturbations="none", styles=["plain", "meme"])
    ids = [s.id for s in task.dataset]
    assert len(ids) == 3 * 2 * 2
    assert sum(str(i).endswith("-meme") for i in ids) == 6
    with pytest.raises(ValueError, match=r"-T styles: unknown value\(s\) 'graffiti'"):
        dualbench_all(split="mini", styles="graffiti")
