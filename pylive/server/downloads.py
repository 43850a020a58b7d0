"""The HTTP answer to a page fetching a `pl.download`: an attachment, a file streamed from disk."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import AsyncIterator
from urllib.parse import quote

from quart import Response

from pylive.live.downloads import Download

#: Bytes read from disk at a time while a file is streamed.
READ_BYTES = 262_144


def disposition(filename: str) -> str:
    """A `Content-Disposition: attachment` value naming `filename` (RFC 6266: ASCII fallback and UTF-8)."""
    ascii_name = "".join(c if " " <= c < "\x7f" and c not in '"\\' else "_" for c in filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


async def _stream(path: Path) -> AsyncIterator[bytes]:
    # Reads run in a worker thread: a slow disk never holds the event loop.
    with open(path, "rb") as file:
        while chunk := await asyncio.to_thread(file.read, READ_BYTES):
            yield chunk


def download_response(download: Download) -> Response:
    """The response that makes the browser save `download` (it never replaces the page)."""
    headers = {
        "Content-Disposition": disposition(download.filename),
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }
    data = download.data
    if isinstance(data, Path):
        try:
            size = data.stat().st_size
        except OSError:
            return Response("the file is gone", status=410, content_type="text/plain")
        headers["Content-Length"] = str(size)
        return Response(_stream(data), content_type=download.content_type, headers=headers)
    return Response(data, content_type=download.content_type, headers=headers)


__all__ = ["disposition", "download_response"]
