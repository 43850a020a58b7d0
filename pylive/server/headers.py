"""The security headers every HTTP response carries, and the Content-Security-Policy of a page.

A pylive page runs one external module script (the runtime, configured by data attributes) and
links its stylesheets, so the policy allows no inline script at all. The only inline code a page
holds is the app's own `<head>` content (`pl.App(head=[...])`: an `h.style(...)`, a `<script>` that
defines JS hooks), trusted markup that is allowed by its SHA-256 hash, computed once each time the
head is rendered. Inline `style=` attributes are allowed (`style-src-attr`): stock components and
patches set them, and a style attribute cannot run script.
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from typing import Any, Mapping
from urllib.parse import urlsplit

import attrs

#: The policy's directives before the head's hashes and sources are added.
BASE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    # 'self' covers ws:// and wss:// of the page's own host in current browsers (CSP Level 3).
    "connect-src": ("'self'",),
    # blob: is the browser's own copy of a file picked for upload (`Upload.preview`).
    "img-src": ("'self'", "data:", "blob:"),
    "style-src": ("'self'",),
    "style-src-attr": ("'unsafe-inline'",),
    "object-src": ("'none'",),
    "frame-ancestors": ("'self'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}

CSP = "Content-Security-Policy"

#: Every response's headers besides the policy (which depends on the app's head).
BASE_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
}


def source_hash(text: str) -> str:
    """The CSP source (`'sha256-...'`) that allows an inline element whose text is `text`."""
    # The browser hashes the text as it parsed it, where every line break is one LF.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@attrs.frozen(slots=True)
class HeadSources:
    """What a page's head needs the policy to allow: hashes of its inline scripts and styles, and
    the origins of the scripts and stylesheets it links from other sites."""

    scripts: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()


class _HeadScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._inline: str | None = None  # the tag whose raw text is being collected
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        found = dict(attrs_)
        if tag == "script":
            src = found.get("src")
            if src is None:
                self._inline, self._text = "script", []
            elif origin := _foreign_origin(src):
                self.scripts.append(origin)
        elif tag == "style":
            self._inline, self._text = "style", []
        elif tag == "link" and "stylesheet" in (found.get("rel") or "").lower().split():
            if origin := _foreign_origin(found.get("href") or ""):
                self.styles.append(origin)

    def handle_data(self, data: str) -> None:
        if self._inline is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._inline:
            found = self.scripts if tag == "script" else self.styles
            found.append(source_hash("".join(self._text)))
            self._inline = None


def _foreign_origin(url: str) -> str | None:
    """`https://cdn.example` for a URL on another site; None for a URL of the page's own."""
    parts = urlsplit(url.strip())
    if url.strip().startswith("//"):
        return f"https://{parts.netloc}" if parts.netloc else None
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def head_sources(head_html: str) -> HeadSources:
    """What the policy must allow for the rendered `<head>` content `head_html`."""
    scanner = _HeadScanner()
    scanner.feed(head_html)
    scanner.close()
    return HeadSources(tuple(dict.fromkeys(scanner.scripts)), tuple(dict.fromkeys(scanner.styles)))


PolicyOption = str | Mapping[str, str | None] | None


def content_security_policy(sources: HeadSources, option: Any = ...) -> str | None:
    """The policy for a page whose head needs `sources`.

    `option` is what the app's `response_headers` gives for the header: absent (`...`), the
    default policy; a string, that policy as it is; a dict, directives over the default ones
    (a value None removes a directive); None, no policy.
    """
    if option is None:
        return None
    if isinstance(option, str):
        return option
    directives = {name: list(values) for name, values in BASE_POLICY.items()}
    directives["script-src"] += sources.scripts
    directives["style-src"] += sources.styles
    if option is not ...:
        for name, value in option.items():
            if value is None:
                directives.pop(name, None)
            else:
                directives[name] = value.split()
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


class ResponseHeaders:
    """The headers added to every HTTP response: the defaults with `overrides` merged over them.

    `overrides` maps a header (any case) to its value, or to None to leave it out; the policy may
    also be a dict of directives (see `content_security_policy`). A response that sets a header
    itself keeps its own value.
    """

    __slots__ = ("overrides", "_for_head")

    def __init__(self, overrides: Mapping[str, Any] | None = None) -> None:
        #: By lowercased name: the name as written and its value.
        self.overrides: dict[str, tuple[str, Any]] = {}
        for name, value in (overrides or {}).items():
            allowed = (str, Mapping) if name.lower() == CSP.lower() else str
            if value is not None and not isinstance(value, allowed):
                raise TypeError(f"response_headers[{name!r}] must be a string or None, not {type(value).__name__}")
            self.overrides[name.lower()] = (name, value)
        self._for_head: tuple[str, dict[str, str]] | None = None

    def for_head(self, head_html: str) -> dict[str, str]:
        """The headers of a response of an app whose rendered head is `head_html` (kept for the next call)."""
        cached = self._for_head
        if cached is not None and cached[0] == head_html:
            return cached[1]
        option = self.overrides.get(CSP.lower(), (CSP, ...))[1]
        merged: dict[str, tuple[str, Any]] = {
            CSP.lower(): (CSP, content_security_policy(head_sources(head_html), option)),
            **{name.lower(): (name, value) for name, value in BASE_HEADERS.items()},
        }
        merged.update((key, item) for key, item in self.overrides.items() if key != CSP.lower())
        headers = {name: value for name, value in merged.values() if value is not None}
        self._for_head = (head_html, headers)
        return headers
