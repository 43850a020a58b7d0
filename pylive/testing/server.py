"""A real server for browser tests: an App served by hypercorn on 127.0.0.1, in a thread of its own.

    with LiveServer(app) as server:
        await page.goto(server.url)

The server runs its own event loop in a daemon thread, so a test (or a benchmark) drives a browser
from its loop while the app serves from another, as with a server in another process, yet in the
same process: no port to wait for, no output to scrape, and `stop()` then a new `LiveServer` on the
same port is a server restart.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from typing import Any

from pylive.server.hypercorn import make_config, serve

__all__ = ["LiveServer"]


class LiveServer:
    """`app` (a `pl.App`, or any ASGI app) served by hypercorn on 127.0.0.1 in a thread of its own.

    `start()` binds the port first (an error at once if it is taken; port 0, the default, takes a
    free one), and returns once the app has started up, so that `url` answers. `stop()` shuts the
    server down the way a deploy does (sessions closed, sockets closed with 1012); a new
    `LiveServer` on the same port is then a restarted server. Also a context manager.
    """

    def __init__(self, app: Any, port: int | None = 0, *, graceful_timeout: float = 0.5, root_path: str = "") -> None:
        self.app = app
        #: The ASGI root_path the server gives the app (as `hypercorn --root-path` does).
        self.root_path = root_path
        #: The port served (the one the system picked, once started, when 0 or None was asked for).
        self.port = port or 0
        self.graceful_timeout = graceful_timeout
        self._fd: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._started = threading.Event()
        self._error: BaseException | None = None
        self._serving_failed = False
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def url(self) -> str:
        """The server's address, `http://127.0.0.1:<port>`."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 10) -> "LiveServer":
        """Start serving; raises if the port is taken or the app fails to start up."""
        listener = socket.socket()
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port))
            listener.listen(2048)
        except OSError:
            listener.close()
            raise
        self.port = listener.getsockname()[1]
        self._fd = listener.detach()  # hypercorn serves it (and closes it) from now on
        self._thread.name = f"pylive:{self.port}"
        self._thread.start()
        if not self._started.wait(timeout):
            self._stop_quietly()
            raise RuntimeError(f"the server on port {self.port} did not start within {timeout} s")
        if self._error is not None:
            self._thread.join(timeout)
            raise RuntimeError(f"the server on port {self.port} failed to start") from self._error
        return self

    def _stop_quietly(self) -> None:
        try:
            self.stop()
        except RuntimeError:
            pass  # already failing: the caller's error says more

    def stop(self) -> None:
        """Shut the server down and wait for its thread (at most 10 s).

        Raises if it does not stop, or if it failed while serving (its error is the cause).
        """
        if self._loop is not None and self._stopping is not None and self._thread.is_alive():
            try:
                self._loop.call_soon_threadsafe(self._stopping.set)
            except RuntimeError:
                pass  # the loop closed meanwhile: the thread is on its way out
        if self._thread.ident is not None:
            self._thread.join(10)
            if self._thread.is_alive():
                raise RuntimeError(f"the server on port {self.port} did not stop")
        if self._error is not None and self._serving_failed:
            self._serving_failed = False  # reported once
            raise RuntimeError(f"the server on port {self.port} failed while serving") from self._error

    def __enter__(self) -> "LiveServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def _asgi(self, scope: dict, receive: Any, send: Any) -> None:
        # The app itself, except that the end of its start-up is noted: `start()` returns then.
        if scope["type"] != "lifespan":
            return await self.app(scope, receive, send)

        async def watch(message: dict) -> None:
            if message["type"] == "lifespan.startup.failed":  # noted first: hypercorn raises on it
                self._error = RuntimeError(message.get("message") or "the app's start-up failed")
                self._started.set()
            await send(message)
            if message["type"] == "lifespan.startup.complete":
                self._started.set()

        try:
            await self.app(scope, receive, watch)
        finally:
            self._started.set()  # an app without lifespan support is served all the same

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # reported by start(), or by stop() once it was serving
            self._serving_failed = self._started.is_set() and self._error is None
            self._error = exc
        finally:
            if self._fd is not None:  # failed before hypercorn took the port: free it
                os.close(self._fd)
                self._fd = None
            self._started.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        config = make_config("127.0.0.1", self.port)
        config.bind = [f"fd://{self._fd}"]
        create_sockets = config.create_sockets

        def take_socket() -> Any:
            sockets = create_sockets()
            self._fd = None  # hypercorn owns it from here, and closes it when it stops
            return sockets

        config.create_sockets = take_socket  # type: ignore[method-assign]
        config.graceful_timeout = self.graceful_timeout
        config.root_path = self.root_path
        config.errorlog = None
        await serve(self._asgi, config, shutdown_trigger=self._stopping.wait)
