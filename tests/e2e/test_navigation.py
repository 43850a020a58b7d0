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


async def test_confirm_leave_asks_before_a_link_the_back_button_or_closing_the_tab(serve_app, new_page):
    server = serve_app(site.make_app())
    page, errors = await new_page()
    asked: list[tuple[str, str]] = []
    answer = {"accept": False}

    async def on_dialog(dialog):
        asked.append((dialog.type, dialog.message))
        await (dialog.accept() if answer["accept"] else dialog.dismiss())

    page.on("dialog", on_dialog)
    await goto_live(page, server.url)
    await page.click("#to-edit")
    await page.wait_for_function(f"{HEADING} === 'Edit'")
    await page.click("#to-about")  # nothing unsaved yet: not asked
    await page.wait_for_function(f"{HEADING} === 'About'")
    await page.go_back()
    await page.wait_for_function(f"{HEADING} === 'Edit'")
    assert asked == []
    await page.fill("#draft", "half a thought")
    await page.wait_for_selector("template[data-pl-leave]", state="attached")
    await page.click("#fragment")  # a #fragment of this page leaves nothing
    await page.click("#to-home")
    assert asked == [("confirm", "Discard your draft?")]
    await page.go_back()  # from #notes back to this page: nothing to ask
    await page.wait_for_function("location.hash === ''")
    await page.go_back()  # to Home: the back button asks too, and staying puts the address back
    await page.wait_for_function("location.pathname === '/edit'")
    assert len(asked) == 2 and await page.text_content("#heading") == "Edit"
    assert await page.input_value("#draft") == "half a thought"
    await page.close(run_before_unload=True)  # closing the tab: the browser's own prompt
    for _ in range(50):
        if len(asked) == 3:
            break
        await page.wait_for_timeout(20)
    assert asked[2][0] == "beforeunload"
    answer["accept"] = True
    assert errors == []
