"""Load: memory per idle live session and event round-trip latency, next to a bare echo WebSocket.

    .venv/bin/python benchmarks/load.py            # 1,000 and 10,000 sessions, 20 s of events
    .venv/bin/python benchmarks/load.py --quick    # a few hundred sessions, a few seconds (CI)

The server runs in a process of its own (hypercorn, through pl.run's serving code); this process is
the client: it fetches each page over HTTP (for its token and session id), opens its WebSocket with
the `websockets` library, and holds it. Memory per session is the server's RSS growth divided by the
number of sessions held. Latency is measured from sending a click to receiving the message that
acknowledges it, with a share of the sessions clicking once a second each. The same measurements
against a bare ASGI echo WebSocket served by the same hypercorn are printed as the baseline.

The telemetry part (`--only telemetry`) serves the same counter three ways, turn by turn: as is, with
a no-op `pl.telemetry` handler attached, and with `dashboard=True` and a dashboard page open (its
socket read by this process); it prints click p50, server CPU per event and idle CPU with the
sessions held, each next to the plain server's of the same round.

After the latency runs every page is closed as a browser closing its tab does, and the server's RSS
is read 30 and 60 s later: the share of what the sessions grew it by that it gave back.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import re
import resource
import socket
import statistics
import subprocess
import sys
import time
import weakref
from typing import Any

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from pylive.live.frames import join_frame  # noqa: E402

# --- the server side ----------------------------------------------------------------------------


def raise_open_files() -> int:
    """Allow as many open sockets as the hard limit does."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


#: The dashboard's token in the benchmark's server (`PYLIVE_DASHBOARD_TOKEN`).
DASHBOARD_TOKEN = "load-benchmark-dashboard"


def counter_app(dashboard: bool = False) -> Any:
    """The README's counter, as a pylive app."""
    import pylive as pl
    from pylive import html as h

    @pl.component
    def Counter(start: int = 0):
        count, set_count = pl.use_state(start)
        return h.div(
            h.button("-", id="dec", on_click=lambda e: set_count(count - 1)),
            h.span(str(count), id="value"),
            h.button("+", id="inc", on_click=lambda e: set_count(lambda c: c + 1)),
            class_="counter",
        )

    return pl.App(Counter, title="Counter", secret_key="load-benchmark-key-that-is-not-secret", dashboard=dashboard)


