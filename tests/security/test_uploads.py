"""Hostile upload clients against a real server: a client that lies about a file's size or type,
sends chunks for entries it was never given, chunks over the size allowed, malformed `upload`
frames, or drops mid-way. Each is refused with a clear error, nothing is left on disk, and the
session and every other session go on. Downloads: one-time, scoped to their session."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from raw_client import FrameReader, binary_frame, frame, handshake, open_page, request, wait_until

import pylive as pl
from pylive import html as h
from pylive.live.frames import chunk_frame, upload_frame

received: list[str] = []


@pl.component
def Uploads():
    count, set_count = pl.use_state(0)
    up = pl.use_upload(
        accept=("image/*", ".bin"), max_entries=2, max_file_size=100_000, on_upload=lambda e: received.append(e.name)
    )
    return h.div(
        h.input(upload=up, id="file"),
        h.ul([h.li(e.name, " ", e.error or "", key=e.ref) for e in up.entries], id="entries"),
        h.button("+", id="inc", on_click=lambda: set_count(count + 1)),
        h.span(str(count), id="count"),
        h.button("dl", id="dl", on_click=lambda: pl.download(b"secret", "s.txt")),
    )


@pytest.fixture
def spool(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    received.clear()
    return tmp_path


class Client:
    def __init__(self, port: int) -> None:
        self.page = open_page(port)
        status, self.sock = handshake(port, self.page)
        assert status == 101
        self.reader = FrameReader(self.sock)
        first = self.reader.message()
        assert first["t"] in ("mount", "resumed")
        # A page whose parked session went is mounted afresh: its upload has a new name then.
        self.ref = re.search(r'data-pl-upload="([^"]+)"', first.get("html") or self.page.html)[1]
        self.seen: list = []
        self.seq = 0

    def send(self, text: str) -> None:
        self.sock.sendall(frame(text))

    def send_bytes(self, data: bytes) -> None:
        self.sock.sendall(binary_frame(data))

    def upload(self, files: list[dict], n: int = 1) -> dict:
        self.send(upload_frame(self.ref, n, files))
        return self.reader.until(lambda m: isinstance(m, dict) and m.get("t") in ("upload_ok", "error"))

    def error(self) -> str:
        """The next error message (what came before it is kept in `seen`)."""
        return self.reader.until(lambda m: self.seen.append(m) or isinstance(m, dict) and m.get("t") == "error")[
            "message"
        ]

    def click(self, dom_id: str) -> list:
        self.seq += 1
        self.send(json.dumps([self.seq, self.page.node_id(dom_id), "click", {}]))
        return self.reader.until(lambda m: self.seen.append(m) or isinstance(m, list) and m[1] == self.seq)

    def alive(self) -> bool:
        self.send('{"t":"ping"}')
        return self.reader.until(lambda m: m == {"t": "pong"}) is not None


def test_a_client_that_lies_about_the_size_is_stopped_and_nothing_stays_on_disk(serve_app, spool):
    server = serve_app(pl.App(Uploads))
    client = Client(server.port)
    ok = client.upload([{"name": "a.bin", "size": 10, "type": ""}])
    (entry,) = ok["ids"]
    client.send_bytes(chunk_frame(entry, b"x" * 60_000))
    assert "sent more bytes than it declared" in client.error()
    assert {"t": "upload_stop", "id": entry} in client.seen
    assert wait_until(lambda: not any(spool.iterdir()))
    assert client.alive()
    assert received == []


def test_a_declared_size_over_the_limit_is_refused_before_a_byte_is_sent(serve_app, spool):
    server = serve_app(pl.App(Uploads))
    client = Client(server.port)
    assert client.upload([{"name": "a.bin", "size": 10_000_000, "type": ""}])["ids"] == [0]
    client.send_bytes(chunk_frame(1, b"x" * 1000))  # sent anyway
    assert "no upload entry 1" in client.error()
    assert not any(spool.iterdir())


def test_chunks_for_entries_never_given_are_refused(serve_app, spool):
    server = serve_app(pl.App(Uploads))
    client = Client(server.port)
    for entry in (0, 7, 2**32 - 1):
        client.send_bytes(chunk_frame(entry, b"hello"))
        assert client.error() == f"no upload entry {entry} is receiving bytes"
    client.send_bytes(b"\x01\x00")
    assert "chunk frame" in client.error()
    assert client.click("inc")
    assert not any(spool.iterdir())


def test_an_oversize_chunk_fails_its_entry(serve_app, spool):
    server = serve_app(pl.App(Uploads, max_frame_bytes=4_000_000))
    client = Client(server.port)
    (entry,) = client.upload([{"name": "a.bin", "size": 90_000, "type": ""}])["ids"]
    client.send_bytes(chunk_frame(entry, b"x" * 80_000))
    assert "over the 65536 allowed" in client.error()
    assert wait_until(lambda: not any(spool.iterdir()))
    # A chunk frame over max_frame_bytes is refused (the connection's own check; behind pl.run,
    # hypercorn closes such a frame with 1009 before buffering it).
    client.send_bytes(chunk_frame(entry, b"x" * 4_100_000))
    assert client.error() == "frame too large"
    assert client.alive()


def test_bytes_that_belie_an_image_type_are_never_written(serve_app, spool):
    server = serve_app(pl.App(Uploads))
    client = Client(server.port)
    (entry,) = client.upload([{"name": "cat.png", "size": 5000, "type": "image/png"}])["ids"]
    client.send_bytes(chunk_frame(entry, b"MZ" + b"\x00" * 4998))
    assert client.reader.until(lambda m: m == {"t": "upload_stop", "id": entry})
    assert not any(spool.iterdir())
    assert received == []


@pytest.mark.parametrize(
    "fields",
    [
        {"ref": 1, "n": 1, "files": []},
        {"n": 1, "files": [{"name": "a", "size": 1}]},
        {"ref": "x", "n": -1, "files": [{"name": "a", "size": 1}]},
        {"ref": "x", "n": 1, "files": "a.bin"},
        {"ref": "x", "n": 1, "files": [{"name": "a", "size": -5}]},
        {"ref": "x", "n": 1, "files": [{"name": "", "size": 5}]},
        {"ref": "x", "n": 1, "files": [{"name": "a", "size": 5, "type": 3}]},
        {"ref": "x", "n": 1, "files": [{"name": "a", "size": 1}] * 101},
    ],
)
def test_malformed_upload_frames_are_refused(serve_app, spool, fields):
    server = serve_app(pl.App(Uploads))
    client = Client(server.port)
    client.send(json.dumps({"t": "upload", **fields}))
    assert "upload" in client.error()
    assert client.alive()


def test_an_unknown_upload_is_refused_and_answered(serve_app, spool):
    server = serve_app(pl.App(Uploads))
    client = Client(server.port)
    client.ref = "nope"
    assert client.upload([{"name": "a.bin", "size": 5}]) == {"t": "error", "message": "no upload 'nope' in this page"}
    assert client.reader.until(lambda m: m.get("t") == "upload_ok")["ids"] == [0]


def test_a_client_gone_mid_upload_leaves_nothing_and_others_go_on(serve_app, spool):
    server = serve_app(pl.App(Uploads, resume_seconds=0))
    hostile, other = Client(server.port), Client(server.port)
    (entry,) = hostile.upload([{"name": "a.bin", "size": 100_000, "type": ""}])["ids"]
    hostile.send_bytes(chunk_frame(entry, b"x" * 50_000))
    assert hostile.reader.until(lambda m: isinstance(m, dict) and m.get("t") == "upload_ack")["n"] == 50_000
    assert any(spool.iterdir())
    assert other.click("inc")  # another session, while that one holds a partial file
    hostile.sock.close()
    assert wait_until(lambda: not any(spool.iterdir()))
    assert other.click("inc")
    assert received == []


def test_a_download_is_served_once_by_its_unguessable_token(serve_app, spool):
    """The token (32 random bytes, sent to its page alone) is the whole URL: no session id in it."""
    server = serve_app(pl.App(Uploads))
    client, other = Client(server.port), Client(server.port)
    client.click("dl")
    (message,) = [m for m in client.seen if isinstance(m, dict) and m.get("t") == "download"]
    path = f"/_pylive/download/{message['token']}"
    assert client.page.session not in path
    assert request(server.port, path[:-2] + "xx").status == 404
    assert request(server.port, f"/_pylive/download/{other.page.token}").status == 404
    reply = request(server.port, path)
    assert reply.status == 200
    assert reply.body == b"secret"
    assert "attachment" in reply.headers["content-disposition"]
    assert request(server.port, path).status == 404  # once
    assert request(server.port, "/_pylive/download/guess").status == 404
