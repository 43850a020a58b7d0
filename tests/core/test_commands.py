"""`pl.js` client commands: how a chain is built, encoded into the binding, and called on the server."""

from __future__ import annotations

import pytest

import pylive as pl
from pylive import html as h
from pylive.testing import render


def test_a_chain_is_immutable_and_encodes_readably():
    base = pl.js.hide("#menu")
    chained = base.add_class("open", to="#btn")
    assert base.ops == (("hide", "#menu"),)
    assert chained.encode() == "hide,#menu;add_class,#btn,open"
    assert pl.js.ops == ()  # the shared start of every chain never changes


def test_separators_in_arguments_are_escaped():
    cmd = pl.js.set_attr("title", "a, b; c|d 100%", to="#x .y")
    assert cmd.encode() == "set_attr,#x%20.y,title,a%2C%20b%3B%20c%7Cd%20100%25"


def test_commands_alone_are_local_and_pushed_ones_go_to_the_server():
    local = h.button("x", on_click=pl.js.toggle("#menu"))
    pushed = h.button("x", on_click=pl.js.toggle("#menu").push(lambda: None))
    assert local.bindings == "click|l|j=toggle,#menu"
    assert pushed.bindings == "click|j=toggle,#menu"


def test_commands_combine_with_event_modifiers():
    el = h.div(on_window_keydown=pl.event(pl.js.show("#palette"), keys=["Control+k"], prevent_default=True))
    assert el.bindings == "window_keydown|p|k=Control%2Bk|l|j=show,#palette"


def test_bad_arguments_fail_when_the_tree_is_built():
    with pytest.raises(TypeError, match="class name"):
        pl.js.add_class("  ")
    with pytest.raises(TypeError, match="onclick"):
        pl.js.set_attr("onclick", "alert(1)")
    with pytest.raises(TypeError, match="handler"):
        pl.js.push("save")


@pl.component
def Menu():
    saved, set_saved = pl.use_state(0)
    return h.div(
        h.button("menu", id="toggle", on_click=pl.js.toggle("#menu").toggle_class("open", to="#toggle")),
        h.button("save", id="save", on_click=pl.js.add_class("saving", to="#menu").push(lambda: set_saved(saved + 1))),
        h.ul(h.li("a"), id="menu", class_=["menu", saved and "dirty"], style="color: red"),
        h.p(str(saved), id="saved"),
    )


async def test_the_driver_applies_commands_without_a_round_trip():
    async with render(Menu()) as view:
        sent = len(view.frames)
        await view.click("#toggle")
        assert len(view.frames) == sent  # nothing went to the server
        assert view.find("#menu").attrs["style"] == "color: red; display: none"
        assert "open" in view.find("#toggle").attrs["class"].split()
        await view.click("#toggle")
        assert view.find("#menu").attrs["style"] == "color: red"
        assert "open" not in view.find("#toggle").attrs["class"].split()


async def test_a_command_wins_over_later_patches_and_push_calls_the_handler():
    async with render(Menu()) as view:
        await view.click("#save")  # adds "saving", then the server re-renders the class to "menu dirty"
        assert view.find("#saved").text == "1"
        assert view.find("#menu").attrs["class"].split() == ["menu", "dirty", "saving"]
        await view.click("#toggle")  # hidden by a command
        await view.click("#save")
        assert "display: none" in view.find("#menu").attrs["style"]


def test_dispatch_carries_the_event_name_and_its_detail_as_json():
    cmd = pl.js.dispatch("copy", to="#code", detail={"text": "a, b"})
    assert cmd.ops == (("dispatch", "#code", "copy", '{"text":"a, b"}'),)
    assert pl.js.dispatch("click", to="#file").encode() == "dispatch,#file,click,"
    with pytest.raises(TypeError, match="event name"):
        pl.js.dispatch("")
    with pytest.raises(TypeError, match="takes JSON"):
        pl.js.dispatch("x", detail={"when": object()})
