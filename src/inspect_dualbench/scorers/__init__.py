from inspect_dualbench.scorers.heuristic import classify_heuristic
from inspect_dualbench.scorers.judge import DEFAULT_JUDGE_MODEL, dual_judge, heuristic_judge
from inspect_dualbench.scorers.labels import DIRECT_ANSWER, LABELS, REFUSAL, SAFE_COMPLETION, UNPARSED, parse_verdict
from inspect_dualbench.scorers.metrics import (
    category_rates,
    delta_ir,
    dual_metrics,
    dual_rates,
    flip_rate,
    unparsed_count,
)

__all__ = [
    "DEFAULT_JUDGE_MODEL",
    "DIRECT_ANSWER",
    "LABELS",
    "REFUSAL",
    "SAFE_COMPLETION",
    "UNPARSED",
    "category_rates",
    "classify_heuristic",
    "delta_ir",
    "dual_judge",
    "dual_metrics",
    "dual_rates",
    "flip_rate",
    "heuristic_judge",
    "parse_verdict",
    "unparsed_count",
]
