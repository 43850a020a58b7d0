"""The login demo in Chromium, alone and inside the gallery (at /login, its paths prefixed)."""

from __future__ import annotations

from demo_loader import load_demo
from livepage import goto_live, mark_page, still_same_page

from pylive.dev.gallery import build_gallery


async def sign_in_and_out(page, base: str) -> None:
    await goto_live(page, base + "/members")
    assert page.url == base + "/login"  # the guard
    await mark_page(page)
    await page.fill("input[name=name]", "ada")
    await page.fill("input[name=password]", "wrong")
    await page.click("#login")
    await page.wait_for_selector("#login-error")
    await page.fill("input[name=password]", "correct horse")
    await page.click("#login")
    await page.wait_for_selector("text=Only ada can see this page.")
    assert page.url == base + "/members"
    assert "Welcome back, ada." in await page.text_content(".pl-flash")
    await page.click("#nav-home")
    await page.wait_for_selector("text=Good to see you, ada.")
    assert await page.text_content("#visits") == "Pages seen in this tab: 3"  # the shell was kept
    await page.click("#nav-members")
    await page.click("#logout")
    await page.wait_for_selector("text=You are logged out.")
    assert page.url.rstrip("/") == base  # the home page (the gallery serves it at /login)
    await page.click("#to-members")
    await page.wait_for_selector("#login-form")
    assert page.url == base + "/login"
    assert await still_same_page(page)


async def test_the_login_demo_alone(serve_app, new_page):
    server = serve_app(load_demo("login").app)
    page, errors = await new_page()
    await sign_in_and_out(page, server.url)
    assert errors == []


async def test_the_login_demo_in_the_gallery(serve_app, new_page):
    server = serve_app(build_gallery().app)
    page, errors = await new_page()
    await sign_in_and_out(page, server.url + "/login")
    assert await page.get_attribute("#nav-members", "href") == "/login/members"
    assert errors == []
