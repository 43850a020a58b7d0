"""`pl.ErrorBoundary`: a fallback for a part of the page whose components fail, and its reset."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

import pylive as pl
from pylive import html as h
from pylive.live.session import Session
from pylive.testing import render


@pl.component
def Fragile(n: int):
    if n == 2:
        raise ValueError("two is bad")
    return h.span(f"n={n}", id="shown")


def retry(error, reset):
    return h.p(f"oops: {error}", h.button("retry", id="retry", on_click=lambda e: reset()), id="fallback")


async def test_a_failure_on_the_first_render_shows_the_fallback_in_the_first_html(caplog):
    page = pl.ErrorBoundary(Fragile(2), fallback=retry)
    assert "oops: two is bad" in pl.render_to_string(page)
    async with render(pl.ErrorBoundary(Fragile(2), fallback=retry)) as view:  # caught: the test goes on
        assert view.find("#fallback").text.startswith("oops: two is bad")
    assert "its ErrorBoundary shows the fallback" in caplog.text


async def test_a_failure_on_a_later_render_replaces_the_children_and_reset_mounts_them_afresh():
    @pl.component
    def Counter(fail_at: int):
        n, set_n = pl.use_state(0)
        if n == fail_at:
            raise RuntimeError("boom")
        return h.button(str(n), id="count", on_click=lambda e: set_n(n + 1))

    async with render(h.main(pl.ErrorBoundary(Counter(2), fallback=retry), h.p("still here", id="other"))) as view:
        await view.click("#count")
        await view.click("#count")
        assert view.find("#fallback").text.startswith("oops: boom")
        assert view.find("#other").text == "still here"
        await view.click("#retry")
        assert view.find("#count").text == "0"  # mounted afresh: its state starts again


async def test_a_change_of_reset_keys_tries_the_children_again():
    @pl.component
    def Page():
        n, set_n = pl.use_state(1)
        return h.div(
            h.button("+", id="inc", on_click=lambda e: set_n(n + 1)),
            pl.ErrorBoundary(Fragile(n), fallback=retry, reset_keys=[n]),
        )

    async with render(Page()) as view:
        await view.click("#inc")
        assert view.find("#fallback")
        await view.click("#inc")
        assert view.find("#shown").text == "n=3"


async def test_without_reset_keys_the_fallback_stays_until_reset():
    @pl.component
    def Page():
        n, set_n = pl.use_state(1)
        return h.div(h.button("+", id="inc", on_click=lambda e: set_n(n + 1)), pl.ErrorBoundary(Fragile(n), fallback=retry))

    async with render(Page()) as view:
        await view.click("#inc")
        await view.click("#inc")
        assert view.find("#fallback")
        await view.click("#retry")
        assert view.find("#shown").text == "n=3"


async def test_the_default_fallback_is_an_alert_with_a_button_that_tries_again():
    @pl.component
    def Once():
        tries = pl.use_ref(0)
        return h.div(pl.ErrorBoundary(Flaky(tries)))

    @pl.component
    def Flaky(tries):
        tries.current += 1
        if tries.current == 1:
            raise ValueError("first try fails")
        return h.span("fine", id="fine")

    async with render(Once()) as view:
        notice = view.find(".pl-error-boundary")
        assert notice.attrs["role"] == "alert"
        await view.click(".pl-error-boundary button")
        assert view.find("#fine").text == "fine"


async def test_an_element_as_fallback_and_on_error_called_once_per_failure():
    caught = []
    page = pl.ErrorBoundary(Fragile(2), fallback=h.p("unavailable", id="fallback"), on_error=caught.append)
    async with render(page) as view:
        assert view.find("#fallback").text == "unavailable"
    assert [str(e) for e in caught] == ["two is bad"]


async def test_a_failing_effect_shows_the_fallback():
    @pl.component
    def Effectful():
        def fail():
            raise OSError("sensor offline")

        pl.use_effect(fail, [])
        return h.span("reading", id="reading")

    async with render(pl.ErrorBoundary(Effectful(), fallback=retry)) as view:
        await view.settle()
        assert view.find("#fallback").text.startswith("oops: sensor offline")


async def test_the_nearest_boundary_catches_and_a_failing_fallback_goes_to_the_one_above():
    inner = pl.ErrorBoundary(Fragile(2), fallback=h.p("inner", id="inner"))
    async with render(pl.ErrorBoundary(h.div(inner, Fragile(1)), fallback=h.p("outer", id="outer"))) as view:
        assert view.find("#inner") and view.find("#shown").text == "n=1"
    async with render(pl.ErrorBoundary(pl.ErrorBoundary(Fragile(2), fallback=BrokenFallback), fallback=retry)) as view:
        assert view.find("#fallback").text.startswith("oops: the fallback failed too")


@pl.component
def BrokenFallback(error, reset):
    raise LookupError("the fallback failed too")


async def test_a_failing_on_error_is_reported_and_the_fallback_still_shows(caplog):
    def on_error(error):
        raise KeyError("reporter down")

    async with render(pl.ErrorBoundary(Fragile(2), fallback=retry, on_error=on_error)) as view:
        assert view.find("#fallback")
    assert "on_error failed for Fragile" in caplog.text


async def test_a_failure_outside_any_boundary_still_fails_a_test():
    with pytest.raises(ValueError, match="two is bad"):
        async with render(h.div(Fragile(2))):
            pass


async def test_a_failing_handler_is_not_a_render_failure_and_the_children_stay(caplog):
    @pl.component
    def Clicky():
        def boom(e):
            raise RuntimeError("handler failed")

        return h.button("go", id="go", on_click=boom)

    caplog.set_level(logging.ERROR, "pylive")
    async with render(pl.ErrorBoundary(Clicky(), fallback=retry)) as view:
        with pytest.raises(RuntimeError, match="handler failed"):
            await view.click("#go")
        assert view.find("#go")


async def test_development_mode_still_shows_a_caught_failure_in_the_overlay():
    sent: list[str] = []
    session = Session(pl.ErrorBoundary(Fragile(2), fallback=retry), sent.append, debug=True)
    assert "oops: two is bad" in session.mount()
    session.go_live()
    await asyncio.sleep(0)
    fault = json.loads(sent[-1])
    assert fault["t"] == "fault" and fault["error"].startswith("Fragile failed to render")
    session.close()


async def test_a_failure_inside_a_stream_item_shows_the_fallback_in_the_same_pass():
    # Stream items render after the pass's dirty components: the boundary they mark dirty then
    # must still render in that pass, or the page would wait for some later event to show it.
    @pl.component
    def Feed():
        items = pl.use_stream(key=lambda n: n)
        return h.div(
            h.button("add", id="add", on_click=lambda: items.insert(len(items) + 1)),
            h.ul(items.view(lambda n: h.li(Fragile(n)))),
        )

    async with render(pl.ErrorBoundary(Feed(), fallback=retry)) as view:
        await view.click("#add")
        await view.click("#add")
        assert view.find("#fallback").text.startswith("oops: two is bad")
        assert not view.session.tree.dirty
