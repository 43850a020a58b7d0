"""The browser's cookie session on the server: written from live pages, read by other tabs, and CSRF.

Quart's signed cookie session is the store. A live page cannot set a cookie on its WebSocket, so a
change made by a handler goes to the client as a token (signed, short-lived, good once) that the
client posts to `/_pylive/session`, whose answer sets the cookie. The client then tells the
browser's other tabs, which fetch the cookie's contents, signed, from the same URL and send them
to their own sessions: they see the change on their next navigation, without a page load.

POST routes of the app (`app.quart`) refuse a request without the browser's CSRF token (the form
field or the `X-CSRF-Token` header), unless marked `@pl.csrf_exempt`.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from typing import Any, Callable, TypeVar

from itsdangerous import BadSignature, URLSafeTimedSerializer
from quart import Response, g, request, session
from quart.sessions import session_json_serializer
from werkzeug.http import parse_cookie

from pylive.core import cookie as cookies
from pylive.core.cookie import CSRF_KEY, CookieSession
from pylive.core.csrf import FIELD, HEADER
from pylive.server.hosts import origin_allowed, page_scheme

log = logging.getLogger("pylive")

#: Seconds a page's cookie write may take to reach the browser (a page away longer loses it).
WRITE_MAX_AGE = 120
#: Seconds a tab's read of the cookie is accepted by its session.
READ_MAX_AGE = 60
#: The largest cookie every browser keeps (name, value and attributes: 4,096 bytes, less room for
#: the name and attributes, as werkzeug counts it).
MAX_COOKIE_BYTES = 4093
# What the header adds to the signed value: the name and attributes (`; Path=/; HttpOnly`, ...).
_COOKIE_EXTRA = 48
#: Methods that change nothing, which need no CSRF token.
SAFE_METHODS = frozenset(("GET", "HEAD", "OPTIONS", "TRACE"))

F = TypeVar("F", bound=Callable[..., Any])


def csrf_exempt(view: F) -> F:
    """Let a POST route of `app.quart` take requests without the CSRF token (a webhook, an API with its own auth).

        @app.quart.post("/hooks/payment")
        @pl.csrf_exempt
        async def payment(): ...

    Place it below the route decorator, so that the route registers the marked function.
    """
    view._pylive_csrf_exempt = True  # type: ignore[attr-defined]
    return view


def is_exempt(view: Any) -> bool:
    """Whether a view function was marked `@csrf_exempt`."""
    return bool(getattr(view, "_pylive_csrf_exempt", False))


def csrf_valid(session: Any, sent: str | None) -> bool:
    """Whether `sent` is the token kept in the browser's cookie session."""
    kept = session.get(CSRF_KEY) if session is not None else None
    if not isinstance(kept, str) or not kept or not isinstance(sent, str):
        return False
    return hmac.compare_digest(kept.encode(), sent.encode())


async def sent_csrf_token(request: Any) -> str | None:
    """The CSRF token a request carries: its header, else its form field."""
    header = request.headers.get(HEADER)
    if header:
        return header
    form = await request.form
    return form.get(FIELD)


async def read_cookie_session(quart: Any, cookie_header: str | None) -> dict[str, Any]:
    """The browser's cookie session as a handshake's `Cookie` header carries it (the live socket is
    not a Quart request): read by the app's session interface, as Quart reads it for a request."""
    interface = quart.session_interface
    opened = await interface.open_session(quart, _HeaderCookies(parse_cookie(cookie_header or "")))
    return dict(opened) if opened is not None else {}


class _HeaderCookies:
    """What a session interface reads of a request: its cookies."""

    __slots__ = ("cookies",)

    def __init__(self, cookies: Any) -> None:
        self.cookies = cookies


