"""The dashboard's cost with many sessions held: CPU while one is open, against the same seconds without.

    python benchmarks/dashboard.py            # 1,000 and 10,000 sessions held
    python benchmarks/dashboard.py --quick    # 1,000 (CI)

In one process: an app with `dashboard=True` holds N mounted counter sessions (what the server holds
for N open pages), the metrics collector attached as the server attaches it. The process's CPU time is
measured over some seconds with no dashboard open (the baseline), then with a dashboard session live
(its 1 Hz snapshot, render, diff and message). Also printed: one snapshot's time, and the bytes the
dashboard sends a second. Target: the open dashboard costs under 1 % of a core with 10,000 sessions.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import pylive as pl
from pylive import html as h
from pylive.server.metrics import SCAN_RATE, Metrics

TOKEN = "dashboard-benchmark"


@pl.component
def Counter():
    count, set_count = pl.use_state(0)
    return h.div(
        h.button("-", id="dec", on_click=lambda e: set_count(count - 1)),
        h.span(str(count), id="value"),
        h.button("+", id="inc", on_click=lambda e: set_count(lambda c: c + 1)),
        class_="counter",
    )


class Holder:
    """What holds an attached session in the store (a connection, in a server); nothing queued."""

    _out = None

    def displace(self) -> None:
        pass

    def server_stopping(self) -> None:
        pass

    async def answers(self, timeout: float = 1.0) -> bool:
        return True


async def cpu_over(seconds: float) -> float:
    """% of one core this process used over `seconds` of waiting."""
    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.sleep(seconds)
    return (time.process_time() - cpu) / (time.perf_counter() - wall) * 100


async def measure(n: int, seconds: float) -> dict:
    os.environ["PYLIVE_DASHBOARD_TOKEN"] = TOKEN
    app = pl.App(Counter, secret_key="dashboard-benchmark-key-that-is-not-secret", dashboard=True)
    stop = app.board.metrics.attach()
    holder = Holder()
    for _ in range(n):
        session = app.new_session("/")
        session.mount()
        session.attach(lambda text: None)
        session.go_live()
        app.store.add(secrets.token_urlsafe(24), session, holder)
    await asyncio.sleep(1)
    scans, snapshots = [], []
    for _ in range(5):
        metrics = Metrics()
        start = time.perf_counter()
        metrics.snapshot(app.store.entries, len(app.store), {})  # a first one: it scans the sessions
        scans.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        metrics.snapshot(app.store.entries, len(app.store), {})  # the next second's, between scans
        snapshots.append((time.perf_counter() - start) * 1000)
    baseline = await cpu_over(seconds)
    sent: list[str] = []
    dashboard = app.new_session(f"/_pylive/dashboard?token={TOKEN}")
    dashboard.mount()
    dashboard.attach(sent.append)
    dashboard.go_live()
    await asyncio.sleep(1.5)  # its first ticks
    sent.clear()
    start = time.perf_counter()
    open_ = await cpu_over(seconds)
    bytes_per_s = sum(len(t.encode()) for t in sent) / (time.perf_counter() - start)
    dashboard.close()
    stop()
    app.store.close_all()
    return {
        "n": n,
        "scan_ms": statistics.median(scans),
        "snapshot_ms": statistics.median(snapshots),
        "baseline": baseline,
        "open": open_,
        "bytes_per_s": bytes_per_s,
    }


async def main(quick: bool) -> None:
    counts, seconds = ([1_000], 3.0) if quick else ([1_000, 10_000], 10.0)
    print(
        "| sessions held | a snapshot with a scan / without | CPU, no dashboard open (baseline) "
        "| CPU, a dashboard open | its cost | sent by it |"
    )
    print("|---|---|---|---|---|---|")
    for n in counts:
        r = await measure(n, seconds)
        print(
            f"| {n:,} | {r['scan_ms']:.1f} ms / {r['snapshot_ms']:.2f} ms | {r['baseline']:.2f} % | {r['open']:.2f} % "
            f"| {r['open'] - r['baseline']:+.2f} points of a core | {r['bytes_per_s'] / 1024:.1f} KB/s |",
            flush=True,
        )
    print(f"(the pages and the session list are rescanned every held/{SCAN_RATE:,} s, at least every second)")
    print("target: an open dashboard costs under 1 % of a core with 10,000 sessions held")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 sessions, 3 s per measurement (CI)")
    asyncio.run(main(parser.parse_args().quick))
