"""Refused frames: a flood is answered frame by frame but logged in a few lines and a count; `nav`
frames count against the event rate like events; a bad asset path is a 404, never a 500."""

from __future__ import annotations

import json
import re

from raw_client import FrameReader, frame, handshake, open_page, request, wait_until

import pylive as pl
from pylive import html as h

Hello = pl.component(lambda: h.p("hello", id="hello"))

FLOOD = 500


def connect(port: int) -> tuple[FrameReader, object]:
    page = open_page(port)
    status, sock = handshake(port, page)
    assert status == 101
    reader = FrameReader(sock)
    assert reader.message()["t"] in ("mount", "resumed")
    return reader, sock


def refusals_logged(lines: list[str]) -> int:
    """How many refused frames the log accounts for: one per line, or the count a summary gives."""
    total = 0
    for line in lines:
        if "refused" not in line or "frame" not in line:
            continue
        counted = re.search(r"(\d+) more", line)
        total += int(counted[1]) if counted else 1
    return total


def test_a_flood_of_refused_frames_is_answered_but_logged_in_a_few_lines(serve_app, pylive_log):
    server = serve_app(pl.App(Hello, resume_seconds=0))
    reader, sock = connect(server.port)
    sock.sendall(frame("not json") * FLOOD)
    for _ in range(FLOOD):
        assert reader.message() == {"t": "error", "message": "frame is not JSON"}
    sock.close()  # the session closes with its socket (resume_seconds=0) and says what it refused
    assert wait_until(lambda: refusals_logged(pylive_log.refresh()) >= FLOOD), pylive_log[-3:]
    assert refusals_logged(pylive_log) == FLOOD
    assert sum("refused" in line for line in pylive_log) <= 10


def test_nav_frames_count_against_the_event_rate(serve_app):
    server = serve_app(pl.App(Hello, max_events_per_second=1))
    reader, sock = connect(server.port)
    sock.sendall(frame(json.dumps({"t": "nav", "path": "/"})) * 200 + frame('{"t":"ping"}'))
    seen = []
    reader.until(lambda m: seen.append(m) or m == {"t": "pong"})
    sock.close()
    refused = [m for m in seen if isinstance(m, dict) and m.get("t") == "error" and "too many" in m["message"]]
    assert len(refused) >= 100


def test_a_bad_asset_path_is_a_404(serve_app, pylive_log):
    server = serve_app(pl.App(Hello))
    for path in ("/_pylive/pylive.js%00x", "/_pylive/%00.js", "/_pylive/pylive%00.css", "/_pylive/..%2fpyproject.toml",
                 "/_pylive/%2e%2e%2fassets%2fpylive.js", "/_pylive/" + "a" * 5000 + ".js", "/_pylive/%ff%fe.js",
                 "/_pylive/.hidden.js", "/_pylive/nothere.js"):
        reply = request(server.port, path)
        assert reply.status == 404, (path, reply.status)
    assert not any("Traceback" in line or "Exception" in line for line in pylive_log.refresh())
    assert request(server.port, "/_pylive/pylive.js").status == 200
