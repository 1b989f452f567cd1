"""The eval's version: one source, the package version in ``pyproject.toml``.

Bump it whenever results stop being comparable (data, rendering, perturbations, judge prompt or
metric definitions) and say so in CHANGELOG.md; it is the Task's ``version`` in every log.
"""

from importlib.metadata import version
from typing import Final

EVAL_VERSION: Final = version("inspect-dualbench")
