"""The ``inspect-dualbench`` command."""

from __future__ import annotations

import argparse
import sys

from inspect_dualbench.cli import audit, examples, generate, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="inspect-dualbench", description="DUAL-Bench tools")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    audit.add_parser(sub)
    generate.add_parser(sub)
    report.add_parser(sub)
    examples.add_parser(sub)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    return int(args.run(args))
