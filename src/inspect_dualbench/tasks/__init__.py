from inspect_dualbench.tasks.dualbench import CATEGORY_TASKS, dualbench, dualbench_all
from inspect_dualbench.tasks.judge_agreement import judge_agreement

__all__ = ["CATEGORY_TASKS", "dualbench", "dualbench_all", "judge_agreement"]
