"""Human-labelled answer sets for measuring a judge's agreement with people (pure readers)."""

from inspect_dualbench.agreement.sets import (
    HELDOUT,
    SPLITS,
    TUNE,
    JudgeSet,
    LabelledAnswer,
    merge_by_name,
    read_msts,
    read_shipped,
    read_xstest,
)

__all__ = [
    "HELDOUT",
    "SPLITS",
    "TUNE",
    "JudgeSet",
    "LabelledAnswer",
    "merge_by_name",
    "read_msts",
    "read_shipped",
    "read_xstest",
]
