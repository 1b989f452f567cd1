"""The error a user's bad input raises: one clear line, before any model call.

It is Inspect's own prerequisite error, which the ``inspect`` CLI prints as its message alone
(any other exception raised while a task is built prints a full traceback first), and a
`ValueError`, so code calling the tasks from Python can catch it as one.
"""

from __future__ import annotations

# inspect_ai 0.3.285 exports no public name for it; its CLI recognises this class.
from inspect_ai._util.error import PrerequisiteError

__all__ = ["OptionError", "PrerequisiteError"]


class OptionError(PrerequisiteError, ValueError):
    """A bad ``-T`` option, dataset or judge set; the message names what is wrong and where."""
