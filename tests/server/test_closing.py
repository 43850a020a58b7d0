"""hypercorn's connections, mended: a finished one is freed by reference counting, at once."""

from __future__ import annotations

import asyncio
import gc
import weakref

from hypercorn.asyncio.tcp_server import TCPServer
from served import InProcess
from websockets.asyncio.client import connect
from wsproto.frame_protocol import FrameProtocol

import pylive as pl
from pylive import html as h
from pylive.live.frames import join_frame
from pylive.server import closing


async def test_a_closed_connection_leaves_no_garbage_for_the_collector():
    @pl.component
    def Page():
        return h.p("hi", id="hi")

    closing.install()
    servers: list[weakref.ref] = []
    init = TCPServer.__init__

    def record(self, *args, **kwargs):
        init(self, *args, **kwargs)
        servers.append((weakref.ref(self), weakref.ref(self.writer.transport)))

    gc.collect()
    gc.disable()
    try:
        async with InProcess(pl.App(Page)) as server:
            TCPServer.__init__ = record  # from here: not the probe that saw the server start
            for _ in range(5):
                html = await server.get("/")
                token = html.split('data-token="', 1)[1].split('"', 1)[0]
                async with connect(f"ws://127.0.0.1:{server.port}/_pylive/ws") as ws:
                    await ws.send(join_frame(token))
                    await ws.recv()
            for _ in range(100):  # each connection's end runs on the server's loop: give it time
                if all(ref() is None for pair in servers for ref in pair) and not _parsers():
                    break
                await asyncio.sleep(0.05)
            alive = [(s(), t()) for s, t in servers if s() is not None or t() is not None]
            assert alive == [], f"{len(alive)} of {len(servers)} connections wait for a full collection"
            # wsproto's frame parser (a generator holding its protocol, which holds it) is ended too.
            parsers = _parsers()
            assert parsers == [], f"{len(parsers)} WebSocket frame parsers wait for a full collection"
    finally:
        TCPServer.__init__ = init
        gc.enable()


def _parsers() -> list[FrameProtocol]:
    return [o for o in gc.get_objects() if isinstance(o, FrameProtocol)]


async def test_a_socket_cut_for_a_frame_too_big_keeps_its_session_briefly(monkeypatch):
    """Its page reconnects at once; a client cut again and again, on purpose, cannot pile sessions
    up for the whole resume grace."""
    import websockets

    from pylive.server import connection

    monkeypatch.setattr(connection, "CUT_GRACE_SECONDS", 0.5)

    @pl.component
    def Page():
        return h.p("hi", id="hi")

    app = pl.App(Page, max_frame_bytes=4096, resume_seconds=30)
    async with InProcess(app) as server:
        html = await server.get("/")
        token = html.split('data-token="', 1)[1].split('"', 1)[0]
        (session_id,) = [sid for sid, _, _ in app.store.entries()]
        async with connect(f"ws://127.0.0.1:{server.port}/_pylive/ws") as ws:
            await ws.send(join_frame(token))
            await ws.recv()
            await ws.send(b"x" * 10_000)
            try:
                await asyncio.wait_for(ws.recv(), 5)
            except websockets.ConnectionClosed as closed:
                assert closed.rcvd is not None and closed.rcvd.code == 1009
        for _ in range(60):
            if session_id not in app.store:
                break
            await asyncio.sleep(0.05)
        assert session_id not in app.store  # gone after 0.5 s, not 30


async def test_a_disconnect_finds_room_in_a_full_app_queue_and_no_frame_is_dropped():
    """hypercorn queues ten frames for the app; an app waiting on a write to a client that reads
    nothing does not read them, and the disconnect put from inside that write must not wait for
    room (a deadlock), nor push out a frame (an event lost for good)."""
    queue: asyncio.Queue = asyncio.Queue(3)
    for n in range(3):
        queue.put_nowait({"type": "websocket.receive", "text": f"frame {n}"})

    class Stream:
        app_put = queue.put

    closing._make_room(Stream())
    await asyncio.wait_for(queue.put({"type": "websocket.disconnect", "code": 1006}), 1)
    got = [queue.get_nowait() for _ in range(queue.qsize())]
    assert [m.get("text") for m in got] == ["frame 0", "frame 1", "frame 2", None]
    assert got[-1]["type"] == "websocket.disconnect"
