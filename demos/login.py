"""Accounts in SQLite with Argon2-hashed passwords, a members-only page, and log out from a live handler.

The browser's signed cookie session (`pl.use_session()`) remembers who is signed in: a reload and
the browser's other tabs see it. `guard=` keeps the members' page to members, on the first request
and on every live navigation; the shell around every page (`layout=`) keeps its state meanwhile.
Try it as `ada` with the password `correct horse`.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

import pylive as pl
from components import Button, Flash, TextInput
from pylive import html as h

STYLE = (
    "<style>"
    ".shell{font:1rem system-ui,sans-serif;max-width:34rem;margin:0 auto;padding:1rem}"
    ".shell header{display:flex;gap:1rem;align-items:center;border-bottom:1px solid #e4e4e4;padding:.5rem 0 .75rem}"
    ".shell header a{color:#2e5bff;text-decoration:none}"
    ".shell header .who{margin-left:auto;color:#555;font-size:.9rem}"
    ".shell main{padding:1rem 0}"
    ".shell form{display:grid;gap:.75rem;max-width:20rem}"
    ".shell .hint{color:#666;font-size:.875rem}"
    ".shell .error{color:#c62828;margin:0}"
    "</style>"
)


class Users:
    """The users table: names and Argon2 hashes of their passwords, in SQLite.

    Hashing takes tens of milliseconds on purpose (that is what makes guessing slow), so callers run
    `check` and `add` in a thread, never on the event loop that serves every page.
    """

    def __init__(self, path: str = ":memory:") -> None:
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.Lock()
        self._hasher = PasswordHasher()
        with self._lock, self._db:
            self._db.execute("CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, hash TEXT NOT NULL)")

    def add(self, name: str, password: str) -> None:
        """Create (or reset) the account `name`."""
        hashed = self._hasher.hash(password)
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO users (name, hash) VALUES (?, ?)", (name, hashed))

    def check(self, name: str, password: str) -> bool:
        """Whether `password` is `name`'s; a hash made with weaker settings is upgraded on the way."""
        with self._lock:
            row = self._db.execute("SELECT hash FROM users WHERE name = ?", (name,)).fetchone()
        if row is None:
            self._hasher.hash(password)  # as slow as a real check: timing does not tell which names exist
            return False
        try:
            self._hasher.verify(row[0], password)
        except (VerificationError, InvalidHashError):
            return False
        if self._hasher.check_needs_rehash(row[0]):
            self.add(name, password)
        return True


users = Users()
users.add("ada", "correct horse")


def members_only(sess: pl.CookieSession) -> str | None:
    """The members' page guard: a visitor who is not signed in goes to the login page."""
    return None if sess.get("user") else "/login"


def visitors_only(sess: pl.CookieSession) -> str | None:
    """The login page guard: someone signed in has nothing to do there."""
    return "/members" if sess.get("user") else None


@pl.component
def Shell(*children: Any) -> pl.Element:
    """Every page's frame: a header with links and who is signed in, the flash messages, the page.

    Its visit counter shows that the shell is kept (not rendered afresh) across navigation.
    """
    sess = pl.use_session()
    visits, set_visits = pl.use_state(0)
    location = pl.use_location()
    pl.use_effect(lambda: set_visits(lambda v: v + 1), [location.path])
    user = sess.get("user")
    return h.div(
        h.header(
            pl.Link("Home", to="/", id="nav-home"),
            pl.Link("Members", to="/members", id="nav-members"),
            h.span(f"signed in as {user}" if user else "not signed in", class_="who", id="who"),
        ),
        Flash(),
        h.main(*children),
        h.p(f"Pages seen in this tab: {visits}", class_="hint", id="visits"),
        class_="shell",
    )


@pl.component
def Home() -> pl.Element:
    """The public page."""
    sess = pl.use_session()
    user = sess.get("user")
    return h.section(
        h.h1("Welcome"),
        h.p(f"Good to see you, {user}." if user else "The members' page is for members only."),
        pl.Link("Go to the members' page", to="/members", id="to-members"),
    )


@pl.component
def Login() -> pl.Element:
    """The login form, checked on the server: a wrong password says so and logs nothing in."""
    sess = pl.use_session()
    navigate = pl.use_navigate()
    error, set_error = pl.use_state("")

    async def submit(e: pl.Event) -> None:
        form = e.form or {}
        name = str(form.get("name", "")).strip()
        password = str(form.get("password", ""))
        if not await asyncio.to_thread(users.check, name, password):
            set_error("Wrong name or password.")
            return
        sess["user"] = name
        pl.flash(f"Welcome back, {name}.", kind="success")
        navigate("/members")

    return h.section(
        h.h1("Log in"),
        h.form(
            TextInput("Name", "name", autocomplete="username", required=True),
            TextInput("Password", "password", type="password", autocomplete="current-password", required=True),
            h.p(error, role="alert", id="login-error", class_="error") if error else None,
            Button("Log in", type="submit", id="login"),
            on_submit=submit,
            id="login-form",
        ),
        h.p("Try ada / correct horse.", class_="hint"),
    )


@pl.component
def Members() -> pl.Element:
    """The members' page: only a signed-in user gets here; logging out is a live handler."""
    sess = pl.use_session()
    navigate = pl.use_navigate()

    def logout() -> None:
        sess.clear()
        pl.flash("You are logged out.")
        navigate("/")

    return h.section(
        h.h1("Members"),
        h.p(f"Only {sess.get('user')} can see this page."),
        Button("Log out", on_click=logout, id="logout", variant="secondary"),
    )


app = pl.App(title="Login", head=[STYLE], layout=Shell)
app.page("/", Home)
app.page("/login", Login, title="Log in", guard=visitors_only)
app.page("/members", Members, title="Members", guard=members_only)

if __name__ == "__main__":
    pl.run(app)
