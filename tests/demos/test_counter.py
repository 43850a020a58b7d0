"""The counter demo through pylive.testing: two buttons change the number between them."""

from __future__ import annotations

import json
from types import ModuleType

import pytest
from demo_loader import load_demo

from pylive.testing import render


@pytest.fixture(scope="module")
def counter() -> ModuleType:
    return load_demo("counter")


async def test_counter_counts_up_and_down(counter: ModuleType) -> None:
    async with render(counter.Counter()) as view:
        assert view.find("#value").text == "0"
        await view.click("#inc")
        await view.click("#inc")
        assert view.find("#value").text == "2"
        await view.click("#dec")
        assert view.find("#value").text == "1"
        # Each click is answered by one message carrying one text op.
        last = json.loads(view.frames[-1])
        assert last[2:] == [[0, last[2][1], 0, "1"]]


async def test_counter_starts_where_it_is_told_and_goes_below_zero(counter: ModuleType) -> None:
    async with render(counter.Counter(start=1)) as view:
        assert view.find("#value").text == "1"
        assert view.find("#label").text == "Count"
        for _ in range(3):
            await view.click("#dec")
        assert view.find("#value").text == "-2"
        assert view.find("#dec").attrs["aria-label"] == "decrement"
        assert view.find("#inc").attrs["aria-label"] == "increment"
