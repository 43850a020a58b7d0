"""The palette demo through pylive.testing: Ctrl+K on the window, client-side menus, the report
loaded in a thread, a list to reorder by drag or by buttons."""

from __future__ import annotations

import json
import re
from types import ModuleType

import pytest
from demo_loader import load_demo

from pylive.testing import render


@pytest.fixture(scope="module")
def palette() -> ModuleType:
    return load_demo("palette")


def titles(view) -> list[str]:
    return [n.text for n in view.find_all("#tasks .title")]


async def test_ctrl_k_opens_the_palette_which_filters_and_runs_a_command(palette: ModuleType) -> None:
    async with render(palette.App()) as view:
        assert "hidden" in view.find("#palette").attrs
        sent = len(view.frames)
        await view.window("keydown", key="k")  # no modifier: not the palette's key
        assert "hidden" in view.find("#palette").attrs
        await view.window("keydown", key="k", ctrl=True)
        assert "hidden" not in view.find("#palette").attrs
        assert len(view.frames) == sent  # opened in the browser
        await view.input("#palette-input", "sort")
        assert [b.text for b in view.find_all("#palette-commands button")] == ["Sort tasks A to Z"]
        await view.click("#palette-commands button")
        assert view.find("#ran").text == "Sort tasks A to Z"
        assert titles(view) == sorted(palette.TASKS)
        assert "display: none" in view.find("#palette").attrs["style"]
        await view.input("#palette-input", "zzz")
        assert view.find("#palette-commands").text == "No command matches."


async def test_the_actions_menu_opens_in_the_browser_and_runs_on_the_server(palette: ModuleType) -> None:
    async with render(palette.App()) as view:
        await view.click("#actions-button")
        assert view.find("#actions-button").attrs["aria-expanded"] == "true"
        await view.click("#actions-menu button:nth-child(3)")  # Reverse the tasks
        assert titles(view) == list(reversed(palette.TASKS))
        assert view.find("#actions-button").attrs["aria-expanded"] == "false"


async def test_the_report_loads_in_a_thread_and_refreshes(palette: ModuleType) -> None:
    async with render(palette.App()) as view:
        # The first page shows the loading state: the work starts once the page is live.
        assert re.search(r'<div [^>]*aria-busy="true"[^>]* id="report"', json.loads(view.frames[0])["html"])
        await view.settle()
        labels = [dt.text for dt in view.find_all("#report dt")]
        assert labels == ["Open tasks", "Done this week", "Median time to close"]
        await view.click("#refresh")
        assert view.find("#report").attrs.get("aria-busy") == "true"
        await view.settle()
        assert len(view.find_all("#report dd")) == 3


async def test_dragging_a_task_onto_another_puts_it_before(palette: ModuleType) -> None:
    async with render(palette.App()) as view:
        await view.drag("#tasks li:nth-child(4)", "#tasks li:nth-child(1)")
        assert titles(view)[:2] == [palette.TASKS[3], palette.TASKS[0]]


def test_reorder(palette: ModuleType) -> None:
    assert palette.reorder(("a", "b", "c"), "c", "a") == ("c", "a", "b")
    assert palette.reorder(("a", "b", "c"), "a", "c") == ("b", "a", "c")
    assert palette.reorder(("a", "b"), "x", "a") == ("a", "b")
    assert palette.reorder(("a", "b"), "a", "a") == ("a", "b")


async def test_a_task_moves_one_place_with_its_buttons(palette: ModuleType) -> None:
    async with render(palette.App()) as view:
        first = palette.TASKS[0]
        await view.click(f'#tasks button[aria-label="Move {first} down"]')
        assert titles(view)[:2] == [palette.TASKS[1], first]
        await view.click(f'#tasks button[aria-label="Move {first} up"]')
        assert titles(view) == list(palette.TASKS)
        assert view.find(f'#tasks button[aria-label="Move {first} up"]').attrs["aria-disabled"] == "true"


def test_shift(palette: ModuleType) -> None:
    assert palette.shift(("a", "b", "c"), "a", 1) == ("b", "a", "c")
    assert palette.shift(("a", "b", "c"), "c", -1) == ("a", "c", "b")
    assert palette.shift(("a", "b"), "a", -1) == ("a", "b")
    assert palette.shift(("a", "b"), "x", 1) == ("a", "b")
