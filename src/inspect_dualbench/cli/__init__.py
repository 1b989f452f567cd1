"""The ``inspect-dualbench`` command."""

from __future__ import annotations

import argparse
import sys

from inspect_dualbench.cli import audit, estimate, examples, generate, report
from inspect_dualbench.version import EVAL_VERSION


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="inspect-dualbench",
        description="DUAL-Bench tools: reports from logs, cost estimates, the legibility audit, pair generation, "
        "example images.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {EVAL_VERSION}")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    for command in (report, estimate, audit, generate, examples):
        command.add_parser(sub)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    return int(args.run(args))
