"""pylive.notebook end to end: a notebook executed by nbclient on a real ipykernel, its widget
outputs rendered in Chromium by their own front end (`assets/notebook.js`) with the kernel's comm
bridged to the page (see `notebook_host.py`), then clicked."""

from __future__ import annotations

import pytest
from conftest import TIMEOUT_MS, ConsoleErrors
from nbclient import NotebookClient
from notebook_host import KernelBridge, notebook, text_of, widget_outputs, widget_views
from playwright.async_api import expect

SETUP = """
import pylive as pl
import pylive.notebook
from pylive import html as h

clicks = []

@pl.component
def Counter(start: int = 0, name: str = "a"):
    count, set_count = pl.use_state(start)

    def click():
        clicks.append(name)
        set_count(count + 1)

    return h.div(h.button("+1", id="inc", on_click=click), h.output(str(count), id="value"), class_="counter")
"""


@pytest.fixture
async def kernel_page(browser):
    """An executed notebook (two live outputs), its kernel still running, and the host page."""
    nb = notebook(SETUP, 'Counter(name="a")', 'pylive.notebook.show(Counter(start=10, name="b"))')
    client = NotebookClient(nb, kernel_name="python3", timeout=120)
    errors = ConsoleErrors()
    context = await browser.new_context()
    page = errors.watch(await context.new_page())
    async with client.async_setup_kernel():
        for index, cell in enumerate(nb.cells):
            await client.async_execute_cell(cell, index)
        bridge = await KernelBridge(client, page).start()
        try:
            yield bridge, widget_outputs(nb), page, errors
        finally:
            await bridge.stop()
            await context.close()


def output(page, index: int):
    return page.frame_locator("iframe.pylive-notebook").nth(index)


async def test_each_output_is_live_with_its_state_in_the_kernel(kernel_page) -> None:
    bridge, ids, page, errors = kernel_page
    assert len(ids) == 2  # the last expression, and show()
    for model_id in ids:
        await bridge.show(model_id)
    a, b = output(page, 0), output(page, 1)
    await expect(a.locator("#value")).to_have_text("0", timeout=TIMEOUT_MS)
    await expect(b.locator("#value")).to_have_text("10", timeout=TIMEOUT_MS)
    await expect(page.locator("html")).to_be_visible()
    await a.locator("#inc").click()
    await expect(a.locator("#value")).to_have_text("1", timeout=TIMEOUT_MS)
    await a.locator("#inc").click()
    await b.locator("#inc").click()
    await expect(a.locator("#value")).to_have_text("2", timeout=TIMEOUT_MS)
    await expect(b.locator("#value")).to_have_text("11", timeout=TIMEOUT_MS)
    # The handlers ran in the kernel: the notebook's own variables saw the clicks.
    printed = text_of(await bridge.execute("print(sorted(clicks))"))
    assert printed.strip() == "['a', 'a', 'b']"
    # The stock stylesheet is in the output's page.
    height = await page.locator("iframe.pylive-notebook").first.evaluate("f => f.getBoundingClientRect().height")
    assert height > 16
    assert errors == []


async def test_a_cell_run_again_replaces_its_session(kernel_page) -> None:
    bridge, _, page, errors = kernel_page
    first = widget_views(await bridge.execute('Counter(start=100, name="c")', cell_id="cell-c"))
    await bridge.show(first[0])
    await expect(output(page, 0).locator("#value")).to_have_text("100", timeout=TIMEOUT_MS)
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
    await output(page, 0).locator("#inc").click()
    await expect(output(page, 0).locator("#value")).to_have_text("201", timeout=TIMEOUT_MS)
    # Another cell keeps its own session when this one runs again.
    other = widget_views(await bridge.execute('Counter(start=7, name="e")', cell_id="cell-e"))
    again = widget_views(await bridge.execute('Counter(start=300, name="f")', cell_id="cell-c"))
    assert second[0] in bridge.closed and other[0] not in bridge.closed and again[0] not in bridge.closed
    assert text_of(await bridge.execute("print(sorted(clicks))")).strip() == "['c', 'd']"
    assert errors == []
