"""End-to-end fixtures: a real Chromium (Playwright, async API), apps served by a real hypercorn on
127.0.0.1, a TCP proxy that can cut the network, and a collector of the page's console errors."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import threading
from typing import Any, AsyncIterator, Callable

import pytest
from playwright.async_api import Browser, ConsoleMessage, Page, async_playwright

from pylive.runner import make_config, serve

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Every wait in these tests: long enough for a slow machine, short enough to fail fast.
TIMEOUT_MS = 10_000


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """An app served by hypercorn in a thread of its own (its own event loop), like a real server.

    `stop()` shuts it down (sessions closed, sockets dropped); a new `Server` on the same port is a
    restarted server.
    """

    def __init__(self, app: Any, port: int | None = None) -> None:
        self.app = app
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=f"hypercorn:{self.port}", daemon=True)

    def start(self) -> "Server":
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the server thread did not start")
        for _ in range(200):
            if self._error is not None:
                raise RuntimeError("the server failed to start") from self._error
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
                return self
            threading.Event().wait(0.025)
        raise RuntimeError(f"nothing listens on port {self.port}")

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        self._ready.set()
        config = make_config("127.0.0.1", self.port)
        config.graceful_timeout = 0.5
        config.errorlog = None
        try:
            await serve(self.app, config, shutdown_trigger=self._stopping.wait)
        except BaseException as exc:  # reported to the test thread by start()
            self._error = exc

    def stop(self) -> None:
        if self._loop is not None and self._stopping is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(10)
        if self._thread.is_alive():
            raise RuntimeError("the server did not stop")


class Proxy:
    """A TCP proxy between the browser and a server; `cut()` drops every open connection, and
    while `refusing` it closes new ones at once, as a network that is down does."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = 0
        self.refusing = False
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> "Proxy":
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.refusing:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update((writer, up_writer))
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        self._writers.difference_update((writer, up_writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            writer.transport.abort()

    def cut(self) -> None:
        """Drop every connection through the proxy, with no goodbye (a reset, as a dead network)."""
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def close(self) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    """One headless Chromium for the whole run."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("install chromium: sudo apt-get install -y chromium", pytrace=False)
    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


@pytest.fixture
def serve_app() -> Any:
    """`serve_app(app, port=None) -> Server`: serve a pylive App on 127.0.0.1; stopped after the test."""
    servers: list[Server] = []

    def start(app: Any, port: int | None = None) -> Server:
        server = Server(app, port).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
async def proxy() -> AsyncIterator[Callable[[int], Any]]:
    """`await proxy(server_port) -> Proxy`: a cuttable TCP hop in front of a server."""
    proxies: list[Proxy] = []

    async def start(port: int) -> Proxy:
        p = await Proxy(port).start()
        proxies.append(p)
        return p

    yield start
    for p in proxies:
        await p.close()


class ConsoleErrors(list):
    """Console errors and uncaught exceptions of the pages it watches, as strings."""

    def watch(self, page: Page) -> Page:
        def on_console(msg: ConsoleMessage) -> None:
            # The browser's own request for a favicon the test apps do not have is no app error.
            if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
                self.append(f"console: {msg.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: self.append(f"uncaught: {exc}"))
        return page


@pytest.fixture
async def new_page(browser: Browser) -> AsyncIterator[Callable[..., Any]]:
    """`await new_page() -> (page, errors)`: a page in a fresh browser context, with its console
    errors collected; every context is closed after the test."""
    contexts = []

    async def make(init_script: str | None = None) -> tuple[Page, ConsoleErrors]:
        context = await browser.new_context()
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        if init_script:
            await context.add_init_script(init_script)
        page = await context.new_page()
        errors = ConsoleErrors()
        errors.watch(page)
        return page, errors

    yield make
    for context in contexts:
        await context.close()
