"""Fan-out: one broadcast to many live sessions, until the last one has its patch; Redis throughput.

    .venv/bin/python benchmarks/fanout.py            # 1,000 sessions, 40 broadcasts per backend
    .venv/bin/python benchmarks/fanout.py --quick    # 200 sessions, 10 broadcasts (CI)

The servers run in processes of their own (hypercorn, through pl.run's serving code); this process
is the client: it loads each page, opens its WebSocket (`websockets`) and holds it. Each broadcast
is started by an HTTP request to a server, which calls `pl.broadcast`; its time is from sending
that request until the last socket has received the patch that shows the message. Three setups:

- memory: one server, the in-process backend;
- redis: two servers sharing a redis-server started here, half of the sessions on each, the
  broadcast sent by the first (so half of the patches come through Redis);
- baseline: a bare Quart WebSocket app on the same hypercorn that writes one frame to each socket.

Then the sustained rate of messages through Redis from one hub to another, next to redis-py's own
PUBLISH/PSUBSCRIBE rate measured the same way. Needs `redis-server` (Debian: redis-server).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import load  # noqa: E402
from load import HttpClient, fetch_pages, free_port, open_sockets, raise_open_files  # noqa: E402

TOPIC = "fanout"

# --- the server side ----------------------------------------------------------------------------


def pylive_app() -> Any:
    """A page showing the last message on the topic."""
    import pylive as pl
    from pylive import html as h

    @pl.component
    def Listener():
        last, set_last = pl.use_state("none")
        pl.use_subscription(TOPIC, set_last)
        return h.p(last, id="last")

    app = pl.App(Listener, title="Fan-out")

    @app.quart.route("/_bench/broadcast/<int:i>")
    async def broadcast(i: int) -> str:
        await pl.broadcast(TOPIC, f"message {i}")
        return "ok"

    return app


def baseline_app() -> Any:
    """Bare Quart: every socket waits on its own queue; a broadcast puts one frame in each."""
    from quart import Quart, websocket

    app = Quart("fanout-baseline")
    queues: set[asyncio.Queue] = set()

    @app.route("/")
    async def page() -> str:
        # The same markers as a pylive page, so the client loads both the same way.
        return '<html data-token="t"></html>'

    @app.websocket("/_pylive/ws")
    async def socket() -> None:
        queue: asyncio.Queue = asyncio.Queue()
        queues.add(queue)
        try:
            await websocket.send('{"t":"mount"}')
            while True:
                await websocket.send(await queue.get())
        finally:
            queues.discard(queue)

    @app.route("/_bench/broadcast/<int:i>")
    async def broadcast(i: int) -> str:
        text = f'[1,0,[0,5,0,"message {i}"]]'
        for queue in queues:
            queue.put_nowait(text)
        return "ok"

    return app


def serve_main(kind: str, port: int) -> None:
    from pylive.server.hypercorn import make_config, serve

    raise_open_files()
    app = pylive_app() if kind == "pylive" else baseline_app()
    config = make_config("127.0.0.1", port)
    config.graceful_timeout = 1
    asyncio.run(serve(app, config))


# --- the client side ----------------------------------------------------------------------------


class ServerProcess(load.ServerProcess):
    """A server of this benchmark in a child process; `pubsub` is its PYLIVE_PUBSUB."""

    def __init__(self, kind: str, pubsub: str | None = None) -> None:
        env = dict(os.environ)
        env.pop("PYLIVE_PUBSUB", None)
        if pubsub:
            env["PYLIVE_PUBSUB"] = pubsub
        super().__init__(kind, script=__file__, env=env)


class RedisProcess:
    """A redis-server without persistence on a free port."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not os.path.exists(binary):
            raise SystemExit("install redis-server: sudo apt-get install -y redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.folder = tempfile.mkdtemp(prefix="fanout-redis-")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no", "--dir", self.folder],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip

    async def started(self) -> "RedisProcess":
        for _ in range(500):
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
                writer.write(b"PING\r\n")
                if (await reader.readline()).startswith(b"+PONG"):
                    writer.close()
                    return self
                writer.close()
            except OSError:
                pass
            await asyncio.sleep(0.02)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.folder, ignore_errors=True)


async def connect(server: ServerProcess, n: int) -> list[Any]:
    tokens = await fetch_pages(server.port, n)
    urls = [f"ws://127.0.0.1:{server.port}/_pylive/ws"] * n
    sockets = await open_sockets(urls, f"http://127.0.0.1:{server.port}", tokens=tokens)
    await asyncio.gather(*(ws.recv() for ws in sockets))  # the mount
    return sockets


async def until(ws: Any, marker: str) -> float:
    """When `ws` receives a frame containing `marker`."""
    while True:
        frame = await ws.recv()
        if marker in frame:
            return time.perf_counter()


