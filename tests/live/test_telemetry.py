"""pl.telemetry: the five events, their measurements and metadata, through the in-process driver."""

from __future__ import annotations

import asyncio

import pytest

import pylive as pl
from pylive import html as h
from pylive.live import telemetry
from pylive.testing import render


@pl.component
def Label(text: str):
    return h.span(text, id="label")


@pl.component
def Counter():
    count, set_count = pl.use_state(0)

    def increment():
        set_count(count + 1)

    async def later():
        await asyncio.sleep(0)
        set_count(count + 10)

    def broken():
        raise ValueError("no way")

    return h.div(
        h.button("+", id="inc", on_click=increment),
        h.button("later", id="later", on_click=later),
        h.button("boom", id="boom", on_click=broken),
        Label(text=str(count)),
    )


@pytest.fixture
def seen():
    events: list[tuple[str, dict, dict]] = []
    detach = pl.telemetry.attach(lambda name, m, meta: events.append((name, m, meta)))
    yield events
    detach()


def names(events, name):
    return [(m, meta) for n, m, meta in events if n == name]


async def test_mount_and_render_carry_path_component_and_duration(seen):
    async with render(Counter(), path="/counter"):
        pass
    [(m, meta)] = names(seen, "mount")
    assert meta == {"path": "/counter", "component": "Counter"}
    assert isinstance(m["duration_ms"], float) and m["duration_ms"] >= 0
    rendered = {meta["component"] for _, meta in names(seen, "render")}
    assert rendered == {"Counter", "Label"}  # the app's components: not pylive's router root
    assert all(meta["path"] == "/counter" for _, meta in names(seen, "render"))


async def test_a_click_is_an_event_with_its_handlers_component_and_frame_size(seen):
    async with render(Counter(), path="/c") as view:
        seen.clear()
        await view.click("#inc")
        assert view.find("#label").text == "1"
    [(m, meta)] = names(seen, "event")
    assert meta["path"] == "/c" and meta["component"] == "Counter" and meta["type"] == "click"
    assert meta["handler"].endswith("increment")
    assert m["duration_ms"] >= 0 and m["bytes"] > 10
    # The click re-rendered the counter and its label, each timed on its own.
    assert sorted(meta["component"] for _, meta in names(seen, "render")) == ["Counter", "Label"]


async def test_an_async_handler_is_timed_until_its_reply(seen):
    async with render(Counter()) as view:
        seen.clear()
        await view.click("#later")
        await view.settle()
        assert view.find("#label").text == "10"
    [(m, meta)] = names(seen, "event")
    assert meta["handler"].endswith("later") and m["duration_ms"] >= 0


async def test_a_failing_handler_is_an_error_event(seen):
    async with render(Counter()) as view:
        seen.clear()
        with pytest.raises(ValueError):
            await view.click("#boom")
    [(m, meta)] = names(seen, "error")
    assert meta["component"] == "Counter" and meta["error"] == "ValueError" and meta["kind"] == "handler"
    assert m["duration_ms"] == 0.0
    assert names(seen, "event")  # the event was still answered


async def test_a_failing_render_is_an_error_event(seen):
    @pl.component
    def Broken():
        raise RuntimeError("bad render")

    async with render(h.div(Broken()), raise_errors=False):
        pass
    [(_, meta)] = names(seen, "error")
    assert meta["component"] == Broken.name and meta["kind"] == "render" and meta["message"] == "bad render"


async def test_detach_stops_the_events_and_is_idempotent():
    events = []
    detach = pl.telemetry.attach(lambda *a: events.append(a))
    detach()
    detach()
    async with render(Counter()) as view:
        await view.click("#inc")
    assert events == []
    assert not telemetry.HANDLERS


async def test_a_failing_handler_is_logged_and_the_others_still_run(seen, caplog):
    def bad(name, m, meta):
        raise KeyError("oops")

    detach = pl.telemetry.attach(bad)
    try:
        async with render(Counter()) as view:
            await view.click("#inc")
            assert view.find("#label").text == "1"
    finally:
        detach()
    assert names(seen, "event")
    assert "the telemetry handler" in caplog.text


def test_attach_refuses_what_is_not_callable():
    with pytest.raises(TypeError, match="callable"):
        pl.telemetry.attach("print")


def test_owner_names_the_component_that_defines_a_handler():
    def outer():
        def inner():
            pass

        return inner

    assert telemetry.owner(outer()) == outer.__qualname__
    assert telemetry.owner(test_owner_names_the_component_that_defines_a_handler) == (
        "test_owner_names_the_component_that_defines_a_handler"
    )
