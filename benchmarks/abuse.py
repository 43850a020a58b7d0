"""Abuse: a hostile or broken client hurts no one, measured.

    .venv/bin/python benchmarks/abuse.py            # 30 s per scenario, churn of 10 x 2,000 sessions
    .venv/bin/python benchmarks/abuse.py --quick    # 3 s per scenario, churn of 3 x 200 (CI)
    .venv/bin/python benchmarks/abuse.py --only churn --trace   # one scenario, tracemalloc in the server

The server runs in a process of its own (hypercorn, as pl.run serves) with a small app: a counter
page that also shows the last message broadcast on a topic, a 1,000-row page, and routes of this
benchmark only (`/_bench/...`) for its statistics and to start broadcasting ~64 KB messages.
This process is the victim: it keeps 50 live counter pages clicking, each once a second, and
records each click's round trip. Each attack runs in another process (so that it does not share
this process's loop), for a fixed time, while the victim clicks:

1. frame: one socket sends a binary frame declaring 8 GiB and streams its bytes for the whole time;
2. get-flood: 4 clients fetch the 1,000-row page back to back;
3. slow-readers: 5 live pages whose sockets never read, while the server broadcasts 64 KB to every
   page a few times a second (the victim's pages included);
4. churn: rounds of opening many sessions, clicking once in each, closing their sockets and waiting
   for the server to drop them (the server runs with a short `resume_seconds`).

Each scenario gets a fresh server. Before the attack, the same server runs the same time with no
attack (for slow-readers: with the broadcasts, without the slow readers): that is the baseline the
figures are printed next to. Targets: server RSS under 2 x its idle RSS with the same sessions, and
victim click p99 under 3 x the baseline, during every attack; churn's RSS flat (the last round
within 10 % of the first). Whether each is met is printed, never asserted: this is a measurement.

To say why a figure is what it is, the benchmark's own app reports what the server holds (sessions,
sockets, tasks, full collections and their longest pause, pylive's log lines), and after the
measurements asks it for a full collection (the unreachable objects by type, RSS before and after,
and after `malloc_trim`). `--trace` runs the server under tracemalloc (much slower: use it to find
where memory goes, not for timings); `--only`, `--duration` and `--churn 5x500` run less or more.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import gc
import json
import logging
import os
import re
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from typing import Any

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import load  # noqa: E402
from load import HttpClient, close_all, free_port, open_sockets, raise_open_files  # noqa: E402

from pylive.live.frames import join_frame  # noqa: E402

#: Set by the command line: diagnostics that slow the server down.
OPTIONS = {"profile": False}

TOPIC = "news"
ROWS = 1000
VICTIMS = 50

# --- the server side ----------------------------------------------------------------------------


def abuse_app(resume_seconds: float) -> Any:
    """The counter page (subscribed to the news), the 1,000-row page, and this benchmark's routes."""
    import pylive as pl
    from pylive import html as h

    @pl.component
    def Counter():
        count, set_count = pl.use_state(0)
        news, set_news = pl.use_state("-")
        pl.use_subscription(TOPIC, set_news)
        return h.div(
            h.button("-", id="dec", on_click=lambda e: set_count(count - 1)),
            h.span(str(count), id="value"),
            h.button("+", id="inc", on_click=lambda e: set_count(lambda c: c + 1)),
            h.pre(news, id="news"),
            class_="counter",
        )

    @pl.component
    def Rows():
        selected, set_selected = pl.use_state(-1)
        return h.table(
            h.tbody(
                [
                    h.tr(
                        h.td(str(i)),
                        h.td(f"row {i}", class_="label"),
                        h.td(h.button("select", on_click=lambda e, i=i: set_selected(i))),
                        class_="selected" if i == selected else None,
                        key=i,
                    )
                    for i in range(ROWS)
                ]
            )
        )

    app = pl.App(Counter, title="Abuse", secret_key="abuse-benchmark-key-that-is-not-secret", resume_seconds=resume_seconds)
    app.page("/rows", Rows, title="Rows")
    add_bench_routes(app)
    return app


