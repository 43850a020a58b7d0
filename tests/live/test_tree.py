"""The mounted tree's render passes and the cyclic collector they hold off."""

from __future__ import annotations

import asyncio
import gc
import json
import threading

import pylive as pl
from pylive import html as h
from pylive.live.tree import Tree
from pylive.testing import render


def test_the_collector_stays_off_until_the_last_of_overlapping_passes_in_two_threads_ends() -> None:
    # First renders run in a worker thread while the loop renders: each pass reading and setting
    # the collector on its own could leave it off for good.
    entered, release = threading.Event(), threading.Event()

    @pl.component
    def Slow():
        entered.set()
        release.wait(5)
        return h.p("slow")

    assert gc.isenabled()
    worker = threading.Thread(target=lambda: Tree().mount(Slow()))
    worker.start()
    try:
        assert entered.wait(5)
        assert not gc.isenabled()  # the worker's pass holds it off
        Tree().mount(h.p("inside"))  # a whole pass on this thread, inside the worker's
        assert not gc.isenabled()  # still held: the worker's pass has not ended
    finally:
        release.set()
        worker.join(5)
    assert gc.isenabled()


def test_a_pass_that_fails_turns_the_collector_back_on() -> None:
    @pl.component
    def Broken():
        raise RuntimeError("boom")

    tree = Tree()
    tree.mount(Broken())  # the error boundary shows it; the pass ends normally
    assert gc.isenabled()


@pl.component
def Restless():
    n, set_n = pl.use_state(0)
    set_n(n + 1)  # in the body: every render asks for another
    return h.p(str(n))


async def test_state_set_on_every_render_is_stopped_and_said_with_the_fix(caplog) -> None:
    from pylive.live.tree import MAX_RENDERS_PER_PASS

    async with render(Restless(), debug=True) as view:
        assert view.html() == f"<p>{MAX_RENDERS_PER_PASS}</p>"  # stopped, and the page still answers
        faults = [json.loads(f) for f in view.frames if '"fault"' in f]
    assert faults and "Restless's state was set while rendering" in faults[-1]["error"]
    assert "set state in a handler or an effect, not while rendering" in caplog.text


@pl.component
def DigitsOnly():
    code, set_code = pl.use_state("12")
    return h.div(
        h.input(id="code", value=code, on_input=lambda e: set_code("".join(c for c in e.value if c.isdigit()))),
        h.input(id="free", on_input=lambda e: None),
        h.input(id="keys", value=code, on_keydown=lambda e: None),
    )


async def test_a_controlled_input_whose_handler_refuses_the_keystroke_shows_its_state_again() -> None:
    # React puts a controlled input's value back after every change: a digits-only field stays
    # digits even when the state does not change (no render would send the value again).
    async with render(DigitsOnly()) as view:
        await view.input("#code", "12x")
        assert view.find("#code").value == "12"
        await view.input("#code", "123")
        await view.input("#code", "123y")
        assert view.find("#code").value == "123"


async def test_an_uncontrolled_input_and_other_events_keep_what_the_user_typed() -> None:
    async with render(DigitsOnly()) as view:
        await view.input("#free", "abc")  # no value=: the browser owns it
        assert view.find("#free").value == "abc"
        view.find("#keys").value = "12ab"
        await view.keydown("#keys", "b")  # not a change of value: nothing to put back
        assert view.find("#keys").value == "12ab"


@pl.component
def Amount():
    amount, set_amount = pl.use_state(1.0)

    def typed(e: pl.Event) -> None:
        if e.value:
            set_amount(float(e.value))

    return h.input(id="amount", type="number", value=f"{amount:g}", on_input=typed)


async def test_a_number_input_keeps_a_number_written_another_way() -> None:
    # "1." and "1.0" are the 1 the state holds: put back, the user could never type "1.5".
    async with render(Amount()) as view:
        await view.input("#amount", "1.")
        assert view.find("#amount").value == "1."
        await view.input("#amount", "")  # refused by the handler: the state shows, as in React
        assert view.find("#amount").value == "1"


@pl.component
def Editing():
    editing, set_editing = pl.use_state(True)

    async def save(e):
        await asyncio.sleep(0)
        set_editing(False)  # re-rendered with no attributes at all: nothing to put back

    return h.input(value="draft" if editing else None, on_input=save)


async def test_an_async_handler_that_renders_its_field_bare_still_answers() -> None:
    async with render(Editing()) as view:
        await asyncio.wait_for(view.input("input", "drafted"), 5)
        assert view.html() == "<input>"


@pl.component
def Committed(saved: list):
    return h.input(id="name", value="draft", on_change=lambda e: saved.append(e.value))


async def test_a_text_field_whose_change_is_saved_elsewhere_keeps_what_was_typed() -> None:
    # on_change fires as the value is committed: a save elsewhere, not React's per-keystroke onChange.
    saved: list = []
    async with render(Committed(saved)) as view:
        await view.change("#name", "draft 2")
        assert saved == ["draft 2"] and view.find("#name").value == "draft 2"
