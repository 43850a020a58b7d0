"""Uploads: a 100 MB file over the page's socket, next to a plain HTTP multipart POST of the same bytes.

    .venv/bin/python benchmarks/upload.py            # 100 MB
    .venv/bin/python benchmarks/upload.py --quick    # 10 MB (CI)

The server runs in a process of its own (hypercorn, as `pl.run` serves) with one app: a page with a
`use_upload` (its `on_upload` does nothing, so the temporary file is removed at once) and a counter,
and a plain Quart route that takes a multipart POST and reads the file the way Quart does (spooled
to a temporary file) - the baseline. This process is the client of both, as a browser would be:

- over the socket, it names the file in an `upload` frame and sends 64 KB chunk frames, at most
  `UPLOAD_WINDOW` ahead of the server's acks (what `assets/pylive.js` does);
- over HTTP, it POSTs the same bytes as `multipart/form-data` on a connection of its own.

Then headless Chromium does the same from a file on disk: picks it in the page's bound file input
(what a user does; `assets/pylive.js` sends it), and POSTs it with `fetch` and `FormData`.

While each upload runs, another live session clicks its counter every 50 ms and records each
click's round trip, and the server's RSS is sampled every 10 ms. The same clicks with no upload
running are the latency baseline. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import sys
import tempfile
import time
from typing import Any

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from load import HttpClient, ServerProcess  # noqa: E402

from pylive.live.frames import chunk_frame, join_frame, upload_frame
from pylive.live.protocol import UPLOAD_WINDOW

CLICK_EVERY = 0.05
WINDOW = int(os.environ.get("WINDOW", UPLOAD_WINDOW))
BOUNDARY = "pyliveBenchBoundary7MA4YWxkTrZu0gW"


# --- the server side ----------------------------------------------------------------------------


def bench_app() -> Any:
    import pylive as pl
    from pylive import html as h

    @pl.component
    def Page():
        count, set_count = pl.use_state(0)
        done, set_done = pl.use_state(0)
        up = pl.use_upload(max_file_size=1_000_000_000, on_upload=lambda entry: set_done(lambda d: d + 1))
        return h.div(
            h.input(upload=up, id="file"),
            h.input(type="file", id="plain"),
            h.button("+", id="inc", on_click=lambda: set_count(lambda c: c + 1)),
            h.span(str(count), id="value"),
            h.span(str(done), id="done"),
        )

    app = pl.App(Page, title="upload bench")
    app.quart.config["MAX_CONTENT_LENGTH"] = None

    async def post_upload() -> Any:
        from quart import request

        files = await request.files
        stored = files["file"]
        size = stored.stream.seek(0, 2)
        stored.close()
        return {"size": size}

    # A plain route: exempt from a CSRF check where the app has one.
    exempt = getattr(pl, "csrf_exempt", lambda view: view)
    app.quart.add_url_rule("/_bench/upload", "bench.upload", exempt(post_upload), methods=["POST"])
    return app


def serve_main(port: int) -> None:
    from pylive.server.hypercorn import make_config, serve

    config = make_config("127.0.0.1", port)
    config.graceful_timeout = 1
    asyncio.run(serve(bench_app(), config))


# --- the client side ----------------------------------------------------------------------------


class Live:
    """A live session of the bench page over a websockets client."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.ws: Any = None
        self.html = ""
        self.seq = 0
        self.replies: dict[int, asyncio.Future] = {}
        self.acked = 0
        self.acks = asyncio.Event()
        self.ok: asyncio.Future | None = None
        self.reader: asyncio.Task | None = None

    async def connect(self) -> "Live":
        from websockets.asyncio.client import connect

        client = HttpClient(self.port)
        self.html = await client.get("/")
        client.close()
        token = re.search(r'data-token="([^"]+)"', self.html)[1]
        url = f"ws://127.0.0.1:{self.port}/_pylive/ws"
        self.ws = await connect(url, origin=f"http://127.0.0.1:{self.port}", ping_interval=None, max_size=None)
        await self.ws.send(join_frame(token))
        first = json.loads(await self.ws.recv())
        if first.get("html"):
            self.html = first["html"]
        self.reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        async for text in self.ws:
            message = json.loads(text)
            if isinstance(message, list):
                future = self.replies.pop(message[1], None)
                if future is not None and not future.done():
                    future.set_result(None)
            elif message.get("t") == "upload_ack":
                self.acked = message["n"]
                self.acks.set()
            elif message.get("t") == "upload_ok" and self.ok is not None and not self.ok.done():
                self.ok.set_result(message)

    async def click(self) -> float:
        node = int(re.search(r'data-pl="(\d+)" id="inc"', self.html)[1])
        self.seq += 1
        future = self.replies[self.seq] = asyncio.get_running_loop().create_future()
        start = time.perf_counter()
        await self.ws.send(json.dumps([self.seq, node, "click", {}]))
        await future
        return (time.perf_counter() - start) * 1000

    async def upload(self, data: bytes) -> None:
        ref = re.search(r'data-pl-upload="([^"]+)"', self.html)[1]
        self.ok = asyncio.get_running_loop().create_future()
        await self.ws.send(upload_frame(ref, 1, [{"name": "big.bin", "size": len(data), "type": ""}]))
        answer = await self.ok
        entry, chunk = answer["ids"][0], answer["chunk"]
        view = memoryview(data)
        sent = 0
        while sent < len(data):
            while sent - self.acked >= WINDOW * chunk:
                self.acks.clear()
                await self.acks.wait()
            await self.ws.send(chunk_frame(entry, bytes(view[sent : sent + chunk])))
            sent += len(view[sent : sent + chunk])
        while self.acked < len(data):
            self.acks.clear()
            await self.acks.wait()

    async def close(self) -> None:
        await self.ws.close()
        if self.reader is not None:
            self.reader.cancel()