class _CountingHandler(logging.Handler):
    """Counts pylive's log lines by message template (and keeps them off stderr)."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, int] = {}

    def emit(self, record: logging.LogRecord) -> None:
        key = f"{record.levelname.lower()}: {record.msg}"
        self.counts[key] = self.counts.get(key, 0) + 1


def add_bench_routes(app: Any) -> None:
    """`/_bench/stats`, `/_bench/broadcast`, `/_bench/collect`, `/_bench/trace`: this benchmark's only."""
    from quart import request

    import pylive as pl

    logs = _CountingHandler()
    logger = logging.getLogger("pylive")
    logger.addHandler(logs)
    logger.propagate = False
    broadcasting: dict[str, Any] = {"task": None, "sent": 0}
    tracing = os.environ.get("ABUSE_TRACEMALLOC") == "1"
    if tracing:
        import tracemalloc

        tracemalloc.start(12)
    marks: dict[str, Any] = {}
    pauses: list[float] = []
    started = [0.0]

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        elif info["generation"] == 2:
            pauses.append(time.perf_counter() - started[0])

    gc.callbacks.append(on_gc)

    @app.quart.route("/_bench/stats")
    async def stats() -> dict:
        entries = app.store._entries  # this benchmark's own look inside: attached vs waiting
        result = {
            "rss": load_rss(),
            "sessions": len(entries),
            "attached": sum(1 for e in entries.values() if e.holder is not None),
            "parked": app.store.parked,
            "connections": app._connections,
            "tasks": len(asyncio.all_tasks()),
            "task_kinds": task_kinds(),
            "gc_counts": gc.get_count(),
            "gc_collections": [s["collections"] for s in gc.get_stats()],
            # RSS at the server's last collection of everything: the next comes once RSS doubles it.
            "gc_base": app.gc_policy.base,
            "broadcasts": broadcasting["sent"],
            "logs": dict(logs.counts),
            "full_gc_count": len(pauses),
            "full_gc_max_ms": round(max(pauses, default=0) * 1000, 1),
        }
        if request.args.get("reset"):
            pauses.clear()  # the next figures are for the phase that starts now
        if request.args.get("frozen"):
            result["frozen"] = gc.get_freeze_count()  # walks every frozen object: not while measuring
        return result

    @app.quart.route("/_bench/broadcast")
    async def broadcast() -> dict:
        """`?rate=4&kb=64` starts broadcasting `kb` KB messages `rate` times a second; `rate=0` stops."""
        rate = float(request.args.get("rate", "0"))
        size = int(float(request.args.get("kb", "64")) * 1024)
        task = broadcasting["task"]
        if task is not None:
            task.cancel()
            broadcasting["task"] = None
        if rate > 0:

            async def run() -> None:
                period = 1 / rate
                next_at = time.perf_counter()
                while True:
                    stamp = f"{time.time():.6f}|"
                    # Different each time (the text changes), the send time first (the delivery delay).
                    await pl.broadcast(TOPIC, stamp + "x" * (size - len(stamp)))
                    broadcasting["sent"] += 1
                    next_at += period
                    await asyncio.sleep(max(0.0, next_at - time.perf_counter()))

            broadcasting["task"] = asyncio.get_running_loop().create_task(run())
        return {"rate": rate, "bytes": size}

    @app.quart.route("/_bench/collect")
    async def collect() -> dict:
        """Diagnosis, after the measurements: what a full collection (and `malloc_trim`) gives back."""
        before = load_rss()
        pymalloc_before = pymalloc()
        blocks_before = sys.getallocatedblocks()
        if request.args.get("mallocstats"):
            sys._debugmallocstats()  # on stderr: arenas, pools and free lists, before and after
        if not request.args.get("frozen"):
            gc.unfreeze()  # `?frozen=1`: only what the server's own policy leaves to a full collection
        gc.set_debug(gc.DEBUG_SAVEALL)  # keep what it finds, to say what it was
        generation = int(request.args.get("generation", "2"))
        found = gc.collect(generation)
        gc.set_debug(0)
        kinds: dict[str, int] = {}
        held: dict[str, int] = {}
        in_cycles = {id(obj) for obj in gc.garbage}
        for obj in gc.garbage:
            kind = type(obj)
            name = f"{kind.__module__}.{kind.__qualname__}"
            kinds[name] = kinds.get(name, 0) + 1
            if request.args.get("detail"):
                # What the cycles hold that is not part of them: the cost of leaving them uncollected.
                for ref in gc.get_referents(obj):
                    if id(ref) not in in_cycles:
                        ref_kind = type(ref)
                        ref_name = f"{ref_kind.__module__}.{ref_kind.__qualname__}"
                        held[ref_name] = held.get(ref_name, 0) + 1
        gc.garbage.clear()
        gc.collect(generation)  # what DEBUG_SAVEALL kept
        gc.freeze()
        after_gc = load_rss()
        pymalloc_after = pymalloc()
        blocks_after = sys.getallocatedblocks()
        if request.args.get("mallocstats"):
            sys._debugmallocstats()
        trimmed = None
        if request.args.get("trim"):
            import ctypes

            try:
                ctypes.CDLL("libc.so.6").malloc_trim(0)
                trimmed = load_rss()
            except OSError:
                pass
        garbage = sorted(kinds.items(), key=lambda item: -item[1])
        return {
            "before": before, "unreachable": found, "after_gc": after_gc, "after_trim": trimmed, "garbage": garbage,
            "blocks_freed": blocks_before - blocks_after, "held": sorted(held.items(), key=lambda item: -item[1])[:15],
            "pymalloc_before": pymalloc_before, "pymalloc_after": pymalloc_after,
        }  # fmt: skip

    profiler: dict[str, Any] = {}

    @app.quart.route("/_bench/profile")
    async def profile() -> dict:
        """`?start=1` starts cProfile in the server; `?stop=1` stops it and returns the top functions."""
        import cProfile
        import pstats

        if request.args.get("start"):
            profiler["p"] = cProfile.Profile()
            profiler["p"].enable()
            return {"started": True}
        p = profiler.pop("p", None)
        if p is None:
            return {"error": "not started"}
        p.disable()
        stats = pstats.Stats(p)
        rows = []
        for (file, line, name), (_, calls, own, total, _) in stats.stats.items():  # type: ignore[attr-defined]
            rows.append((own, total, calls, f"{os.path.basename(file)}:{line} {name}"))
        by = int(request.args.get("by_total", "0"))
        rows.sort(key=lambda row: -row[1 if by else 0])
        return {"top": [list(row) for row in rows[:30]]}

    @app.quart.route("/_bench/trace")
    async def trace() -> dict:
        """With ABUSE_TRACEMALLOC=1: `?mark=1` takes the reference snapshot; else the top growth since."""
        if not tracing:
            return {"error": "start the server with ABUSE_TRACEMALLOC=1 (--trace)"}
        import tracemalloc

        snapshot = tracemalloc.take_snapshot().filter_traces(
            [
                tracemalloc.Filter(False, tracemalloc.__file__),
                tracemalloc.Filter(False, "<frozen importlib._bootstrap>"),
            ]
        )
        if request.args.get("mark") or "mark" not in marks:
            marks["mark"] = snapshot
            return {"marked": True, "traced": tracemalloc.get_traced_memory()[0]}
        top = snapshot.compare_to(marks["mark"], "traceback")[:8]
        return {
            "traced": tracemalloc.get_traced_memory()[0],
            "top": [
                {"size_diff": s.size_diff, "count_diff": s.count_diff, "where": s.traceback.format()[-6:]} for s in top
            ],
        }


