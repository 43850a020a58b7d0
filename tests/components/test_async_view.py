"""AsyncView's three states, and Dropdown opened and closed by client commands."""

from __future__ import annotations

import asyncio

import pylive as pl
from components import AsyncView, Dropdown
from pylive import html as h
from pylive.testing import render


@pl.component
def Orders(fail: bool = False):
    async def load():
        await asyncio.sleep(0.01)
        if fail:
            raise LookupError("no such customer")
        return ["tea", "cake"]

    res = pl.use_async(load, [fail])
    return AsyncView(res, lambda orders: h.ul([h.li(o, key=o) for o in orders]), id="orders")


async def test_loading_then_the_rendered_value():
    assert 'aria-busy="true"' in pl.render_to_string(Orders())
    async with render(Orders()) as view:
        await view.settle()
        assert [li.text for li in view.find_all("#orders li")] == ["tea", "cake"]
        assert "aria-busy" not in view.find("#orders").attrs


async def test_an_error_shows_an_alert_whose_button_reloads():
    async with render(Orders(fail=True)) as view:
        await view.settle()
        assert "no such customer" in view.find("#orders [role=alert]").text
        await view.click("#orders button")
        assert view.find("#orders").attrs["aria-busy"] == "true"


@pl.component
def Toolbar():
    picked, set_picked = pl.use_state("")
    return h.div(
        Dropdown("Export", [("CSV", lambda: set_picked("csv")), ("JSON", lambda: set_picked("json"))], id="export"),
        h.p(picked, id="picked"),
    )


async def test_dropdown_opens_in_the_browser_and_an_item_calls_its_handler():
    async with render(Toolbar()) as view:
        assert "hidden" in view.find("#export-menu").attrs
        sent = len(view.frames)
        await view.click("#export-button")
        assert len(view.frames) == sent
        assert "hidden" not in view.find("#export-menu").attrs
        assert view.find("#export-button").attrs["aria-expanded"] == "true"
        await view.click("#export-menu button:nth-child(2)")
        assert view.find("#picked").text == "json"
        assert "display: none" in view.find("#export-menu").attrs["style"]
        assert view.find("#export-button").attrs["aria-expanded"] == "false"


async def test_escape_anywhere_in_the_dropdown_closes_it():
    async with render(Toolbar()) as view:
        await view.click("#export-button")
        await view.keydown("#export-button", "Escape")
        assert "display: none" in view.find("#export-menu").attrs["style"]
        assert view.find("#export-button").attrs["aria-expanded"] == "false"
