from inspect_dualbench.tasks.dualbench import CATEGORY_TASKS, dualbench, dualbench_all

__all__ = ["CATEGORY_TASKS", "dualbench", "dualbench_all"]
