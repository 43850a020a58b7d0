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
import secrets
import time
from typing import Any, Callable, TypeVar

from itsdangerous import BadSignature, URLSafeTimedSerializer
from quart.sessions import session_json_serializer

from pylive.core.cookie import CSRF_KEY
from pylive.core.csrf import FIELD, HEADER

#: Seconds a page's cookie write may take to reach the browser (a page away longer loses it).
WRITE_MAX_AGE = 120
#: Seconds a tab's read of the cookie is accepted by its session.
READ_MAX_AGE = 60
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
