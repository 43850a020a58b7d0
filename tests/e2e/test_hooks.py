"""JS hooks: mounted, updated and destroyed callbacks, and pushEvent reaching the server's handler."""

from __future__ import annotations

from apps import hooked
from livepage import goto_live


async def test_hook_lifecycle_and_push_event(serve_app, new_page):
    server = serve_app(hooked.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.wait_for_function("window.hookLog.length === 1")
    assert await page.evaluate("window.hookLog") == ["mounted clock"]

    await page.click("#tick")
    await page.wait_for_function("window.hookLog.length === 2")
    assert await page.evaluate("window.hookLog[1]") == "updated ticks 1"

    await page.evaluate("window.clockCtx.pushEvent('ping', {n: 1, s: 'x'})")
    await page.wait_for_function("document.querySelector('#got').textContent !== ''")
    assert await page.text_content("#got") == repr({"n": 1, "s": "x"})

    await page.click("#hide")
    await page.wait_for_function("window.hookLog.length === 3")
    assert await page.evaluate("window.hookLog[2]") == "destroyed clock"
    assert errors == []


async def test_server_pushes_reach_the_hook(serve_app, new_page):
    server = serve_app(hooked.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.click("#push")
    await page.click("#push")
    await page.wait_for_function("window.pushed.length === 2")
    assert await page.evaluate("window.pushed") == [{"n": 1}, {"n": 2}]
    assert errors == []


async def test_a_hooks_latest_pushes_replace_each_other_while_they_wait(serve_app, new_page):
    # 300 positions pushed at once on a server taking 20 events a second: with latest, the ones
    # waiting are replaced by the newest, which arrives at once (in turn, all 300 took 16 s).
    server = serve_app(hooked.make_app(max_events_per_second=20))
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.evaluate(
        "for (let i = 1; i <= 300; i++) window.clockCtx.pushEvent('ping', {n: i}, {latest: true});"
    )
    await page.wait_for_function("document.querySelector('#got').textContent === \"{'n': 300}\"")
    assert errors == []