class CookieSigner:
    """Signs cookie contents for the trip through the client, both ways (the live session's `CookieSync`)."""

    __slots__ = ("_write", "_read", "_used")

    def __init__(self, secret_key: str | bytes) -> None:
        self._write = URLSafeTimedSerializer(secret_key, salt="pylive.cookie-write", serializer=session_json_serializer)
        self._read = URLSafeTimedSerializer(secret_key, salt="pylive.cookie-read", serializer=session_json_serializer)
        #: The write tokens already redeemed, with when they expire: each is good once (per process).
        self._used: dict[str, float] = {}

    def write_token(self, data: dict[str, Any]) -> str:
        """A token the client posts to have the cookie hold `data`."""
        return self._write.dumps({"d": data, "n": secrets.token_urlsafe(12)})

    def oversize(self, data: dict[str, Any]) -> str | None:
        """The sentence to log when a cookie holding `data` is larger than browsers keep, or None.
        (Signed the same way as the session cookie, so the same length within a few bytes.)"""
        size = len(self._read.dumps(data)) + _COOKIE_EXTRA
        if size <= MAX_COOKIE_BYTES:
            return None
        return (
            f"the session cookie would be {size:,} bytes, more than the {MAX_COOKIE_BYTES:,} a browser keeps: "
            "the browser drops it, and this change of the session is lost on the next page load; keep large "
            "values on the server (a database) and only their id in pl.use_session()"
        )

    def redeem(self, token: str) -> dict[str, Any] | None:
        """The cookie contents of a write token, once; None if forged, expired or used."""
        try:
            payload = self._write.loads(token, max_age=WRITE_MAX_AGE)
        except (BadSignature, ValueError, TypeError):
            return None
        if not isinstance(payload, dict) or not isinstance(payload.get("d"), dict):
            return None
        now = time.monotonic()
        if len(self._used) > 1000:
            self._used = {n: t for n, t in self._used.items() if t > now}
        nonce = str(payload.get("n"))
        if self._used.get(nonce, 0) > now:
            return None
        self._used[nonce] = now + WRITE_MAX_AGE + 1
        return payload["d"]

    def read_token(self, token: str) -> dict[str, Any] | None:
        """The cookie contents a tab fetched (signed by `snapshot`), or None if forged or stale."""
        try:
            data = self._read.loads(token, max_age=READ_MAX_AGE)
        except (BadSignature, ValueError, TypeError):
            return None
        return data if isinstance(data, dict) else None

    def snapshot(self, data: dict[str, Any]) -> str:
        """The cookie's contents, signed for the tab that asked to pass them to its session."""
        return self._read.dumps(data)


class CookieRoutes:
    """The cookie session over HTTP: opened before every request (pages read it, `pl.flash` in the
    app's routes writes it), CSRF checked on unsafe methods, saved after, and `/_pylive/session`."""

    def __init__(self, quart: Any, signer: CookieSigner, allowed_origins: frozenset[str]) -> None:
        self.quart = quart
        self.signer = signer
        self.allowed_origins = allowed_origins

    async def open(self) -> Response | None:
        """Before every request: the cookie session opened, and CSRF checked on the app's own unsafe routes."""
        # Every request: pages read it, and `pl.flash` in the app's own routes writes it.
        g.pylive_cookie_was = dict(session)
        cookie = g.pylive_cookie = CookieSession(g.pylive_cookie_was)
        cookies.enter(cookie)  # the request's own task: gone with it
        if request.method in SAFE_METHODS or request.endpoint is None or request.endpoint.startswith("pylive."):
            return None
        view = self.quart.view_functions.get(request.endpoint)
        if view is None or is_exempt(view) or csrf_valid(session, await sent_csrf_token(request)):
            return None
        log.warning("refused a %s to %.100s without a valid CSRF token", request.method, request.path)
        return Response("missing or wrong CSRF token", status=403, content_type="text/plain")

    async def save(self, response: Response) -> Response:
        """After every request: what the request changed through `pl.use_session`/`pl.flash` goes in the cookie."""
        cookie = g.get("pylive_cookie")
        if cookie is not None and cookie.changed:
            cookie.changed = False  # in the cookie now: a page going live from here need not write it again
            # Only what changed through it: a route may also have written Quart's `session` itself.
            was, now = g.pylive_cookie_was, cookie.data()
            for key in was.keys() - now.keys():
                session.pop(key, None)
            session.update({key: value for key, value in now.items() if key not in was or was[key] != value})
            problem = self.signer.oversize(dict(session))
            if problem is not None:
                log.error("%s (%s %.100s)", problem, request.method, request.path)
        return response

    async def serve(self) -> Response:
        """`/_pylive/session`: a tab reads the cookie, signed (GET), or a live page's write is redeemed (POST)."""
        # GET: this tab reads the cookie, signed, for its live session. POST: a live session's write.
        headers = {"Cache-Control": "no-store"}
        if request.method == "GET":
            token = self.signer.snapshot(dict(session))
            return Response(token, content_type="text/plain", headers=headers)
        scheme = page_scheme(request.scheme, request.headers.get("X-Forwarded-Proto"))
        if not origin_allowed(request.headers.get("Origin"), request.headers.get("Host"), self.allowed_origins, scheme):
            # Another site posting a token it got for its own session would log the browser in as that session.
            log.warning("refused a cookie write from origin %.100r", request.headers.get("Origin"))
            return Response("forbidden origin", status=403, content_type="text/plain", headers=headers)
        data = self.signer.redeem((await request.form).get("token", ""))
        if data is None:
            return Response("bad, expired or used token", status=403, content_type="text/plain", headers=headers)
        session.clear()
        session.update(data)
        g.pylive_cookie = None  # this request's own view of the cookie must not write it back
        return Response("", status=204, headers=headers)
