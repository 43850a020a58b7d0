"""End-to-end fixtures: a real Chromium (Playwright, async API), apps served by a real hypercorn on
127.0.0.1, a TCP proxy that can cut the network, and a collector of the page's console errors.

Pages run under the Content-Security-Policy pylive serves, so a violation is a console error here.
"""

from __future__ import annotations

import asyncio
from typing import Any, AsyncIterator, Callable

import pytest
from playwright.async_api import Browser, ConsoleMessage, Error, Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from pylive.testing import ChromiumNotFound, LiveServer, launch_chromium

#: Every wait in these tests: long enough for a slow machine, short enough to fail fast.
TIMEOUT_MS = 10_000


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
    async with async_playwright() as pw:
        try:
            chromium = await launch_chromium(pw)
        except ChromiumNotFound as exc:
            pytest.fail(str(exc), pytrace=False)  # never a skip: a missing browser is a failure
        yield chromium
        await chromium.close()


@pytest.fixture
def serve_app() -> Any:
    """`serve_app(app, port=None) -> LiveServer`: serve a pylive App on 127.0.0.1; stopped after the test."""
    servers: list[LiveServer] = []

    def start(app: Any, port: int | None = None) -> LiveServer:
        server = LiveServer(app, port).start()
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


def wait_without_eval(page: Page) -> Page:
    """Give `page` a `wait_for_function` that works under pylive's Content-Security-Policy.

    Playwright's own evaluates the predicate with `eval` inside the page, which a policy without
    'unsafe-eval' refuses; this one polls with `page.evaluate`, which goes through the DevTools
    protocol, outside the policy. Same arguments, same meaning (a predicate that is a function is
    called with `arg`); it returns the truthy value rather than a handle.
    """

    async def wait_for_function(
        expression: str, *, arg: Any = None, timeout: float | None = None, polling: Any = None
    ) -> Any:
        loop = asyncio.get_running_loop()
        limit = (TIMEOUT_MS if timeout is None else timeout) / 1000
        deadline = loop.time() + limit
        pause = polling / 1000 if isinstance(polling, (int, float)) else 0.016
        while True:
            try:
                value = await page.evaluate(expression, arg)
            except Error as exc:
                if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
                    raise
                value = None  # a page load in between: ask the new document
            if value:
                return value
            if loop.time() > deadline:
                raise PlaywrightTimeoutError(f"Timeout {limit * 1000:.0f}ms exceeded waiting for {expression}")
            await asyncio.sleep(pause)

    page.wait_for_function = wait_for_function  # type: ignore[method-assign]
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
        context.on("page", wait_without_eval)  # every page of the context, those a test opens too
        if init_script:
            await context.add_init_script(init_script)
        page = wait_without_eval(await context.new_page())
        errors = ConsoleErrors()
        errors.watch(page)
        return page, errors

    yield make
    for context in contexts:
        await context.close()
