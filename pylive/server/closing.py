"""Ending the connections hypercorn would otherwise leave open for as long as a client wants.

Three ways a client could keep a connection, and the server's resources, after the server is done
with it:

- A frame over hypercorn's own limit (`websocket_max_message_size`, 16 MiB): hypercorn sends the
  close code 1009 but never tells the app, which waits on the socket for good, while the client
  keeps the connection open.
- A client that stops reading (the server closes its socket with 1013): every write, the close
  frame's included, waits for buffers the client never empties, and so does closing the socket.

- A client that stops reading while it sends: hypercorn queues what it sends for the app, ten
  frames at most, and an app waiting on a write does not read them; when that write fails, the
  disconnect it should hear waits for room in the full queue, for good.

And once a WebSocket's app has finished, hypercorn still queues what the client sends for it, in a
queue of ten that nobody reads any more: a client that goes on sending blocks hypercorn's reader,
and the socket's end with it, for good.

`install()` mends these in this process, once: a frame whose header declares more than the limit is
refused on its header, before any of it is read; when hypercorn closes a WebSocket by itself, the
app is told (`websocket.disconnect`), which ends the connection, and what the client sends after is
not parsed; the disconnect always finds room in the app's queue; what a client sends after its
app has finished is dropped; a closed WebSocket's frame
parser is ended (it is a cycle); and a connection whose client has not taken its data for
`STALL_SECONDS`, or not let it close in that time, is reset. A client on a slow network still
progresses, and one that stalls while nothing is sent to it is not affected.
"""

from __future__ import annotations

import asyncio
import functools
import socket
import struct
from typing import Any

from hypercorn.asyncio.tcp_server import TCPServer
from hypercorn.protocol.events import Body, Data, StreamClosed
from hypercorn.protocol.ws_stream import ASGIWebsocketState, WSStream
from wsproto.connection import ConnectionState
from wsproto.events import CloseConnection
from wsproto.frame_protocol import CloseReason

from pylive.server.deadline import within

#: How long a connection may wait on a client that takes none of its data before it is aborted.
STALL_SECONDS = 15.0
#: Set in a WebSocket's ASGI scope when hypercorn cut it for a message over the limit (1009).
CUT_FOR_SIZE = "pylive.cut_for_size"

_installed = False


def install() -> None:
    """Patch hypercorn's WebSocket stream and TCP server, once per process (see the module)."""
    global _installed
    if _installed:
        return
    _installed = True
    _tell_the_app_when_hypercorn_closes(WSStream)
    _stop_feeding_finished_apps(WSStream)
    _skip_data_after_a_cut_and_end_parsers(WSStream)
    _give_up_on_stalled_clients(TCPServer)


def _tell_the_app_when_hypercorn_closes(stream_class: Any) -> None:
    handle_events = stream_class._handle_events

    @functools.wraps(handle_events)
    async def _handle_events(self: Any) -> None:
        await handle_events(self)
        if (
            self.state == ASGIWebsocketState.CONNECTED
            and self.connection.state is ConnectionState.OPEN
            and _declared_too_long(self)
        ):
            # Refused on its header: the frame's payload is not read at all (hypercorn would read up
            # to the limit first, a megabyte unmasked for every reconnection of such a client).
            await self._send_wsproto_event(CloseConnection(code=CloseReason.MESSAGE_TOO_BIG))
        if (
            self.state == ASGIWebsocketState.CONNECTED
            and self.connection.state is ConnectionState.LOCAL_CLOSING
            and self.app_put is not None
            and not getattr(self, "_pylive_told", False)
        ):
            # Hypercorn closed the socket by itself (a frame too big) while the app still has it.
            self._pylive_told = True
            self.scope[CUT_FOR_SIZE] = True
            _make_room(self)
            await self.app_put({"type": "websocket.disconnect", "code": CloseReason.MESSAGE_TOO_BIG.value})

    stream_class._handle_events = _handle_events


def _declared_too_long(stream: Any) -> bool:
    """Whether the frame being received declares a payload over hypercorn's message limit."""
    decoder = getattr(getattr(stream.connection, "_proto", None), "_frame_decoder", None)
    header = getattr(decoder, "header", None)
    return header is not None and header.payload_len > stream.config.websocket_max_message_size


def _stop_feeding_finished_apps(stream_class: Any) -> None:
    app_send = stream_class.app_send

    @functools.wraps(app_send)
    async def _app_send(self: Any, message: Any) -> None:
        if message is None and self.app_put is not None:  # None: the app has finished
            queue = getattr(self.app_put, "__self__", None)
            self.app_put = _dropped
            if isinstance(queue, asyncio.Queue):
                while not queue.empty():
                    queue.get_nowait()  # and a put waiting for room goes through
        await app_send(self, message)

    stream_class.app_send = _app_send


