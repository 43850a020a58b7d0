"""Development mode shows the app's errors on the page; production keeps the page working quietly."""

from __future__ import annotations

from apps import faulty
from livepage import goto_live

OVERLAY = "#pl-error-overlay"


async def test_development_mode_shows_errors_in_an_overlay_until_a_good_render(serve_app, new_page):
    server = serve_app(faulty.make_app(debug=True))
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.click("#inc")  # 2: Meter fails to render
    await page.wait_for_selector(OVERLAY)
    text = await page.inner_text(OVERLAY)
    assert text.startswith("Meter failed to render") and "RuntimeError: a meter cannot show two" in text
    assert await page.inner_text("#n") == "1"  # its last good output stays underneath
    await page.dispatch_event("#inc", "click")  # 3: renders again (a real click would hit the overlay)
    await page.wait_for_function("document.getElementById('n').textContent === '3'")
    await page.wait_for_selector(OVERLAY, state="detached")
    await page.click("#fail")
    await page.wait_for_selector(OVERLAY)
    assert "The click handler Faulty.<locals>.explode failed" in await page.inner_text(OVERLAY)
    assert errors == []


async def test_production_shows_nothing_and_the_page_goes_on(serve_app, new_page):
    server = serve_app(faulty.make_app(debug=False))
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.click("#inc")
    await page.click("#inc")
    await page.wait_for_function("document.getElementById('n').textContent === '3'")
    assert await page.query_selector(OVERLAY) is None
    assert errors == []
