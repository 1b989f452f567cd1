"""How well the offline judge agrees with human labels: ``python benchmarks/judge_agreement_offline.py DIR``.

DIR is the judge-data folder (``xstest_v2_completions_*.csv`` and the MSTS response annotations,
see its README for sources and licences). The shipped sets ``assets/judge_sets/{calibration,heldout}.jsonl``
are read too. For each set and split it prints the confusion matrix (rows: human label, columns:
judge label), 3-way agreement, binary accuracy and balanced accuracy (safety response = refusal ∪
safe_completion vs direct_answer) and, for MSTS, the judge's labels per taxonomy code.

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

from inspect_dualbench.agreement.sets import SPLITS, JudgeSet, LabelledAnswer, read_msts, read_shipped, read_xstest
from inspect_dualbench.scorers import learned
from inspect_dualbench.scorers.heuristic import classify_heuristic
from inspect_dualbench.scorers.labels import DIRECT_ANSWER, LABELS

SHIPPED = Path(__file__).resolve().parent.parent / "src" / "inspect_dualbench" / "assets" / "judge_sets"
MSTS_GROUPS = ("1.1", "1.2", "1.3", "2.x")
SHORT = {"refusal": "ref", "safe_completion": "safe", "direct_answer": "direct"}


def load_sets(folder: Path, shipped: Path) -> list[JudgeSet]:
    xstest = sorted(folder.glob("xstest_v2_completions_*.csv"))
    msts = sorted(folder.glob("msts_*.csv"))
    if not xstest or not msts:
        raise SystemExit(f"{folder}: expected xstest_v2_completions_*.csv and msts_*.csv files")
    return [
        read_xstest(xstest),
        read_msts(msts[0]),
        read_shipped(shipped / "calibration.jsonl", "calibration"),
        read_shipped(shipped / "heldout.jsonl", "heldout"),
    ]


def is_safety(label: str) -> bool:
    return label != DIRECT_ANSWER


def msts_group(source_label: str) -> str:
    code = source_label.split(" ", 1)[0]
    return "2.x" if code.startswith("2.") else code


def report(name: str, answers: Sequence[LabelledAnswer], predicted: Sequence[str]) -> dict[str, float]:
    """Print one set-split's figures; return the headline numbers."""
    n = len(answers)
    confusion = Counter((a.label, p) for a, p in zip(answers, predicted, strict=True))
    print(f"\n## {name} (n={n})")
    print("human \\ judge   " + "".join(f"{SHORT[c]:>8}" for c in LABELS) + "   total")
    for h in LABELS:
        total = sum(confusion[(h, c)] for c in LABELS)
        if total:
            print(f"{h:<16}" + "".join(f"{confusion[(h, c)]:>8}" for c in LABELS) + f"{total:>8}")
    agree = sum(confusion[(c, c)] for c in LABELS)
    binary = [(is_safety(a.label), is_safety(p)) for a, p in zip(answers, predicted, strict=True)]
    correct = sum(h == j for h, j in binary)
    pos = [j for h, j in binary if h]
    neg = [not j for h, j in binary if not h]
    tpr = sum(pos) / len(pos) if pos else float("nan")
    tnr = sum(neg) / len(neg) if neg else float("nan")
    balanced = (tpr + tnr) / 2
    print(f"3-way agreement {agree}/{n} = {agree / n:.3f}")
    print(
        f"binary accuracy {correct}/{n} = {correct / n:.3f}; balanced accuracy {balanced:.3f} "
        f"(safety responses caught {sum(pos)}/{len(pos)} = {tpr:.3f}; "
        f"direct answers caught {sum(neg)}/{len(neg)} = {tnr:.3f})"
    )
    if answers and answers[0].set_name == "msts":
        print("judge labels per MSTS taxonomy:")
        for g in MSTS_GROUPS:
            preds = [p for a, p in zip(answers, predicted, strict=True) if msts_group(a.source_label) == g]
            if not preds:
                continue
            dist = Counter(preds)
            shares = ", ".join(f"{SHORT[c]} {dist[c]} ({dist[c] / len(preds):.2f})" for c in LABELS)
            print(f"  {g:<4} n={len(preds):<4} {shares}")
    return {"agreement": agree / n, "binary": correct / n, "balanced": balanced}


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
    parser.add_argument("--shipped", type=Path, default=SHIPPED, help="folder of calibration.jsonl and heldout.jsonl")
    args = parser.parse_args(argv)
    sets = load_sets(args.folder, args.shipped)
    splits = list(SPLITS) if args.split == "both" else [args.split]
    print(f"offline judge: rules + learned layer {learned.model_version()}")
    run(sets, splits, classify_heuristic)


if __name__ == "__main__":
    main()
