"""Sessions in real Chromium: log in and out from live handlers, guards, a layout's state kept
across navigation, flash through redirects, CSRF on POST routes, and the app under a path prefix."""

from __future__ import annotations

import httpx
from apps import account
from fastapi import FastAPI
from livepage import goto_live, mark_page, still_same_page
from starlette.applications import Starlette
from starlette.routing import Mount

from pylive.testing import LiveServer

HEADING = "document.querySelector('#heading')?.textContent"
WRITES = "window.pylive.cookieWrites"


async def heading(page, text: str) -> None:
    await page.wait_for_function(f"{HEADING} === {text!r}")


async def test_log_in_reload_second_tab_log_out_and_the_guard_on_the_next_navigation(serve_app, new_page):
    server = serve_app(account.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url + "/private")  # the guard answered the HTTP request with 303
    assert page.url == server.url + "/login"
    await mark_page(page)
    await page.click("#login")
    await heading(page, "Private")
    assert page.url == server.url + "/private"
    assert await page.text_content("#user") == "ada"
    assert "Welcome, ada" in await page.text_content(".pl-flash")
    await page.wait_for_function(f"{WRITES} >= 1")  # the cookie is written, without a page load
    assert await still_same_page(page)
    cookies = await page.context.cookies()
    assert [c["name"] for c in cookies] == ["session"] and cookies[0]["httpOnly"]

    await page.reload()
    await page.wait_for_selector("html.pl-connected", state="attached")
    assert await page.text_content("#user") == "ada"  # still logged in

    other = await page.context.new_page()
    await goto_live(other, server.url + "/a")
    assert await other.text_content("#who") == "ada"

    await page.click("#logout")  # a live handler clears the session
    await page.wait_for_function("document.querySelector('#who').textContent === 'nobody'")
    await page.wait_for_function(f"{WRITES} >= 1")
    await page.click("#to-a")
    await heading(page, "Page A")
    await page.click("#to-private")  # the guard, on a live navigation: no page load
    await heading(page, "Login")
    await mark_page(page)
    assert page.url == server.url + "/login"

    # The other tab was told: its next navigation to the private page is refused too, live.
    await other.wait_for_function("document.querySelector('#who').textContent === 'nobody'")
    await mark_page(other)
    await other.click("#to-private")
    await heading(other, "Login")
    assert await still_same_page(other) and await still_same_page(page)
    assert errors == []


async def test_a_layout_keeps_its_state_across_navigation_between_its_pages(serve_app, new_page):
    server = serve_app(account.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url + "/a")
    for _ in range(3):
        await page.click("#layout-inc")
    await page.wait_for_function("document.querySelector('#layout-inc').textContent === 'layout 3'")
    await page.click("#to-b")
    await heading(page, "Page B")
    await page.click("#b-inc")
    await page.wait_for_function("document.querySelector('#b-inc').textContent === 'b 1'")
    await page.click("#to-a")
    await heading(page, "Page A")
    await page.click("#to-b")
    await heading(page, "Page B")
    assert await page.text_content("#layout-inc") == "layout 3"  # the layout was kept
    assert await page.text_content("#b-inc") == "b 0"  # the page inside it was not
    assert errors == []


async def test_a_flash_survives_a_guard_redirect_and_an_http_redirect_then_goes(serve_app, new_page):
    server = serve_app(account.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url + "/login")
    await page.click("#login")
    await heading(page, "Private")
    await page.click("#logout")  # flashes "Bye"
    await page.wait_for_selector(".pl-flash >> text=Bye")
    await page.click("#to-private")  # redirected by the guard: the flash comes along
    await heading(page, "Login")
    assert "Bye" in await page.text_content(".pl-flash")
    await page.click("#to-a")  # and is gone after the next navigation
    await heading(page, "Page A")
    assert await page.query_selector(".pl-flash .pl-alert") is None

    # A POST route's flash, across its 303 to a page load.
    await page.click("#to-forms")
    await heading(page, "Forms")
    await page.click("#send")
    await page.wait_for_url(server.url + "/a")
    await page.wait_for_selector("html.pl-connected", state="attached")
    assert "Note saved" in await page.text_content(".pl-flash")
    assert errors == []


async def test_a_post_without_the_csrf_token_gets_403_and_the_rendered_form_passes(serve_app, new_page):
    server = serve_app(account.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url + "/forms")
    token = await page.get_attribute("input[name=_csrf_token]", "value")
    assert token
    # From the page's own origin, with its cookie: without the token, refused.
    status = await page.evaluate(
        "fetch('/note', {method: 'POST', body: new URLSearchParams({note: 'x'})}).then(r => r.status)"
    )
    assert status == 403
    status = await page.evaluate(
        "t => fetch('/note', {method: 'POST', headers: {'X-CSRF-Token': t}, redirect: 'manual'}).then(r => r.type)",
        token,
    )
    assert status == "opaqueredirect"  # accepted: the route answered with its redirect
    assert await page.evaluate("fetch('/hook', {method: 'POST'}).then(r => r.status)") == 200  # @pl.csrf_exempt
    # Another client with the token but not the browser's cookie: refused.
    async with httpx.AsyncClient(base_url=server.url) as client:
        assert (await client.post("/note", data={"note": "x", "_csrf_token": token})).status_code == 403
    await page.click("#send")
    await page.wait_for_url(server.url + "/a")
    assert errors == ["console: Failed to load resource: the server responded with a status of 403 ()"]


def prefixed_apps():
    app = account.make_app()
    starlette = Starlette(routes=[Mount("/ui", app=app)])
    fastapi = FastAPI()
    fastapi.mount("/ui", app)
    return {"starlette": starlette, "fastapi": fastapi}


async def check_under_prefix(page, base: str) -> None:
    await goto_live(page, base + "/a")
    await mark_page(page)
    assert await page.get_attribute("#to-b", "href") == "/ui/b"
    scripts = await page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")
    assert all(src.startswith("/ui/_pylive/") for src in scripts)
    await page.click("#layout-inc")
    await page.wait_for_function("document.querySelector('#layout-inc').textContent === 'layout 1'")
    await page.click("#to-b")
    await heading(page, "Page B")
    assert page.url == base + "/b"
    await page.click("#to-private")  # the guard's redirect carries the prefix too
    await heading(page, "Login")
    assert page.url == base + "/login"
    await page.click("#login")  # the cookie is written through the prefixed URL
    await heading(page, "Private")
    await page.wait_for_function(f"{WRITES} >= 1")
    assert await still_same_page(page)
    await page.reload()
    await page.wait_for_selector("html.pl-connected", state="attached")
    assert await page.text_content("#user") == "ada"
    await page.go_back()
    await heading(page, "Login")  # the guard: the user is signed in now, but Login has no guard
    assert page.url == base + "/login"


async def test_the_app_mounted_at_ui_in_starlette_and_fastapi(serve_app, new_page):
    for name, outer in prefixed_apps().items():
        server = serve_app(outer)
        page, errors = await new_page()
        await check_under_prefix(page, server.url + "/ui")
        assert errors == [], name


async def test_the_app_behind_a_root_path(serve_app, new_page):
    # `hypercorn --root-path /ui`, behind a proxy that passes /ui on: the app takes it off.
    server = LiveServer(account.make_app(), root_path="/ui").start()
    try:
        page, errors = await new_page()
        await check_under_prefix(page, server.url + "/ui")
        assert errors == []
    finally:
        server.stop()
