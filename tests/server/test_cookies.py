"""The server side of cookie sessions, guards, layouts and path prefixes, in-process."""

from __future__ import annotations

import re
import secrets

import pytest
from apps import account

import pylive as pl
from pylive import html as h
from pylive.server.cookies import CookieSigner
from pylive.server.routing import app_path


def test_app_path_takes_off_the_mount_point_only_where_the_path_has_it():
    assert app_path(b"/ui/a%20b", "/ui") == "/a%20b"
    assert app_path(b"/ui", "/ui") == "/"
    assert app_path(b"/uix", "/ui") == "/uix"
    assert app_path(b"/a", "/ui") == "/a"  # a proxy that strips the prefix itself
    assert app_path(b"/a", "") == "/a"


async def test_under_a_root_path_links_assets_and_redirects_carry_it():
    # As ASGI has it (and Quart requires), the request's path still holds the root_path.
    app = account.make_app()
    client = app.test_client()
    page = await (await client.get("/ui/forms", root_path="/ui")).get_data(as_text=True)
    assert 'href="/ui/b"' in page and 'action="/ui/note"' in page
    sources = re.findall(r'src="([^"]+)"', page)
    assert sources and all(s.startswith("/ui/_pylive/") for s in sources)
    response = await client.get("/ui/private", root_path="/ui")
    assert response.status_code == 303 and response.headers["Location"] == "/ui/login"


async def test_the_first_render_reads_the_cookie_and_a_write_there_goes_into_the_response():
    app = account.make_app()
    client = app.test_client()
    first = await client.get("/forms")
    assert "session=" in first.headers.get("Set-Cookie", "")  # the CSRF token was made while rendering
    second = await client.get("/a")
    assert "Set-Cookie" not in second.headers  # nothing changed: no cookie sent again


async def test_a_flash_from_a_route_shows_on_the_next_page_then_goes():
    app = account.make_app()
    client = app.test_client()
    token = re.search(r'value="([^"]+)"', await (await client.get("/forms")).get_data(as_text=True))[1]
    response = await client.post("/note", form={"_csrf_token": token})
    assert response.status_code == 303
    assert "Note saved" in await (await client.get("/a")).get_data(as_text=True)  # survives the redirect
    assert "Note saved" not in await (await client.get("/a")).get_data(as_text=True)  # gone after the next


def test_a_guard_must_return_none_or_an_app_path():
    app = pl.App(secret_key="k" * 32)
    app.page("/x", lambda: h.p("x"), guard=lambda sess: "https://elsewhere.example")
    with pytest.raises(ValueError, match="guard of the page '/x' returned 'https://elsewhere.example'"):
        app.pages.redirect(pl.Location.parse("/x"), {})
    with pytest.raises(TypeError, match="guard= of the page '/y' must be a function"):
        app.page("/y", lambda: h.p("y"), guard="/login")


def test_write_tokens_expire(monkeypatch):
    signer = CookieSigner("k" * 32)
    token = signer.write_token({"a": 1})
    import pylive.server.cookies as cookies

    monkeypatch.setattr(cookies, "WRITE_MAX_AGE", -1)
    assert signer.redeem(token) is None


async def test_a_route_that_flashes_and_writes_quarts_session_itself_keeps_both():
    from quart import session

    app = pl.App(h.p("home"), secret_key="k" * 32)

    @app.quart.get("/both")
    async def both():
        session["user"] = "ada"
        pl.flash("Signed in")
        return "ok"

    @app.quart.get("/read")
    async def read():
        return f"{session.get('user')} {len(session.get('_flash', []))}"

    client = app.test_client()
    await client.get("/both")
    assert await (await client.get("/read")).get_data(as_text=True) == "ada 1"


def test_a_cookie_larger_than_a_browser_keeps_is_said():
    signer = CookieSigner("k" * 32)
    assert signer.oversize({"user": "ada"}) is None
    problem = signer.oversize({"blob": secrets.token_hex(3000)})  # random: no compression saves it
    assert problem is not None and "more than the 4,093 a browser keeps" in problem


async def test_a_route_that_writes_a_session_too_large_for_the_cookie_logs_it(caplog):
    app = pl.App(h.p("home"), secret_key="k" * 32)

    @app.quart.get("/big")
    async def big():
        pl.flash(secrets.token_hex(3000))
        return "ok"

    await app.test_client().get("/big")
    assert "the session cookie would be" in caplog.text and "GET /big" in caplog.text
