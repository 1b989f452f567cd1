from inspect_dualbench.scorers.heuristic import classify_heuristic, explain_heuristic
from inspect_dualbench.scorers.judge import DEFAULT_JUDGE_MODEL, dual_judge, heuristic_judge
from inspect_dualbench.scorers.labels import (
    DIRECT_ANSWER,
    LABELS,
    REFUSAL,
    SAFE_COMPLETION,
    TRUNCATED,
    UNPARSED,
    parse_verdict,
)
from inspect_dualbench.scorers.metrics import (
    category_rates,
    contrast_rates,
    delta_ir,
    dual_metrics,
    dual_rates,
    judging,
    style_rates,
)

__all__ = [
    "DEFAULT_JUDGE_MODEL",
    "DIRECT_ANSWER",
    "LABELS",
    "REFUSAL",
    "SAFE_COMPLETION",
    "TRUNCATED",
    "UNPARSED",
    "category_rates",
    "classify_heuristic",
    "contrast_rates",
    "delta_ir",
    "dual_judge",
    "dual_metrics",
    "dual_rates",
    "explain_heuristic",
    "heuristic_judge",
    "judging",
    "parse_verdict",
    "style_rates",
]
