"""A session's stored state, and the same session made again from it (as another node does)."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

import pylive as pl
from pylive import html as h
from pylive.core.navigation import Location
from pylive.live.session import Session
from pylive.live.snapshot import NotStorable, restore, take


@pl.component
def Counter(label: str):
    count, set_count = pl.use_state(0)
    return h.div(
        h.span(label),
        h.button("+", id=f"inc-{label}", on_click=lambda: set_count(count + 1)),
        h.span(str(count), id=f"value-{label}"),
    )


@pl.component
def Board():
    names, set_names = pl.use_state(("a", "b"))
    text, set_text = pl.use_state("")
    started = pl.use_ref(0)
    return h.main(
        h.form(h.input(name="text", id="text", value=text, on_input=lambda e: set_text(e.value)), id="f"),
        h.button("add", id="add", on_click=lambda: set_names(names + (f"n{len(names)}",))),
        h.button("reverse", id="reverse", on_click=lambda: set_names(names[::-1])),
        h.ul([h.li(Counter(label=n), key=n) for n in names]),
        h.p(str(started.current)),
    )


def node_id(html: str, dom_id: str) -> int:
    head = html[: html.index(f'id="{dom_id}"')]
    return int(head[head.rindex('data-pl="') + 9 :].split('"')[0])


def live(root, url="/"):
    sent: list[str] = []
    session = Session(root, sent.append, location=Location.parse(url))
    session.mount()
    session.go_live()
    return session, sent


async def event(session: Session, seq: int, dom_id: str, type_: str = "click", **data) -> None:
    await session.receive(json.dumps([seq, node_id(session.tree.html(), dom_id), type_, data]))
    await asyncio.sleep(0)


def stored(session: Session) -> dict:
    return json.loads(json.dumps(take(session)))  # as it comes back from the store


async def test_a_restored_session_is_the_same_page_with_the_same_state_and_node_ids():
    a, _ = live(Board())
    await event(a, 1, "add")
    await event(a, 2, "reverse")
    await event(a, 3, "inc-b")
    await event(a, 4, "inc-b")
    await event(a, 5, "inc-n2")
    await event(a, 6, "text", "input", value="half typ")
    snap = stored(a)

    b = Session(Board(), location=Location.parse(snap["url"]))
    assert restore(b, snap) is True
    assert b.tree.html() == a.tree.html()
    assert (b.seq, b.events) == (a.seq, 6)
    sent: list[str] = []
    b.attach(sent.append)
    b.go_live()
    # The same node ids: an event on the browser's page reaches the right handler on the new node.
    await event(b, 7, "inc-b")
    assert 'id="value-b">3<' in b.tree.html()
    assert json.loads(sent[-1])[:2] == [a.seq + 1, 7]


async def test_an_event_handled_already_is_answered_and_not_applied_again():
    a, _ = live(Board())
    await event(a, 1, "inc-a")
    snap = stored(a)
    b = Session(Board(), location=Location.parse(snap["url"]))
    restore(b, snap)
    again: list[str] = []
    b.attach(again.append)
    b.go_live()
    await event(b, 1, "inc-a")  # sent again by the page after the drop
    assert 'id="value-a">1<' in b.tree.html()
    assert json.loads(again[-1]) == [snap["seq"] + 1, 1]


async def test_the_missed_messages_are_kept_for_the_page():
    a, sent = live(Board())
    await event(a, 1, "inc-a")
    await event(a, 2, "inc-a")
    b = Session(Board(), location=Location.parse("/"))
    restore(b, stored(a))
    assert b.missed(1) == sent[1:]


async def test_a_component_whose_hooks_changed_starts_afresh_and_the_rest_resume(caplog):
    a, _ = live(Board())
    await event(a, 1, "inc-a")
    await event(a, 2, "inc-b")
    snap = stored(a)

    global Counter
    old = Counter

    @pl.component
    def Counter(label: str):  # the next version: one more hook
        count, _ = pl.use_state(0)
        pl.use_state(True)
        return h.div(h.span(label), h.span(str(count), id=f"value-{label}"))

    Counter.name = old.name
    try:
        b = Session(Board(), location=Location.parse("/"))
        with caplog.at_level(logging.INFO, logger="pylive"):
            assert restore(b, snap) is False  # not the page the browser shows: it gets this one
    finally:
        Counter = old
    assert 'id="value-a">0<' in b.tree.html()
    assert "Counter's hooks changed since its state was stored" in caplog.text


async def test_state_that_cannot_be_stored_names_the_component_and_hook():
    @pl.component
    def Holder():
        pl.use_state(lambda: (lambda x: x))
        return h.p("x")

    a, _ = live(Holder())
    with pytest.raises(NotStorable) as info:
        take(a)
    assert str(info.value) == "test_state_that_cannot_be_stored_names_the_component_and_hook.<locals>.Holder's use_state hook #1 holds a function (test_state_that_cannot_be_stored_names_the_component_and_hook.<locals>.Holder.<locals>.<lambda>.<locals>.<lambda>)"


async def test_a_ref_that_cannot_be_stored_starts_from_its_initial_value():
    @pl.component
    def Cache():
        ref = pl.use_ref(None)
        count, set_count = pl.use_state(0)
        ref.current = object()
        return h.button(str(count), id="c", on_click=lambda: set_count(count + 1))

    a, _ = live(Cache())
    await event(a, 1, "c")
    snap = stored(a)
    b = Session(Cache(), location=Location.parse("/"))
    assert restore(b, snap) is True
    assert ">1<" in b.tree.html()


async def test_the_location_is_restored():
    app_pages = {"/": lambda: h.p("home"), "/items": lambda: h.p("items")}

    def resolve(location):
        return app_pages[location.path](), None

    a, _ = live(resolve)
    a.router.navigate("/items")
    a.flush(0)
    snap = stored(a)
    assert snap["url"] == "/items"
    b = Session(resolve, location=Location.parse(snap["url"]))
    assert restore(b, snap) is True
    assert ">items<" in b.tree.html()


async def test_timers_start_again_where_the_session_resumes():
    @pl.component
    def Ticker():
        ticks, set_ticks = pl.use_state(0)
        pl.use_interval(lambda: set_ticks(lambda t: t + 1), 10)
        return h.p(str(ticks), id="ticks")

    a, _ = live(Ticker())
    for _ in range(100):
        await asyncio.sleep(0.01)
        if 'id="ticks">2<' in a.tree.html():
            break
    snap = stored(a)
    a.close()  # the node that had it is gone
    b = Session(Ticker(), location=Location.parse(snap["url"]))
    assert restore(b, snap) is True
    assert 'id="ticks">2<' in b.tree.html()
    b.attach(lambda text: None)
    b.go_live()
    for _ in range(100):
        await asyncio.sleep(0.01)
        if 'id="ticks">3<' in b.tree.html():
            break
    assert 'id="ticks">3<' in b.tree.html()  # its timer runs on the new node
    b.close()


async def test_a_snapshot_reusing_the_last_survey_equals_a_fresh_one():
    from pylive.live import snapshot

    a, _ = live(Board())
    steps = [(1, "inc-a"), (2, "add"), (3, "inc-n2"), (4, "reverse"), (5, "inc-b"), (6, "add"), (7, "reverse")]
    take(a)
    for seq, dom_id in steps:
        await event(a, seq, dom_id)
        reused = take(a)
        snapshot._caches.pop(a)
        fresh = take(a)
        assert reused == fresh, dom_id


@pl.component
def Shown(n: int):
    own, set_own = pl.use_state(0)
    return h.p(f"{n}/{own}", h.button("own", id=f"own-{n % 2}", on_click=lambda: set_own(own + 1)))


@pl.component
def Parent():
    count, set_count = pl.use_state(0)
    return h.div(h.button("+", id="up", on_click=lambda: set_count(count + 1)), h.section(Shown(n=count)))


async def test_a_child_rendered_again_for_new_props_is_surveyed_again():
    from pylive.live import snapshot

    a, _ = live(Parent())
    take(a)
    for seq, dom_id in [(1, "up"), (2, "own-1"), (3, "up"), (4, "own-0")]:
        await event(a, seq, dom_id)
        reused = take(a)
        snapshot._caches.pop(a)
        assert reused == take(a), dom_id
