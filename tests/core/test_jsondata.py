"""JSON data an app hands over is checked where it is handed over, naming the first part that is not JSON."""

from __future__ import annotations

import datetime
import math

import pytest

from pylive.core.jsondata import not_json


@pytest.mark.parametrize("value", [None, 1, 1.5, "x", True, [1, "a"], {"a": [1, {"b": None}]}, (1, 2)])
def test_json_is_json(value) -> None:
    assert not_json(value, "it") is None


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (math.nan, "it is float nan, which is not JSON"),
        ({"a": [1, math.inf]}, "it['a'][1] is float inf, which is not JSON"),
        ({"since": datetime.date(2024, 1, 2)}, "it['since'] is date datetime.date(2024, 1, 2), which is not JSON"),
        ({(1, 2): "a"}, "it has the key (1, 2), which is not a str"),
        ([{1, 2}], "it[0] is set {1, 2}, which is not JSON"),
    ],
)
def test_the_first_part_that_is_not_json_is_named(value, said) -> None:
    # NaN and Infinity are what Python writes and JSON.parse refuses: every page would drop the message.
    assert not_json(value, "it") == said
