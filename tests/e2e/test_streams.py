"""Streams and viewport events in Chromium: infinite scroll, a Feed following new lines, a resume."""

from __future__ import annotations

import asyncio
import urllib.request

from apps import streamed
from livepage import goto_live


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


async def go_offline(page, hop) -> None:
    hop.refusing = True
    hop.cut()
    await page.wait_for_selector("html.pl-disconnected:not(.pl-connected)", state="attached")


async def come_back(page, hop) -> None:
    hop.refusing = False
    await page.wait_for_selector("html.pl-connected:not(.pl-disconnected)", state="attached")

COUNT = "document.querySelectorAll('#t tbody tr').length - 1"  # the last row watches for the end


async def test_scrolling_to_the_end_loads_more_rows(serve_app, new_page):
    server = serve_app(streamed.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    assert await page.evaluate(COUNT) == streamed.PAGE
    for loads in (2, 3):
        # Two frames first: the observer sees the end row pushed out by the new rows before it scrolls
        # back in (out and in within one frame is no change to it; no user scrolls that fast).
        await page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        await page.evaluate("const s = document.querySelector('#t .pl-table-scroll'); s.scrollTop = s.scrollHeight")
        await page.wait_for_function(f"{COUNT} === {loads * streamed.PAGE}")
    names = await page.eval_on_selector_all("#t tbody td:nth-child(2)", "tds => tds.map(td => td.textContent)")
    assert names == [f"row {i}" for i in range(3 * streamed.PAGE)]
    # Without scrolling, nothing more comes: the end row is out of view again.
    await page.wait_for_timeout(300)
    assert await page.evaluate(COUNT) == 3 * streamed.PAGE
    assert errors == []


LAST = "document.querySelector('#f li:last-child').textContent"


async def add(server, n: int) -> None:
    # Straight to the server (not through the page's network): lines arrive outside any event.
    assert await asyncio.to_thread(fetch, f"{server.url}/_test/add?n={n}") == b"1"


async def test_a_feed_follows_new_lines_until_the_reader_scrolls_up(serve_app, new_page):
    server = serve_app(streamed.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url + "/feed")
    at_end = "(f => f.scrollTop + f.clientHeight >= f.scrollHeight - 2)(document.querySelector('#f'))"
    assert await page.evaluate(at_end)
    await add(server, 5)
    await page.wait_for_function(f"{LAST} === 'line 44'")
    await page.wait_for_function(at_end)
    await page.evaluate("document.querySelector('#f').scrollTop = 0")
    await page.wait_for_timeout(100)  # the scroll event reaches the hook
    await add(server, 5)
    await page.wait_for_function(f"{LAST} === 'line 49'")
    assert await page.evaluate("document.querySelector('#f').scrollTop") == 0  # left where the reader is
    assert errors == []


async def test_a_resumed_page_keeps_its_items_and_gets_the_ones_it_missed(serve_app, proxy, new_page):
    server = serve_app(streamed.make_app())
    hop = await proxy(server.port)
    page, errors = await new_page()
    await goto_live(page, hop.url + "/feed")
    await page.evaluate("document.querySelector('#line-0').kept = true")  # a DOM node, not a copy of it
    await go_offline(page, hop)
    await add(server, 3)
    await come_back(page, hop)
    await page.wait_for_function(f"{LAST} === 'line 42'")
    assert await page.evaluate("document.querySelector('#line-0').kept") is True
    assert await page.evaluate("document.querySelectorAll('#f li').length") == 43
    assert [e for e in errors if "WebSocket" not in e] == []
