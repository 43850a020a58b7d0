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


async def test_production_shows_no_traceback_and_the_page_goes_on(serve_app, new_page):
    server = serve_app(faulty.make_app(debug=False))
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.click("#inc")
    await page.click("#inc")
    await page.wait_for_function("document.getElementById('n').textContent === '3'")
    assert await page.query_selector(OVERLAY) is None
    assert errors == []


async def test_a_failed_handler_tells_the_user_for_a_moment_without_a_traceback(serve_app, new_page):
    server = serve_app(faulty.make_app(debug=False))
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.click("#fail")
    note = page.locator("#pl-failed")
    await note.wait_for(state="visible")
    assert await note.get_attribute("role") == "alert"
    assert await note.inner_text() == "Something went wrong. Please try again."
    assert await page.query_selector(OVERLAY) is None  # no traceback for the end user
    await page.click("#inc")  # the page goes on (2 is the number its Meter cannot show)
    await page.click("#inc")
    await page.wait_for_function("document.getElementById('n').textContent === '3'")
    # Worded by the app's CSS; gone after a few seconds.
    await page.evaluate("""document.documentElement.style.setProperty("--pl-failed-text", '"Saving failed"')""")
    await page.click("#fail")
    await page.wait_for_function("document.getElementById('pl-failed').textContent === 'Saving failed'")
    await note.wait_for(state="hidden", timeout=10_000)
    assert [e for e in errors if "could not handle" not in e] == []


async def test_the_failed_note_reads_the_escapes_of_its_css_string(serve_app, new_page):
    server = serve_app(faulty.make_app(debug=False))
    page, _ = await new_page()
    await goto_live(page, server.url)
    # Written as the stock --pl-banner-text is: an escaped ellipsis and an escaped quote.
    await page.evaluate("""document.documentElement.style.setProperty("--pl-failed-text", '"Saving \\\\"draft\\\\" failed\\\\2026"')""")
    await page.click("#fail")
    await page.wait_for_selector("#pl-failed")
    assert await page.locator("#pl-failed").inner_text() == 'Saving "draft" failed\u2026'
