"""Event names: a misspelled `on_<event>=` is refused with the name it meant, never bound silently."""

from __future__ import annotations

import json
import logging

import pytest

import pylive as pl
from pylive import html as h
from pylive.core import domevents
from pylive.core.element import TreeError
from pylive.testing import render


def nothing(*args: object) -> None:
    pass


@pytest.mark.parametrize(
    ("build", "meant"),
    [
        (lambda: h.button("Add", on_clik=nothing), "on_click"),
        (lambda: h.input(type="checkbox", on_chnage=nothing), "on_change"),
        (lambda: h.form(on_submti=nothing), "on_submit"),
        (lambda: h.div(on_window_keydwn=nothing), "on_window_keydown"),
        (lambda: h.div(on_viewport_entr=nothing), "on_viewport_enter"),
        (lambda: h.div(on_click_awy=nothing), "on_click_away"),
    ],
)
def test_a_misspelled_event_is_refused_with_the_name_it_meant(build, meant):
    with pytest.raises(TreeError, match=rf"binds no event a browser fires: did you mean {meant}=\?"):
        build()


def test_the_events_a_browser_or_pylive_fires_bind():
    el = h.div(
        on_click=nothing,
        on_pointerdown=nothing,
        on_window_hashchange=nothing,
        on_window_keydown=nothing,
        on_viewport_leave=nothing,
        on_click_away=nothing,
    )
    assert set(el.events) == {
        "click", "pointerdown", "window_hashchange", "window_keydown", "viewport_leave", "click_away"
    }


def test_a_hooks_events_and_a_custom_elements_are_the_apps_to_name(caplog):
    assert set(h.div(hook="Pad", on_draw=nothing, on_ping=nothing).events) == {"draw", "ping"}
    assert set(h.element("sl-select", on_sl_change=nothing).events) == {"sl_change"}
    assert not caplog.records


def test_an_unknown_name_far_from_any_event_binds_and_is_logged_once(caplog, monkeypatch):
    monkeypatch.setattr(domevents, "_warned", set())
    with caplog.at_level(logging.WARNING, logger="pylive"):
        for _ in range(3):
            assert set(h.div(on_frobnicate=nothing).events) == {"frobnicate"}
    [record] = caplog.records
    assert "on_frobnicate= of <div> binds no event a browser fires" in record.getMessage()


@pl.component
def Todo():
    return h.form(h.button("Add", on_clik=nothing), id="todo")


async def test_in_development_the_page_names_the_component_and_the_fix():
    async with render(Todo(), debug=True, raise_errors=False) as view:
        faults = [json.loads(f) for f in view.frames if '"fault"' in f]
        assert faults and faults[-1]["error"].startswith("Todo failed to render")
        assert "did you mean on_click=?" in faults[-1]["error"]