def pymalloc() -> dict[str, int]:
    """CPython's small-object allocator: its arenas (memory taken from the OS) and the live blocks in them."""
    with tempfile.TemporaryFile() as out:
        saved = os.dup(2)
        os.dup2(out.fileno(), 2)  # _debugmallocstats writes to the C stderr
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read().decode(errors="replace")

    def number(pattern: str) -> int:
        m = re.search(pattern + r"\s*=\s*([\d,]+)", text, re.M)
        return int(m[1].replace(",", "")) if m else 0

    return {
        "arenas": number(r"# arenas allocated current"),
        "arena_bytes": number(r"^Total"),  # the first total: the arenas'
        "live_bytes": number(r"# bytes in allocated blocks"),
    }


def task_kinds() -> list[tuple[str, int]]:
    """The server's tasks by what they run (a task that outlives its socket shows here)."""
    kinds: dict[str, int] = {}
    for task in asyncio.all_tasks():
        coro = task.get_coro()
        name = getattr(coro, "__qualname__", type(coro).__name__)
        kinds[name] = kinds.get(name, 0) + 1
    return sorted(kinds.items(), key=lambda item: -item[1])  # a list: Quart's JSON sorts dict keys


def load_rss() -> int:
    with open("/proc/self/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read())[1]) * 1024


def serve_main(port: int, resume_seconds: float) -> None:
    from pylive.server.hypercorn import make_config, serve

    raise_open_files()
    app = abuse_app(resume_seconds)
    config = make_config("127.0.0.1", port)
    config.graceful_timeout = 1
    asyncio.run(serve(app, config))


# --- the server process, seen from here -------------------------------------------------------


class ServerProcess(load.ServerProcess):
    """This benchmark's server in a child process, its stderr kept aside for the report."""

    def __init__(self, resume_seconds: float, trace: bool = False) -> None:
        self.kind = "abuse"
        self.compression = False
        self.port = free_port()
        env = dict(os.environ)
        env.pop("PYLIVE_PUBSUB", None)
        env["ABUSE_TRACEMALLOC"] = "1" if trace else "0"
        self.stderr = tempfile.TemporaryFile()
        args = [sys.executable, os.path.abspath(__file__), "--serve", "--port", str(self.port),
                "--resume-seconds", str(resume_seconds)]  # fmt: skip
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=self.stderr, env=env)

    async def get(self, path: str) -> dict:
        return await get_json(self.port, path)

    def errors(self) -> list[str]:
        """The server's stderr (hypercorn's error log, tracebacks), its distinct lines."""
        self.stderr.seek(0)
        lines = self.stderr.read().decode(errors="replace").splitlines()
        return list(dict.fromkeys(line for line in lines if line.strip() and "[INFO] Running on" not in line))


async def get_json(port: int, path: str) -> dict:
    """GET `path` on a connection of its own (hypercorn closes keep-alive connections left idle)."""
    client = HttpClient(port)
    try:
        return json.loads(await client.get(path))
    finally:
        client.close()


def proc_rss(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read())[1]) * 1024


# --- the victim ---------------------------------------------------------------------------------

_ANSWER = re.compile(r"\[(\d+),(\d+)")
_STAMP = re.compile(r'"(\d{9,11}\.\d{6})\|')


class Victim:
    """Live counter pages, each clicking "+" once a second (at its own phase); the round trips by phase."""

    def __init__(self, server: ServerProcess, count: int) -> None:
        self.server = server
        self.count = count
        self.phase = "warm-up"
        self.latencies: dict[str, list[float]] = {}
        #: (wall-clock time sent, round trip) of every click, to set beside what an attack was doing.
        self.timeline: list[tuple[float, float]] = []
        self.delivery: dict[str, list[float]] = {}
        self.unanswered: dict[str, int] = {}
        self.errors = 0
        self.closed = 0
        self.stopped = False
        self.sockets: list[Any] = []
        self._waiting: list[tuple[int, asyncio.Future] | None] = []
        self._tasks: list[asyncio.Task] = []

    async def connect(self) -> None:
        port = self.server.port
        client = HttpClient(port)
        tokens = []
        try:
            for _ in range(self.count):
                html = await client.get("/")
                tokens.append(re.search(r'data-token="([^"]+)"', html)[1])
        finally:
            client.close()
        self.inc = int(re.search(r'data-pl="(\d+)" id="inc"', html)[1])
        urls = [f"ws://127.0.0.1:{port}/_pylive/ws"] * len(tokens)
        self.sockets = await open_sockets(urls, f"http://127.0.0.1:{port}", concurrency=16, tokens=tokens)
        self._waiting = [None] * len(self.sockets)
        loop = asyncio.get_running_loop()
        self._tasks = [loop.create_task(self._read(i, ws)) for i, ws in enumerate(self.sockets)]
        self._tasks += [loop.create_task(self._click(i, ws)) for i, ws in enumerate(self.sockets)]

    async def _read(self, i: int, ws: Any) -> None:
        try:
            async for frame in ws:
                now = time.perf_counter()
                if frame[:1] == "[":
                    m = _ANSWER.match(frame)
                    waiting = self._waiting[i]
                    if m and waiting is not None and int(m[2]) == waiting[0] and not waiting[1].done():
                        waiting[1].set_result(now)
                    stamp = _STAMP.search(frame, 0, 200)
                    if stamp:
                        self.delivery.setdefault(self.phase, []).append(time.time() - float(stamp[1]))
                elif frame.startswith('{"t":"error"'):
                    self.errors += 1
        except Exception:
            pass
        self.closed += 1

    async def _click(self, i: int, ws: Any) -> None:
        import random

        loop = asyncio.get_running_loop()
        seq = 0
        next_at = time.perf_counter() + random.random()
        while not self.stopped:
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
            next_at += 1.0
            seq += 1
            phase = self.phase
            answered = loop.create_future()
            self._waiting[i] = (seq, answered)
            sent = time.perf_counter()
            try:
                await ws.send(f'[{seq},{self.inc},"click",{{}}]')
                got = await asyncio.wait_for(answered, 5.0)
            except Exception:
                self.unanswered[phase] = self.unanswered.get(phase, 0) + 1
                if ws.state.name == "CLOSED":
                    return
                continue
            self.latencies.setdefault(phase, []).append(got - sent)
            self.timeline.append((time.time() - (time.perf_counter() - sent), got - sent))
            next_at = max(next_at, time.perf_counter())  # a late answer does not make a burst of clicks

    async def close(self) -> None:
        # A flag as well as cancel(): Python 3.11's wait_for can swallow a cancellation that comes
        # as its future completes, and the click loop would go on.
        self.stopped = True
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await close_all(self.sockets)


