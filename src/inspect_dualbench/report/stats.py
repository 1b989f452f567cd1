"""Report figures with 95% bootstrap confidence intervals, resampling pairs.

The figures are the log's own metrics: each is a `Ratio` of per-pair counts built by
`inspect_dualbench.scorers.metrics`, whose value is what the log reports. Here the pairs are
reweighted (one weight matrix for all replicates) to give the interval around it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy as np

from inspect_dualbench.scorers.metrics import Judged, PairKey, Ratio, mean_abs_gap

BOOTSTRAP_REPLICATES: Final = 1000
BOOTSTRAP_SEED: Final = 0
CONFIDENCE: Final = 0.95
_TAIL: Final = (1 - CONFIDENCE) / 2 * 100


@dataclass(frozen=True)
class Estimate:
    """A figure and its 95% percentile-bootstrap interval."""

    value: float
    low: float
    high: float

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2


@lru_cache(maxsize=4)
def _weights(n: int, replicates: int, seed: int) -> np.ndarray:
    """Multinomial pair weights (replicates × n), a function of its arguments alone: a report's
    tables over the same number of pairs share one matrix instead of drawing it again."""
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=replicates) if n else np.zeros((replicates, 0))
    weights.setflags(write=False)
    return weights


class Bootstrap:
    """A shared bootstrap weight matrix (replicates × pairs) over the pairs of some items."""

    def __init__(self, items: Sequence[Judged], replicates: int = BOOTSTRAP_REPLICATES, seed: int = BOOTSTRAP_SEED):
        keys = sorted({(j.category, j.pair_id) for j in items})
        self.index = {k: i for i, k in enumerate(keys)}
        self.weights = _weights(len(keys), replicates, seed)

    def _vector(self, counts: Mapping[PairKey, float]) -> np.ndarray:
        v = np.zeros(len(self.index))
        for key, amount in counts.items():
            v[self.index[key]] += amount
        return v

    def estimate(self, ratio: Ratio) -> Estimate | None:
        """The ratio's value (as in the log) and its interval."""
        if ratio.value is None:
            return None
        reps = self._aligned(ratio)
        return self._percentile(reps[~np.isnan(reps)], ratio.value)

    def mean_abs(self, ratios: Mapping[str, Ratio]) -> Estimate | None:
        """Mean of |ratio| over `ratios` (ΔIR over perturbation gaps) and its interval."""
        value = mean_abs_gap(ratios)
        return None if value is None else self._percentile(self._mean_abs_replicates(ratios), value)

    def _percentile(self, reps: np.ndarray, value: float) -> Estimate:
        low, high = np.percentile(reps, [_TAIL, 100 - _TAIL])
        return Estimate(value, float(low), float(high))

    def difference(self, a: Ratio, b: Ratio) -> Estimate | None:
        """a − b (pp) with a paired interval: both reweighted by the same resampled pairs."""
        if a.value is None or b.value is None:
            return None
        reps_a, reps_b = self._aligned(a), self._aligned(b)
        keep = ~(np.isnan(reps_a) | np.isnan(reps_b))
        return self._percentile(reps_a[keep] - reps_b[keep], a.value - b.value)

    def difference_mean_abs(self, a: Mapping[str, Ratio], b: Mapping[str, Ratio]) -> Estimate | None:
        """Mean-|gap| of `a` minus that of `b` (ΔIR difference) with a paired interval."""
        va, vb = mean_abs_gap(a), mean_abs_gap(b)
        if va is None or vb is None:
            return None
        return self._percentile(self._mean_abs_replicates(a) - self._mean_abs_replicates(b), va - vb)

    def _aligned(self, ratio: Ratio) -> np.ndarray:
        """Replicates of a ratio, NaN where a replicate drew none of its pairs."""
        num = self.weights @ self._vector(ratio.numerator)
        den = self.weights @ self._vector(ratio.denominator)
        out = np.full(len(den), np.nan)
        np.divide(100.0 * num, den, out=out, where=den > 0)
        return out

    def _mean_abs_replicates(self, ratios: Mapping[str, Ratio]) -> np.ndarray:
        return np.asarray(np.mean([np.abs(np.nan_to_num(self._aligned(r))) for r in ratios.values()], axis=0))
