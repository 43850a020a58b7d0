"""Uploads and downloads: a FileDrop for images and text, a small input with tight limits, a
counter (the page stays responsive while bytes flow), and download buttons."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pylive as pl
from components import FileDrop
from pylive import html as h

from . import SECRET_KEY


def make_app(received: list | None = None, download_file: Path | None = None) -> pl.App:
    """`received` gets `(name, size, sha256)` of every file `on_upload` is given."""
    received = [] if received is None else received

    @pl.component
    def Uploads():
        count, set_count = pl.use_state(0)
        done, set_done = pl.use_state(())

        def got(entry: pl.UploadEntry) -> None:
            data = entry.path.read_bytes()
            received.append((entry.name, entry.size, hashlib.sha256(data).hexdigest()))
            set_done(lambda d: (*d, entry.name))

        big = pl.use_upload(
            accept=("image/*", ".txt", ".bin"), max_entries=3, max_file_size=50_000_000, on_upload=got
        )
        small = pl.use_upload(accept=(".txt",), max_entries=2, max_file_size=1000, on_upload=got)
        return h.main(
            FileDrop(upload=big, id="drop"),
            h.input(upload=small, id="small"),
            h.ul([h.li(e.name, " ", e.error or f"{e.progress}%", key=e.ref, class_="small-entry") for e in small.entries]),
            h.ul([h.li(name, key=name) for name in done], id="received"),
            h.button("+", id="inc", on_click=lambda: set_count(lambda c: c + 1)),
            h.span(str(count), id="count"),
            h.button("bytes", id="dl-bytes", on_click=lambda: pl.download(b"\x00\x01binary\xff", "data.bin")),
            h.button(
                "file",
                id="dl-file",
                on_click=lambda: pl.download(download_file, "report.csv") if download_file else None,
            ),
            class_="pl-theme",
        )

    return pl.App(Uploads, title="Uploads", secret_key=SECRET_KEY)
