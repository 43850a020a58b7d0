"""The demo gallery in Chromium: every demo loads from it with no console errors and answers its
main interaction; moving between the gallery and a demo needs no page load."""

from __future__ import annotations

from typing import Awaitable, Callable

import pytest
from livepage import goto_live, mark_page, still_same_page
from playwright.async_api import Page

from pylive.dev.gallery import build_gallery
from pylive.testing import LiveServer


async def text_becomes(page: Page, selector: str, text: str) -> None:
    await page.wait_for_function(
        "([s, t]) => document.querySelector(s)?.textContent === t", arg=[selector, text]
    )


async def counter(page: Page) -> None:
    await page.click("#inc")
    await page.click("#inc")
    await text_becomes(page, "#value", "2")
    await page.click("#dec")
    await text_becomes(page, "#value", "1")


async def todo(page: Page) -> None:
    await page.fill("#new-title", "Water the plants")
    await page.press("#new-title", "Enter")
    await page.wait_for_selector("#items li:nth-child(3) .title:text('Water the plants')")
    assert await page.input_value("#new-title") == ""
    await page.check("#items li:nth-child(1) .toggle")
    await text_becomes(page, "#count", "2 items left")
    await page.dblclick("#items li:nth-child(2) .title")
    await page.fill("#items .edit", "Run every demo")
    await page.press("#items .edit", "Enter")
    await page.wait_for_selector("#items li:nth-child(2) .title:text('Run every demo')")
    await page.click("#filter-completed")
    await page.wait_for_function("document.querySelectorAll('#items li').length === 1")
    await page.click("#filter-all")
    await page.click("#items li:nth-child(1) .delete")
    await page.wait_for_function("document.querySelectorAll('#items li').length === 2")


async def form(page: Page) -> None:
    assert not await page.is_disabled("#submit")  # pending validation never blocks a submit
    await page.type("#username", "admin")
    await text_becomes(page, "#username-error", "admin is taken.")
    # Enter at once, before the debounced typing reaches the server: the wrong field gets the focus.
    await page.fill("#username", "x")
    await page.press("#username", "Enter")
    await text_becomes(page, "#email-error", "Enter an email address like you@example.com.")
    await page.wait_for_function("document.activeElement && document.activeElement.id === 'username'")
    await page.fill("#username", "grace_h")
    await page.fill("#email", "grace@example.com")
    await page.fill("#password", "cobol1959")
    await page.fill("#confirm", "cobol1959")
    await page.press("#confirm", "Enter")
    await text_becomes(page, "#welcome", "Welcome, grace_h! Your account is ready.")


async def bigtable(page: Page) -> None:
    await text_becomes(page, "#page", "Page 1 of 5,000")
    await page.click("#sort-age")
    await page.wait_for_function("document.querySelector('#rows td:nth-child(4)').textContent === '18'")
    # The header cell's whole width sorts, not only its words: a click at its right edge.
    cell = await page.locator("th:has(#sort-age)").bounding_box()
    assert cell is not None
    await page.mouse.click(cell["x"] + cell["width"] - 3, cell["y"] + cell["height"] / 2)
    await page.wait_for_function("document.querySelector('#rows td:nth-child(4)').textContent === '90'")
    await page.click("#next")
    await page.wait_for_function("document.querySelector('#page').textContent.startsWith('Page 2 of')")
    await page.fill("#filter", "oslo")
    await page.wait_for_function(
        "[...document.querySelectorAll('#rows td:nth-child(3)')].every(td => td.textContent === 'Oslo')"
        " && document.querySelector('#page').textContent.startsWith('Page 1 of')"
    )


async def chat(page: Page) -> None:
    await page.fill("#name", "Ada")
    await page.click("#join")
    await page.fill("#text", "Hello from the gallery")
    await page.press("#text", "Enter")
    await page.locator(".pl-chat-text", has_text="Hello from the gallery").first.wait_for()


