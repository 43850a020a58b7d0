"""Serving with hypercorn: a stop (SIGTERM from a deploy, Ctrl+C) closes every page's socket with
1012 at once, so the pages reconnect, with no traceback in the log."""

from __future__ import annotations

import asyncio
import re
import signal
import sys
import time
from pathlib import Path

import pytest
import websockets
from served import Served, free_port

from pylive.live.frames import join_frame

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("sig", "workers"),
    [(signal.SIGTERM, 1), (signal.SIGINT, 1), (signal.SIGTERM, 2)],
    ids=["SIGTERM", "SIGINT", "SIGTERM-2-workers"],
)
async def test_a_stop_closes_every_socket_with_1012_within_a_second(sig, workers):
    port = free_port()
    command = [sys.executable, "-m", "pylive", "run", "demos/counter.py", "--port", str(port), "--workers", str(workers)]
    server = Served(command, port=port, cwd=ROOT)
    sockets = []
    try:
        for _ in range(5):
            html = await asyncio.to_thread(server.get, "/")
            token = re.search(r'data-token="([^"]+)"', html)[1]
            ws = await websockets.connect(f"ws://127.0.0.1:{port}/_pylive/ws")
            await ws.send(join_frame(token))
            await ws.recv()  # the page is live
            sockets.append(ws)
        await sockets[0].send("not a frame")  # refused, and logged by the worker that holds it
        await sockets[0].recv()
        start = time.monotonic()
        server.proc.send_signal(sig)
        closes = []
        for ws in sockets:
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), 10)
            closes.append((closed.value.rcvd.code if closed.value.rcvd else None, time.monotonic() - start))
        await asyncio.to_thread(server.proc.wait, 10)  # it stops by itself
        output = await asyncio.to_thread(server.stop)
    finally:
        for ws in sockets:
            await ws.close()
        server.stop()
    assert [code for code, _ in closes] == [1012] * 5
    assert max(t for _, t in closes) < 1.0
    assert "Traceback" not in output and "CancelledError" not in output
    assert "pylive: WARNING refused" in output, output  # a worker prints pylive's log lines as one process does
