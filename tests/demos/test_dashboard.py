"""The dashboard demo through pylive.testing: frames fill the charts and table; a crossing raises one toast."""

from __future__ import annotations

import asyncio
import json
import time
from types import ModuleType

import pytest
from demo_loader import load_demo_with_local_pubsub

import pylive as pl
from pylive.testing import render


@pytest.fixture
def dash(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    return load_demo_with_local_pubsub("dashboard", monkeypatch)


def calm(tick: int) -> dict:
    return {"tick": tick, "values": {"temperature": 60.0 + tick % 3, "pressure": 101.0, "vibration": 2.0}}


def toasts(view) -> list[str]:
    return [n.text for n in view.find_all(".pl-toast")]


async def test_frames_fill_the_table_and_a_crossing_raises_one_toast(dash: ModuleType) -> None:
    async with render(dash.Dashboard(simulate=False)) as view:
        assert view.find("#frame").text == "waiting…"
        for tick in range(1, 6):
            await pl.broadcast(dash.TOPIC, calm(tick))
        await view.settle()
        assert view.find("#frame").text == "frame 5 · 10 Hz"
        assert view.find("#value-temperature").text == "62.00"
        assert view.find("#status-temperature").text == "ok"
        assert toasts(view) == []

        hot = calm(6)
        hot["values"]["temperature"] = 80.0
        await pl.broadcast(dash.TOPIC, hot)
        await pl.broadcast(dash.TOPIC, hot)  # the same frame from another server: skipped
        await view.settle()
        assert view.find("#status-temperature").text == "over"
        assert len(toasts(view)) == 1 and "Temperature at 80.0" in toasts(view)[0]

        hotter = calm(7)
        hotter["values"]["temperature"] = 82.0
        await pl.broadcast(dash.TOPIC, hotter)  # still over: no second toast
        await view.settle()
        assert len(toasts(view)) == 1
        assert view.find("#frame").text == "frame 7 · 10 Hz"


async def test_a_frame_is_one_small_message(dash: ModuleType) -> None:
    async with render(dash.Dashboard(simulate=False)) as view:
        for tick in range(1, dash.WINDOW + 10):
            await pl.broadcast(dash.TOPIC, calm(tick))
            await view.settle()
        before = len(view.frames)
        await pl.broadcast(dash.TOPIC, calm(dash.WINDOW + 10))
        await view.settle()
        assert len(view.frames) == before + 1
        # A full window slides by constant-size chart patches, not a redraw of the page.
        assert len(view.frames[-1]) < len(view.html()) / 4
        assert json.loads(view.frames[-1])[2:]


async def test_the_streams_broadcast_while_watched_and_stop_when_nobody_does(dash: ModuleType) -> None:
    async with render(dash.Dashboard()) as view:
        deadline = time.monotonic() + 10
        while not view.find("#frame").text.startswith("frame"):
            assert time.monotonic() < deadline, "no frame arrived"
            await asyncio.sleep(0.05)
            await view.settle()
        assert view.find("#value-pressure").text != "–"
    await asyncio.sleep(0.3)
    assert dash.streams.task is not None and dash.streams.task.done()  # nobody watches: it stopped


def test_readings_are_the_same_on_every_server(dash: ModuleType) -> None:
    assert dash.frame(1234) == dash.frame(1234)
    assert dash.frame(1234) != dash.frame(1235)