async def iot(page: Page) -> None:
    # A control changes on every panel at once: flip the hall light here, see it flip in a second tab.
    other = await page.context.new_page()
    await other.goto(page.url)
    await other.wait_for_selector("html.pl-connected", state="attached")
    before = await other.is_checked("#hall-on-control")
    await page.click("#hall-on-control")
    await other.wait_for_function("b => document.querySelector('#hall-on-control').checked !== b", arg=before)
    await other.close()


async def logs(page: Page) -> None:
    # Scrolled to the top, the feed loads older lines above and stops following new ones.
    count = "document.querySelectorAll('#feed li.line').length"
    shown = await page.evaluate(count)
    await page.evaluate("document.querySelector('#feed').scrollTop = 0")
    await page.wait_for_function(f"{count} >= {shown + 100}")
    await text_becomes(page, "#pause", "Resume")


async def dashboard(page: Page) -> None:
    await page.wait_for_function("/frame \\d+/.test(document.querySelector('#frame').textContent)")
    first = await page.text_content("#frame")
    await page.wait_for_function("t => document.querySelector('#frame').textContent !== t", arg=first)


async def palette(page: Page) -> None:
    await page.wait_for_selector("#report dl")  # loaded in a worker thread
    await page.keyboard.press("Control+k")  # the page body has the focus
    await page.wait_for_function("document.activeElement.id === 'palette-input'")
    await page.keyboard.type("reverse")
    await page.wait_for_function("document.querySelectorAll('#palette-commands button').length === 1")
    await page.click("#palette-commands button")
    await text_becomes(page, "#ran", "Reverse the tasks")
    assert not await page.is_visible("#palette")
    await page.drag_and_drop("#tasks li:nth-child(5)", "#tasks li:nth-child(2)")  # the last row onto the second
    await page.wait_for_function(
        "document.querySelector('#tasks li:nth-child(2) .title').textContent === 'Write the release notes'"
    )
    await page.click("#actions-button")
    assert await page.is_visible("#actions-menu")
    assert await page.evaluate("document.activeElement.textContent") == "Refresh the report"
    await page.keyboard.press("Escape")
    assert not await page.is_visible("#actions-menu")
    assert await page.evaluate("document.activeElement.id") == "actions-button"


async def uploads(page: Page) -> None:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(out, "PNG")
    dot = {"name": "dot.png", "mimeType": "image/png", "buffer": out.getvalue()}
    await page.set_input_files("#drop input[type=file]", dot)
    await page.wait_for_selector("#photos img[alt='dot.png']")
    async with page.expect_download() as info:
        await page.click("#download")
    assert (await info.value).suggested_filename == "photos.zip"


async def login(page: Page) -> None:
    await page.click("#to-members")
    await page.wait_for_selector("#login-form")  # the guard sent a visitor to the login page
    await page.fill("input[name=name]", "ada")
    await page.fill("input[name=password]", "correct horse")
    await page.click("#login")
    await page.wait_for_selector("#logout")
    await page.click("#logout")
    await page.wait_for_selector("text=You are logged out.")


#: Each demo's main interaction; a demo not listed here is checked by its own tests.
INTERACTIONS: dict[str, Callable[[Page], Awaitable[None]]] = {
    "counter": counter,
    "todo": todo,
    "form": form,
    "bigtable": bigtable,
    "chat": chat,
    "iot": iot,
    "logs": logs,
    "login": login,
    "uploads": uploads,
    "dashboard": dashboard,
    "palette": palette,
}

GALLERY = build_gallery()


@pytest.fixture(scope="module")
def gallery_server():
    with LiveServer(GALLERY.app) as server:
        yield server


async def test_the_gallery_lists_every_demo(gallery_server, new_page) -> None:
    page, errors = await new_page()
    await goto_live(page, gallery_server.url)
    assert await page.title() == "pylive demos"
    for demo in GALLERY.demos:
        card = page.locator(f"#demo-{demo.name}")
        assert await card.get_attribute("href") == f"/{demo.name}"
        assert demo.title in await card.inner_text()
        assert demo.description in await card.inner_text()
        # The thumbnail actually loads (a screenshot or the drawn placeholder).
        assert await card.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert errors == []


