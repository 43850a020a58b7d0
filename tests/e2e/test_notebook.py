"""pylive.notebook end to end: a notebook executed by nbclient on a real ipykernel, its widget
outputs rendered in Chromium by their own front end (`assets/notebook.js`) with the kernel's comm
bridged to the page (see `notebook_host.py`), then clicked."""

from __future__ import annotations

import asyncio
from pathlib import Path

import nbformat
import pytest
from conftest import TIMEOUT_MS, ConsoleErrors
from nbclient import NotebookClient
from notebook_host import KernelBridge, text_of, widget_outputs, widget_views
from playwright.async_api import expect

#: The documentation's notebook: a counter shown twice (as a cell's value, and by show()), then the
#: digit reader demo with its JS hook. Executing it here keeps it working.
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "docs" / "notebook.ipynb"


@pytest.fixture(scope="module")
async def kernel():
    """The documentation's notebook executed once (three live outputs), its kernel kept running."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(ROOT)}})
    async with client.async_setup_kernel():
        for index, cell in enumerate(nb.cells):
            await client.async_execute_cell(cell, index)
        yield client, widget_outputs(nb)


@pytest.fixture
async def kernel_page(kernel, browser):
    """A host page bridged to the kernel, for one test."""
    client, ids = kernel
    errors = ConsoleErrors()
    context = await browser.new_context()
    page = errors.watch(await context.new_page())
    bridge = await KernelBridge(client, page).start()
    try:
        yield bridge, ids, page, errors
    finally:
        await bridge.stop()
        await context.close()


def output(page, index: int):
    return page.frame_locator("iframe.pylive-notebook").nth(index)


async def live(frame) -> None:
    """Wait for an output's page to be live: a click before its runtime listens would be lost."""
    await expect(frame.locator("html.pl-connected")).to_be_attached(timeout=TIMEOUT_MS)


async def settled_box(page, locator) -> dict:
    """The locator's box once the output's frame has grown to hold all of it: the frame starts
    3rem high and takes its content's height from the widget's first resize message."""
    frame = page.locator("iframe.pylive-notebook").first
    for _ in range(TIMEOUT_MS // 50):
        box, outer = await locator.bounding_box(), await frame.bounding_box()
        if box and outer and box["y"] + box["height"] <= outer["y"] + outer["height"]:
            return box
        await asyncio.sleep(0.05)
    raise AssertionError(f"{locator} never fitted in its output frame (last box {box}, frame {outer})")


async def test_each_output_is_live_with_its_state_in_the_kernel(kernel_page) -> None:
    bridge, ids, page, errors = kernel_page
    assert len(ids) == 3  # the last expression, show(), and the digit reader
    for model_id in ids[:2]:
        await bridge.show(model_id)
    a, b = output(page, 0), output(page, 1)
    await expect(a.locator("#value")).to_have_text("0", timeout=TIMEOUT_MS)
    await expect(b.locator("#value")).to_have_text("10", timeout=TIMEOUT_MS)
    await expect(page.locator("html")).to_be_visible()
    await live(a)
    await live(b)
    await a.locator("#inc").click()
    await expect(a.locator("#value")).to_have_text("1", timeout=TIMEOUT_MS)
    await a.locator("#inc").click()
    await b.locator("#inc").click()
    await expect(a.locator("#value")).to_have_text("2", timeout=TIMEOUT_MS)
    await expect(b.locator("#value")).to_have_text("11", timeout=TIMEOUT_MS)
    # The handlers ran in the kernel: the notebook's own variables saw the clicks.
    printed = text_of(await bridge.execute("print(clicks[-3:])"))
    assert printed.strip() == "['first', 'first', 'second']"
    # The stock stylesheet is in the output's page.
    height = await page.locator("iframe.pylive-notebook").first.evaluate("f => f.getBoundingClientRect().height")
    assert height > 16
    assert errors == []


async def test_a_cell_run_again_replaces_its_session(kernel_page) -> None:
    bridge, _, page, errors = kernel_page
    first = widget_views(await bridge.execute('Counter(start=100, name="c")', cell_id="cell-c"))
    await bridge.show(first[0])
    await expect(output(page, 0).locator("#value")).to_have_text("100", timeout=TIMEOUT_MS)
    await live(output(page, 0))
    await output(page, 0).locator("#inc").click()
    await expect(output(page, 0).locator("#value")).to_have_text("101", timeout=TIMEOUT_MS)
    # Run the same cell again: the front end clears its output; the kernel closes the old session.
    await bridge.clear(first[0])
    second = widget_views(await bridge.execute('Counter(start=200, name="d")', cell_id="cell-c"))
    assert second and second != first
    assert first[0] in bridge.closed
    alive = await bridge.execute("print([w.session.closed for w in pylive.notebook.shown_by('cell-c')])")
    assert text_of(alive).strip() == "[False]"
    await bridge.show(second[0])
    await expect(output(page, 0).locator("#value")).to_have_text("200", timeout=TIMEOUT_MS)
    await live(output(page, 0))
    await output(page, 0).locator("#inc").click()
    await expect(output(page, 0).locator("#value")).to_have_text("201", timeout=TIMEOUT_MS)
    # Another cell keeps its own session when this one runs again.
    other = widget_views(await bridge.execute('Counter(start=7, name="e")', cell_id="cell-e"))
    again = widget_views(await bridge.execute('Counter(start=300, name="f")', cell_id="cell-c"))
    assert second[0] in bridge.closed and other[0] not in bridge.closed and again[0] not in bridge.closed
    assert text_of(await bridge.execute("print(clicks[-2:])")).strip() == "['c', 'd']"
    assert errors == []


async def test_a_js_hook_works_in_an_output(kernel_page) -> None:
    bridge, ids, page, errors = kernel_page
    await bridge.show(ids[2])
    digits = output(page, 0)
    await expect(digits.locator("#guess")).to_have_text("?", timeout=TIMEOUT_MS)
    await live(digits)
    box = await settled_box(page, digits.locator("#pad"))
    await page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.1)
    await page.mouse.down()
    await page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.9, steps=10)
    await page.mouse.up()
    await expect(digits.locator("#guess")).to_have_text("1", timeout=TIMEOUT_MS)
    await digits.locator("#clear").click()
    await expect(digits.locator("#guess")).to_have_text("?", timeout=TIMEOUT_MS)
    assert errors == []
