"""In-app navigation: the current location, `use_location`, `use_navigate` and `Link`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import parse_qs, urlsplit

import attrs

from . import html as h
from .component import Component, ComponentElement, component
from .context import create_context, use_context
from .events import event
from .hooks import use_memo, use_state

if TYPE_CHECKING:
    from .session import Session


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
class _Navigation:
    location: Location
    navigate: Callable[..., None]


_NAVIGATION = create_context(None, name="navigation")


def _static_navigate(path: str, replace: bool = False) -> None:
    raise RuntimeError("navigation needs a live session")


def use_location() -> Location:
    """The page's current location; the component re-renders when it changes."""
    nav = use_context(_NAVIGATION)
    return nav.location if nav is not None else Location("/", {})


def use_navigate() -> Callable[..., None]:
    """A function `navigate(path, replace=False)` that moves the page to `path` without a page load."""
    nav = use_context(_NAVIGATION)
    return nav.navigate if nav is not None else _static_navigate


@component
def Link(*children: Any, to: str = "/", replace: bool = False, **attrs_: Any) -> Any:
    """`<a href=to>` that navigates in-app (history push, or replace) instead of loading a page.

        pl.Link("Settings", to="/settings", class_="nav")
    """
    navigate = use_navigate()
    return h.a(
        *children,
        href=to,
        on_click=event(lambda: navigate(to, replace=replace), prevent_default=True),
        **attrs_,
    )


Resolver = Callable[[Location], "tuple[Any, str | None]"]


@component
def _RouterRoot(router: "Router") -> Any:
    location, set_location = use_state(router.location)
    router.set_location = set_location
    nav = use_memo(lambda: _Navigation(location, router.navigate), [location])
    node, title = router.resolve(location)
    router.set_title(title)
    return _NAVIGATION.provide(nav, node)


class Router:
    """Renders the page for the session's location and moves it on navigation.

    `root` is a node (the same whatever the location) or a resolver: a function taking a
    `Location` and returning `(node, title)`.
    """

    def __init__(self, root: Any, location: Location, session: "Session") -> None:
        self.root = root
        self.location = location
        self.session = session
        self.set_location: Callable[[Location], None] | None = None

    def element(self) -> ComponentElement:
        return _RouterRoot(router=self)

    def resolve(self, location: Location) -> tuple[Any, str | None]:
        root = self.root
        if callable(root) and not isinstance(root, (Component, ComponentElement)):
            return root(location)
        if isinstance(root, Component):
            return root(), None
        return root, None

    def set_title(self, title: str | None) -> None:
        session = self.session
        if title is not None and title != session.title:
            session.title = title
            if session.live:
                session.send_change({"t": "title", "title": title})

    def navigate(self, path: str, replace: bool = False, *, from_client: bool = False) -> None:
        """Move to `path`: re-render for it, and (unless the browser asked) update the address bar."""
        location = Location.parse(path)
        if not from_client:
            self.session.send_change({"t": "nav", "path": location.url, "replace": bool(replace)})
        if location == self.location:
            return
        self.location = location
        if self.set_location is not None:
            self.set_location(location)