def echo_app() -> Any:
    """The baseline: a bare ASGI WebSocket on hypercorn that echoes every frame (the floor: pylive
    serves its own socket straight from ASGI too), in front of a Quart app for the stats route."""
    from quart import Quart

    app = Quart(__name__)
    quart_asgi = app.asgi_app

    async def asgi(scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "websocket" or scope["path"] != "/ws":
            return await quart_asgi(scope, receive, send)
        await send({"type": "websocket.accept"})
        while True:
            message = await receive()
            if message["type"] == "websocket.receive":
                await send({"type": "websocket.send", "text": message.get("text"), "bytes": message.get("bytes")})
            elif message["type"] == "websocket.disconnect":
                return

    app.asgi_app = asgi  # type: ignore[method-assign]

    @app.before_serving
    async def freeze() -> None:
        gc.collect()
        gc.freeze()

    return app


def add_stats_route(quart: Any, store: Any = None) -> None:
    """`/_bench/stats`: the longest garbage collection pause and how many sessions are held."""
    pauses: list[float] = []
    started = [0.0]

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        elif info["generation"] == 2:
            pauses.append(time.perf_counter() - started[0])

    gc.callbacks.append(on_gc)

    @quart.route("/_bench/stats")
    async def stats() -> dict:
        result = {
            "full_gc_count": len(pauses),
            "full_gc_max_ms": round(max(pauses, default=0) * 1000, 1),
            "sessions": len(store) if store is not None else None,
        }
        pauses.clear()
        return result


def serve_main(kind: str, port: int, compression: bool) -> None:
    from pylive.server.hypercorn import make_config, serve

    raise_open_files()
    if kind.startswith("pylive"):
        if kind == "pylive-noop":
            import pylive as pl

            pl.telemetry.attach(lambda name, measurements, metadata: None)
        os.environ["PYLIVE_DASHBOARD_TOKEN"] = DASHBOARD_TOKEN
        app = counter_app(dashboard=kind == "pylive-dashboard")
        add_stats_route(app.quart, app.store)
    else:
        app = echo_app()
        add_stats_route(app)
    config = make_config("127.0.0.1", port)
    config.graceful_timeout = 1
    asyncio.run(serve(app, config, compression=compression))


# --- the client side ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """A server (`pylive` or `echo`) in a child process: `script --serve kind --port N`.

    Another benchmark passes its own `script` (and environment) to serve its own kinds.
    """

    def __init__(
        self, kind: str, *, compression: bool = False, script: str = __file__, env: dict | None = None
    ) -> None:
        self.kind = kind
        self.compression = compression
        self.port = free_port()
        args = [sys.executable, os.path.abspath(script), "--serve", kind, "--port", str(self.port)]
        if compression:
            args.append("--compression")
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, env=env)

    async def started(self) -> "ServerProcess":
        for _ in range(1000):
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", self.port)
            except OSError:
                await asyncio.sleep(0.02)
                continue
            writer.close()
            return self
        raise RuntimeError("the server did not start")

    def rss(self) -> int:
        """Resident memory, bytes."""
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        raise RuntimeError("no VmRSS")

    def cpu_seconds(self) -> float:
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class HttpClient:
    """A minimal keep-alive HTTP/1.1 GET client (thousands of page loads without TIME_WAIT churn)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> str:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = int(re.search(rb"(?i)content-length: *(\d+)", head)[1])
        body = await self.reader.readexactly(length)
        if re.search(rb"(?i)\r\nconnection: *close", head):
            # Hypercorn ends a keep-alive connection after `keep_alive_max_requests`.
            self.close()
            self.reader = self.writer = None
        if status != 200:
            raise RuntimeError(f"GET {path}: {status}")
        return body.decode()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def fetch_pages(port: int, n: int, concurrency: int = 8) -> list[str]:
    """`n` page loads: each page's token."""
    pages: list[str] = []

    async def worker(count: int) -> None:
        client = HttpClient(port)
        try:
            for _ in range(count):
                html = await client.get("/")
                pages.append(re.search(r'data-token="([^"]+)"', html)[1])
        finally:
            client.close()

    share = [n // concurrency + (1 if i < n % concurrency else 0) for i in range(concurrency)]
    await asyncio.gather(*(worker(c) for c in share if c))
    return pages


async def open_sockets(
    urls: list[str], origin: str, concurrency: int = 64, tokens: list[str] | None = None
) -> list[Any]:
    """Open every URL's WebSocket (as a browser would: offering compression); with `tokens`, each
    socket sends its page's join frame first, as the runtime does."""
    from websockets.asyncio.client import connect

    sockets: list[Any] = []
    queue = list(reversed(range(len(urls))))

    async def worker() -> None:
        while queue:
            i = queue.pop()
            ws = await connect(urls[i], origin=origin, ping_interval=None, max_size=None, open_timeout=60)
            if tokens is not None:
                await ws.send(join_frame(tokens[i]))
            sockets.append(ws)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return sockets


async def read_first(sockets: list[Any]) -> None:
    await asyncio.gather(*(ws.recv() for ws in sockets))


def node_ids(html: str) -> tuple[int, int]:
    inc = re.search(r'data-pl="(\d+)" id="inc"', html)
    value = re.search(r'data-pl="(\d+)" id="value"', html)
    if inc is None or value is None:
        raise LookupError(f"not the counter page: {html[:300]!r}")
    return int(inc[1]), int(value[1])


async def counter_ids(port: int) -> tuple[int, int]:
    """The counter page's button and value node ids (asked again if the first answer is not the page)."""
    for attempt in range(3):
        client = HttpClient(port)
        try:
            return node_ids(await client.get("/"))
        except LookupError as error:
            print(f"  (attempt {attempt + 1}: {error})", flush=True)
            await asyncio.sleep(0.5)
        finally:
            client.close()
    raise RuntimeError(f"127.0.0.1:{port} never served the counter page")


async def connect_pylive(server: ServerProcess, n: int) -> list[Any]:
    tokens = await fetch_pages(server.port, n)
    urls = [f"ws://127.0.0.1:{server.port}/_pylive/ws"] * n
    sockets = await open_sockets(urls, f"http://127.0.0.1:{server.port}", tokens=tokens)
    await read_first(sockets)
    return sockets


async def connect_echo(server: ServerProcess, n: int) -> list[Any]:
    return await open_sockets([f"ws://127.0.0.1:{server.port}/ws"] * n, f"http://127.0.0.1:{server.port}")


#: The last event number each socket sent, across rounds.
_sent: "weakref.WeakKeyDictionary[Any, int]" = weakref.WeakKeyDictionary()


async def click_load(sockets: list[Any], seconds: float, frame: Any) -> list[float]:
    """Each socket sends one event a second (at its own phase) and waits for its answer; latencies."""
    latencies: list[float] = []
    end = time.perf_counter() + seconds

    async def one(ws: Any) -> None:
        # Numbered on from the socket's last round: a number the session has seen is a resent event,
        # answered without running its handler, which would measure a repeat, not a click.
        seq = _sent.get(ws, 0)
        next_at = time.perf_counter() + random.random()
        while True:
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
            if time.perf_counter() >= end:
                return
            seq += 1
            text = frame(seq)
            sent = time.perf_counter()
            await ws.send(text)
            while True:
                answer = await ws.recv()
                if frame is echo_frame or json.loads(answer)[1] == seq:
                    break
            _sent[ws] = seq
            latencies.append(time.perf_counter() - sent)
            next_at += 1.0

    # This process's own collections would pause every socket's reading at once and count as
    # server latency (5-9 ms every 0.7 s here): for the measured seconds, collect nothing, for the
    # server and the echo baseline alike.
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        await asyncio.gather(*(one(ws) for ws in sockets))
    finally:
        gc.enable()
        gc.unfreeze()
    return latencies


def echo_frame(seq: int) -> str:
    return f'[{seq},3,"click",{{}}]'


async def close_all(sockets: list[Any]) -> None:
    for i in range(0, len(sockets), 500):
        await asyncio.gather(*(ws.close() for ws in sockets[i : i + 500]), return_exceptions=True)


async def server_stats(server: ServerProcess) -> dict:
    client = HttpClient(server.port)
    try:
        return json.loads(await client.get("/_bench/stats"))
    finally:
        client.close()


def percentiles(latencies: list[float]) -> str:
    if not latencies:
        return "no samples"
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return (
        f"p50 {q[49] * 1000:6.2f} ms  p99 {q[98] * 1000:6.2f} ms  max {max(latencies) * 1000:7.2f} ms"
        f"  ({len(latencies)} events)"
    )


async def settle(server: ServerProcess, seconds: float = 1.5) -> int:
    """The server's RSS once it has been idle a moment."""
    await asyncio.sleep(seconds)
    return server.rss()


#: What a page sends as its tab closes (pagehide): its session goes at once, not after the resume grace.
BYE = '{"t":"bye"}'


async def measure(
    kind: str,
    counts: list[int],
    active: int,
    seconds: float,
    *,
    compression: bool,
    latency: bool,
    after: tuple[float, float] = (30.0, 60.0),
) -> dict:
    """Memory per held connection at each count, and latency with `active` of them clicking."""
    server = await ServerProcess(kind, compression=compression).started()
    results: dict[str, Any] = {"kind": kind, "compression": compression, "rss": {}, "latency": {}}
    try:
        connect = connect_pylive if kind == "pylive" else connect_echo
        if kind == "pylive":
            html = await HttpClient(server.port).get("/")
            inc, _ = node_ids(html)
            frame = lambda seq: f'[{seq},{inc},"click",{{}}]'  # noqa: E731
            # Warm up (imports, first renders, buffers), then forget those sessions.
            warm = await connect(server, 20)
            await close_all(warm)
        else:
            frame = echo_frame
            warm = await connect(server, 20)
            await close_all(warm)
        await server_stats(server)
        base = await settle(server)
        held: list[Any] = []
        for n in counts:
            start = time.perf_counter()
            held += await connect(server, n - len(held))
            took = time.perf_counter() - start
            rss = await settle(server)
            per = (rss - base) / n
            results["rss"][n] = per
            cpu0 = server.cpu_seconds()
            await asyncio.sleep(3)
            idle_cpu = (server.cpu_seconds() - cpu0) / 3
            print(
                f"  {kind:6} compression={'on ' if compression else 'off'} {n:6} held: "
                f"{per / 1024:6.1f} KB each (RSS {rss / 2**20:7.1f} MB, base {base / 2**20:5.1f} MB), "
                f"idle CPU {idle_cpu * 100:4.1f} %, connected in {took:5.1f} s",
                flush=True,
            )
            if latency:
                await server_stats(server)
                cpu0 = server.cpu_seconds()
                lat = await click_load(held[:active], seconds, frame)
                cpu = server.cpu_seconds() - cpu0
                stats = await server_stats(server)
                results["latency"][n] = lat
                print(
                    f"  {kind:6} {active} of {n} clicking 1/s for {seconds:.0f} s: {percentiles(lat)}, "
                    f"server CPU {cpu / max(1, len(lat)) * 1000:.2f} ms/event, "
                    f"full GCs {stats['full_gc_count']} (longest {stats['full_gc_max_ms']} ms)",
                    flush=True,
                )
        if latency:
            await give_back(server, kind, held, base, after)
        else:
            await close_all(held)
    finally:
        server.stop()
    return results


async def give_back(server: ServerProcess, kind: str, held: list[Any], base: int, after: tuple[float, float]) -> None:
    """Close every page as a browser closing its tab does, then the RSS `after` seconds later: how much
    of what the sessions grew the server by it gives back to the system."""
    peak = server.rss()
    if kind == "pylive":
        for i in range(0, len(held), 500):
            await asyncio.gather(*(ws.send(BYE) for ws in held[i : i + 500]), return_exceptions=True)
    await close_all(held)
    closed = time.perf_counter()
    figures = []
    for wait in after:
        await asyncio.sleep(max(0.0, closed + wait - time.perf_counter()))
        rss = server.rss()
        returned = (peak - rss) / max(1, peak - base) * 100
        figures.append(f"{wait:.0f} s later {rss / 2**20:6.1f} MB ({returned:3.0f} % of the growth given back)")
    print(f"  {kind:6} all {len(held)} closed: RSS {peak / 2**20:6.1f} MB; " + ", ".join(figures), flush=True)


async def open_dashboard(server: ServerProcess) -> tuple[Any, asyncio.Task]:
    """Open the dashboard page and keep reading its socket (as a browser showing it would)."""
    html = await HttpClient(server.port).get(f"/_pylive/dashboard?token={DASHBOARD_TOKEN}")
    token = re.search(r'data-token="([^"]+)"', html)[1]
    url = f"ws://127.0.0.1:{server.port}/_pylive/ws"
    [ws] = await open_sockets([url], f"http://127.0.0.1:{server.port}", concurrency=1, tokens=[token])

    async def read() -> None:
        try:
            async for _ in ws:
                pass
        except Exception:
            pass

    return ws, asyncio.get_running_loop().create_task(read())


TELEMETRY_KINDS = {
    "pylive": "as is (nothing attached)",
    "pylive-noop": "a no-op telemetry handler attached",
    "pylive-dashboard": "dashboard=True, a dashboard open",
}


async def telemetry_turn(kind: str, held: int, active: int, seconds: float) -> dict:
    """One server of `kind`: idle CPU with `held` sessions, then click latency with `active` clicking."""
    server = await ServerProcess(kind).started()
    try:
        inc, _ = await counter_ids(server.port)
        frame = lambda seq: f'[{seq},{inc},"click",{{}}]'  # noqa: E731
        await close_all(await connect_pylive(server, 20))  # warm up
        sockets = await connect_pylive(server, held)
        dashboard = await open_dashboard(server) if kind == "pylive-dashboard" else None
        await asyncio.sleep(1.5)
        cpu0 = server.cpu_seconds()
        await asyncio.sleep(3)
        idle = (server.cpu_seconds() - cpu0) / 3
        cpu0 = server.cpu_seconds()
        lat = await click_load(sockets[:active], seconds, frame)
        cpu = server.cpu_seconds() - cpu0
        if dashboard is not None:
            dashboard[1].cancel()
            await dashboard[0].close()
        await close_all(sockets)
    finally:
        server.stop()
    return {"p50": statistics.median(lat) * 1000, "cpu_per_event": cpu / max(1, len(lat)) * 1000, "idle": idle * 100}


async def telemetry_overhead(held: int, active: int, seconds: float, rounds: int) -> None:
    """The three servers turn by turn, `rounds` times; medians of the rounds, relative to the plain one."""
    turns: dict[str, list[dict]] = {kind: [] for kind in TELEMETRY_KINDS}
    for r in range(rounds):
        order = list(TELEMETRY_KINDS) if r % 2 == 0 else list(reversed(TELEMETRY_KINDS))
        for kind in order:
            turns[kind].append(await telemetry_turn(kind, held, active, seconds))
    base = {k: statistics.median(t[k] for t in turns["pylive"]) for k in ("p50", "cpu_per_event", "idle")}
    print(f"  {held:,} sessions held, {active:,} clicking 1/s for {seconds:.0f} s, {rounds} rounds (medians)")
    print("  | server | click p50 | server CPU per event | idle CPU, sessions held | click p50 of each round |")
    print("  |---|---|---|---|---|")
    for kind, label in TELEMETRY_KINDS.items():
        m = {k: statistics.median(t[k] for t in turns[kind]) for k in base}
        rel = {k: (m[k] / base[k] - 1) * 100 if base[k] else 0.0 for k in base}
        same = kind == "pylive"
        p50 = "" if same else " (%+.1f %%)" % rel["p50"]
        cpu = "" if same else " (%+.1f %%)" % rel["cpu_per_event"]
        idle = "" if same else " (%+.1f points)" % (m["idle"] - base["idle"])
        rounds_p50 = ", ".join("%.2f" % t["p50"] for t in turns[kind])
        print(
            f"  | {label} | {m['p50']:.2f} ms{p50} | {m['cpu_per_event']:.3f} ms{cpu} | {m['idle']:.1f} %{idle} "
            f"| {rounds_p50} ms |",
            flush=True,
        )
    print("  target: under 3 % on click p50 with the handler attached and with the dashboard open")


async def main(args: argparse.Namespace) -> None:
    raise_open_files()
    if args.quick:
        counts, active, seconds, after = [100, 300], 100, 3.0, (2.0, 4.0)
    else:
        counts, active, seconds, after = [1000, 10000], 1000, 20.0, (30.0, 60.0)
    if args.active:
        active = args.active  # a busy machine's client cannot send 1,000 clicks a second on time
    print(f"load: sessions {counts}, {active} clicking once a second for {seconds:.0f} s", flush=True)
    # Latency on a shared machine is only comparable within one run: the baseline below is measured
    # under the same load.
    print("machine load average: %.1f %.1f %.1f on %d cores" % (*os.getloadavg(), os.cpu_count()), flush=True)
    if args.only in (None, "pylive"):
        print("pylive (counter page, compression off: the default)", flush=True)
        await measure("pylive", counts, active, seconds, compression=False, latency=True, after=after)
    if args.only in (None, "echo"):
        print("baseline: bare ASGI echo WebSocket on the same hypercorn", flush=True)
        await measure("echo", counts, active, seconds, compression=False, latency=True, after=after)
    if args.only in (None, "compression"):
        print("pylive with permessage-deflate (pl.run(compression=True))", flush=True)
        await measure("pylive", counts, active, seconds, compression=True, latency=False)
    if args.only in (None, "telemetry"):
        print("telemetry: the same counter as is, with a no-op handler, and with the dashboard open", flush=True)
        # As many held as clicking (the click figures above at 1,000): the dashboard's cost with 10,000
        # held is benchmarks/dashboard.py's.
        if args.quick:
            await telemetry_overhead(counts[0], active, 1.0, 1)
        else:
            await telemetry_overhead(counts[0], active, seconds / 2, args.rounds)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small numbers, a few seconds (CI)")
    parser.add_argument("--only", choices=["pylive", "echo", "compression", "telemetry"], help="run one part only")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the telemetry part (default 5)")
    parser.add_argument("--active", type=int, help="how many sessions click (default: 1,000; quick: 100)")
    parser.add_argument("--serve", choices=["pylive", "echo", *TELEMETRY_KINDS], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--compression", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_main(args.serve, args.port, args.compression)
    else:
        asyncio.run(main(args))
