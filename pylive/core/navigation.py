"""In-app navigation: the current location, `use_location`, `use_navigate` and `Link`."""

from __future__ import annotations

from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

import attrs

from pylive.core.component import component
from pylive.core.context import create_context, use_context
from pylive.core.element import make_element
from pylive.core.events import event


@attrs.frozen(slots=True)
class Location:
    """Where the page is: `path` and `query` (a dict of lists, as `urllib.parse.parse_qs` gives)."""

    path: str
    query: dict[str, list[str]] = attrs.field(factory=dict, eq=False)
    search: str = ""

    @classmethod
    def parse(cls, url: str) -> "Location":
        """The location of a path with an optional query string (`/items?page=2`)."""
        parts = urlsplit(url)
        return cls(parts.path or "/", parse_qs(parts.query), parts.query)

    @property
    def url(self) -> str:
        """Path and query string, as the address bar shows them."""
        return f"{self.path}?{self.search}" if self.search else self.path


@attrs.frozen(slots=True)
class Navigation:
    """What the router provides below it: the location, and how to move."""

    location: Location
    navigate: Callable[..., None]
    #: The app's mount point (ASGI root_path), which links carry: `""` at the root.
    base: str = ""
    #: The browser's cookie session (`pl.use_session()`), and how many times it changed.
    session: Any = attrs.field(default=None, eq=False)  # a change shows in the version
    session_version: int = 0


#: The context the live router provides (`use_location` and `use_navigate` read it).
NAVIGATION = create_context(None, name="navigation")


def _static_navigate(path: str, replace: bool = False) -> None:
    raise RuntimeError("navigation needs a live session")


def use_location() -> Location:
    """The page's current location; the component re-renders when it changes."""
    nav = use_context(NAVIGATION)
    return nav.location if nav is not None else Location("/", {})


def use_navigate() -> Callable[..., None]:
    """A function `navigate(path, replace=False)` that moves the page to `path` without a page load."""
    nav = use_context(NAVIGATION)
    return nav.navigate if nav is not None else _static_navigate


def use_root_path() -> str:
    """The app's mount point (the ASGI `root_path`, e.g. `"/ui"`; `""` at the root), for URLs that
    `Link` and `navigate` do not make themselves: a plain form's `action`, an image's `src`.

        h.form(..., method="post", action=pl.use_root_path() + "/notes")
    """
    nav = use_context(NAVIGATION)
    return nav.base if nav is not None else ""


@component
def Link(*children: Any, to: str = "/", replace: bool = False, **attrs_: Any) -> Any:
    """`<a href=to>` that navigates in-app (history push, or replace) instead of loading a page.

        pl.Link("Settings", to="/settings", class_="nav")
    """
    nav = use_context(NAVIGATION)
    navigate = nav.navigate if nav is not None else _static_navigate
    if "on_click" in attrs_ or "href" in attrs_:
        raise TypeError("Link takes no href= or on_click=: it navigates to to= when clicked")
    # `to` is relative to the app's mount point; the href is what the browser loads without JavaScript.
    href = nav.base + to if nav is not None and nav.base and to.startswith("/") and not to.startswith("//") else to
    return make_element(
        "a",
        children,
        {"href": href, "on_click": event(lambda: navigate(to, replace=replace), prevent_default=True), **attrs_},
    )


#: What `ConfirmLeave` asks when the app gives no message of its own.
LEAVE_MESSAGE = "Leave this page? Changes you made may not be saved."


@component
def ConfirmLeave(when: bool = True, message: str = LEAVE_MESSAGE) -> Any:
    """While `when` holds (unsaved changes), ask the user before they leave the page: a `Link`
    click and the back or forward button ask `message` in the browser's confirm dialog (no round
    trip; "Cancel" keeps the page as it is), and closing or reloading the tab gets the browser's own
    "Leave site?" prompt (browsers show their text there, not `message`).

        draft, set_draft = pl.use_state("")
        return h.div(
            pl.ConfirmLeave(when=draft != saved, message="Discard your draft?"),
            h.textarea(draft, on_input=lambda e: set_draft(e.value)),
        )

    A `navigate()` your own handler calls is not asked about: the app decided. Place it anywhere in
    the page; it renders an inert `<template>`, or nothing while `when` is false.
    """
    if not when:
        return None
    return make_element("template", (), {"data_pl_leave": str(message)})
