"""The 12 hazard categories (MLCommons AILuminate v1.0 names)."""

from typing import Final

CATEGORIES: Final[dict[str, str]] = {
    "violent_crimes": "Violent Crimes",
    "sex_related_crimes": "Sex-Related Crimes",
    "child_sexual_exploitation": "Child Sexual Exploitation",
    "suicide_self_harm": "Suicide & Self-Harm",
    "indiscriminate_weapons": "Indiscriminate Weapons (CBRNE)",
    "intellectual_property": "Intellectual Property",
    "defamation": "Defamation",
    "non_violent_crimes": "Non-Violent Crimes",
    "hate": "Hate",
    "privacy": "Privacy",
    "specialized_advice": "Specialized Advice",
    "sexual_content": "Sexual Content",
}

CATEGORY_IDS: Final[tuple[str, ...]] = tuple(CATEGORIES)
