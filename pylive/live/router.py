"""A live page's router: renders the page for the session's location and moves it on navigation.

The router knows nothing of the session that owns it: it reports a new title and an address
change through the two callbacks it is given.
"""

from __future__ import annotations

from typing import Any, Callable

from pylive.core.component import Component, component
from pylive.core.cookie import CookieSession
from pylive.core.element import ComponentElement
from pylive.core.hooks import use_memo, use_state
from pylive.core.navigation import NAVIGATION, Location, Navigation

#: A page resolver: the node for a location, and its title (None: leave the title as it is).
Resolver = Callable[[Location], "tuple[Any, str | None]"]
#: A page guard: where to send a location instead (an app-relative path), or None to show it.
Guard = Callable[[Location], "str | None"]

#: Redirects followed in a row before a guard is taken to loop.
MAX_REDIRECTS = 8


@component
def _RouterRoot(router: "Router") -> Any:
    location, set_location = use_state(router.location)
    version, set_version = use_state(router.cookie.version)
    router.set_location = set_location
    router.set_version = set_version
    # One context for both: a new value (a move, a session change) re-renders what reads either.
    nav = use_memo(
        lambda: Navigation(location, router.navigate, router.base, router.cookie, version), [location, version]
    )
    node, title = router.resolve(location)
    router.component = getattr(getattr(node, "component", None), "name", None) or "page"
    router.set_title(title)
    return NAVIGATION.provide(nav, node)


_RouterRoot.internal = True  # type: ignore[attr-defined]  # left out of telemetry's render events


class Router:
    """Renders the page for its location and moves it on navigation.

    `root` is a node (the same whatever the location) or a resolver: a function taking a
    `Location` and returning `(node, title)`. `on_title(title)` is called when the page's title
    changes, `on_nav(url, replace)` when the page moves and the browser's address bar must follow.
    """

    def __init__(
        self,
        root: Any,
        location: Location,
        *,
        on_title: Callable[[str], None] | None = None,
        on_nav: Callable[[str, bool], None] | None = None,
        cookie: CookieSession | None = None,
        guard: Guard | None = None,
        base: str = "",
    ) -> None:
        self.root = root
        #: The browser's cookie session, provided to the page (`use_session`).
        self.cookie = cookie if cookie is not None else CookieSession()
        #: Checked on every navigation (and at mount): may send the page elsewhere.
        self.guard = guard
        #: The session changed since the guard was last asked (a log-out here or in another tab).
        self.guard_due = False
        #: The app's mount point (ASGI root_path): locations are relative to it, links carry it.
        self.base = base
        self.set_version: Callable[[int], None] | None = None
        self.location = location
        self.title: str | None = None
        self.on_title = on_title
        self.on_nav = on_nav
        self.set_location: Callable[[Location], None] | None = None
        #: The name of the page's component, once rendered (telemetry events carry it).
        self.component = "page"

    def guarded(self, location: Location) -> tuple[Location, bool]:
        """Where `location` leads once the guard has had its say, and whether it redirected."""
        if self.guard is None:
            return location, False
        moved = False
        for _ in range(MAX_REDIRECTS):
            target = self.guard(location)
            if target is None:
                return location, moved
            location, moved = Location.parse(target), True
        raise RuntimeError(f"the page guards redirect in a loop (last to {location.url!r}): let one of them allow it")

    def session_changed(self) -> None:
        """The cookie session changed: re-render what reads it, and ask the guard again before that."""
        self.guard_due = True
        if self.set_version is not None:
            self.set_version(self.cookie.version)

    def check_guard(self, failed: Callable[..., None]) -> None:
        """After a session change: a page its guard no longer allows moves where the guard sends it;
        a guard that fails is reported with `failed(what, exc, ...)` (the tree's) and the page stays."""
        if self.guard_due:
            self.guard_due = False
            try:
                location, redirected = self.guarded(self.location)
            except Exception as exc:
                # In the flush that answers an event: raising would leave it unanswered and unrendered.
                failed(f"the guard of {self.location.path} failed", exc, component=self.component, kind="handler")
                return
            if redirected:
                self.navigate(location.url, replace=True)

    def element(self) -> ComponentElement:
        """The node to mount: the page for the location (where its guard sends it), below the
        navigation and session contexts."""
        self.location = self.guarded(self.location)[0]
        return _RouterRoot(router=self)

    def resolve(self, location: Location) -> tuple[Any, str | None]:
        """The node and title for `location`."""
        root = self.root
        if callable(root) and not isinstance(root, (Component, ComponentElement)):
            return root(location)
        if isinstance(root, Component):
            return root(), None
        return root, None

    def set_title(self, title: str | None) -> None:
        """Take the title of the page just rendered; tells `on_title` if it changed."""
        if title is not None and title != self.title:
            self.title = title
            if self.on_title is not None:
                self.on_title(title)

    def navigate(self, path: str, replace: bool = False, *, from_client: bool = False) -> None:
        """Move to `path`: re-render for it, and (unless the browser asked) update the address bar."""
        location, redirected = self.guarded(Location.parse(path))
        if redirected:
            replace = True  # the page asked for is not shown: history keeps no entry for it
        if (redirected or not from_client) and self.on_nav is not None:
            self.on_nav(location.url, bool(replace))
        if location == self.location:
            return
        self.location = location
        self.cookie.navigated()
        if self.set_location is not None:
            self.set_location(location)

    def close(self) -> None:
        """Drop the callbacks (and the cycles through them), so that a closed session is freed at once."""
        self.on_title = self.on_nav = None
        self.set_location = self.set_version = None
        self.guard = None
        self.cookie.on_change = None
