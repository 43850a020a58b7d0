"""Two pages linked with `pl.Link`, for in-app navigation and the back button."""

from __future__ import annotations

import pylive as pl
from pylive import html as h

from . import SECRET_KEY


@pl.component
def Nav():
    loc = pl.use_location()
    return h.nav(
        pl.Link("Home", to="/", id="to-home"),
        pl.Link("About", to="/about?tab=team", id="to-about"),
        pl.Link("Edit", to="/edit", id="to-edit"),
        h.span(loc.path, id="path"),
    )


@pl.component
def Home():
    return h.main(
        Nav(),
        h.h1("Home", id="heading"),
        h.div(style="height: 3000px"),
        pl.Link("About, from the bottom", to="/about?tab=team", id="bottom-link"),
    )


@pl.component
def About():
    loc = pl.use_location()
    return h.main(Nav(), h.h1("About", id="heading"), h.p(",".join(loc.query.get("tab", [])), id="tab"))


@pl.component
def Edit():
    draft, set_draft = pl.use_state("")
    return h.main(
        Nav(),
        h.h1("Edit", id="heading"),
        pl.ConfirmLeave(when=draft != "", message="Discard your draft?"),
        h.textarea(id="draft", on_input=lambda e: set_draft(e.value)),
        h.a("a fragment", href="#notes", id="fragment", on_click=lambda: None),
    )


def make_app() -> pl.App:
    app = pl.App(title="Site", secret_key=SECRET_KEY)
    app.page("/", Home, title="Home")
    app.page("/about", About, title="About")
    app.page("/edit", Edit, title="Edit")
    return app