async def _dropped(message: Any) -> None:
    """Where what a client sends goes once its app has finished."""


def _give_up_on_stalled_clients(server_class: Any) -> None:
    init, run = server_class.__init__, server_class.run

    @functools.wraps(init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        if self.writer.__class__ is asyncio.StreamWriter:
            # A class of its own, not methods set on the writer: those cost every connection 540
            # bytes and made two more cycles.
            self.writer.__class__ = _GuardedWriter

    @functools.wraps(run)
    async def _run(self: Any) -> None:
        try:
            await run(self)
        finally:
            # A finished connection is a knot of cycles (the server and its protocol's bound `send`):
            # untied here, it is freed by reference counting as it ends, rather than kept by
            # thousands until a full collection.
            writer = self.writer
            self.__dict__.pop("_task_group", None)
            wrapper = self.__dict__.pop("protocol", None)
            inner = getattr(wrapper, "protocol", None)  # hypercorn's H11Protocol (or H2Protocol)
            for part in (wrapper, inner):
                if part is not None and hasattr(part, "__dict__"):
                    vars(part).clear()  # every task of the connection has ended: nothing reads them
            # asyncio's socket transport keeps its own bound `_read_ready_cb`; it is closed and its
            # reader removed by now (the close above waited for `connection_lost`).
            transport = writer.transport
            if transport.is_closing() and getattr(transport, "_sock", True) is None:
                vars(transport).pop("_read_ready_cb", None)

    server_class.__init__ = __init__
    server_class.run = _run


def _skip_data_after_a_cut_and_end_parsers(stream_class: Any) -> None:
    # One wrapper for both, not one each: every event of every WebSocket goes through it.
    handle = stream_class.handle

    @functools.wraps(handle)
    async def _handle(self: Any, event: Any) -> None:
        if getattr(self, "_pylive_told", False) and isinstance(event, (Body, Data)):
            # Cut for a frame too big: the rest of that frame, or anything after it, is not read.
            # Parsing it (unmasking every byte) kept a client streaming a frame that never ends
            # served at full speed until the connection's end, 6 MiB per connection on average.
            return
        closed = isinstance(event, StreamClosed)
        if closed:
            _make_room(self)
        await handle(self, event)
        if closed:
            # wsproto's frame parser is a generator that holds its protocol, which holds it, with
            # the last frame's bytes: a cycle per connection that reference counting never frees.
            # Frozen by the collection policy, a client cut a hundred times a second for over-long
            # frames left 44 MB of them until memory doubled. Ended here, the cycle is gone.
            proto = getattr(getattr(self, "connection", None), "_proto", None)
            parser = getattr(proto, "_parse_more", None)
            if parser is not None:
                parser.close()  # a closed generator holds nothing, and yields nothing if asked

    stream_class.handle = _handle


def _make_room(stream: Any) -> None:
    """Room in the app's queue (ten frames) for the `websocket.disconnect` about to be put there.

    An app that is waiting on a write to a client that reads nothing may not be reading its queue;
    when the stall guard then resets the connection, the disconnect, put from inside that very
    write, would wait for room for good. The queue takes one more instead: no frame is dropped (a
    dropped event would be lost for good, as the page's resend of it counts as a repeat once the
    frames after it were handled).
    """
    queue = getattr(stream.app_put, "__self__", None)
    if isinstance(queue, asyncio.Queue) and queue.full():
        queue._maxsize += 1  # the bound asyncio.Queue keeps and `put` checks


class _GuardedWriter(asyncio.StreamWriter):
    """hypercorn's writer, resetting a connection whose drain or close takes `STALL_SECONDS`."""

    async def drain(self) -> None:
        if self.transport.get_write_buffer_size():
            await _within_stall(self, super().drain)
        else:
            # Everything written went straight to the socket: the drain cannot wait, and arming a
            # timer for it cost a fifth of a click's server time.
            await super().drain()

    async def wait_closed(self) -> None:
        await _within_stall(self, super().wait_closed)


async def _within_stall(writer: asyncio.StreamWriter, wait: Any) -> None:
    """`await wait()` (a drain, or the close), aborting the connection if it takes `STALL_SECONDS`."""
    try:
        await within(wait(), STALL_SECONDS)
    except TimeoutError:
        sock = writer.get_extra_info("socket")
        if sock is not None:
            # A reset, not a close: the system would otherwise go on offering the unsent data.
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass
        writer.transport.abort()
        raise ConnectionResetError("the client took none of its data for a while") from None
