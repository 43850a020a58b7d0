"""A handler that blocks the event loop stalls every page of the server: the log names it and says
for how long, in one line."""

from __future__ import annotations

import asyncio
import json
import time

from raw_client import FrameReader, frame, handshake, open_page, wait_until

import pylive as pl
from pylive import html as h


def crunch_numbers_synchronously():
    time.sleep(1.0)  # CPU work or a blocking call, as a handler should not do


async def fetch_then_block():
    await asyncio.sleep(0)
    time.sleep(1.0)  # blocks after its first await: still on the loop


@pl.component
def Slow():
    return h.div(
        h.button("sync", id="sync", on_click=crunch_numbers_synchronously),
        h.button("async", id="async", on_click=fetch_then_block),
    )


def test_a_handler_that_blocks_the_loop_is_named_in_one_log_line(serve_app, pylive_log):
    server = serve_app(pl.App(Slow))
    page = open_page(server.port)
    status, sock = handshake(server.port, page)
    assert status == 101
    reader = FrameReader(sock)
    reader.message()
    for seq, button in enumerate(("sync", "async"), 1):
        sock.sendall(frame(json.dumps([seq, page.node_id(button), "click", {}])))
        reader.until(lambda m, seq=seq: isinstance(m, list) and m[1] == seq)
    sock.close()

    def named(name: str) -> list[str]:
        return [line for line in pylive_log.refresh() if name in line and "blocked" in line]

    assert wait_until(lambda: named("crunch_numbers_synchronously") and named("fetch_then_block"))
    assert len(named("crunch_numbers_synchronously")) == 1
    assert len(named("fetch_then_block")) == 1
    assert "click handler" in named("fetch_then_block")[0]
