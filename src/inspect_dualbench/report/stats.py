"""Report figures with 95% bootstrap confidence intervals, resampling pairs.

A pair (category, pair_id) is the unit of resampling: its twins, variants and styles are
not independent observations. Each statistic is written as a ratio of per-pair counts so
that all replicates are computed at once with one weight matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from inspect_dualbench.data.samples import ORIGINAL
from inspect_dualbench.scorers.labels import DIRECT_ANSWER, REFUSAL, SAFE_COMPLETION, UNPARSED
from inspect_dualbench.scorers.metrics import Judged

BOOTSTRAP_REPLICATES: Final = 1000
BOOTSTRAP_SEED: Final = 0
CONFIDENCE: Final = 0.95


@dataclass(frozen=True)
class Estimate:
    value: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.value:.1f} [{self.low:.1f}, {self.high:.1f}]"


class PairCounts:
    """Per-pair counts and a shared bootstrap weight matrix (replicates x pairs)."""

    def __init__(self, items: Sequence[Judged], replicates: int = BOOTSTRAP_REPLICATES, seed: int = BOOTSTRAP_SEED):
        self.items = [j for j in items if j.label != UNPARSED]
        keys = sorted({(j.category, j.pair_id) for j in self.items})
        self.index = {k: i for i, k in enumerate(keys)}
        n = len(keys)
        rng = np.random.default_rng(seed)
        self.weights = rng.multinomial(n, np.full(n, 1.0 / n), size=replicates) if n else np.zeros((replicates, 0))

    def _vector(self, pick: Sequence[tuple[tuple[str, int], float]]) -> np.ndarray:
        v = np.zeros(len(self.index))
        for key, amount in pick:
            v[self.index[key]] += amount
        return v

    def ratio(self, numerator: np.ndarray, denominator: np.ndarray) -> Estimate | None:
        """100 x sum(numerator) / sum(denominator), with its percentile interval."""
        total = denominator.sum()
        if total == 0:
            return None
        num = self.weights @ numerator
        den = self.weights @ denominator
        reps = 100.0 * num[den > 0] / den[den > 0]
        tail = (1 - CONFIDENCE) / 2 * 100
        return Estimate(100.0 * numerator.sum() / total, *np.percentile(reps, [tail, 100 - tail]))

    def rate(self, kind: str, label: str) -> Estimate | None:
        """RR / SCR / DAR of one kind over all variants."""
        subset = [j for j in self.items if j.kind == kind]
        return self.ratio(
            self._vector([((j.category, j.pair_id), float(j.label == label)) for j in subset]),
            self._vector([((j.category, j.pair_id), 1.0) for j in subset]),
        )

    def _matched(self) -> dict[str, list[tuple[Judged, Judged]]]:
        reference = {(j.category, j.pair_id, j.kind, j.style): j for j in self.items if j.variant == ORIGINAL}
        out: dict[str, list[tuple[Judged, Judged]]] = {}
        for j in self.items:
            ref = reference.get((j.category, j.pair_id, j.kind, j.style))
            if j.variant != ORIGINAL and ref is not None:
                out.setdefault(j.variant, []).append((j, ref))
        return dict(sorted(out.items()))

    def gap_vectors(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per perturbation: per-pair (refusals under p - refusals in original, matched items)."""
        return {
            p: (
                self._vector(
                    [((a.category, a.pair_id), float(a.label == REFUSAL) - float(b.label == REFUSAL)) for a, b in m]
                ),
                self._vector([((a.category, a.pair_id), 1.0) for a, _ in m]),
            )
            for p, m in self._matched().items()
        }

    def gaps(self) -> dict[str, Estimate]:
        """Signed RR(p) - RR(original) per perturbation, percentage points."""
        out = {}
        for p, (num, den) in self.gap_vectors().items():
            est = self.ratio(num, den)
            if est is not None:
                out[p] = est
        return out

    def delta_ir(self) -> Estimate | None:
        """Mean over perturbations of |gap|, with the interval of that mean."""
        vectors = self.gap_vectors()
        if not vectors:
            return None
        point = np.mean([abs(num.sum() / den.sum()) for num, den in vectors.values()]) * 100
        reps = (
            np.mean(
                [np.abs((self.weights @ num) / np.maximum(self.weights @ den, 1e-12)) for num, den in vectors.values()],
                axis=0,
            )
            * 100
        )
        tail = (1 - CONFIDENCE) / 2 * 100
        return Estimate(float(point), *np.percentile(reps, [tail, 100 - tail]))

    def flip_rate(self) -> Estimate | None:
        pairs = [pair for m in self._matched().values() for pair in m]
        return self.ratio(
            self._vector([((a.category, a.pair_id), float(a.label != b.label)) for a, b in pairs]),
            self._vector([((a.category, a.pair_id), 1.0) for a, _ in pairs]),
        )


RATES: Final = {"RR": REFUSAL, "SCR": SAFE_COMPLETION, "DAR": DIRECT_ANSWER}
