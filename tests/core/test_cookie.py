"""`pl.use_session`, `pl.flash` and the cookie session they live in, driven in-process."""

from __future__ import annotations

import pytest

import pylive as pl
from components import Flash
from pylive import html as h
from pylive.core.cookie import FLASH_KEY, CookieSession
from pylive.testing import render


@pl.component
def Account():
    sess = pl.use_session()
    navigate = pl.use_navigate()

    def login():
        sess["user"] = "ada"
        pl.flash("Welcome back")

    def logout():
        sess.clear()
        pl.flash("Logged out", kind="error")
        navigate("/bye")

    return h.div(
        Flash(),
        h.p(sess.get("user", "nobody"), id="user"),
        h.button("in", id="in", on_click=login),
        h.button("out", id="out", on_click=logout),
        pl.Link("next", to="/next", id="next"),
        pl.Link("again", to="/again", id="again"),
    )


async def test_a_handler_writes_the_session_and_what_reads_it_re_renders():
    async with render(Account(), cookie={"theme": "dark"}) as view:
        assert view.find("#user").text == "nobody"
        await view.click("#in")
        assert view.find("#user").text == "ada"
        assert view.cookie["user"] == "ada" and view.cookie["theme"] == "dark"
        assert view.cookie.changed  # no server to write it: it waits for one


async def test_the_first_render_reads_the_cookie():
    async with render(Account(), cookie={"user": "grace"}) as view:
        assert view.find("#user").text == "grace"


async def test_a_flash_shows_at_once_survives_one_navigation_and_is_gone_after_the_next():
    async with render(Account()) as view:
        await view.click("#in")
        assert "Welcome back" in view.find(".pl-flash").text
        await view.click("#next")
        assert "Welcome back" in view.find(".pl-flash").text
        await view.click("#again")
        assert view.find_all(".pl-flash .pl-alert") == []
        assert FLASH_KEY not in view.cookie


async def test_a_flash_made_before_a_redirect_shows_on_the_page_it_leads_to():
    async with render(Account(), cookie={"user": "ada"}) as view:
        await view.click("#out")
        assert view.path == "/bye"
        assert view.find("#user").text == "nobody"
        alert = view.find(".pl-flash .pl-alert")
        assert "Logged out" in alert.text and "pl-tone-danger" in alert.attrs["class"]


async def test_a_flash_can_be_dismissed():
    async with render(Account()) as view:
        await view.click("#in")
        await view.click(".pl-flash button")
        assert view.find_all(".pl-flash .pl-alert") == []


def test_flash_outside_a_handler_says_where_to_call_it():
    with pytest.raises(RuntimeError, match="outside a page's handler"):
        pl.flash("hello")


def test_a_cookie_session_counts_its_changes_and_ignores_a_bad_flash_shape():
    sess = CookieSession({FLASH_KEY: [["info", "ok", 1], "junk", ["x", "y", "z"]]})
    assert [m.message for m in sess.flashes()] == ["ok"]
    version = sess.version
    sess["a"] = 1
    assert sess.changed and sess.version == version + 1
    sess.refresh({"b": 2})
    assert dict(sess) == {"b": 2}


async def test_a_post_form_carries_the_csrf_token_of_the_session_and_others_do_not():
    @pl.component
    def Forms():
        return h.div(h.form(h.input(name="q"), method="post", id="p"), h.form(h.input(name="q"), id="g"))

    async with render(Forms()) as view:
        token = view.cookie["_csrf"]
        assert view.find("#p input[name=_csrf_token]").attrs["value"] == token
        assert view.find_all("#g input[type=hidden]") == []
    # Outside a page (a static render) there is no session: no field.
    assert "_csrf_token" not in pl.render_to_string(h.form(method="post"))


def test_a_flash_replaces_the_one_of_its_kind_so_flashes_never_pile_up():
    # A flash in a loop (or one in every tab) used to pile up in the cookie, which a browser drops past 4 KB.
    sess = CookieSession()
    for i in range(200):
        sess.add_flash(f"saved {i}", "success")
    sess.add_flash("sensor offline", "error")
    assert [(m.kind, m.message) for m in sess.flashes()] == [("success", "saved 199"), ("error", "sensor offline")]
