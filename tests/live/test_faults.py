"""Failures as the log and the overlay say them: the one line names the app's code, not pylive's."""

from __future__ import annotations

import components
import pylive as pl
from pylive.live import faults


def test_the_line_named_is_the_apps_even_when_pylive_or_a_stock_component_raised() -> None:
    @pl.component
    def Form():
        return components.Button("Save", lable="x")  # a misspelled prop, refused by the component

    try:
        Form.fn()
    except TypeError as exc:
        line = faults.summary(exc)
    assert line.startswith("TypeError: Button() got an unexpected prop 'lable'")
    assert line.endswith(f"(at {__file__}:{Form.fn.__code__.co_firstlineno + 2})")


def test_an_exception_never_raised_is_its_text() -> None:
    assert faults.summary(ValueError("bad")) == "ValueError: bad"
