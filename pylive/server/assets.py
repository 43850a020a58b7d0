"""The client runtime's files (`pylive.js`, `pylive.css`), served with content-hashed URLs.

Pages link `/_pylive/<name>?v=<hash>`; a request with the current hash may be cached for a year,
since a changed file gets a new URL. Files are re-read when they change on disk, so a developer
editing the runtime sees it on the next page load. Each file is also kept gzipped (once, when it is
read), for the browsers that accept it: the runtime is sent readable, a third of its size.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.resources
import os
import re
import time
from pathlib import Path

import attrs

#: The URL prefix of everything pylive serves itself.
PREFIX = "/_pylive"

#: How long a cached file is served before its modification time is looked at again.
RECHECK_SECONDS = 1.0

#: What a runtime file's name may be: no separator, no NUL, not hidden, not too long for the system.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")

_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}


def assets_dir() -> Path:
    """The folder of the `pylive.assets` package (the project's top-level `assets/`)."""
    try:
        return Path(str(importlib.resources.files("pylive.assets")))
    except ModuleNotFoundError:
        # An editable install cannot import a namespace package mapped under a regular one.
        return Path(__file__).resolve().parents[2] / "assets"


@attrs.frozen(slots=True)
class AssetFile:
    """One served file's bytes, gzipped too, and their hash (the `v=` of its URL, and its ETag)."""

    body: bytes
    hash: str
    content_type: str
    gzipped: bytes = b""


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an `Accept-Encoding` header allows gzip (`gzip` or `*`, with a q-value above 0)."""
    for item in accept_encoding.split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip().lower() not in ("gzip", "x-gzip", "*"):
            continue
        name, _, value = params.strip().partition("=")
        if name.strip().lower() != "q":
            return True
        try:
            return float(value) > 0
        except ValueError:
            return False
    return False


@attrs.frozen(slots=True)
class PageLinks:
    """The URLs a page links: the runtime's script and stylesheet, and the stock components' if installed."""

    script: str
    style: str
    component_style: str | None = None
    component_script: str | None = None
    #: The base stylesheet (`assets/base.css`): the look of plain `h.*` pages.
    base_style: str | None = None
    #: The page's icon (`assets/favicon.svg`), so that no browser asks for a missing /favicon.ico.
    icon: str | None = None


class Assets:
    """The runtime's files, read from `folder` and cached until their modification time changes
    (looked at once a second at most)."""

    __slots__ = ("folder", "_cache", "_checked")

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or assets_dir()
        self._cache: dict[str, tuple[int, int, AssetFile]] = {}
        #: When each cached file was last compared with the disk (`time.monotonic()`).
        self._checked: dict[str, float] = {}

    def get(self, name: str) -> AssetFile | None:
        """The file `name` (`pylive.js` or `pylive.css`), or None if it is not there."""
        cached = self._cache.get(name)
        now = time.monotonic()
        if cached is not None and now - self._checked.get(name, -RECHECK_SECONDS) < RECHECK_SECONDS:
            # Every page links six files: a look at the disk for each cost a page load 6 system calls.
            return cached[2]
        suffix = os.path.splitext(name)[1]
        if suffix not in _TYPES or _NAME.fullmatch(name) is None:
            return None
        path = self.folder / name
        try:
            st = path.stat()
        except (OSError, ValueError):  # ValueError: a name the system cannot take (a NUL in it)
            return None
        if cached is not None and cached[0] == st.st_mtime_ns and cached[1] == st.st_size:
            self._checked[name] = now
            return cached[2]
        try:
            body = path.read_bytes()
        except OSError:
            return None
        file = AssetFile(body, hashlib.sha256(body).hexdigest()[:16], _TYPES[suffix], gzip.compress(body, 9, mtime=0))
        self._cache[name] = (st.st_mtime_ns, st.st_size, file)
        self._checked[name] = now
        return file

    def recheck(self) -> None:
        """Compare every cached file with the disk at its next request (a file was just saved)."""
        self._checked.clear()

    def url(self, name: str) -> str:
        """The URL a page links for `name`, keyed by its content hash."""
        file = self.get(name)
        return f"{PREFIX}/{name}?v={file.hash}" if file is not None else f"{PREFIX}/{name}"

    def page_links(self, base: str = "") -> PageLinks:
        """What a page links, each file looked up once; `base` is the app's mount point (ASGI root_path)."""
        urls = {}
        prefix = base + PREFIX
        for name in ("pylive.js", "pylive.css", "components.css", "components.js", "base.css", "favicon.svg"):
            file = self.get(name)
            urls[name] = None if file is None else f"{prefix}/{name}?v={file.hash}"
        return PageLinks(
            urls["pylive.js"] or f"{prefix}/pylive.js",
            urls["pylive.css"] or f"{prefix}/pylive.css",
            urls["components.css"],
            urls["components.js"],
            urls["base.css"],
            urls["favicon.svg"],
        )
