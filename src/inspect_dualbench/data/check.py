"""Check pair files: ``python -m inspect_dualbench.data.check [FILE ...]``.

With no arguments it checks the shipped data. Exits 1 and lists every problem found.
"""

from __future__ import annotations

import sys
from pathlib import Path

from inspect_dualbench.data.pairs import MIN_PAIRS_PER_CATEGORY, Pair, PairFormatError, find_problems, read_pair_file

DATA_DIR = Path(__file__).resolve().parent.parent / "assets" / "data"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    min_pairs = MIN_PAIRS_PER_CATEGORY
    if args and args[0].startswith("--min-pairs="):
        min_pairs = int(args.pop(0).split("=", 1)[1])
    files = [Path(a) for a in args] or sorted(DATA_DIR.glob("*.txt"))
    pairs: list[Pair] = []
    errors: list[str] = []
    for f in files:
        try:
            pairs.extend(read_pair_file(f, f.stem, errors))
        except PairFormatError as ex:
            errors.append(str(ex))
    errors.extend(find_problems(pairs, min_pairs))
    for e in errors:
        print(e)
    counts: dict[str, int] = {}
    for p in pairs:
        counts[p.category] = counts.get(p.category, 0) + 1
    print(f"{len(pairs)} pairs in {len(counts)} categories {counts}; {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