async def http_upload(port: int, data: bytes) -> None:
    head = (
        f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        (
            f"POST /_bench/upload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
            f"Content-Length: {len(head) + len(data) + len(tail)}\r\nConnection: close\r\n\r\n"
        ).encode()
        + head
    )
    view = memoryview(data)
    for start in range(0, len(data), 65536):
        writer.write(view[start : start + 65536])
        await writer.drain()
    writer.write(tail)
    await writer.drain()
    reply = await reader.read()
    writer.close()
    status = int(reply.split(b" ", 2)[1])
    if status != 200 or str(len(data)).encode() not in reply:
        raise RuntimeError(f"the HTTP upload failed: {reply[:300]!r}")


class Chromium:
    """A page of the bench app in headless Chromium, uploading a file from disk both ways."""

    POST = """async () => {
      const body = new FormData();
      body.append("file", document.querySelector("#plain").files[0]);
      const reply = await fetch("/_bench/upload", {method: "POST", body});
      return reply.status;
    }"""

    def __init__(self, port: int) -> None:
        self.port = port

    async def __aenter__(self) -> "Chromium":
        from playwright.async_api import async_playwright

        from pylive.testing import launch_chromium

        self._pw = await async_playwright().start()
        self.browser = await launch_chromium(self._pw)
        self.page = await self.browser.new_page()
        await self.page.goto(f"http://127.0.0.1:{self.port}/")
        await self.page.wait_for_selector("html.pl-connected", state="attached")
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.browser.close()
        await self._pw.stop()

    async def over_socket(self, path: str, n: int) -> None:
        await self.page.set_input_files("#file", path)
        await self.page.wait_for_selector(f"#done:text-is('{n}')", timeout=600_000)

    async def over_http(self, path: str) -> None:
        await self.page.set_input_files("#plain", path)
        status = await self.page.evaluate(self.POST)
        if status != 200:
            raise RuntimeError(f"the browser's POST got {status}")


class Watch:
    """While running: another session's clicks (round trips, ms) and the server's RSS (bytes)."""

    def __init__(self, server: ServerProcess, victim: Live) -> None:
        self.server = server
        self.victim = victim
        self.clicks: list[float] = []
        self.rss: list[int] = []
        self._tasks: list[asyncio.Task] = []

    async def __aenter__(self) -> "Watch":
        self._tasks = [asyncio.create_task(self._click()), asyncio.create_task(self._sample())]
        return self

    async def __aexit__(self, *exc: Any) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _click(self) -> None:
        while True:
            self.clicks.append(await self.victim.click())
            await asyncio.sleep(CLICK_EVERY)

    async def _sample(self) -> None:
        while True:
            self.rss.append(self.server.rss())
            await asyncio.sleep(0.01)


def mb(n: float) -> str:
    return f"{n / 1_000_000:.1f} MB"


def clicks(values: list[float]) -> str:
    if not values:
        return "no click answered"
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"{statistics.median(ordered):6.1f} / {p99:6.1f} / {ordered[-1]:6.1f} ms ({len(values)} clicks)"


async def main(size: int, idle_seconds: float) -> None:
    server = await ServerProcess("upload", script=__file__).started()
    try:
        victim = await Live(server.port).connect()
        await victim.click()  # the page answers before the measurements start
        uploader = await Live(server.port).connect()
        data = os.urandom(size)
        await asyncio.sleep(0.5)
        rows = []
        async with Watch(server, victim) as idle:
            await asyncio.sleep(idle_seconds)
        idle_rss = max(idle.rss)
        rows.append(("no upload (baseline)", "-", idle_rss, idle.clicks))
        seconds: dict[str, float] = {}

        async def measure(name: str, upload: Any) -> None:
            async with Watch(server, victim) as watch:
                start = time.perf_counter()
                await upload
                took = seconds[name] = time.perf_counter() - start
            rows.append((name, f"{size / took / 1e6:7.1f} MB/s", max(watch.rss), watch.clicks))

        await measure("socket, Python client", uploader.upload(data))
        await measure("HTTP POST, Python client", http_upload(server.port, data))
        with tempfile.NamedTemporaryFile(suffix=".bin") as file:
            file.write(data)
            file.flush()
            async with Chromium(server.port) as browser:
                await measure("socket, Chromium", browser.over_socket(file.name, 1))
                await measure("HTTP POST, Chromium", browser.over_http(file.name))
        await uploader.close()
        await victim.close()
    finally:
        server.stop()
    print(f"upload of {mb(size)}: throughput, server peak RSS, and another session's clicks (p50 / p99 / max)")
    print(f"{'':30} | {'throughput':>12} | {'peak RSS':>9} | {'over idle':>9} | other session's click")
    for name, rate, rss, latencies in rows:
        print(f"{name:30} | {rate:>12} | {mb(rss):>9} | {mb(rss - idle_rss):>9} | {clicks(latencies)}")
    for client in ("Python client", "Chromium"):
        ratio = seconds[f"HTTP POST, {client}"] / seconds[f"socket, {client}"]
        print(f"{client}: the socket's throughput is {ratio:.2f} x the HTTP POST's")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 MB instead of 100 MB")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve and os.environ.get("UPLOAD_PROFILE"):
        import cProfile

        cProfile.run("serve_main(args.port)", os.environ["UPLOAD_PROFILE"])
    elif args.serve:
        serve_main(args.port)
    else:
        asyncio.run(main(10_000_000 if args.quick else 100_000_000, 2.0 if args.quick else 5.0))
