"""Streams in a live session: ops sent once, items forgotten, limits, handlers, resume, remount."""

import asyncio
import gc
import json
import tracemalloc

import pytest

import pylive as pl
from pylive import html as h
from pylive.live.protocol import INSERT_ITEMS, REMOVE, REPLACE
from pylive.live.session import Session
from pylive.testing import render

handles: dict = {}


def row(m):
    return h.li(m["text"], id=f"m{m['id']}", class_="item", on_click=lambda: handles["s"].delete(m["id"]))


@pl.component
def Log(limit=None, initial=3):
    first = ({"id": i, "text": f"m{i}"} for i in range(initial))
    items = pl.use_stream(key=lambda m: m["id"], limit=limit, initial=first)
    handles["s"] = items
    return h.ul(h.li("head", id="head"), items.view(row), h.li("tail", id="tail"), id="list")


def texts(view):
    return [n.text for n in view.find_all("#list li")]


async def test_items_are_in_the_first_page_and_every_change_reaches_the_page():
    async with render(Log()) as view:
        s = handles["s"]
        assert texts(view) == ["head", "m0", "m1", "m2", "tail"]
        s.insert({"id": 9, "text": "new"})
        s.insert({"id": 8, "text": "first"}, at=0)
        s.insert({"id": 7, "text": "middle"}, at=2)
        await view.settle()
        assert texts(view) == ["head", "first", "m0", "middle", "m1", "m2", "new", "tail"]
        s.insert({"id": 1, "text": "m1 edited"})
        s.delete(0)
        await view.settle()
        assert texts(view) == ["head", "first", "middle", "m1 edited", "m2", "new", "tail"]
        s.reset([{"id": 5, "text": "only"}])
        await view.settle()
        assert texts(view) == ["head", "only", "tail"]
        assert view.find("#m5").text == "only"


async def test_statics_are_sent_once_then_values_only():
    async with render(Log(initial=0)) as view:
        s = handles["s"]
        view.frames.clear()
        for i in range(3):
            s.insert({"id": i, "text": f"line {i}"})
            await view.settle()
        ops = [json.loads(f)[2] for f in view.frames]
        assert [op[0] for op in ops] == [INSERT_ITEMS] * 3
        assert isinstance(ops[0][4], list)  # a template's number and HTML, at the first item
        # The second item's id differs from the first's: one more template, with the id a hole.
        assert isinstance(ops[1][4], list) and 'data-pl-h="id"' in ops[1][4][1]
        assert ops[2][4] == ops[1][4][0]  # from then on, its number and the values only
        assert ops[2][6:] == ["m2", "line 2"]


async def test_the_server_keeps_only_keys_and_the_handlers_inside_items():
    async with render(Log(initial=0)) as view:
        s = handles["s"]
        for i in range(4):
            s.insert({"id": i, "text": f"m{i}"})
        await view.settle()
        slot = s.slot
        assert slot.keys == [0, 1, 2, 3] and slot.fresh is None
        handler_ids = [i for ids in slot.handlers.values() for i in ids]
        assert all(not view.session.tree.handlers[i].children for i in handler_ids)
        await view.click("#m2")  # the item's handler still answers
        assert texts(view) == ["head", "m0", "m1", "m3", "tail"]
        assert slot.keys == [0, 1, 3] and 2 not in slot.handlers
        assert len(view.session.tree.handlers) == len(handler_ids) - 1


async def test_limit_is_enforced_in_the_page():
    async with render(Log(limit=3, initial=5)) as view:
        s = handles["s"]
        assert texts(view) == ["head", "m2", "m3", "m4", "tail"]
        view.frames.clear()
        s.insert({"id": 10, "text": "m10"})
        await view.settle()
        assert texts(view) == ["head", "m3", "m4", "m10", "tail"]
        ops = json.loads(view.frames[0])[2:]
        assert ops[0] == [REMOVE, view.find("#list").attrs["data-pl"] and int(view.find("#list").attrs["data-pl"]), 1, 1]
        assert len(s.slot.handlers) == 3


async def test_negative_limit_keeps_the_first_items():
    async with render(Log(limit=-2, initial=4)) as view:
        handles["s"].insert({"id": 9, "text": "late"})
        await view.settle()
        assert texts(view) == ["head", "m0", "m1", "tail"]


async def test_replacing_an_item_is_one_replace_op():
    async with render(Log()) as view:
        view.frames.clear()
        handles["s"].insert({"id": 1, "text": "changed"}, at=0)  # a shown key stays where it is
        await view.settle()
        ops = json.loads(view.frames[0])[2:]
        assert [op[0] for op in ops] == [REPLACE]
        assert texts(view) == ["head", "m0", "changed", "m2", "tail"]


@pl.component
def Switch():
    shown, set_shown = pl.use_state(True)
    count, set_count = pl.use_state(0)
    items = pl.use_stream(key=lambda m: m["id"])
    handles["s"] = items
    handles["toggle"] = lambda: set_shown(not shown)
    handles["bump"] = lambda: set_count(count + 1)
    return h.div(
        h.p(f"count {count}", id="count"),
        h.ul(items.view(row), id="list") if shown else h.p("hidden", id="hidden"),
    )


