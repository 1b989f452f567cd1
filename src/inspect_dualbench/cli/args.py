"""Argument types shared by the subcommands."""

from __future__ import annotations

import argparse
from typing import Any


def positive_int(text: str) -> int:
    """An argparse type: an integer of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return value


def subcommand(sub: Any, name: str, doc: str | None) -> argparse.ArgumentParser:
    """A subcommand described by its module's docstring (the first paragraph is the summary in
    the command list), whose help page shows every option's default."""
    text = " ".join((doc or "").split()).removeprefix(f"``inspect-dualbench {name}``: ")
    return sub.add_parser(  # type: ignore[no-any-return]
        name,
        help=text.split(". ")[0],
        description=text,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
