"""`pl.use_async`: loading, value and error states, threads against the loop, and stale runs dropped."""

from __future__ import annotations

import asyncio
import threading

import pytest

import pylive as pl
from pylive import html as h
from pylive.testing import render


def show(res: pl.AsyncResult):
    if res.loading:
        return h.p("loading", id="out")
    if res.error is not None:
        return h.p(f"error: {res.error}", id="out")
    return h.p(f"value: {res.value}", id="out")


async def test_first_render_is_loading_then_the_value_arrives():
    seen = []

    @pl.component
    def Page():
        async def load():
            await asyncio.sleep(0.01)
            return 42

        res = pl.use_async(load, [])
        seen.append(res.loading)
        return show(res)

    assert "loading" in pl.render_to_string(Page())  # the first HTTP response shows the loading state
    async with render(Page()) as view:
        await view.settle()
        assert view.find("#out").text == "value: 42"
        assert seen[-2:] == [True, False]


async def test_a_plain_function_runs_in_a_worker_thread_and_async_on_the_loop():
    threads = {}

    @pl.component
    def Page():
        def blocking():
            threads["plain"] = threading.current_thread()
            return "plain"

        async def on_loop():
            threads["async"] = threading.current_thread()
            return "async"

        a = pl.use_async(blocking, [])
        b = pl.use_async(on_loop, [])
        return h.div(h.span(str(a.value), id="a"), h.span(str(b.value), id="b"))

    async with render(Page()) as view:
        await view.settle()
        assert (view.find("#a").text, view.find("#b").text) == ("plain", "async")
        assert threads["async"] is threading.main_thread()
        assert threads["plain"] is not threading.main_thread()


async def test_an_error_is_the_result_and_reload_runs_again(caplog):
    calls = []

    @pl.component
    def Page():
        def flaky():
            calls.append(1)
            if len(calls) == 1:
                raise ConnectionError("the service is down")
            return "ok"

        res = pl.use_async(flaky, [])
        return h.div(show(res), h.button("retry", id="retry", on_click=res.reload))

    async with render(Page()) as view:
        await view.settle()
        assert view.find("#out").text == "error: the service is down"
        assert "flaky failed" in caplog.text  # the developer hears of it, in one line
        await view.click("#retry")
        await view.settle()
        assert view.find("#out").text == "value: ok"


async def test_new_deps_cancel_the_stale_run_which_never_updates():
    started, cancelled = [], []
    gates: dict[int, asyncio.Event] = {}

    @pl.component
    def Page():
        n, set_n = pl.use_state(1)

        async def load():
            started.append(n)
            gates[n] = asyncio.Event()
            try:
                await gates[n].wait()
            except asyncio.CancelledError:
                cancelled.append(n)
                raise
            return n * 10

        res = pl.use_async(load, [n])
        return h.div(show(res), h.button("next", id="next", on_click=lambda: set_n(n + 1)))

    async with render(Page()) as view:
        await asyncio.sleep(0.05)
        assert started == [1]
        await view.click("#next")
        await asyncio.sleep(0.05)
        assert started == [1, 2] and cancelled == [1]
        assert view.find("#out").text == "loading"
        gates[2].set()
        await view.settle()
        assert view.find("#out").text == "value: 20"


async def test_a_thread_made_stale_by_new_deps_is_dropped():
    release = {1: threading.Event(), 2: threading.Event()}

    @pl.component
    def Page():
        n, set_n = pl.use_state(1)

        def load(n=n):
            release[n].wait(5)
            return n

        res = pl.use_async(load, [n])
        return h.div(show(res), h.button("next", id="next", on_click=lambda: set_n(n + 1)))

    async with render(Page()) as view:
        await view.click("#next")
        release[2].set()
        await asyncio.sleep(0.2)
        assert view.find("#out").text == "value: 2"
        release[1].set()  # the stale thread finishes last: its result is dropped
        await asyncio.sleep(0.2)
        await view.settle()
        assert view.find("#out").text == "value: 2"


async def test_unmount_cancels_the_run():
    cancelled = []

    @pl.component
    def Loader():
        async def load():
            try:
                await asyncio.sleep(30)
            except asyncio.CancelledError:
                cancelled.append(True)
                raise

        return show(pl.use_async(load, []))

    @pl.component
    def Page():
        shown, set_shown = pl.use_state(True)
        return h.div(Loader() if shown else None, h.button("hide", id="hide", on_click=lambda: set_shown(False)))

    async with render(Page()) as view:
        await asyncio.sleep(0.02)
        await view.click("#hide")
        await asyncio.sleep(0.02)
        assert cancelled == [True]
        assert not view.find_all("#out")


def test_deps_are_required():
    @pl.component
    def Page():
        pl.use_async(lambda: 1, None)  # type: ignore[arg-type]
        return h.p()

    with pytest.raises(TypeError, match="list of the values"):
        pl.render_to_string(Page())