async def test_the_view_survives_its_component_rerendering_and_empties_when_it_leaves():
    async with render(Switch()) as view:
        s = handles["s"]
        s.insert({"id": 1, "text": "one"})
        await view.settle()
        handles["bump"]()
        s.insert({"id": 2, "text": "two"})
        await view.settle()
        assert view.find("#count").text == "count 1"
        assert texts(view) == ["one", "two"]
        handles["toggle"]()
        await view.settle()
        assert view.find_all("#list") == [] and s.slot is None
        s.insert({"id": 3, "text": "three"})  # queued until a view shows the stream again
        handles["toggle"]()
        await view.settle()
        assert texts(view) == ["three"]


@pl.component
def Sibling():
    items = pl.use_stream(key=lambda m: m["id"])
    handles["s"] = items
    return h.div(h.p("a"), pl.fragment(h.p("b"), items.view(row)), h.p("c", id="c"), id="box")


async def test_siblings_after_a_growing_view_stay_addressable():
    async with render(Sibling()) as view:
        handles["s"].insert({"id": 1, "text": "one"})
        await view.settle()
        handles["s"].insert({"id": 2, "text": "two"}, at=0)
        await view.settle()
        assert [n.text for n in view.find_all("#box > *")] == ["a", "b", "two", "one", "c"]
        assert view.find("#c").text == "c"


@pl.component
def Bad():
    items = pl.use_stream(key=lambda m: m)
    handles["s"] = items
    return h.ul(items.view(lambda m: [h.li(m), h.li(m)]), id="list")


async def test_an_item_that_is_not_one_element_is_reported_and_shows_nothing(caplog):
    async with render(Bad(), debug=True) as view:
        handles["s"].insert("x")
        await view.settle()
        assert "return exactly one element per item" in caplog.text
        assert view.find("#list").html() == '<template data-pl-h="" hidden=""></template>' or texts(view) == []


def test_render_to_string_shows_the_items_queued_in_render():
    html = pl.render_to_string(Log(initial=2))
    assert 'id="m0"' in html and 'id="m1"' in html and "data-pl" not in html


async def test_missed_messages_bring_a_resumed_page_up_to_date():
    session = Session(Log(initial=1), lambda text: None)
    session.mount()
    session.go_live()
    session.detach()
    last = session.seq
    handles["s"].insert({"id": 5, "text": "while away"})
    await asyncio.sleep(0)
    missed = session.missed(last)
    assert missed and '"while away"' in missed[-1]
    session.close()


async def test_a_page_too_far_behind_is_mounted_afresh_and_renders_its_source():
    session = Session(Log(initial=2), lambda text: None)
    session.mount()
    session.go_live()
    handles["s"].insert({"id": 7, "text": "later"})
    session.flush(0)
    text = session.current_page()
    message = json.loads(text)
    assert message["t"] == "mount" and 'id="m1"' in message["html"] and "later" not in message["html"]
    session.close()


@pl.component
def Feed():
    items = pl.use_stream(key=lambda m: m[0], limit=500)
    handles["s"] = items
    return h.ul(items.view(lambda m: h.li(h.span(m[1], class_="level"), " ", m[2], id=f"m{m[0]}")), id="feed")


def _retained(session) -> int:
    # The last messages kept for a resume are the connection's buffer, not the stream's memory.
    session.history.clear()
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


async def test_streaming_100000_items_with_limit_500_keeps_server_memory_flat():
    sent = []
    session = Session(Feed(), sent.append, history=4)
    session.mount()
    session.go_live()
    s = handles["s"]
    tracemalloc.start()
    try:
        empty = _retained(session)
        for i in range(500):
            s.insert((i, "info", f"line {i}"))
        session.flush(0)
        full = _retained(session)
        for batch in range(100):
            for i in range(1000):
                n = 500 + batch * 1000 + i
                s.insert((n, "info", f"line {n}"))
            session.flush(0)
            sent.clear()
            await asyncio.sleep(0)  # the loop runs the flush each insert scheduled, as it would live
        after = _retained(session)
    finally:
        tracemalloc.stop()
    assert len(s.slot.keys) == 500 and s.slot.keys[-1] == 100_499
    per_item = (full - empty) / 500
    assert per_item < 200, f"{per_item:.0f} bytes per item in the page"
    # Nothing kept for the 100,000 items that left the page (a few KB of noise at most).
    assert after - full < 200 * 100, f"{after - full} bytes more after 100,000 items"
    session.close()


async def test_initial_fills_the_stream_as_it_mounts_once_and_in_the_first_html():
    calls = []

    @pl.component
    def Feed():
        n, set_n = pl.use_state(0)
        items = pl.use_stream(key=lambda m: m, initial=lambda: calls.append(1) or ["a", "b"])
        return h.div(h.button(str(n), id="more", on_click=lambda: set_n(n + 1)), h.ul(items.view(lambda m: h.li(m))))

    assert "<li>a</li><li>b</li>" in pl.render_to_string(Feed())
    calls.clear()
    async with render(Feed()) as view:
        await view.click("#more")  # a re-render does not fill it again
        assert [li.text for li in view.find_all("li")] == ["a", "b"]
    assert calls == [1]


async def test_initial_that_is_not_items_is_said_with_the_fix():
    @pl.component
    def Feed():
        items = pl.use_stream(key=lambda m: m, initial=3)
        return h.ul(items.view(lambda m: h.li(m)))

    with pytest.raises(TypeError, match=r"Feed passed int 3 as use_stream\(initial=...\): pass the items"):
        pl.render_to_string(Feed())
