"""Sessions, guards, a shared layout, flash and CSRF: the app of the browser tests of issue-15 features."""

from __future__ import annotations

from quart import redirect, request

import pylive as pl
from components import Flash
from pylive import html as h

from . import SECRET_KEY


@pl.component
def Shell(*children):
    """The layout of every page: a counter whose state must survive navigation, links, flash."""
    count, set_count = pl.use_state(0)
    sess = pl.use_session()
    return h.div(
        h.nav(
            pl.Link("A", to="/a", id="to-a"),
            pl.Link("B", to="/b", id="to-b"),
            pl.Link("Private", to="/private", id="to-private"),
            pl.Link("Forms", to="/forms", id="to-forms"),
            h.span(sess.get("user", "nobody"), id="who"),
        ),
        h.button(f"layout {count}", id="layout-inc", on_click=lambda: set_count(count + 1)),
        Flash(),
        h.main(*children),
    )


@pl.component
def PageA():
    return h.h1("Page A", id="heading")


@pl.component
def PageB():
    n, set_n = pl.use_state(0)
    return h.div(h.h1("Page B", id="heading"), h.button(f"b {n}", id="b-inc", on_click=lambda: set_n(n + 1)))


@pl.component
def Login():
    sess = pl.use_session()
    navigate = pl.use_navigate()

    def login():
        sess["user"] = "ada"
        pl.flash("Welcome, ada", kind="success")
        navigate("/private")

    return h.div(h.h1("Login", id="heading"), h.button("Log in", id="login", on_click=login))


@pl.component
def Private():
    sess = pl.use_session()

    def logout():
        sess.clear()
        pl.flash("Bye")

    return h.div(
        h.h1("Private", id="heading"),
        h.p(sess.get("user", ""), id="user"),
        h.button("Log out", id="logout", on_click=logout),
    )


@pl.component
def Forms():
    return h.div(
        h.h1("Forms", id="heading"),
        h.form(
            h.input(name="note", value="hello"),
            h.button("Send", id="send"),
            method="post",
            action=pl.use_root_path() + "/note",
        ),
    )


def make_app() -> pl.App:
    app = pl.App(title="Account", secret_key=SECRET_KEY, layout=Shell)
    app.page("/", PageA)
    app.page("/a", PageA, title="A")
    app.page("/b", PageB, title="B")
    app.page("/login", Login, title="Login")
    app.page("/private", Private, title="Private", guard=lambda sess: None if sess.get("user") else "/login")
    app.page("/forms", Forms, title="Forms")

    @app.quart.post("/note")
    async def note():
        pl.flash("Note saved")
        return redirect(request.root_path.rstrip("/") + "/a", 303)

    @app.quart.post("/hook")
    @pl.csrf_exempt
    async def hook():
        return "hooked"

    return app
