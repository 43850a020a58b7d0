"""Streams and viewport events in Chromium: scrolling to the end of a stream's table loads more rows."""

from __future__ import annotations

from apps import streamed
from livepage import goto_live

COUNT = "document.querySelectorAll('#t tbody tr').length - 1"  # the last row watches for the end


async def test_scrolling_to_the_end_loads_more_rows(serve_app, new_page):
    server = serve_app(streamed.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    assert await page.evaluate(COUNT) == streamed.PAGE
    for loads in (2, 3):
        await page.evaluate("const s = document.querySelector('#t .pl-table-scroll'); s.scrollTop = s.scrollHeight")
        await page.wait_for_function(f"{COUNT} === {loads * streamed.PAGE}")
    names = await page.eval_on_selector_all("#t tbody td:nth-child(2)", "tds => tds.map(td => td.textContent)")
    assert names == [f"row {i}" for i in range(3 * streamed.PAGE)]
    # Without scrolling, nothing more comes: the end row is out of view again.
    await page.wait_for_timeout(300)
    assert await page.evaluate(COUNT) == 3 * streamed.PAGE
    assert errors == []
