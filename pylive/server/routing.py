"""An app's pages: paths with parameters, matched to components, for HTTP and in-app navigation.

One routing table serves both: the first HTTP request asks it for the page at the request's path,
and a live session's router asks it again on every in-app navigation, so moving between pages needs
no page load. Paths take parameters as `{name}` (a string), `{name:int}` or `{name:path}` (slashes
included); a component receives them as keyword props.
"""

from __future__ import annotations

import re
from typing import Any, Callable
from urllib.parse import unquote

import attrs
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule

from pylive import html as h
from pylive.core.navigation import Link, Location

_PARAM = re.compile(r"\{(\w+)(?::(\w+))?\}")


def werkzeug_rule(path: str) -> str:
    """`/users/{user_id:int}` as a werkzeug rule: `/users/<int:user_id>`."""
    if not path.startswith("/"):
        raise ValueError(f"a page path starts with '/': {path!r}")
    return _PARAM.sub(lambda m: f"<{m[2]}:{m[1]}>" if m[2] else f"<{m[1]}>", path)


#: A page's guard: given the cookie session, None to allow the page, or an app-relative path to go to instead.
PageGuard = Callable[[Any], "str | None"]


@attrs.frozen(slots=True)
class Page:
    """One page: its path, what it renders, its title (None: the app's), its guard and its layout.

    `layout` None takes the app's; False means none.
    """

    path: str
    component: Any
    title: str | None = None
    guard: PageGuard | None = None
    layout: Any = None

    def node(self, params: dict[str, Any]) -> Any:
        """What the page renders for these path parameters."""
        target = self.component
        return target(**params) if callable(target) else target


def not_found(location: Location) -> Any:
    """What an unknown path shows inside a live page."""
    return h.main(
        h.h1("Page not found"),
        h.p("There is no page at ", h.code(location.path), "."),
        h.p(Link("Back to the start", to="/")),
        class_="pl-not-found",
    )


class Pages:
    """The routing table of an app's pages."""

    def __init__(self, default_title: str, layout: Any = None) -> None:
        self.default_title = default_title
        #: The component every page is wrapped in (`Shell(page)`), unless a page names its own.
        self.layout = layout
        self._pages: dict[str, Page] = {}
        self._map = Map(strict_slashes=False, merge_slashes=False)
        self._adapter = self._map.bind("localhost", "/")

    def __iter__(self):
        return iter(self._pages.values())

    def add(
        self, path: str, component: Any, title: str | None = None, *, guard: PageGuard | None = None, layout: Any = None
    ) -> Page:
        """Register a page; returns it. A path already taken is replaced."""
        rule = werkzeug_rule(path)
        if guard is not None and not callable(guard):
            raise TypeError(f"guard= of the page {path!r} must be a function taking the session, not {guard!r:.40}")
        page = Page(path, component, title, guard, layout)
        if rule in self._pages:
            self._map = Map([Rule(r, endpoint=r) for r in self._pages], strict_slashes=False, merge_slashes=False)
            self._adapter = self._map.bind("localhost", "/")
        else:
            self._map.add(Rule(rule, endpoint=rule))
            self._adapter = self._map.bind("localhost", "/")
        self._pages[rule] = page
        return page

    def match(self, path: str) -> tuple[Page, dict[str, Any]] | None:
        """The page at `path` (as the address bar has it, percent-encoded) and its parameters."""
        try:
            rule, params = self._adapter.match(unquote(path), method="GET")
        except HTTPException:
            return None
        return self._pages[rule], params

    def resolve(self, location: Location) -> tuple[Any, str]:
        """A session router's resolver: `(node, title)` for a location, a "not found" node if none."""
        found = self.match(location.path)
        if found is None:
            return self._wrap(self.layout, not_found(location)), "Page not found"
        page, params = found
        layout = self.layout if page.layout is None else page.layout
        return self._wrap(layout, page.node(params)), page.title or self.default_title

    @staticmethod
    def _wrap(layout: Any, node: Any) -> Any:
        # The layout stays at the same place in the tree whatever the page: moving between pages that
        # share it keeps its state, and only the page inside is replaced.
        return layout(node) if layout else node

    def redirect(self, location: Location, session: Any) -> str | None:
        """Where the guard of the page at `location` sends this session instead, or None (allowed)."""
        found = self.match(location.path)
        if found is None or found[0].guard is None:
            return None
        target = found[0].guard(session)
        bad = not isinstance(target, str) or not target.startswith("/") or target.startswith("//")
        if target is not None and bad:
            raise ValueError(
                f"the guard of the page {found[0].path!r} returned {target!r}: return None to allow the page, "
                "or an app-relative path starting with one '/'"
            )
        return target

    def resolver(self) -> Callable[[Location], tuple[Any, str]]:
        """`resolve`, as the callable a `Session` takes for its root."""
        return self.resolve


def app_path(raw_path: bytes, base: str) -> str:
    """A request's path as the browser sent it (percent-encoded), relative to the app's mount point `base`."""
    path = raw_path.decode("latin-1")
    if base and (path == base or path.startswith(base + "/")):
        return path[len(base) :] or "/"
    return path
