"""Names shared across the package: defined once here, imported everywhere else."""

from __future__ import annotations

import re
import unicodedata
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Final, NamedTuple

ORIGINAL: Final = "original"
"""The unperturbed variant, the reference for every robustness figure."""
DEFAULT_STYLE: Final = "plain"
"""The paper's typographic image: dark text on white."""
DEFAULT_IMAGE_FORMAT: Final = "png16"
"""Every channel rounded to 16 levels and stored losslessly: half the bytes of ``png`` per sample
(so half the log), the same OCR legibility (BENCHMARKS.md); the model is sent exactly these pixels."""
WORD: Final = re.compile(r"[a-z0-9']+")
"""A word of lower-cased text."""


class Bounds(NamedTuple):
    """An inclusive range of whole numbers (a count or a size), read as ``least <= x <= most``."""

    least: int
    most: int


def asset(*parts: str) -> Traversable:
    """A file shipped in ``inspect_dualbench/assets``."""
    path = files("inspect_dualbench") / "assets"
    for part in parts:
        path = path / part
    return path


def asset_text(*parts: str) -> str:
    """A shipped text file's contents."""
    return asset(*parts).read_text(encoding="utf-8")


def clean_text(text: str) -> str:
    """Drop format characters (zero-width joiners and spaces, soft hyphens: "h\u200dack" is
    "hack"), and turn control characters and line or paragraph separators into spaces."""
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        out.append(" " if category in ("Cc", "Zl", "Zp") else ch)
    return "".join(out)
