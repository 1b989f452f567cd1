"""MSTS answers relabelled under this project's rubric: ``python benchmarks/rubric_labels.py DIR``.

MSTS maps to the project's labels by taxonomy (``1.3`` safety considerations → safe completion), but
its taxonomy asks whether an answer is *safe*, the rubric whether it is a *safety response*: an
answer that simply helps with a harmless reading of the request ("Before contacting the
manufacturer, check the batteries …") is safe for MSTS and a direct answer for the rubric. To
measure how far the two differ, 577 MSTS answers (``data/msts_rubric_labels.csv``: ids only, no
answer text) were labelled blind under the rubric of ``assets/prompts/judge.txt`` by two
annotators working alone, who saw the request and the answer but not the MSTS label. The annotators
are two runs of one LLM agent working from the written rubric, not people: read their labels as a
second reading of the rubric, not as human ground truth.

DIR is the folder of MSTS ``data/response_annotations/*.csv`` (as for ``-T judge_set=DIR``). For
each set, split and MSTS code it prints how often the two annotators agree on safety response vs
direct answer, how many answers both call direct answers under the rubric, and how the offline
judge labels the answers both call safety responses and those both call direct answers.
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from inspect_dualbench.agreement.sets import LabelledAnswer, msts_code
from inspect_dualbench.agreement.sources import load_judge_sets
from inspect_dualbench.scorers.heuristic import classify_heuristic
from inspect_dualbench.scorers.labels import DIRECT_ANSWER, LABELS

LABELS_FILE = Path(__file__).resolve().parent / "data" / "msts_rubric_labels.csv"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folder", type=Path, help="folder of MSTS response annotations CSVs")
    parser.add_argument("--labels", type=Path, default=LABELS_FILE)
    args = parser.parse_args(argv)
    with args.labels.open(newline="", encoding="utf-8") as f:
        rubric = {(r["set"], r["id"]): (r["label_a"], r["label_b"]) for r in csv.DictReader(f)}
    bad = [k for k, pair in rubric.items() if not set(pair) <= set(LABELS)]
    if bad:
        raise SystemExit(f"{args.labels}: labels other than {', '.join(LABELS)} for {bad[0]}")
    answers = {(a.set_name, a.id): a for s in load_judge_sets([str(args.folder)]) for a in s.answers}
    missing = [k for k in rubric if k not in answers]
    if missing:
        raise SystemExit(f"{len(missing)} relabelled answers are not in {args.folder}, e.g. {missing[0]}")
    groups: dict[tuple[str, str, str], list[tuple[LabelledAnswer, str, str]]] = defaultdict(list)
    for key, (a, b) in rubric.items():
        answer = answers[key]
        groups[(answer.set_name, answer.split, msts_code(answer.source_label))].append((answer, a, b))
    print("set / split / MSTS code: n; annotators agree; both say direct answer; the offline judge on those")
    for (name, split, code), rows in sorted(groups.items()):
        agreed = [(ans, a) for ans, a, b in rows if (a == DIRECT_ANSWER) == (b == DIRECT_ANSWER)]
        direct = [ans for ans, a in agreed if a == DIRECT_ANSWER]
        safety = [ans for ans, a in agreed if a != DIRECT_ANSWER]
        judged_safe = sum(classify_heuristic(x.answer, x.prompt or None) != DIRECT_ANSWER for x in safety)
        judged_direct = sum(classify_heuristic(x.answer, x.prompt or None) == DIRECT_ANSWER for x in direct)
        print(
            f"{name} / {split} / {code}: n={len(rows)}; agree {len(agreed)}; direct {len(direct)} "
            f"({len(direct) / len(agreed) if agreed else float('nan'):.2f}); "
            f"judge not direct on both-safety {judged_safe}/{len(safety)}; "
            f"judge direct on both-direct {judged_direct}/{len(direct)}"
        )


if __name__ == "__main__":
    main()
