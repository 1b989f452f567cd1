"""The eval's version: bump it whenever results stop being comparable (see CHANGELOG.md)."""

from typing import Final

EVAL_VERSION: Final = "1.0.0"
