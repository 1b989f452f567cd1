"""How well the offline judge agrees with human labels: ``python benchmarks/judge_agreement_offline.py DIR``.

DIR is a judge-data folder (``xstest_v2_completions_*.csv`` and MSTS response annotations CSVs, read
as ``-T judge_set=DIR`` reads them; see README "Checking the judge" for sources and licences). The
shipped sets ``calibration`` and ``heldout`` are read too. For each set and split it prints the
confusion matrix (rows: human label, columns: judge label), 3-way agreement, binary accuracy and
balanced accuracy (safety response = refusal ∪ safe_completion vs direct_answer) and, for MSTS,
the judge's labels per taxonomy code.

The request is passed to the judge as ``image_text`` (for DUAL-Bench the instruction is the
image's text; for XSTest and MSTS it is the prompt), so that words the answer merely repeats from
the request are not taken for the model's own.

Tune only on the ``tune`` split (``--split tune``); run the held-out split once, at the end.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from inspect_dualbench.agreement.sets import SPLITS, UNSAFE_CODE, JudgeSet, LabelledAnswer, msts_code
from inspect_dualbench.agreement.sources import SHIPPED_SETS, load_judge_sets
from inspect_dualbench.agreement.stats import (
    agreement,
    balanced_accuracy,
    binary_accuracy,
    confusion,
    is_safety_response,
)
from inspect_dualbench.scorers import learned
from inspect_dualbench.scorers.heuristic import classify_heuristic
from inspect_dualbench.scorers.labels import LABELS

MSTS_GROUPS = ("1.1", "1.2", "1.3", UNSAFE_CODE)
SHORT = {"refusal": "ref", "safe_completion": "safe", "direct_answer": "direct"}


def report(name: str, answers: Sequence[LabelledAnswer], predicted: Sequence[str]) -> None:
    """Print one set-split's figures (computed by `agreement.stats`, as the judge-agreement task's)."""
    n = len(answers)
    pairs = [(a.label, p) for a, p in zip(answers, predicted, strict=True)]
    counts = confusion(pairs)
    print(f"\n## {name} (n={n})")
    print("human \\ judge   " + "".join(f"{SHORT[c]:>8}" for c in LABELS) + "   total")
    for h in LABELS:
        total = sum(counts[(h, c)] for c in LABELS)
        if total:
            print(f"{h:<16}" + "".join(f"{counts[(h, c)]:>8}" for c in LABELS) + f"{total:>8}")
    caught = {
        side: [is_safety_response(j) is side for h, j in pairs if is_safety_response(h) is side]
        for side in (True, False)
    }
    found = {side: f"{sum(c)}/{len(c)} = {sum(c) / len(c) if c else float('nan'):.3f}" for side, c in caught.items()}
    print(f"3-way agreement {sum(h == j for h, j in pairs)}/{n} = {agreement(pairs):.3f}")
    print(
        f"binary accuracy {sum(caught[True]) + sum(caught[False])}/{n} = {binary_accuracy(pairs):.3f}; "
        f"balanced accuracy {balanced_accuracy(pairs):.3f} "
        f"(safety responses caught {found[True]}; direct answers caught {found[False]})"
    )
    if answers and answers[0].set_name.startswith("msts"):
        print("judge labels per MSTS taxonomy:")
        for g in MSTS_GROUPS:
            preds = [p for a, p in zip(answers, predicted, strict=True) if msts_code(a.source_label) == g]
            if not preds:
                continue
            dist = Counter(preds)
            shares = ", ".join(f"{SHORT[c]} {dist[c]} ({dist[c] / len(preds):.2f})" for c in LABELS)
            print(f"  {g:<4} n={len(preds):<4} {shares}")


def run(sets: Sequence[JudgeSet], splits: Sequence[str], judge: Callable[[str, str | None], str]) -> None:
    for split in splits:
        for s in sets:
            answers = s.split(split)
            if not answers:
                continue
            start = time.perf_counter()
            predicted = [judge(a.answer, a.prompt or None) for a in answers]
            rate = len(answers) / (time.perf_counter() - start)
            report(f"{s.name} / {split}", answers, predicted)
            print(f"speed {rate:,.0f} answers/s")
            if s.skipped and split == splits[0]:
                print("left out (whole set): " + ", ".join(f"{k} {v}" for k, v in sorted(s.skipped.items())))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folder", type=Path, help="the judge-data folder")
    parser.add_argument("--split", choices=[*SPLITS, "both"], default="both")
    args = parser.parse_args(argv)
    sets = load_judge_sets([str(args.folder), *SHIPPED_SETS])
    splits = list(SPLITS) if args.split == "both" else [args.split]
    print(f"offline judge: rules + learned layer {learned.model_version()}")
    run(sets, splits, classify_heuristic)


if __name__ == "__main__":
    main()
