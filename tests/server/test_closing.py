"""hypercorn's connections, mended: a finished one is freed by reference counting, at once."""

from __future__ import annotations

import asyncio
import gc
import weakref

from hypercorn.asyncio.tcp_server import TCPServer
from served import InProcess
from websockets.asyncio.client import connect

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
                if all(ref() is None for pair in servers for ref in pair):
                    break
                await asyncio.sleep(0.05)
            alive = [(s(), t()) for s, t in servers if s() is not None or t() is not None]
            assert alive == [], f"{len(alive)} of {len(servers)} connections wait for a full collection"
    finally:
        TCPServer.__init__ = init
        gc.enable()
