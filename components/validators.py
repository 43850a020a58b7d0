"""Server-side field validators for `Form`: small factories returning `(value, values) -> error | None`.

    validators = {
        "email": [required(), email()],
        "password": [required(), min_length(8)],
        "confirm": [matches("password", "The passwords differ")],
    }

A validator gets the field's value (a `str`, or a list for repeated names) and, if it takes two
arguments, every field's value; it returns an error text, or `None` when the value is fine.
"""

from __future__ import annotations

import inspect
import re
from typing import Any, Callable, Iterable, Mapping

Validator = Callable[..., "str | None"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _blank(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, (str, list, tuple)) and not value) or (
        isinstance(value, str) and not value.strip()
    )


def required(message: str = "This field is required") -> Validator:
    """Fail when the value is missing or blank."""
    return lambda value: message if _blank(value) else None


def min_length(n: int, message: str | None = None) -> Validator:
    """Fail when a non-empty value has fewer than `n` characters (pair with `required` for empty ones)."""
    text = message or f"Use at least {n} characters"
    return lambda value: text if value and len(str(value)) < n else None


def max_length(n: int, message: str | None = None) -> Validator:
    """Fail when the value has more than `n` characters."""
    text = message or f"Use at most {n} characters"
    return lambda value: text if value and len(str(value)) > n else None


def pattern(regex: str, message: str = "This value has the wrong format") -> Validator:
    """Fail when a non-empty value does not fully match `regex`."""
    compiled = re.compile(regex)
    return lambda value: message if value and not compiled.fullmatch(str(value)) else None


def email(message: str = "Enter an email address like name@example.com") -> Validator:
    """Fail when a non-empty value does not look like an email address."""
    return lambda value: message if value and not _EMAIL.match(str(value).strip()) else None


def number_range(low: float | None = None, high: float | None = None, message: str | None = None) -> Validator:
    """Fail when a non-empty value is not a number in `[low, high]`."""

    def check(value: Any) -> str | None:
        if _blank(value):
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            return message or "Enter a number"
        if (low is not None and number < low) or (high is not None and number > high):
            if message:
                return message
            if low is not None and high is not None:
                return f"Enter a number from {low:g} to {high:g}"
            return f"Enter a number of at least {low:g}" if low is not None else f"Enter a number up to {high:g}"
        return None

    return check


def matches(other: str, message: str = "The values do not match") -> Validator:
    """Fail when the value differs from the field named `other`."""
    return lambda value, values: message if (value or "") != (values.get(other) or "") else None


def _takes_values(fn: Validator) -> bool:
    try:
        params = [
            p for p in inspect.signature(fn).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
        ]
    except (TypeError, ValueError):
        return False
    return len(params) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in params)


def validate(validators: Mapping[str, Validator | Iterable[Validator]] | None, values: Mapping[str, Any]) -> dict[str, str]:
    """The first error of each field, by name (fields that pass are left out).

        validate({"age": [required(), number_range(18)]}, {"age": "12"})
        # {"age": "Enter a number of at least 18"}
    """
    errors: dict[str, str] = {}
    for name, checks in (validators or {}).items():
        if callable(checks):
            checks = [checks]
        value = values.get(name)
        for check in checks:
            error = check(value, values) if _takes_values(check) else check(value)
            if error:
                errors[name] = error
                break
    return errors
