"""The browser's cookie session as components see it: `use_session`, and flash messages kept in it.

The server loads a `CookieSession` from the browser's signed cookie for each page and provides it
through the navigation context; the live layer writes a changed one back to the cookie (through the
client, without a page load). Flash messages live in the same mapping, under `FLASH_KEY`, so that
they survive a redirect or a page load as well as a live navigation.
"""

from __future__ import annotations

import contextvars
import secrets
from typing import Any, Callable, Iterator, MutableMapping, Protocol

import attrs

from pylive.core.context import use_context
from pylive.core.navigation import NAVIGATION

#: Where flash messages are kept in the session: a list of `[kind, message, navigations left]`.
FLASH_KEY = "_flash"
#: Where the session's CSRF token is kept.
CSRF_KEY = "_csrf"


class CookieSync(Protocol):
    """How a live page's cookie session reaches the browser's cookie and back (the server's signer)."""

    def write_token(self, data: dict[str, Any]) -> str:
        """A short-lived token the client exchanges for a cookie holding `data`."""

    def oversize(self, data: dict[str, Any]) -> str | None:
        """Why a browser would drop a cookie holding `data` (it is too large), or None."""

    def read_token(self, token: str) -> dict[str, Any] | None:
        """The cookie contents a token (fetched by the client from its cookie) names, or None if bad."""


class CookieSession(MutableMapping[str, Any]):
    """The browser's signed cookie session, as a mutable mapping (`pl.use_session()` returns it).

        sess = pl.use_session()
        sess["user"] = "ada"      # from a live handler: reaches the cookie without a page load

    Values must be what Quart's session cookie can hold (JSON types, tuples, bytes, datetimes).
    `on_change(written)` is called after each change: `written` is False when the data was only
    refreshed from the cookie (another tab wrote it), which needs a render but no write back.
    """

    __slots__ = ("_data", "changed", "version", "on_change")

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self._data: dict[str, Any] = dict(data or {})
        #: Changed since the cookie was last written (the server writes it and clears this).
        self.changed = False
        #: Counts changes, so that what depends on the session re-renders.
        self.version = 0
        self.on_change: Callable[[bool], None] | None = None

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self._data and self._data[key] is value and not isinstance(value, (list, dict)):
            return
        self._data[key] = value
        self._touch(True)

    def __delitem__(self, key: str) -> None:
        del self._data[key]
        self._touch(True)

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"CookieSession({self._data!r})"

    def clear(self) -> None:
        """Forget everything (log out): the cookie is emptied too, its CSRF token with it."""
        if self._data:
            self._data.clear()
            self._touch(True)

    def data(self) -> dict[str, Any]:
        """A copy of the contents, as the cookie holds them."""
        return dict(self._data)

    def refresh(self, data: dict[str, Any]) -> None:
        """Take the cookie's contents as they are now (another tab of the browser changed them)."""
        if data != self._data:
            self._data = dict(data)
            self._touch(False)

    def follow(self, token: Any, sync: CookieSync | None) -> bool:
        """Take the contents a tab read from its cookie (`token`, signed by `sync`); False if not valid."""
        data = sync.read_token(token) if sync is not None and isinstance(token, str) else None
        if data is None:
            return False
        self.refresh(data)
        return True

    def csrf_token(self) -> str:
        """This browser's CSRF token, made (and kept in the cookie) on first use."""
        token = self._data.get(CSRF_KEY)
        if not isinstance(token, str) or not token:
            token = self[CSRF_KEY] = secrets.token_urlsafe(32)
        return token

    def _touch(self, written: bool) -> None:
        self.version += 1
        if written:
            self.changed = True
        if self.on_change is not None:
            self.on_change(written)

    # --- flash ------------------------------------------------------------------------------

    def add_flash(self, message: str, kind: str) -> None:
        """Show `message` now, through the next navigation, and no longer after the one after. It
        replaces the message of its kind shown so far (LiveView's way): flashes made in a loop or
        in every tab never pile up in the cookie, which a browser drops past 4 KB."""
        self[FLASH_KEY] = [*(f for f in self._flashes() if f[0] != kind), [kind, message, 1]]

    def navigated(self) -> None:
        """The page moved (or a new one was served): age the flash messages by one navigation."""
        flashes = self._flashes()
        if flashes:
            kept = [[kind, message, left - 1] for kind, message, left in flashes if left > 0]
            if kept:
                self[FLASH_KEY] = kept
            else:
                del self[FLASH_KEY]

    def clear_flash(self) -> None:
        """Drop every flash message."""
        if FLASH_KEY in self._data:
            del self[FLASH_KEY]

    def flashes(self) -> tuple["FlashMessage", ...]:
        """The flash messages to show now, oldest first."""
        return tuple(FlashMessage(message, kind) for kind, message, _ in self._flashes())

    def _flashes(self) -> list[list[Any]]:
        value = self._data.get(FLASH_KEY)
        if not isinstance(value, list):
            return []
        # The cookie is signed, but be strict about its shape all the same: a bad one shows nothing.
        return [
            list(item)
            for item in value
            if isinstance(item, (list, tuple)) and len(item) == 3 and isinstance(item[2], int)
        ]


@attrs.frozen(slots=True)
class FlashMessage:
    """One flash message: its text and its kind (`"info"`, `"success"`, `"warning"`, `"error"`)."""

    message: str
    kind: str = "info"


#: The cookie session of the session whose code runs now (a handler, an effect, a timer).
_current: contextvars.ContextVar[CookieSession | None] = contextvars.ContextVar("pylive_cookie", default=None)


def enter(session: CookieSession) -> contextvars.Token:
    """Make `session` the current one while app code runs; `leave(token)` ends it."""
    return _current.set(session)


def leave(token: contextvars.Token) -> None:
    """End what `enter` began."""
    _current.reset(token)


def use_session() -> CookieSession:
    """The browser's signed cookie session, as a mutable mapping; the component re-renders when it changes.

        @pl.component
        def Greeting():
            sess = pl.use_session()
            return h.p(f"Hello, {sess.get('user', 'stranger')}")

    Read it in the first HTTP render and live; write it from a handler (`sess["user"] = "ada"`,
    `sess.clear()`) and the cookie follows without a page load: a reload and the browser's other
    tabs (on their next navigation) see the change. Outside a page (a static render) it is empty.
    """
    nav = use_context(NAVIGATION)
    session = nav.session if nav is not None else None
    return session if session is not None else CookieSession()


def current_session() -> CookieSession:
    """The cookie session of the page whose handler runs now; raises outside one."""
    session = _current.get()
    if session is None:
        raise RuntimeError(
            "pl.flash() was called outside a page's handler: call it from an event handler, an effect or "
            "a timer of a live page (or from a Quart route of the app)"
        )
    return session


def flash(message: str, kind: str = "info") -> None:
    """Show `message` to the user: now, and through the next navigation or redirect (gone after the one after).

        def save(e):
            db.save(e.form)
            pl.flash("Saved", kind="success")
            navigate("/items")

    `components.Flash()` renders them. Call it from a handler of a live page or from a Quart route of
    the app (`@app.quart.post(...)`), whose response then carries it to the next page. A new message
    replaces the one of its `kind` (flashes live in the cookie, which a browser drops past 4 KB).
    """
    current_session().add_flash(str(message), str(kind))


def clear_flash() -> None:
    """Dismiss every flash message shown (a handler's way to close them)."""
    current_session().clear_flash()


def use_flash() -> tuple[FlashMessage, ...]:
    """The flash messages to show now (`components.Flash()` renders them)."""
    return use_session().flashes()
