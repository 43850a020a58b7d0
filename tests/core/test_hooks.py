"""Hooks refuse their common mistakes in one sentence: dependencies that are not a list, an effect
that returns something that is not a cleanup."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
import time

import pytest

import pylive as pl
from pylive import html as h
from pylive.testing import render


def with_deps(hook: str, deps: object):
    @pl.component
    def Panel():
        if hook == "use_effect":
            pl.use_effect(lambda: None, deps)
        else:
            pl.use_memo(lambda: 1, deps)
        return h.p("ok")

    return Panel


@pytest.mark.parametrize("hook", ["use_effect", "use_memo"])
@pytest.mark.parametrize("deps", [5, "abc", {1, 2}])
async def test_deps_that_are_not_a_list_name_the_component_and_the_fix(hook, deps, caplog):
    with pytest.raises(TypeError, match=f"as {hook}\\(\\)'s deps"):  # the test fails as the page would
        async with render(with_deps(hook, deps)()):
            pass
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    text = record.getMessage()
    assert f"Panel passed {type(deps).__name__}" in text and f"as {hook}()'s deps" in text
    assert "pass a list of the values it depends on" in text
    assert __file__.rsplit("/", 1)[-1] in text  # the app's line, not pylive's


@pytest.mark.parametrize("deps", [[], (1, "a"), None])
async def test_lists_tuples_and_none_are_deps(deps):
    async with render(with_deps("use_effect", deps)()) as view:
        assert "ok" in view.html()


@pl.component
def Ticker():
    pl.use_effect(lambda: 42, [])
    return h.p("tick")


async def test_an_effect_returning_what_is_not_a_cleanup_is_said_once(caplog):
    async with render(h.div(Ticker(), Ticker()), debug=True) as view:
        assert "tick" in view.html()
        faults = [json.loads(f) for f in view.frames if '"fault"' in f]
    said = [str(r.exc_info[1]) for r in caplog.records if r.exc_info and "not a cleanup" in str(r.exc_info[1])]
    assert len(said) == 1, said  # two instances of the same effect: one line
    assert "Ticker's effect returned int 42, which is not a cleanup" in said[0]
    assert faults and "return a function to run before the next run and on unmount" in faults[-1]["error"]


@pl.component
def Cleaner(log: list):
    pl.use_effect(lambda: lambda: log.append("cleaned"), [])
    return h.p("c")


async def test_a_cleanup_or_nothing_is_not_said(caplog):
    cleaned: list = []
    async with render(Cleaner(cleaned)):
        pass
    assert cleaned == ["cleaned"]
    assert not [r for r in caplog.records if "not a cleanup" in r.getMessage()]


@pl.component
def Training(started: list):
    step, set_step = pl.use_state(0)
    lines = pl.use_stream(key=lambda line: line)

    def train():
        time.sleep(0.05)  # after the click's handler has returned: the page is idle
        for i in range(200):
            set_step(lambda s: s + 1)  # from a worker thread, as an app's training loop would
            if i % 20 == 0:
                time.sleep(0.002)  # while the loop renders what came before
        lines.insert("done")

    def start():
        worker = threading.Thread(target=train)
        started.append(worker)
        worker.start()

    return h.div(h.button("go", on_click=start, id="go"), h.p(str(step), id="step"), h.ul(lines.view(h.li)))


async def test_state_and_streams_changed_from_a_worker_thread_reach_the_page_in_order(caplog):
    started: list = []
    async with render(Training(started)) as view:
        await view.click("#go")
        await asyncio.to_thread(started[0].join, 5)
        await asyncio.wait_for(view.settle(), 5)  # a change stranded off the loop would never settle
        assert view.find("#step").text == "200"  # every update of the thread, none lost
        assert "<li>done</li>" in view.html()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pl.component
def Chart(points: list):
    push = pl.use_push_event()
    return h.canvas(id="c", hook="Chart", on_click=lambda: push("points", points))


@pytest.mark.parametrize(
    ("points", "said"), [([1.0, float("nan")], "its payload[1] is float nan"), (object(), "its payload is object")]
)
async def test_a_push_payload_that_is_not_json_is_refused_where_it_is_pushed(points, said):
    # Sent as it was, NaN broke JSON.parse on the page (the message dropped, the page stalled), and a
    # date failed the whole outgoing message.
    async with render(Chart(points)) as view:
        with pytest.raises(TypeError, match=rf"Chart pushed 'points', but {re.escape(said)}"):
            await view.click("#c")
        assert not [f for f in view.frames if '"push"' in f]


@pl.component
def Shouting():
    text, set_text = pl.use_state("")

    def typed(e):
        # A library's callback thread, which the handler waits for: the loop is held meanwhile.
        worker = threading.Thread(target=lambda: set_text(e.value.upper()))
        worker.start()
        worker.join()

    return h.input(id="t", value=text, on_input=typed)


async def test_a_worker_the_handler_waits_for_changes_state_in_the_pass_that_answers():
    async with render(Shouting()) as view:
        before = len(view.frames)
        await view.input("#t", "ab")
        answers = view.frames[before:]
        assert len(answers) == 1, answers  # one handler, one message, as the README says
        assert json.loads(answers[0])[2:] == [[3, 1, "value", "AB"]]
        assert view.find("#t").value == "AB"


async def test_a_push_payload_is_encoded_once_as_it_was_given():
    async with render(Chart([1.5, {"a": "é"}])) as view:
        await view.click("#c")
        [push] = [json.loads(f) for f in view.frames if '"push"' in f]
        assert push == {"t": "push", "id": 1, "event": "points", "payload": [1.5, {"a": "é"}], "seq": push["seq"]}


def fresh() -> dict:
    return {"n": 0}


@pl.component
def Resettable():
    data, set_data = pl.use_state(fresh)
    return h.button(str(data["n"]), id="r", on_click=lambda: set_data(fresh))


async def test_a_setter_given_a_function_of_no_arguments_says_it_is_an_updater():
    async with render(Resettable()) as view:
        with pytest.raises(TypeError, match=r"called with the current value \(an updater, old -> new\): to store "
                           r"the function, wrap it \(set_x\(lambda _: fresh\)\); to store what it makes, call it"):
            await view.click("#r")
