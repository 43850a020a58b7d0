"""The login demo: its users table and its pages, driven in-process and over HTTP."""

from __future__ import annotations

from types import ModuleType

import pytest
from demo_loader import load_demo

from pylive.testing import render


@pytest.fixture(scope="module")
def login() -> ModuleType:
    return load_demo("login")


def test_passwords_are_stored_as_argon2_hashes_and_checked(login: ModuleType) -> None:
    users = login.Users()
    users.add("grace", "hopper-1906")
    (stored,) = users._db.execute("SELECT hash FROM users").fetchone()
    assert stored.startswith("$argon2id$") and "hopper" not in stored
    assert users.check("grace", "hopper-1906")
    assert not users.check("grace", "hopper-1907")
    assert not users.check("nobody", "hopper-1906")


def test_the_guards_send_visitors_to_login_and_members_away_from_it(login: ModuleType) -> None:
    assert login.members_only({}) == "/login"
    assert login.members_only({"user": "ada"}) is None
    assert login.visitors_only({"user": "ada"}) == "/members"
    assert login.visitors_only({}) is None


async def test_a_wrong_password_says_so_and_signs_nobody_in(login: ModuleType) -> None:
    async with render(login.Login()) as view:
        await view.submit("#login-form", {"name": "ada", "password": "wrong"})
        await view.settle()
        assert view.find("#login-error").text == "Wrong name or password."
        assert "user" not in view.cookie


async def test_logging_in_and_out_through_the_app(login: ModuleType) -> None:
    # The whole app's router, as a page of the server would mount it: guards and the shell included.
    async with render(login.app.pages.resolve, path="/login") as view:
        await view.submit("#login-form", {"name": "ada", "password": "correct horse"})
        await view.settle()
        assert view.cookie["user"] == "ada"
        assert view.path == "/members"
        assert "Welcome back, ada." in view.find(".pl-flash").text
        assert view.find("#who").text == "signed in as ada"
        await view.click("#logout")
        assert "user" not in view.cookie
        assert view.path == "/"
        assert "You are logged out." in view.find(".pl-flash").text


async def test_the_members_page_answers_a_visitor_with_a_redirect_to_login(login: ModuleType) -> None:
    client = login.app.test_client()
    response = await client.get("/members")
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    page = await client.get("/login")
    assert page.status_code == 200 and "Log in" in await page.get_data(as_text=True)
