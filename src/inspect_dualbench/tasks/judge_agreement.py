"""The judge-agreement task: score human-labelled answers with a judge, no subject model.

``inspect eval inspect_dualbench/judge_agreement --model none -T judge_set=heldout -T judge=heuristic``
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from inspect_ai import Epochs, Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ModelOutput
from inspect_ai.scorer import Metric, SampleScore, metric
from inspect_ai.solver import Generate, Solver, TaskState, solver

from inspect_dualbench.agreement.sets import SPLITS, LabelledAnswer
from inspect_dualbench.agreement.sources import SHIPPED_SETS, load_judge_sets
from inspect_dualbench.agreement.stats import summary
from inspect_dualbench.errors import OptionError
from inspect_dualbench.scorers.labels import normalise_label
from inspect_dualbench.tasks.dualbench import Choice, resolve_scorer
from inspect_dualbench.version import EVAL_VERSION

DEFAULT_JUDGE_SETS: Final = SHIPPED_SETS
ALL_SPLITS: Final = "all"
RECORDED_MODEL: Final = "recorded"
"""The model name put on a recorded answer's output."""


def answer_to_sample(answer: LabelledAnswer) -> Sample:
    """One labelled answer as a sample: the request as input (and as the instruction a DUAL judge
    reads from ``image_text``), the recorded answer and the human label in the metadata."""
    return Sample(
        id=f"{answer.set_name}/{answer.id}",
        input=answer.prompt,
        target=answer.label,
        metadata={
            "judge_set": answer.set_name,
            "human_label": answer.label,
            "source_label": answer.source_label,
            "answer_model": answer.model,
            "split": answer.split,
            "image_text": answer.prompt,
            "recorded_answer": answer.answer,
        },
    )


@solver
def recorded_answer() -> Solver:
    """Put the sample's recorded answer in place as the model's output; no model is called."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        state.output = ModelOutput.from_content(model=RECORDED_MODEL, content=state.metadata["recorded_answer"])
        state.messages.append(state.output.message)
        return state

    return solve


def _label_pairs(scores: Sequence[SampleScore], judge_set: str | None = None) -> list[tuple[str, str]]:
    return [
        (str(md["human_label"]), normalise_label(s.score.value))
        for s in scores
        if (md := s.sample_metadata or {}) and (judge_set is None or md.get("judge_set") == judge_set)
    ]


@metric(name="judge_agreement")
def agreement_figures() -> Metric:
    """Agreement of the judge with people, per set and over all (keys ``<set>_<figure>`` and
    ``all_<figure>``), from `inspect_dualbench.agreement.stats.summary`:

    - ``agreement`` = answers labelled as people did / answers (0–1, higher is better);
    - ``kappa`` = Cohen's kappa over the labels (−1–1; 0 is chance; higher is better);
    - ``binary_accuracy`` and ``balanced_accuracy``: safety response (refusal or safe
      completion) vs direct answer; balanced = mean of the two recalls (0–1, 0.5 is chance);
    - ``precision_<label>``, ``recall_<label>`` (0–1, higher is better);
    - ``n_<human>_as_<judge>``: the confusion matrix, in answers.
    A judge answer with no label (``unparsed``) counts as a disagreement.
    """

    def compute(scores: list[SampleScore]) -> dict[str, float]:
        sets = sorted({str((s.sample_metadata or {}).get("judge_set")) for s in scores})
        # the pooled figures first: the viewer's header and log list show a scorer's first metrics
        out = summary(_label_pairs(scores), prefix="all_") if len(sets) > 1 else {}
        for name in sets:
            out.update(summary(_label_pairs(scores, name), prefix=f"{name}_"))
        return out

    return compute


@metric(name="by_source_label")
def by_source_label() -> Metric:
    """For each set's own label (e.g. MSTS taxonomy ``1.1``), the share of its answers the judge
    gave each label: ``<set>_<source>_as_<label>`` (0–1). Shows how a set's finer classes split
    under the judge's rubric (e.g. how MSTS rebuttals divide between refusal and safe completion)."""

    def compute(scores: list[SampleScore]) -> dict[str, float]:
        groups: dict[str, list[str]] = {}
        for s in scores:
            md = s.sample_metadata or {}
            code = str(md.get("source_label", "")).split(" ", 1)[0]
            groups.setdefault(f"{md.get('judge_set')}_{code}", []).append(normalise_label(s.score.value))
        return {
            f"{group}_as_{label}": labels.count(label) / len(labels)
            for group, labels in sorted(groups.items())
            for label in sorted(set(labels))
        }

    return compute


@task
def judge_agreement(
    judge_set: Choice = None,
    split: str = ALL_SPLITS,
    judge: str = "heuristic",
    scorer: str | None = None,
) -> Task:
    """Measure a judge against human-labelled answers (no subject model: run with ``--model none``).

    Args:
        judge_set: Shipped set names (``calibration``, ``heldout``) or paths: an XSTest v2
            completions CSV, the MSTS response annotations CSV, a JSONL file in the shipped sets'
            format, or a folder holding such files (default: both shipped sets).
        split: ``tune`` (answers the offline judge was tuned on), ``heldout`` (answers it was not)
            or ``all``.
        judge: ``heuristic`` (offline) or ``model`` (the ``grader`` role).
        scorer: Name of any registered Inspect scorer to measure instead.
    """
    if split not in (*SPLITS, ALL_SPLITS):
        raise OptionError(f"-T split: unknown split {split!r}; valid: {', '.join(SPLITS)}, {ALL_SPLITS}")
    specs = [judge_set] if isinstance(judge_set, str) else list(judge_set or DEFAULT_JUDGE_SETS)
    judge_scorer = resolve_scorer(judge, scorer)
    sets = load_judge_sets(specs)
    answers = [a for s in sets for a in s.answers if split in (ALL_SPLITS, a.split)]
    if not answers:
        raise OptionError(f"-T judge_set: no answers in the {split} split of {', '.join(map(str, specs))}")
    return Task(
        dataset=MemoryDataset([answer_to_sample(a) for a in answers], name="judge-agreement"),
        solver=recorded_answer(),
        scorer=judge_scorer,
        metrics=[agreement_figures(), by_source_label()],
        epochs=Epochs(1, []),  # unreduced: labels have no mean, every epoch's label counts
        version=EVAL_VERSION,
        metadata={
            "eval_version": EVAL_VERSION,
            "judge_sets": [s.name for s in sets],
            "split": split,
            "skipped_source_labels": {s.name: s.skipped for s in sets},
        },
    )