# --- measuring a phase ----------------------------------------------------------------------------


class Phase:
    """One stretch of time: the server's RSS sampled every 50 ms, its CPU, the victim's clicks."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rss: list[int] = []
        self.cpu = 0.0
        self.seconds = 0.0
        self.after: int | None = None
        self.settle = 0.0
        self.attack: dict = {}
        self.stats: dict = {}
        self.stats_after: dict = {}
        self.started_wall = 0.0
        self.profile: dict | None = None

    @property
    def peak(self) -> int:
        return max(self.rss)

    @property
    def end(self) -> int:
        return self.rss[-1]


async def run_phase(
    server: ServerProcess, victim: Victim, name: str, seconds: float, attack: list[str] | None = None,
    settle: float = 1.0, on_line: Any = None,
) -> Phase:  # fmt: skip
    """Run `seconds` with the victim clicking, and `attack` (this script's `--attack ...` args) in a
    process of its own, from when it says it is ready until it ends; the RSS `settle` s after."""
    phase = Phase(name)
    process = None
    if attack is not None:
        process = await asyncio.create_subprocess_exec(
            sys.executable, os.path.abspath(__file__), "--attack", *attack, "--port", str(server.port),
            "--server-pid", str(server.process.pid), stdout=subprocess.PIPE,
        )  # fmt: skip
        assert process.stdout is not None
        while True:
            line = await process.stdout.readline()
            if not line:
                raise RuntimeError(f"the {attack[0]} attack ended before it started")
            if json.loads(line).get("event") == "ready":
                break
    await server.get("/_bench/stats?reset=1")
    if OPTIONS["profile"] and attack is not None:
        await server.get("/_bench/profile?start=1")
    victim.phase = name
    phase.started_wall = time.time()
    cpu0, start = server.cpu_seconds(), time.perf_counter()
    if process is None:
        while time.perf_counter() - start < seconds:
            phase.rss.append(server.rss())
            await asyncio.sleep(0.05)
    else:

        async def sample() -> None:
            while True:
                phase.rss.append(server.rss())
                await asyncio.sleep(0.05)

        sampler = asyncio.get_running_loop().create_task(sample())
        assert process.stdout is not None
        async for line in process.stdout:
            message = json.loads(line)
            if message.get("event") == "done":
                phase.attack = message
            elif on_line is not None:
                on_line(message)
        await process.wait()
        sampler.cancel()
        phase.rss.append(server.rss())
    phase.seconds = time.perf_counter() - start
    phase.cpu = (server.cpu_seconds() - cpu0) / phase.seconds
    if OPTIONS["profile"] and attack is not None:
        phase.profile = await server.get("/_bench/profile?stop=1")
    victim.phase = f"{name} (after)"
    phase.stats = await server.get("/_bench/stats")
    await asyncio.sleep(settle)
    phase.settle = settle
    phase.after = server.rss()
    phase.stats_after = await server.get("/_bench/stats")
    return phase


def mb(n: float) -> str:
    return f"{n / 2**20:7.1f} MB"


def quantile(values: list[float], q: int) -> float | None:
    if len(values) < 2:
        return values[0] if values else None
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def ms(value: float | None) -> str:
    return "      -  " if value is None else f"{value * 1000:7.2f} ms"


class Report:
    """The figures of every scenario, and the verdict on each target."""

    def __init__(self) -> None:
        self.verdicts: list[tuple[str, bool, str]] = []

    def target(self, scenario: str, what: str, met: bool, detail: str) -> str:
        self.verdicts.append((scenario, met, f"{what}: {detail}"))
        return f"{'met ' if met else 'MISSED'} ({detail})"

    def table(self, scenario: str, idle: int, base: Phase, attack: Phase, victim: Victim) -> None:
        """The baseline and attack phases side by side, with the RSS and p99 targets."""
        lat_b, lat_a = victim.latencies.get(base.name, []), victim.latencies.get(attack.name, [])
        p50_b, p99_b = quantile(lat_b, 50), quantile(lat_b, 99)
        p50_a, p99_a = quantile(lat_a, 50), quantile(lat_a, 99)
        print(f"  {'':28} {'no attack':>12} {'attack':>12}   target", flush=True)
        print(f"  {'server RSS, idle before':28} {mb(idle):>12}", flush=True)
        rss_ok = attack.peak < 2 * idle
        print(
            f"  {'server RSS, peak':28} {mb(base.peak):>12} {mb(attack.peak):>12}   < 2 x idle: "
            + self.target(scenario, "RSS peak < 2 x idle", rss_ok,
                          f"{attack.peak / idle:.2f} x; no attack {base.peak / idle:.2f} x"),
            flush=True,
        )  # fmt: skip
        print(f"  {'server RSS, at the end':28} {mb(base.end):>12} {mb(attack.end):>12}", flush=True)
        later = f"server RSS, {attack.settle:.0f} s later"
        print(f"  {later:28} {mb(base.after or 0):>12} {mb(attack.after or 0):>12}", flush=True)
        print(f"  {'server CPU':28} {base.cpu * 100:10.0f} % {attack.cpu * 100:10.0f} %", flush=True)
        gcs = [f"{p.stats['full_gc_count']} ({p.stats['full_gc_max_ms']:.0f} ms)" for p in (base, attack)]
        print(f"  {'server full GCs (longest)':28} {gcs[0]:>12} {gcs[1]:>12}", flush=True)
        print(f"  {'victim click p50':28} {ms(p50_b):>12} {ms(p50_a):>12}", flush=True)
        if p99_a is not None and p99_b:
            detail = f"{p99_a / p99_b:.2f} x"
            verdict = self.target(scenario, "click p99 < 3 x baseline", p99_a < 3 * p99_b, detail)
        else:
            verdict = self.target(scenario, "click p99 < 3 x baseline", False, "no samples")
        print(f"  {'victim click p99':28} {ms(p99_b):>12} {ms(p99_a):>12}   < 3 x baseline: {verdict}", flush=True)
        print(
            f"  {'victim clicks (unanswered)':28} {len(lat_b):>7} ({victim.unanswered.get(base.name, 0)})"
            f" {len(lat_a):>7} ({victim.unanswered.get(attack.name, 0)})",
            flush=True,
        )
        for phase in (base, attack):
            slow = sorted(
                (
                    (latency, sent - phase.started_wall)
                    for sent, latency in victim.timeline
                    if phase.started_wall <= sent < phase.started_wall + phase.seconds
                ),
                reverse=True,
            )[:5]
            where = ", ".join(f"{latency * 1000:.0f} ms at {at:.1f} s" for latency, at in slow)
            print(f"  {'slowest clicks, ' + ('attack' if phase is attack else 'no attack'):28} {where}", flush=True)
        if base.name in victim.delivery or attack.name in victim.delivery:
            d_b, d_a = victim.delivery.get(base.name, []), victim.delivery.get(attack.name, [])
            print(
                f"  {'broadcast delivery p50':28} {ms(quantile(d_b, 50)):>12} {ms(quantile(d_a, 50)):>12}", flush=True
            )
            print(
                f"  {'broadcast delivery p99':28} {ms(quantile(d_b, 99)):>12} {ms(quantile(d_a, 99)):>12}", flush=True
            )
            print(f"  {'broadcasts received':28} {len(d_b):>12} {len(d_a):>12}", flush=True)

    def server_side(self, phase: Phase) -> None:
        if phase.profile is not None:
            print("  cProfile of the server during the attack (inflated by the profiler), by own time:", flush=True)
            for own, total, calls, name in phase.profile["top"][:15]:
                print(f"    own {own * 1000:8.1f} ms  with callees {total * 1000:8.1f} ms  {calls:8d} calls  {name}")
        s = phase.stats
        print(
            f"  server after the attack: {s['sessions']} sessions ({s['attached']} attached, {s['parked']} parked), "
            f"{s['connections']} sockets, {s['tasks']} tasks, gc collections {s['gc_collections']}",
            flush=True,
        )
        kinds = ", ".join(f"{name} {n}" for name, n in s["task_kinds"][:4])
        print(f"  its most numerous tasks: {kinds}", flush=True)
        for line, count in s["logs"].items():
            print(f"  server log x{count}: {line}", flush=True)


# --- the scenarios --------------------------------------------------------------------------------


def print_collect(c: dict) -> None:
    """What a full collection in the server found and gave back (after the measurements)."""
    before, after = c["pymalloc_before"], c["pymalloc_after"]
    print(
        f"  then a full collection found {c['unreachable']:,} unreachable objects: RSS {mb(c['before']).strip()} -> "
        f"{mb(c['after_gc']).strip()}, then malloc_trim -> {mb(c['after_trim'] or 0).strip()}; CPython's "
        f"allocator held {before['arenas']} arenas ({mb(before['arena_bytes']).strip()}) with "
        f"{mb(before['live_bytes']).strip()} of live objects in them, then {after['arenas']} "
        f"({mb(after['arena_bytes']).strip()}) with {mb(after['live_bytes']).strip()}",
        flush=True,
    )
    if c["unreachable"] >= 1000:
        kinds = ", ".join(f"{name} {n:,}" for name, n in c["garbage"][:8])
        print(f"  the unreachable objects, most numerous types: {kinds}", flush=True)
        ours = [(name, n) for name, n in c["garbage"] if name.startswith("pylive.")]
        print("  of which pylive's own: " + (", ".join(f"{name} {n:,}" for name, n in ours[:8]) or "none"), flush=True)


def trace_args(trace: bool) -> list[str]:
    return ["--trace"] if trace else []


def print_trace(attack: dict) -> None:
    """The server's tracemalloc growth since the attack began (with --trace)."""
    trace = attack.get("trace")
    if not trace or "top" not in trace:
        return
    print(f"  tracemalloc, the largest growth since the attack began (traced now {trace['traced'] / 2**20:.1f} MB):")
    for item in trace["top"]:
        print(f"    {item['size_diff'] / 1024:+9.0f} KB {item['count_diff']:+8d} objects, allocated at:")
        for frame in item["where"]:
            print(f"        {frame}")


async def start(trace: bool, resume_seconds: float = 30.0, settle: float = 1.5) -> tuple[ServerProcess, Victim, int]:
    """A fresh server, the victim's pages connected to it, and its idle RSS with them."""
    server = await ServerProcess(resume_seconds, trace).started()
    victim = Victim(server, VICTIMS)
    await victim.connect()
    await asyncio.sleep(settle)
    return server, victim, server.rss()


async def finish(server: ServerProcess, victim: Victim) -> None:
    if victim.errors or victim.closed:
        print(f"  the victim got {victim.errors} error replies; {victim.closed} of its sockets were closed", flush=True)
    await victim.close()
    server.stop()
    errors = server.errors()
    if errors:
        print(f"  server stderr ({len(errors)} distinct lines), first ones:", flush=True)
        for line in errors[:8]:
            print(f"    {line[:160]}", flush=True)


async def scenario_frame(report: Report, seconds: float, trace: bool) -> None:
    print(
        f"\n1. a never-ending frame: one socket, a binary frame declaring 8 GiB, streamed for {seconds:.0f} s",
        flush=True,
    )
    server, victim, idle = await start(trace)
    try:
        base = await run_phase(server, victim, "frame: no attack", seconds)
        attack = await run_phase(server, victim, "frame: attack", seconds, ["frame", "--seconds", str(seconds)])
        report.table("frame", idle, base, attack, victim)
        a = attack.attack
        print(
            f"  attacker: streamed {a['bytes'] / 2**20:,.0f} MiB ({a['bytes'] / 2**20 / seconds:,.0f} MiB/s) on "
            f"{a['sockets']} socket(s); {a['finished']} frame(s) of 8 GiB went through whole; the server cut "
            f"{a['cut']} connection(s); close code it sent: {a['close_code']}",
            flush=True,
        )
        report.server_side(attack)
    finally:
        await finish(server, victim)


async def scenario_get_flood(report: Report, seconds: float, trace: bool, settle: float) -> None:
    print(f"\n2. a GET flood: 4 clients fetching the {ROWS:,}-row page back to back for {seconds:.0f} s", flush=True)
    server, victim, idle = await start(trace)
    try:
        base = await run_phase(server, victim, "flood: no attack", seconds, settle=settle)
        if trace:
            await server.get("/_bench/trace?mark=1")
        attack = await run_phase(
            server, victim, "flood: attack", seconds, ["get-flood", "--seconds", str(seconds), *trace_args(trace)],
            settle=settle,
        )  # fmt: skip
        report.table("get-flood", idle, base, attack, victim)
        a = attack.attack
        print(
            f"  attacker: {a['pages']:,} pages ({a['pages'] / seconds:.0f}/s, {a['bytes'] / 2**20:,.0f} MiB), "
            f"GET p50 {a['p50'] * 1000:.1f} ms, p99 {a['p99'] * 1000:.1f} ms, {a['failed']} failed",
            flush=True,
        )
        h = a["held"]
        print(
            f"  at the end of the flood the server held {h['sessions']} sessions ({h['parked']} parked pages), "
            f"RSS {mb(h['rss']).strip()}; {attack.settle:.0f} s later {attack.stats_after['sessions']} sessions "
            f"({attack.stats_after['parked']} parked), RSS {mb(attack.after or 0).strip()}",
            flush=True,
        )
        print_collect(await server.get("/_bench/collect?trim=1"))
        print_trace(a)
        report.server_side(attack)
    finally:
        await finish(server, victim)


async def scenario_slow_readers(report: Report, seconds: float, trace: bool, rate: float = 4.0) -> None:
    print(
        f"\n3. 5 slow readers: live pages whose sockets never read, while 64 KB messages are broadcast "
        f"to every page {rate:.0f} times a second, for {seconds:.0f} s",
        flush=True,
    )
    server, victim, idle = await start(trace)
    try:
        await server.get(f"/_bench/broadcast?rate={rate}&kb=64")
        base = await run_phase(server, victim, "slow: no attack (broadcasts)", seconds)
        if trace:
            await server.get("/_bench/trace?mark=1")
        attack = await run_phase(
            server, victim, "slow: attack", seconds, ["slow", "--seconds", str(seconds), *trace_args(trace)]
        )
        await server.get("/_bench/broadcast?rate=0")
        print("  (the idle RSS is before the broadcasts; the baseline has the broadcasts, not the slow readers)")
        report.table("slow-readers", idle, base, attack, victim)
        a = attack.attack
        h = a["held"]
        gave_up = "never" if a["gave_up_s"] is None else f"{a['gave_up_s']:.1f} s in"
        print(
            f"  the server gave up on the slow readers (1013, 'not reading its messages') {gave_up}; "
            f"at the end of the attack, with them still connected, it held {h['sessions']} sessions "
            f"({h['attached']} attached), {h['connections']} sockets, {h['tasks']} tasks, RSS {mb(h['rss']).strip()}",
            flush=True,
        )
        print_trace(a)
        report.server_side(attack)
    finally:
        await finish(server, victim)


async def scenario_churn(
    report: Report, rounds: int, sessions: int, seconds: float, trace: bool, resume: float
) -> None:
    print(
        f"\n4. session churn: {rounds} rounds of opening {sessions:,} sessions, clicking once in each, closing "
        f"them and waiting for the server to drop them (resume_seconds={resume:g})",
        flush=True,
    )
    server, victim, _ = await start(trace, resume_seconds=resume)
    try:
        base = await run_phase(server, victim, "churn: no attack", seconds)
        lines: list[dict] = []

        def on_round(message: dict) -> None:
            if message.get("event") == "round":
                lines.append(message)
                print(
                    f"  round {message['round']:2}: {message['opened']:,} opened in {message['open_s']:.1f} s, "
                    f"RSS with them open {mb(message['rss_open'])}, dropped after {message['drop_s']:.1f} s, "
                    f"RSS after {mb(message['rss_after'])}  ({message['sessions_after']} sessions left; "
                    f"full GCs so far {message['full_gcs']}, GC base {mb(message['gc_base']).strip()})",
                    flush=True,
                )

        if trace:
            await server.get("/_bench/trace?mark=1")
        attack = await run_phase(
            server, victim, "churn: attack", 0,
            ["churn", "--rounds", str(rounds), "--sessions", str(sessions), "--resume", str(resume),
             *trace_args(trace)],
            on_line=on_round,
        )  # fmt: skip
        first, last = lines[0]["rss_after"], lines[-1]["rss_after"]
        held = lines[0]["rss_open"]
        print(f"  (the idle RSS here is the server's with round 1's {sessions:,} sessions open, before any click)")
        report.table("churn", held, base, attack, victim)
        growth = (last - first) / first
        print(
            f"  RSS after the rounds: first {mb(first)}, last {mb(last)} ({growth * 100:+.1f} %): flat within 10 %: "
            + report.target("churn", "RSS flat", abs(growth) <= 0.10, f"{growth * 100:+.1f} %"),
            flush=True,
        )
        by_stage: dict[str, list[float]] = {}
        spans = [tuple(span) for line in lines for span in line["stages"]]
        for sent, latency in victim.timeline:
            for name, begin, end in spans:
                if begin <= sent < end:
                    by_stage.setdefault(name, []).append(latency)
                    break
        print("  the victim's clicks by what the churn was doing when they were sent:", flush=True)
        for name in ("opening", "idle", "clicking", "closing", "until dropped"):
            got = by_stage.get(name, [])
            if got:
                print(
                    f"    {name:14} {len(got):6} clicks  p50 {ms(quantile(got, 50))}  p99 {ms(quantile(got, 99))}  "
                    f"max {ms(max(got))}  ({sum(1 for x in got if x > 0.05)} over 50 ms)",
                    flush=True,
                )
        report.server_side(attack)
        # Diagnosis, after the measurements: what the server's collector had left, and what it was.
        print_collect(await server.get("/_bench/collect?trim=1"))
        print_trace(attack.attack)
    finally:
        await finish(server, victim)


# --- the attacks (each in a process of its own: `--attack KIND`) ----------------------------------


def say(**message: Any) -> None:
    print(json.dumps(message), flush=True)


def page(port: int, path: str = "/") -> str:
    """GET a page: its token."""
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    html = data.decode()
    return re.search(r'data-token="([^"]+)"', html)[1]


def raw_websocket(port: int, rcvbuf: int | None = None) -> socket.socket:
    """A page's WebSocket opened by hand (see tests/security/test_memory.py), after its 101."""
    token = page(port)
    sock = socket.socket()
    if rcvbuf is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        (
            "GET /_pylive/ws HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        head += sock.recv(1)  # byte by byte: nothing past the handshake is read
    if not head.startswith(b"HTTP/1.1 101"):
        raise RuntimeError(f"no WebSocket: {head[:80]!r}")
    data = join_frame(token).encode()
    # A masked text frame (the mask is zero: the payload goes as is); a join is under 64 KB.
    sock.sendall(bytes([0x81, 0x80 | 126]) + len(data).to_bytes(2, "big") + bytes(4) + data)
    return sock


def close_codes(data: bytes) -> list[int]:
    """The close codes of the close frames in a stream of server frames (unmasked)."""
    codes, i = [], 0
    while i + 2 <= len(data):
        opcode, length = data[i] & 0x0F, data[i + 1] & 0x7F
        i += 2
        if length == 126:
            length = struct.unpack(">H", data[i : i + 2])[0]
            i += 2
        elif length == 127:
            length = struct.unpack(">Q", data[i : i + 8])[0]
            i += 8
        if opcode == 8 and length >= 2 and i + 2 <= len(data):
            codes.append(struct.unpack(">H", data[i : i + 2])[0])
        i += length
    return codes


def attack_frame(port: int, seconds: float) -> None:
    """One binary frame declaring 8 GiB, its bytes streamed as fast as the server takes them.

    Should the server take all 8 GiB before the time is up, the frame has ended: the attacker starts
    another one on a new socket, as it does if the server cuts the connection.
    """
    declared = 8 << 30
    header = bytes([0x82, 0x80 | 127]) + struct.pack(">Q", declared) + os.urandom(4)
    chunk = memoryview(bytes(1 << 20))
    sent, sockets, cut, finished, received = 0, 0, 0, 0, b""
    say(event="ready")
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        sock = raw_websocket(port)
        sockets += 1
        sock.settimeout(0.2)
        left = declared
        try:
            sock.sendall(header)
            while left and time.perf_counter() < end:
                try:
                    n = sock.send(chunk[: min(len(chunk), left)])
                except TimeoutError:
                    continue  # the server is not reading just now: keep at it
                sent += n
                left -= n
            finished += left == 0
        except OSError:
            cut += 1  # the server ended the connection: a hostile client comes back with another
        finally:
            sock.setblocking(False)
            try:
                while data := sock.recv(1 << 20):
                    received += data
            except OSError:
                pass
            sock.close()
    codes = close_codes(received)
    say(event="done", bytes=sent, sockets=sockets, cut=cut, finished=finished, close_code=codes[0] if codes else None)


async def attack_get_flood(port: int, seconds: float, trace: bool, clients: int = 4) -> None:
    times: list[float] = []
    total, failed = 0, 0
    say(event="ready")
    end = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal total, failed
        client = HttpClient(port)
        try:
            while time.perf_counter() < end:
                start = time.perf_counter()
                try:
                    total += len(await client.get("/rows"))
                except Exception:
                    failed += 1
                    client.close()
                    client = HttpClient(port)
                    continue
                times.append(time.perf_counter() - start)
        finally:
            client.close()

    await asyncio.gather(*(worker() for _ in range(clients)))
    result: dict[str, Any] = {"held": await get_json(port, "/_bench/stats")}
    if trace:
        result["trace"] = await get_json(port, "/_bench/trace")
    say(
        event="done", pages=len(times), bytes=total, failed=failed, p50=quantile(times, 50) or 0,
        p99=quantile(times, 99) or 0, **result,
    )  # fmt: skip


async def attack_slow(port: int, seconds: float, trace: bool, count: int = 5) -> None:
    """`count` pages that never read; when the server gives up on them, and what it still holds."""
    socks = [raw_websocket(port, rcvbuf=4096) for _ in range(count)]
    say(event="ready")
    start = time.perf_counter()
    gave_up: float | None = None
    while True:
        held = await get_json(port, "/_bench/stats")
        dropped = sum(n for line, n in held["logs"].items() if "not reading" in line)
        if gave_up is None and dropped >= count:
            gave_up = time.perf_counter() - start
        if time.perf_counter() - start >= seconds:
            break
        await asyncio.sleep(0.25)
    result: dict[str, Any] = {"held": held, "gave_up_s": gave_up, "dropped": dropped}
    if trace:
        result["trace"] = await get_json(port, "/_bench/trace")
    # They go without reading what waits for them: the kernel resets their connections.
    for sock in socks:
        sock.close()
    say(event="done", **result)


async def attack_churn(port: int, pid: int, rounds: int, sessions: int, resume: float, trace: bool) -> None:
    from websockets.asyncio.client import connect

    origin = f"http://127.0.0.1:{port}"

    async def stats(path: str = "/_bench/stats") -> dict:
        return await get_json(port, path)

    base_sessions = (await stats())["sessions"]
    say(event="ready")
    for number in range(1, rounds + 1):
        start = time.perf_counter()
        stages: list[tuple[str, float, float]] = []
        mark = [time.time()]

        def stage(name: str) -> None:
            now = time.time()
            stages.append((name, mark[0], now))
            mark[0] = now

        opened: list[tuple[Any, int]] = []
        remaining = [sessions]

        async def opener() -> None:
            client = HttpClient(port)
            try:
                while remaining[0] > 0:
                    remaining[0] -= 1
                    html = await client.get("/")
                    token = re.search(r'data-token="([^"]+)"', html)[1]
                    inc = int(re.search(r'data-pl="(\d+)" id="inc"', html)[1])
                    url = f"ws://127.0.0.1:{port}/_pylive/ws"
                    ws = await connect(url, origin=origin, ping_interval=None, max_size=None, open_timeout=60)
                    await ws.send(join_frame(token))
                    await ws.recv()  # resumed
                    opened.append((ws, inc))
            finally:
                client.close()

        await asyncio.gather(*(opener() for _ in range(32)))
        open_s = time.perf_counter() - start
        stage("opening")
        await asyncio.sleep(0.5)
        rss_open = proc_rss(pid)
        stage("idle")

        async def click(ws: Any, inc: int) -> None:
            await ws.send(f'[1,{inc},"click",{{}}]')
            while True:
                m = _ANSWER.match(await ws.recv())
                if m and m[2] == "1":
                    return

        for i in range(0, len(opened), 500):
            await asyncio.gather(*(click(ws, inc) for ws, inc in opened[i : i + 500]))
        stage("clicking")
        await close_all([ws for ws, _ in opened])
        opened.clear()
        stage("closing")
        closed_at = time.perf_counter()
        while True:
            s = await stats()
            if s["sessions"] <= base_sessions and s["parked"] == 0:
                break
            if time.perf_counter() - closed_at > resume + 30:
                break
            await asyncio.sleep(0.1)
        drop_s = time.perf_counter() - closed_at
        stage("until dropped")
        await asyncio.sleep(1.0)
        stage("idle")
        say(
            event="round", round=number, opened=sessions, open_s=open_s, rss_open=rss_open, drop_s=drop_s,
            rss_after=proc_rss(pid), sessions_after=s["sessions"], full_gcs=s["gc_collections"][2], gc_base=s["gc_base"],
            stages=stages,
        )  # fmt: skip
    result: dict[str, Any] = {}
    if trace:
        result["trace"] = await stats("/_bench/trace")
    say(event="done", **result)


# --- main -----------------------------------------------------------------------------------------


async def main(args: argparse.Namespace) -> None:
    raise_open_files()
    quick = args.quick
    seconds = args.duration or (3.0 if quick else 30.0)
    rounds, sessions, resume = (3, 200, 1.0) if quick else (10, 2000, 2.0)
    if args.churn:
        rounds, sessions = (int(n) for n in args.churn.lower().split("x"))
    print(
        f"abuse: {VICTIMS} victim pages clicking once a second; {seconds:.0f} s per scenario, "
        f"after {seconds:.0f} s of the same with no attack; churn {rounds} x {sessions:,} sessions",
        flush=True,
    )
    load1, load5, load15 = os.getloadavg()
    print(f"machine load average: {load1:.1f} {load5:.1f} {load15:.1f} on {os.cpu_count()} cores", flush=True)
    report = Report()
    OPTIONS["profile"] = args.profile
    # The client's own collections would pause every victim socket at once and count as server
    # latency: collect nothing here while measuring (as benchmarks/load.py does).
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        if args.only in (None, "frame"):
            await scenario_frame(report, seconds, args.trace)
        if args.only in (None, "get-flood"):
            # The RSS once the flood's parked pages have expired (10 s after their GET) too.
            await scenario_get_flood(report, seconds, args.trace, 1.0 if quick else 11.0)
        if args.only in (None, "slow-readers"):
            await scenario_slow_readers(report, seconds, args.trace)
        if args.only in (None, "churn"):
            await scenario_churn(report, rounds, sessions, seconds, args.trace, resume)
    finally:
        gc.enable()
        gc.unfreeze()
    load1, load5, load15 = os.getloadavg()
    print(f"\nmachine load average at the end: {load1:.1f} {load5:.1f} {load15:.1f}", flush=True)
    print("targets (printed, not asserted):", flush=True)
    for scenario, met, text in report.verdicts:
        print(f"  {'met   ' if met else 'MISSED'} {scenario:13} {text}", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 s per scenario, a small churn (CI)")
    parser.add_argument("--only", choices=["frame", "get-flood", "slow-readers", "churn"], help="run one scenario")
    parser.add_argument("--duration", type=float, help="seconds per scenario (30; --quick 3)")
    parser.add_argument("--churn", metavar="ROUNDSxSESSIONS", help="another churn size, e.g. 5x500")
    parser.add_argument(
        "--trace", action="store_true", help="tracemalloc in the server (slower; churn prints its growth)"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile the server during each attack (slower; prints its top functions)",
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--attack", choices=["frame", "get-flood", "slow", "churn"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--server-pid", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--resume-seconds", type=float, default=30.0, help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=3.0, help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=3, help=argparse.SUPPRESS)
    parser.add_argument("--sessions", type=int, default=200, help=argparse.SUPPRESS)
    parser.add_argument("--resume", type=float, default=1.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_main(args.port, args.resume_seconds)
    elif args.attack == "frame":
        attack_frame(args.port, args.seconds)
    elif args.attack == "get-flood":
        asyncio.run(attack_get_flood(args.port, args.seconds, args.trace))
    elif args.attack == "slow":
        asyncio.run(attack_slow(args.port, args.seconds, args.trace))
    elif args.attack == "churn":
        raise_open_files()
        asyncio.run(attack_churn(args.port, args.server_pid, args.rounds, args.sessions, args.resume, args.trace))
    else:
        asyncio.run(main(args))