@pytest.mark.parametrize("name", [demo.name for demo in GALLERY.demos])
async def test_every_demo_opens_from_the_gallery_and_works(gallery_server, new_page, name: str) -> None:
    page, errors = await new_page()
    await goto_live(page, gallery_server.url)
    await mark_page(page)
    await page.click(f"#demo-{name}")
    await page.wait_for_url(f"{gallery_server.url}/{name}")
    await page.wait_for_selector("#gallery-home")
    demo = next(d for d in GALLERY.demos if d.name == name)
    await page.wait_for_function("t => document.title === t", arg=demo.title)
    interaction = INTERACTIONS.get(name)
    if interaction is not None:
        await interaction(page)
    await page.click("#gallery-home")
    await page.wait_for_selector(f"#demo-{name}")
    assert await still_same_page(page)
    assert errors == []


@pytest.mark.parametrize("name", [demo.name for demo in GALLERY.demos])
async def test_every_demo_loads_at_its_own_address(gallery_server, new_page, name: str) -> None:
    page, errors = await new_page()
    await goto_live(page, f"{gallery_server.url}/{name}")
    interaction = INTERACTIONS.get(name)
    if interaction is not None:
        await interaction(page)
    assert errors == []


async def test_the_palette_demos_tasks_move_by_keyboard_and_the_focus_follows(gallery_server, new_page) -> None:
    # WCAG 2.5.7: dragging was the only way to reorder the tasks.
    page, errors = await new_page()
    await goto_live(page, f"{gallery_server.url}/palette")
    titles = "[...document.querySelectorAll('#tasks .title')].map(t => t.textContent)"
    first = (await page.evaluate(titles))[0]
    down = page.get_by_role("button", name=f"Move {first} down")
    await down.focus()
    await page.keyboard.press("Enter")
    await page.wait_for_function(f"{titles}[1] === {first!r}")
    await page.keyboard.press("Space")
    await page.wait_for_function(f"{titles}[2] === {first!r}")
    assert await page.evaluate("document.activeElement.getAttribute('aria-label')") == f"Move {first} down"
    up = page.get_by_role("button", name=f"Move {first} up")
    await up.click()  # one tap
    await page.wait_for_function(f"{titles}[1] === {first!r}")
    await up.click()
    await page.wait_for_function(f"{titles}[0] === {first!r}")
    # At the top: marked unavailable, yet still focusable, so the focus did not drop to the page.
    assert await up.get_attribute("aria-disabled") == "true"
    assert await page.evaluate("document.activeElement.getAttribute('aria-label')") == f"Move {first} up"
    await page.keyboard.press("Enter")
    assert (await page.evaluate(titles))[0] == first
    assert errors == []


@pytest.mark.parametrize("name", ["palette", "counter"])
async def test_a_demos_first_tab_stop_is_a_skip_link_past_the_gallerys_bar(gallery_server, new_page, name) -> None:
    # "← All demos" came before the demo's "Skip to content".
    page, errors = await new_page()
    await goto_live(page, f"{gallery_server.url}/{name}")
    await page.keyboard.press("Tab")
    first = await page.evaluate("""() => { const a = document.activeElement, r = a.getBoundingClientRect();
      return [a.className, a.textContent, r.top >= 0 && r.bottom <= innerHeight, getComputedStyle(a).color !== getComputedStyle(a).backgroundColor]; }""")
    assert first == ["pl-skip-link", "Skip to the demo", True, True]
    await page.keyboard.press("Enter")
    await page.keyboard.press("Tab")
    after = await page.evaluate("document.activeElement.id")
    assert after != "gallery-home" and not await page.evaluate("document.querySelector('.pl-demo-bar').contains(document.activeElement)")
    assert errors == []
