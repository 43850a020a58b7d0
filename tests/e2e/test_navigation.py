"""In-app navigation with pl.Link and the back/forward buttons: no page load, right title and scroll."""

from __future__ import annotations

from apps import site
from livepage import goto_live, mark_page, still_same_page

HEADING = "document.querySelector('#heading').textContent"


async def test_links_and_back_button_navigate_without_a_page_load(serve_app, new_page):
    server = serve_app(site.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await mark_page(page)
    assert await page.title() == "Home"

    await page.click("#to-about")
    await page.wait_for_function(f"{HEADING} === 'About'")
    assert page.url == server.url + "/about?tab=team"
    assert await page.text_content("#tab") == "team"
    assert await page.text_content("#path") == "/about"
    await page.wait_for_function("document.title === 'About'")

    await page.go_back()
    await page.wait_for_function(f"{HEADING} === 'Home'")
    assert page.url == server.url + "/"
    await page.wait_for_function("document.title === 'Home'")

    await page.go_forward()
    await page.wait_for_function(f"{HEADING} === 'About'")
    assert page.url == server.url + "/about?tab=team"

    await page.click("#to-home")
    await page.wait_for_function(f"{HEADING} === 'Home'")
    assert await still_same_page(page)
    assert errors == []


async def test_scroll_goes_to_top_on_a_link_and_comes_back_on_back(serve_app, new_page):
    server = serve_app(site.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    scrolled = await page.evaluate("document.querySelector('#bottom-link').scrollIntoView(), scrollY")
    assert scrolled > 1000
    await page.click("#bottom-link")
    await page.wait_for_function(f"{HEADING} === 'About'")
    assert await page.evaluate("scrollY") == 0
    await page.go_back()
    await page.wait_for_function(f"{HEADING} === 'Home'")
    await page.wait_for_function(f"scrollY === {scrolled}")
    assert errors == []


async def test_ctrl_click_on_a_link_is_left_to_the_browser(serve_app, new_page):
    server = serve_app(site.make_app())
    page, errors = await new_page()
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    await goto_live(page, server.url)
    async with page.context.expect_page() as opened:
        await page.click("#to-about", modifiers=["Control"])
    tab = await opened.value
    await tab.wait_for_load_state()
    assert tab.url == server.url + "/about?tab=team"
    assert page.url == server.url + "/"
    assert await page.text_content("#heading") == "Home"
    assert not [frame for frame in sent if '"click"' in frame]
    assert errors == []
