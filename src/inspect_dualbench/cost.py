"""What a run will cost before it is run: calls, tokens and, given prices, dollars.

Tokens per call are measured from a finished log when one is given (a ``mini`` run is the
cheap way to get one); otherwise the defaults below are used and labelled as assumptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from inspect_ai.log import EvalLog
from inspect_ai.model import ModelCost

ASSUMED_TOKENS: Final[dict[str, tuple[int, int]]] = {"subject": (300, 200), "judge": (500, 60)}
"""(input, output) tokens per call by role when no log is given. Subject: a 512 px image is about
255 input tokens at OpenAI's high detail, plus the prompt; 200 output tokens is a guess at a
description with a warning. Judge: the template (about 1,300 characters) plus instruction and
answer, and a short reasoning with its verdict line. Measure with a ``mini`` run instead."""


@dataclass(frozen=True)
class Line:
    """One model's share of a run."""

    role: str
    model: str
    calls: int
    input_tokens: int
    output_tokens: int
    measured: bool
    dollars: float | None


def role_tokens(log: EvalLog, role: str) -> tuple[int, int] | None:
    """Total (input, output) tokens of the subject (``role="subject"``) or of every other model
    together (the judge), from a log's usage; None when no such model was called."""
    chosen = [u for m, u in log.stats.model_usage.items() if (m == log.eval.model) == (role == "subject")]
    if not chosen:
        return None
    return sum(u.input_tokens for u in chosen), sum(u.output_tokens for u in chosen)


def per_call_tokens(log: EvalLog, role: str) -> tuple[int, int] | None:
    """Mean (input, output) tokens per sample of a role (`role_tokens`) in a finished log; None
    when it has none."""
    samples = log.results.completed_samples if log.results else 0
    totals = role_tokens(log, role) if samples else None
    return (round(totals[0] / samples), round(totals[1] / samples)) if totals else None


def line(role: str, model: str, calls: int, tokens: tuple[int, int], measured: bool, cost: ModelCost | None) -> Line:
    """A model's calls and tokens, and dollars when its price is known ($ per million tokens)."""
    total_in, total_out = calls * tokens[0], calls * tokens[1]
    dollars = (total_in * cost.input + total_out * cost.output) / 1e6 if cost else None
    return Line(role, model, calls, total_in, total_out, measured, dollars)
