"""JSON data an app hands to pylive to send on (a hook's push payload, presence meta): checked where
the app hands it over, so that a mistake is said at the app's line, not met by the encoder later.

JSON here is what a browser's `JSON.parse` reads: no NaN or Infinity (Python writes them, and every
page the message reached would drop it), dicts with str keys.
"""

from __future__ import annotations

import json
from typing import Any

#: What to pass instead, for the sentence that refuses a value.
KINDS = "str, number, bool, None, list, dict with str keys"

#: Compact JSON as a browser reads it; raises `TypeError` or `ValueError` for anything else.
encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def not_json(value: Any, where: str) -> str | None:
    """None if `value` is JSON, else a phrase naming its first part that is not (`meta['since'] is date
    datetime.date(2024, 1, 2), which is not JSON`)."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return _first_bad(value, where)
    return None


def _first_bad(value: Any, where: str, depth: int = 0) -> str:
    if depth > 100:
        return f"{where} nests too deep (or holds itself)"
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{where} has the key {key!r}, which is not a str"
            if not_json(item, "") is not None:
                return _first_bad(item, f"{where}[{key!r}]", depth + 1)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            if not_json(item, "") is not None:
                return _first_bad(item, f"{where}[{i}]", depth + 1)
    return f"{where} is {type(value).__name__} {value!r:.40}, which is not JSON"
