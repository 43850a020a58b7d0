"""The components showcase through pylive.testing: inputs echoed by the server, a validated form,
a 100,000-row table, overlays and toasts, tabs, and the theme switch (the browser side is in
tests/e2e/test_components_showcase.py)."""

from __future__ import annotations

import asyncio
from types import ModuleType

import pytest
from demo_loader import load_demo

from components import Sort
from pylive.testing import render


@pytest.fixture(scope="module")
def showcase() -> ModuleType:
    return load_demo("showcase")


def cells(row) -> list:
    """A table row's cells: selection box, #, sensor, room, reading, status."""
    return [c for c in row.elements() if c.tag == "td"]


def toasts(view) -> list[str]:
    return [n.text for n in view.find_all(".pl-toast .pl-toast-message")]


async def test_the_inputs_show_what_the_server_has(showcase: ModuleType) -> None:
    async with render(showcase.Showcase()) as view:
        shown = view.find("#in-values").text
        assert "name = ''" in shown and "country = 'France'" in shown and "plan = 'Pro'" in shown
        await view.input("#in-name-control", "Grace")
        await view.change("#in-news-control", True)
        await view.change("#in-country-control", "Japan")
        shown = view.find("#in-values").text
        assert "name = 'Grace'" in shown
        assert "newsletter = True" in shown
        assert "country = 'Japan'" in shown
        assert view.find("#in-qty-control-error").text == ""
        await view.input("#in-qty-control", "120")
        assert view.find("#in-qty-control-error").text == "Enter 0 to 99"
        assert "qty = 120" in view.find("#in-values").text


async def test_the_form_is_checked_by_the_server_and_welcomes_a_new_account(showcase: ModuleType) -> None:
    fields = {"password": "hopper1906", "confirm": "hopper1906", "role": "Engineer", "terms": True}
    async with render(showcase.Showcase()) as view:
        await view.submit("#signup", {"email": "grace@", "password": "short"})
        assert view.find("#su-email-control-error").text
        assert view.find("#su-password-control-error").text
        assert view.find("#su-role-control-error").text == "Choose a role"
        assert view.find("#su-terms-control-error").text == "Accept the terms to go on"

        await view.submit("#signup", {"email": "taken@example.com", **fields})
        await view.settle()
        assert view.find("#su-email-control-error").text == "This email already has an account"
        assert toasts(view) == []

        await view.submit("#signup", {"email": "grace@example.com", **fields})
        await view.settle()
        assert view.find("#signup .pl-form-status").text == "Account created."
        # The section above the form says so too, and so does a toast.
        assert view.find("[aria-labelledby=form] .pl-alert").text.startswith("Welcome, grace@example.com!")
        assert toasts(view) == ["Welcome, grace@example.com!"]


class Dice:
    """In place of the demo's `random`: the first choice, and 42 for every reading."""

    @staticmethod
    def randrange(*args: int) -> int:
        return 0

    @staticmethod
    def uniform(a: float, b: float) -> float:
        return 42.0

    @staticmethod
    def choice(seq):
        return seq[0]


