"""Reading one JSON Lines row, with an error that names where it is and what is wrong."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any


def json_object(raw: str, where: str, required: Sequence[str]) -> dict[str, Any]:
    """The JSON object on one line, with every `required` field present.

    Raises:
        ValueError: ``"<where>: ..."`` saying whether the line is not JSON, not an object, or
            which field is missing.
    """
    try:
        row = json.loads(raw)
    except json.JSONDecodeError as ex:
        raise ValueError(f"{where}: not valid JSON ({ex.msg})") from ex
    if not isinstance(row, dict):
        raise ValueError(f"{where}: expected a JSON object with fields {', '.join(required)}")
    missing = [name for name in required if name not in row]
    if missing:
        raise ValueError(f"{where}: field(s) {', '.join(repr(m) for m in missing)} missing")
    return row
