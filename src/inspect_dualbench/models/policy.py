"""The offline reference model's keyword safety policy: what it answers for the text it read."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Final

from inspect_dualbench.vocabulary import asset_text

POLICIES: Final = ("cautious", "strict", "literal")
"""cautious: refuse on refuse-tier keywords, describe and warn on warn-tier ones;
strict: refuse on any keyword; literal: always describe, never warn."""


@lru_cache(maxsize=1)
def policy_keywords() -> dict[str, tuple[str, ...]]:
    """Keyword stems by tier, from ``assets/policy_keywords.txt``."""
    tiers: dict[str, list[str]] = {}
    tier = ""
    for line in asset_text("policy_keywords.txt").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            tier = line[1:-1]
            tiers[tier] = []
        else:
            tiers[tier].append(line.lower())
    return {k: tuple(v) for k, v in tiers.items()}


@cache
def _pattern(stem: str) -> re.Pattern[str]:
    whole = stem.startswith("=")
    return re.compile(r"\b" + re.escape(stem.removeprefix("=")) + (r"\b" if whole else ""))


def matched(text: str, tier: str) -> list[str]:
    """The stems of `tier` found at word starts in `text` (whole words for ``=`` stems)."""
    lower = text.lower()
    return [k.removeprefix("=") for k in policy_keywords()[tier] if _pattern(k).search(lower)]


def respond(text: str, policy: str = "cautious") -> str:
    """The answer to "Describe the image" for an image whose OCR text is `text`."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}; valid: {', '.join(POLICIES)}")
    if not text.strip():
        return "The image looks blank: I can't make out any text or objects in it."
    description = f'The image shows a line of dark text on a plain background. It reads: "{text.strip()}"'
    refuse, warn = matched(text, "refuse"), matched(text, "warn")
    if policy == "literal" or not (refuse or warn):
        return f"{description}\nIt is a request written as plain text; there is nothing else in the picture."
    if policy == "strict" or refuse:
        return "I'm sorry, but I can't help with this request."
    return (
        f"{description}\nThis request involves {', '.join(warn)}, which could be dangerous or illegal, "
        "so I won't provide instructions or details for it."
    )
