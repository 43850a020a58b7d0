"""CSRF tokens in the HTML forms pylive renders: `h.form(method="post")` gets a hidden token field.

The token is the browser's own (kept in its cookie session); the server refuses a POST to the app's
routes whose form (or `X-CSRF-Token` header) does not carry it.
"""

from __future__ import annotations

from typing import Any

from pylive.core.component import component
from pylive.core.context import use_context
from pylive.core.element import make_element
from pylive.core.navigation import NAVIGATION

#: The name of the hidden form field that carries the token.
FIELD = "_csrf_token"
#: The request header that may carry it instead (for `fetch` calls).
HEADER = "X-CSRF-Token"


@component
def CsrfField() -> Any:
    """The hidden `<input name="_csrf_token">` of a POST form; nothing outside a page (a static render)."""
    nav = use_context(NAVIGATION)
    if nav is None or nav.session is None:
        return None
    return make_element("input", (), {"type": "hidden", "name": FIELD, "value": nav.session.csrf_token()})


def posts(props: dict[str, Any]) -> bool:
    """Whether a form with these props submits with POST (and so needs the token)."""
    method = props.get("method")
    return isinstance(method, str) and method.strip().lower() == "post"
