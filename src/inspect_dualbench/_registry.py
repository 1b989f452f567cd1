"""What Inspect loads through the ``inspect_ai`` entry point: importing registers it all."""

# ruff: noqa: F401
from inspect_dualbench.models import dualbench_ocr
from inspect_dualbench.scorers import dual_judge, heuristic_judge
from inspect_dualbench.solvers import attach_image, paraphrase_prompt
from inspect_dualbench.tasks import CATEGORY_TASKS, dualbench_all, judge_agreement
