"""`@app.background`: an app's own loop runs while the server serves, once per process, cancelled as
it stops; a failure is logged, and a function that is not `async def` is refused where it is given."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import urllib.request

import pytest

import pylive as pl
from pylive import html as h
from pylive.testing import LiveServer


@pl.component
def Page():
    return h.p("page")


def wait_for(check, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_background_task_runs_while_serving_and_is_cancelled_as_the_server_stops() -> None:
    app = pl.App(Page)
    ticks: list[int] = []
    stopped = threading.Event()

    @app.background
    async def simulate() -> None:
        try:
            while True:
                ticks.append(len(ticks))
                await pl.broadcast("sensors", len(ticks))
                await asyncio.sleep(0.01)
        finally:
            stopped.set()

    with LiveServer(app) as server:
        assert urllib.request.urlopen(server.url).status == 200
        wait_for(lambda: len(ticks) >= 5)
        assert not stopped.is_set()
    assert stopped.is_set()  # cancelled with the server, its cleanup run
    stopped.clear()
    with LiveServer(app):  # served again in the same process (a test suite's next test): started again
        before = len(ticks)
        wait_for(lambda: len(ticks) >= before + 5)
    assert stopped.is_set()


def test_a_task_that_will_not_stop_does_not_hold_the_server(monkeypatch, caplog) -> None:
    from pylive.server import background

    monkeypatch.setattr(background, "STOP_SECONDS", 0.2)
    app = pl.App(Page)

    @app.background
    async def stubborn() -> None:
        try:
            await asyncio.sleep(60)
        finally:
            await asyncio.sleep(10)  # a slow cleanup (closing a device, say)

    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="pylive"), LiveServer(app):
        pass
    assert time.monotonic() - started < 5
    assert any("did not stop within" in r.getMessage() for r in caplog.records)


def test_a_failing_background_task_is_logged_with_its_name(caplog) -> None:
    app = pl.App(Page)

    @app.background
    async def poll() -> None:
        raise ConnectionError("the sensor bus is down")

    with caplog.at_level(logging.ERROR, logger="pylive"), LiveServer(app):
        wait_for(lambda: any("background task" in r.getMessage() for r in caplog.records))
    [record] = [r for r in caplog.records if "background task" in r.getMessage()]
    assert "poll failed, and stopped" in record.getMessage() and record.exc_info[0] is ConnectionError


def test_a_function_that_is_not_async_is_refused_where_it_is_given() -> None:
    app = pl.App(Page)
    with pytest.raises(TypeError, match="@app.background takes an `async def` function of no arguments, not tick"):

        @app.background
        def tick() -> None: ...
