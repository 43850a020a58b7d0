"""Serving with hypercorn: its config for pylive, serving on the running loop, and WebSocket compression."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from typing import Any, Awaitable, Callable

from hypercorn.config import Config
from hypercorn.protocol import ws_stream

_Handshake = ws_stream.Handshake


class _PlainHandshake(_Handshake):  # type: ignore[misc, valid-type]
    """A handshake that offers no extension back: every socket goes without permessage-deflate."""

    def __init__(self, headers: list, http_version: str) -> None:
        super().__init__(headers, http_version)
        self.extensions = None


class _BoundedBuffer(ws_stream.WebsocketBuffer):  # type: ignore[misc, valid-type]
    """hypercorn's message buffer, refusing a message before it holds more than its limit.

    hypercorn's own writes each piece first and checks the length after, and goes on buffering
    the rest of a refused message: one frame that never ends (a huge declared length, then bytes
    streamed) grew a server by a gigabyte in seconds. This one drops what it held as soon as the
    limit would be passed, and every later piece of that message.
    """

    def extend(self, event: Any) -> None:
        if self.length > self.max_length or self.length + len(event.data) > self.max_length:
            self.value = None
            self.length = self.max_length + 1  # refused until the message ends (clear())
            raise ws_stream.FrameTooLargeError()
        super().extend(event)


ws_stream.WebsocketBuffer = _BoundedBuffer


def limit_messages(config: Config, app: Any) -> None:
    """Refuse WebSocket messages over the app's `max_frame_bytes` before buffering them."""
    limit = getattr(app, "max_frame_bytes", None)
    if limit is not None:
        config.websocket_max_message_size = limit


def set_compression(enabled: bool) -> None:
    """Whether hypercorn accepts permessage-deflate, which browsers always offer.

    Compression costs ~100 KB of zlib state per connection; pylive's frames are small, so it is
    off unless asked for.
    """
    ws_stream.Handshake = _Handshake if enabled else _PlainHandshake


def make_config(host: str = "127.0.0.1", port: int = 8000, *, workers: int = 1) -> Config:
    """A hypercorn `Config` for pylive: many simultaneous connects, quiet access log."""
    config = Config()
    config.bind = [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"]
    config.backlog = 2048
    config.workers = workers
    config.accesslog = None
    config.errorlog = "-"
    # Served under a path prefix by a reverse proxy that passes it on (`pylive run --root-path /ui`).
    config.root_path = os.environ.get("PYLIVE_ROOT_PATH", "").rstrip("/")
    return config


async def serve(
    app: Any,
    config: Config,
    *,
    compression: bool = False,
    shutdown_trigger: Callable[..., Awaitable[Any]] | None = None,
) -> None:
    """Serve `app` on the running loop until `shutdown_trigger` returns, or until SIGINT or SIGTERM.

    On a signal, an app with a `drain()` (a `pl.App`) closes its pages' sockets with 1012 first,
    while the server still runs, so that they reconnect instead of being cut.
    """
    from hypercorn.asyncio import serve as hypercorn_serve

    os.environ["PYLIVE_WS_COMPRESSION"] = "1" if compression else "0"
    set_compression(compression)
    limit_messages(config, app)
    if shutdown_trigger is None:
        shutdown_trigger = _on_signal(app)
    await hypercorn_serve(app, config, shutdown_trigger=shutdown_trigger)  # type: ignore[arg-type]


def _on_signal(app: Any) -> Callable[[], Awaitable[None]] | None:
    """A shutdown trigger that returns once SIGINT or SIGTERM came and the app drained."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
    except (NotImplementedError, RuntimeError, ValueError):
        return None  # no signal handlers on this loop (Windows, a thread): hypercorn's own handling

    async def trigger() -> None:
        # The handlers stay: a second Ctrl+C while the server winds down changes nothing.
        await stop.wait()
        drain = getattr(app, "drain", None)
        if drain is not None:
            await drain()

    return trigger


def application_path(app: Any) -> str:
    """Where a worker process imports `app` from: `module:attr`, or `/path/file.py:attr` for a script."""
    for name, module in list(sys.modules.items()):
        if module is None or name.startswith("_") and name != "__main__":
            continue
        for attr, value in list(vars(module).items()):
            if value is app:
                if name == "__main__":
                    path = getattr(module, "__file__", None)
                    if path is None:
                        break
                    return f"{os.path.abspath(path)}:{attr}"
                return f"{name}:{attr}"
    raise RuntimeError(
        "pl.run(workers=N) needs the app as a module-level variable (app = pl.App(...)) "
        "so that each worker process can import it"
    )


def show_logs(level: int = logging.INFO) -> None:
    """Print pylive's log lines (refused frames, failed handlers, a lost Redis) on stderr.

    Does nothing when the application configured logging itself.
    """
    logger = logging.getLogger("pylive")
    if logger.handlers or logging.getLogger().handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("pylive: %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
