"""The HTTP answer to a download: an attachment with a safe name, a file streamed from disk."""

from __future__ import annotations

from pathlib import Path

import pylive as pl
from pylive import html as h
from pylive.server.downloads import disposition


def test_disposition_gives_an_ascii_fallback_and_the_utf8_name():
    assert disposition("report.csv") == "attachment; filename=\"report.csv\"; filename*=UTF-8''report.csv"
    assert disposition('naïve "q".txt') == (
        "attachment; filename=\"na_ve _q_.txt\"; filename*=UTF-8''na%C3%AFve%20%22q%22.txt"
    )


async def test_a_path_is_streamed_once_by_its_token_alone(tmp_path: Path):
    file = tmp_path / "big.bin"
    file.write_bytes(bytes(range(256)) * 4000)

    @pl.component
    def Page():
        return h.button("x", id="x", on_click=lambda: pl.download(file, "big.bin"))

    app = pl.App(Page)
    client = app.test_client()
    await client.get("/")
    (session,) = app.store.sessions()
    token = session.downloads.offer(file, "big.bin")
    assert (await client.get(f"/_pylive/download/{token[:-1]}x")).status_code == 404
    response = await client.get(f"/_pylive/download/{token}")  # the URL names no session
    assert response.status_code == 200
    assert await response.get_data() == file.read_bytes()
    assert response.headers["Content-Length"] == str(file.stat().st_size)
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    assert (await client.get(f"/_pylive/download/{token}")).status_code == 404


async def test_a_closed_sessions_downloads_are_gone(tmp_path: Path):
    @pl.component
    def Page():
        return h.p("x")

    app = pl.App(Page)
    client = app.test_client()
    await client.get("/")
    (session,) = app.store.sessions()
    tokens = [session.downloads.offer(b"data", f"{n}.txt") for n in range(3)]
    assert all(app._downloads.get(t) is session.downloads for t in tokens)
    session.downloads.take(tokens[0])
    session.close()
    assert len(app._downloads) == 0
    assert (await client.get(f"/_pylive/download/{tokens[1]}")).status_code == 404