async def test_the_table_pages_filters_selects_and_patches_a_changed_reading(
    showcase: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(showcase, "random", Dice)
    async with render(showcase.Showcase()) as view:
        assert view.find("#sensors .pl-table-range").text == "1–15 of 100,000"
        assert view.find("#sensors caption").text == "100,000 sensors"
        await view.click("#sensors .pl-page-next")
        assert view.find("#sensors .pl-table-range").text == "16–30 of 100,000"
        await view.input("#sensors .pl-table-filter", "boiler")
        await view.settle()
        assert view.find("#sensors .pl-table-range").text == "1–15 of 10,000"
        assert {cells(row)[3].text for row in view.find_all("#sensors tbody tr")} == {"Boiler"}
        await view.change("#sensors tbody .pl-checkbox", True)
        assert "1 sensor selected" in view.find("[aria-labelledby=table]").text

        await view.input("#sensors .pl-table-filter", "")
        await view.settle()
        reading = cells(view.find("#sensors tbody tr"))[4]
        assert reading.text == "0.00"
        await view.click("#bump")  # "Change a reading on page 1": the first, as `random` is stubbed here
        await view.settle()
        reading = cells(view.find("#sensors tbody tr"))[4]
        assert reading.text == "42.00"


def test_the_sensor_source_builds_only_the_page_it_is_asked_for(showcase: ModuleType) -> None:
    source = showcase.SensorSource()
    rows, total = source(0, 3, None, "")
    assert total == showcase.ROWS
    assert [r["sensor"] for r in rows] == ["S-000001", "S-000002", "S-000003"]
    rows, total = source(0, 5, Sort("reading", descending=True), "")
    readings = [r["reading"] for r in rows]
    assert readings == sorted(readings, reverse=True) and readings[0] >= 99.99
    rows, total = source(0, 10, None, "offline")
    assert total == showcase.ROWS // 10 and {r["status"] for r in rows} == {"offline"}
    source.edits[0] = 12.5
    assert source(0, 1, None, "")[0][0]["reading"] == 12.5


async def test_the_dialog_opens_and_closes_and_toasts_come_and_go(showcase: ModuleType) -> None:
    async with render(showcase.Showcase()) as view:
        assert view.find_all("[role=dialog]") == []
        await view.click("#open-modal")
        dialog = view.find("[role=dialog]")
        assert dialog.attrs["aria-modal"] == "true"
        assert view.find(".pl-modal-title").text == "Add a zone"
        await view.keydown("[role=dialog]", "Escape")
        assert view.find_all("[role=dialog]") == []

        await view.click("#open-modal")
        await view.click(".pl-modal-footer .pl-button--primary")
        assert view.find_all("[role=dialog]") == []
        assert toasts(view) == ["Zone added."]

        await view.click("#toast-ok")
        await view.click("#toast-err")
        assert toasts(view) == ["Zone added.", "Saved.", "The pump did not answer."]
        error = view.find_all(".pl-toast")[-1]
        assert error.attrs["role"] == "alert" and "pl-tone-danger" in error.attrs["class"]
        assert view.find(".pl-toast .pl-toast-title").text == "Pump 3"
        await view.click(".pl-toast .pl-toast-close")
        assert toasts(view) == ["Saved.", "The pump did not answer."]


async def test_the_shell_links_every_section_and_its_theme_switch_darkens_it(showcase: ModuleType) -> None:
    async with render(showcase.Showcase()) as view:
        assert view.find(".pl-shell").attrs["data-theme"] == "light"
        await view.change("#theme-switch-control", True)
        assert view.find(".pl-shell").attrs["data-theme"] == "dark"
        assert [a.attrs["href"] for a in view.find_all(".pl-shell-nav a")] == [
            "#charts", "#table", "#form", "#inputs", "#overlays", "#content",
        ]


async def test_the_content_tabs_render_markdown_safely_and_chat(showcase: ModuleType) -> None:
    async with render(showcase.Showcase()) as view:
        await view.input("#md-source-control", "**bold** <script>alert(1)</script>")
        preview = view.find("#content-tabs-panel .pl-markdown").html()
        assert "<strong>bold</strong>" in preview
        assert "<script>" not in preview and "&lt;script&gt;" in preview

        await view.click("#content-tabs-tab-1")
        assert view.find("#content-tabs-tab-1").attrs["aria-selected"] == "true"
        assert "boot: service started" in view.find("[role=log]").text

        await view.click("#content-tabs-tab-2")
        await view.input("#chat-draft-control", "Lowered it.")
        await view.submit(".chat-form")
        assert [n.text.strip() for n in view.find_all(".pl-chat-message .pl-markdown")][-1] == "Lowered it."
        assert view.find("#chat-draft-control").attrs.get("value", "") == ""


async def test_the_charts_slide_on_a_timer_until_paused(showcase: ModuleType) -> None:
    async with render(showcase.Showcase()) as view:
        assert len(view.find_all("#load-chart .pl-series-1 title")) == showcase.WINDOW
        await view.input("#speed-control", "200")  # a tick every 200 ms

        async def two_ticks_later() -> str:
            await asyncio.sleep(0.45)
            await view.settle()
            return view.find("#load-chart").html()

        before = view.find("#load-chart").html()
        assert await two_ticks_later() != before
        assert len(view.find_all("#load-chart .pl-series-1 title")) == showcase.WINDOW  # the window slid

        await view.change("#live-switch-control", False)
        assert "checked" not in view.find("#live-switch-control").attrs
        paused = view.find("#load-chart").html()
        assert await two_ticks_later() == paused
