"""`pl.download`: a file the browser saves without leaving the page.

A handler's `pl.download(data, filename)` puts the data in its session's table under a one-time,
unguessable token and sends the page a `download` message; the page fetches
`download/TOKEN` beside the runtime, which the server answers once, within a minute, while the
session lives (the server finds it through `Downloads.index`: the URL names no session). A `Path`
is streamed from disk when fetched, never read into memory.
"""

from __future__ import annotations

import contextvars
import mimetypes
import secrets
import time
from pathlib import Path
from typing import Callable, MutableMapping

import attrs

from pylive.live.protocol import download_message

#: How long a download waits for the page to fetch it.
DOWNLOAD_SECONDS = 60.0
#: How many downloads a session holds unfetched; an older one goes first.
MAX_PENDING = 16


@attrs.frozen(slots=True)
class Download:
    """What one download serves: bytes in memory or a file on disk, under a name and a type."""

    data: bytes | Path
    filename: str
    content_type: str
    expires: float


def _filename(filename: str) -> str:
    if not isinstance(filename, str):
        raise TypeError(f"pl.download(filename=...) takes a str, not {type(filename).__name__}")
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = "".join(c for c in name if c >= " " and c != "\x7f")
    if not name or name in (".", ".."):
        raise ValueError(f"pl.download(filename={filename!r}) needs a file name, such as 'report.csv'")
    return name


def content_type_of(filename: str, data: bytes | str | Path) -> str:
    """The type a download is served with when none is given: from its name's extension."""
    guessed = mimetypes.guess_type(filename)[0]
    if guessed is None:
        return "text/plain; charset=utf-8" if isinstance(data, str) else "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


class Downloads:
    """One session's downloads waiting to be fetched, by token. `announce(message)` tells the page."""

    __slots__ = ("announce", "_waiting", "index", "__weakref__")

    def __init__(self, announce: Callable[[dict], None]) -> None:
        self.announce = announce
        self._waiting: dict[str, Download] = {}  # oldest first; an empty OrderedDict is twice the size
        #: The server's tokens -> `Downloads` table, so that a download URL need not name its session.
        self.index: MutableMapping[str, Downloads] | None = None

    def __len__(self) -> int:
        return len(self._waiting)

    def offer(self, data: bytes | str | Path, filename: str, content_type: str | None = None) -> str:
        """Hold `data` for the page to save as `filename`; returns its token."""
        name = _filename(filename)
        if isinstance(data, str):
            body: bytes | Path = data.encode("utf-8")
        elif isinstance(data, (bytes, bytearray, memoryview)):
            body = bytes(data)
        elif isinstance(data, Path):
            if not data.is_file():
                raise FileNotFoundError(f"pl.download({str(data)!r}, ...): there is no file at that path")
            body = data
        else:
            raise TypeError(f"pl.download() takes bytes, a str or a pathlib.Path, not {type(data).__name__}")
        self._prune()
        while len(self._waiting) >= MAX_PENDING:
            self.take(next(iter(self._waiting)))  # the oldest goes
        token = secrets.token_urlsafe(32)
        kind = content_type or content_type_of(name, data)
        self._waiting[token] = Download(body, name, kind, time.monotonic() + DOWNLOAD_SECONDS)
        if self.index is not None:
            self.index[token] = self
        self.announce(download_message(token, name))
        return token

    def take(self, token: str) -> Download | None:
        """The download under `token`, once: None if unknown, already taken or expired."""
        found = self._waiting.pop(token, None)
        self._forget(token)
        if found is None or found.expires < time.monotonic():
            return None
        return found

    def _prune(self) -> None:
        now = time.monotonic()
        for token in [t for t, d in self._waiting.items() if d.expires < now]:
            del self._waiting[token]
            self._forget(token)

    def _forget(self, token: str) -> None:
        if self.index is not None and self.index.get(token) is self:
            del self.index[token]

    def close(self) -> None:
        """The session closed: nothing is served any more, and the session is let go of."""
        for token in self._waiting:
            self._forget(token)
        self._waiting.clear()
        self.announce = _ignore


def _ignore(_: object) -> None:
    pass


#: The downloads of the session whose code runs now (set around handlers, effects and uploads).
current: contextvars.ContextVar[Downloads | None] = contextvars.ContextVar("pylive_downloads", default=None)


def download(data: bytes | str | Path, filename: str, *, content_type: str | None = None) -> None:
    """Make the browser save `data` as `filename`, without leaving the page.

        h.button("Export", on_click=lambda: pl.download(rows_as_csv(), "rows.csv"))

    `data` is `bytes`, a `str` (sent as UTF-8) or a `pathlib.Path` (streamed from disk when the
    browser fetches it). `content_type` defaults to the one the file name's extension implies.
    Call it from an event handler, an effect or `on_upload`.
    """
    downloads = current.get()
    if downloads is None:
        raise RuntimeError(
            "pl.download() was called outside a live page: call it from an event handler, an effect or on_upload"
        )
    downloads.offer(data, filename, content_type)


__all__ = ["DOWNLOAD_SECONDS", "Download", "Downloads", "current", "download"]