async def fan_out(servers: list[ServerProcess], per_server: int, repeats: int) -> list[float]:
    """Broadcast `repeats` times from the first server; the time until the last socket had each."""
    sockets: list[Any] = []
    for server in servers:
        sockets += await connect(server, per_server)
    await asyncio.sleep(1.0)  # let subscriptions (and Redis) settle
    trigger = HttpClient(servers[0].port)
    times: list[float] = []
    try:
        for i in range(repeats + 2):
            marker = f"message {i}"
            waits = [asyncio.ensure_future(until(ws, marker)) for ws in sockets]
            await asyncio.sleep(0)
            start = time.perf_counter()
            await trigger.get(f"/_bench/broadcast/{i}")
            done = await asyncio.wait_for(asyncio.gather(*waits), 60)
            if i >= 2:  # the first two warm up
                times.append(max(done) - start)
            await asyncio.sleep(0.05)
    finally:
        trigger.close()
        await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    return times


def summary(times: list[float]) -> str:
    q = statistics.quantiles(times, n=100, method="inclusive")
    return f"p50 {q[49] * 1000:7.1f} ms  p99 {q[98] * 1000:7.1f} ms  max {max(times) * 1000:7.1f} ms  ({len(times)} broadcasts)"


async def redis_rate(url: str, count: int) -> tuple[float, float]:
    """Messages per second from one hub to another through Redis, and redis-py's raw rate."""
    import redis.asyncio as aioredis

    from pylive.pubsub import Hub
    from pylive.pubsub.hub import make_backend

    sender, receiver = Hub(make_backend(url)), Hub(make_backend(url))
    got = 0
    finished = asyncio.Event()

    def count_one(message: Any) -> None:
        nonlocal got
        got += 1
        if got == count:
            finished.set()

    receiver.subscribe("rate", count_one, max_pending=count + 1)
    sender.subscribe("_start", lambda message: None)  # starts its connection on this loop
    while not (receiver.backend.up and sender.backend.up):
        await asyncio.sleep(0.01)
    start = time.perf_counter()
    for i in range(count):
        sender.publish("rate", i)
        if i % 500 == 499:
            await asyncio.sleep(0)  # a publisher that lets its loop run, as a server's handlers do
    await asyncio.wait_for(finished.wait(), 120)
    ours = count / (time.perf_counter() - start)
    await sender.close()
    await receiver.close()

    # The same through redis-py alone: pipelined PUBLISH batches, one PSUBSCRIBE reader.
    client = aioredis.Redis.from_url(url)
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    await pubsub.psubscribe("raw:*")
    received = 0

    async def read() -> None:
        nonlocal received
        while received < count:
            if await pubsub.get_message(timeout=1.0) is not None:
                received += 1

    reader = asyncio.ensure_future(read())
    start = time.perf_counter()
    for base in range(0, count, 512):
        pipe = client.pipeline(transaction=False)
        for i in range(base, min(count, base + 512)):
            pipe.publish("raw:rate", f'{{"n":"x","m":{i}}}')
        await pipe.execute()
    await asyncio.wait_for(reader, 120)
    raw = count / (time.perf_counter() - start)
    await pubsub.aclose()
    await client.aclose()
    return ours, raw


async def main(args: argparse.Namespace) -> None:
    raise_open_files()
    sessions, repeats, rate_count = (200, 10, 5_000) if args.quick else (1000, 40, 50_000)
    print(f"fanout: {sessions} sessions, {repeats} broadcasts each; target p99 <= 250 ms at 1,000", flush=True)
    print("machine load average: %.1f %.1f %.1f on %d cores" % (*os.getloadavg(), os.cpu_count()), flush=True)

    server = await ServerProcess("pylive").started()
    try:
        print(f"  memory backend, 1 server:          {summary(await fan_out([server], sessions, repeats))}", flush=True)
    finally:
        server.stop()

    redis = await RedisProcess().started()
    try:
        servers = [await ServerProcess("pylive", redis.url).started() for _ in range(2)]
        try:
            times = await fan_out(servers, sessions // 2, repeats)
            print(f"  redis backend, 2 servers:          {summary(times)}", flush=True)
        finally:
            for s in servers:
                s.stop()
        base = await ServerProcess("baseline").started()
        try:
            print(f"  baseline: bare Quart fan-out:      {summary(await fan_out([base], sessions, repeats))}", flush=True)
        finally:
            base.stop()
        ours, raw = await redis_rate(redis.url, rate_count)
        print(f"  through Redis, hub to hub:         {ours:9,.0f} messages/s ({rate_count:,} messages)", flush=True)
        print(f"  baseline: redis-py publish/read:   {raw:9,.0f} messages/s", flush=True)
    finally:
        redis.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 sessions, 10 broadcasts (CI)")
    parser.add_argument("--serve", choices=["pylive", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_main(args.serve, args.port)
    else:
        asyncio.run(main(args))
