"""The state store (`pl.run(state="redis://...")`): what storing live sessions in Redis costs.

    .venv/bin/python benchmarks/state.py            # 1,000 sessions, 2,000 clicks per setup
    .venv/bin/python benchmarks/state.py --quick    # 100 sessions, 200 clicks (CI)

Sessions run in this process on one event loop, through the same session code a server uses, with a
real redis-server started here. Two pages: a counter, and a table of 100 keyed rows each with its
own counter (about 400 elements). Figures, each next to its baseline from the same run:

- bytes: the size of one session's stored state (what each write carries), after a few clicks and
  after many (its recent messages, kept to catch a page up, fill up to 32 of them);
- per-pass cost: a click's render pass alone (no store), against the same pass plus the snapshot
  and its JSON (the CPU a node spends per write; with coalescing at most one every 250 ms per session);
- click latency: clicks at a steady rate spread over every session, with the store writing in the
  background on the same loop, p50 and p99 from when each click was due until it was answered,
  against the same clicks with no store (target: p99 under 1.5x);
- handoff: the time to write every session of a stopping node in one go (its SIGTERM), and to claim
  and restore them all on another node, per session.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from typing import Any

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fanout import RedisProcess  # noqa: E402

import pylive as pl  # noqa: E402
from pylive import html as h  # noqa: E402
from pylive.core.navigation import Location  # noqa: E402
from pylive.live.session import Session  # noqa: E402
from pylive.live.snapshot import restore, take  # noqa: E402
from pylive.server.gcpolicy import FreezePolicy  # noqa: E402
from pylive.server.statestore import StateStore  # noqa: E402

RATE = 200  # clicks per second in the latency runs


@pl.component
def Counter():
    count, set_count = pl.use_state(0)
    return h.div(h.button("+", id="inc", on_click=lambda: set_count(count + 1)), h.span(str(count), id="value"))


@pl.component
def Row(n: int):
    count, set_count = pl.use_state(0)
    return h.tr(
        h.td(f"row {n}"), h.td(str(count)), h.td(h.button("+", class_="inc", on_click=lambda: set_count(count + 1)))
    )


@pl.component
def Table():
    count, set_count = pl.use_state(0)
    title, _ = pl.use_state("A table of 100 rows")
    return h.div(
        h.h1(title),
        h.button("+", id="inc", on_click=lambda: set_count(count + 1)),
        h.span(str(count), id="value"),
        h.table(h.tbody([Row(n=n, key=n) for n in range(100)])),
    )


PAGES = {"counter": Counter, "table": Table}


def node_id(html: str, dom_id: str) -> int:
    head = html[: html.index(f'id="{dom_id}"')]
    return int(head[head.rindex('data-pl="') + 9 :].split('"')[0])


def live_sessions(page: Any, n: int) -> list[tuple[Session, int]]:
    out = []
    for _ in range(n):
        session = Session(page(), lambda text: None, location=Location.parse("/"), max_events_per_second=1e9)
        html = session.mount()
        session.go_live()
        out.append((session, node_id(html, "inc")))
    return out


async def per_pass(page: Any, clicks: int) -> tuple[float, float, int]:
    """Median µs of a click pass alone, and of the pass plus its snapshot; the snapshot's bytes."""
    [(session, inc)] = live_sessions(page, 1)
    alone, stored = [], []
    size = 0
    for seq in range(1, clicks + 1):
        frame = json.dumps([seq, inc, "click", {}])
        t0 = time.perf_counter()
        await session.receive(frame)
        t1 = time.perf_counter()
        text = json.dumps(take(session), separators=(",", ":"), ensure_ascii=False)
        t2 = time.perf_counter()
        size = len(text.encode())
        alone.append(t1 - t0)
        stored.append(t2 - t0)
    session.close()
    return statistics.median(alone) * 1e6, statistics.median(stored) * 1e6, size


async def latencies(sessions: list[tuple[Session, int]], clicks: int, store: StateStore | None) -> list[float]:
    """Clicks due every 1/RATE s, round robin over the sessions; ms from due to answered.

    The collector is paced as a server paces it (`pylive/server/gcpolicy.py`), in both setups."""
    policy = FreezePolicy()
    policy.install()
    if store is not None:
        for i, (session, _) in enumerate(sessions):
            store.watch(f"bench-{i}", session)
        while store.writes < len(sessions):  # each session's first write (a whole survey) is done
            await asyncio.sleep(0.05)
    policy.collect_all()  # what setting up made is collected and frozen before the clock starts
    seqs = [0] * len(sessions)
    out: list[float] = []
    start = time.perf_counter()
    for k in range(clicks):
        due = start + k / RATE
        wait = due - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        else:
            await asyncio.sleep(0)  # behind: still give the writer its turn, as a server's loop would
        i = k % len(sessions)
        session, inc = sessions[i]
        seqs[i] += 1
        await session.receive(json.dumps([seqs[i], inc, "click", {}]))
        out.append((time.perf_counter() - due) * 1000)
        policy.work_done()
    policy.uninstall()
    return out


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


async def handoff(url: str, name: str, n: int) -> tuple[float, float, float]:
    """Write n sessions at once (a stopping node), then claim and restore each on a second store."""
    page = PAGES[name]
    policy = FreezePolicy()
    policy.install()
    a = StateStore(url, ttl=30, prefix=f"bench-handoff-{name}:")
    a.start()
    sessions = live_sessions(page, n)
    for i, (session, inc) in enumerate(sessions):
        await session.receive(json.dumps([1, inc, "click", {}]))
        a._sessions[f"s{i}"] = session  # held, not yet written: as at a SIGTERM
    t0 = time.perf_counter()
    written = await a.write_all(timeout=120)
    write_s = time.perf_counter() - t0
    assert written == n, written
    b = StateStore(url, ttl=30, prefix=f"bench-handoff-{name}:")
    b.start()
    t1 = time.perf_counter()
    exact = 0
    for i in range(n):
        snap = await b.claim(f"s{i}", None)
        resumed = Session(page(), location=Location.parse(snap["url"]))
        exact += restore(resumed, snap)
        resumed.close()
    restore_s = time.perf_counter() - t1
    assert exact == n, exact
    for session, _ in sessions:
        session.close()
    await a.close()
    await b.close()
    policy.uninstall()
    return write_s, restore_s / n * 1e6, a.bytes_written / n


async def run(quick: bool) -> None:
    n = 100 if quick else 1_000
    clicks = 200 if quick else 2_000
    redis = await RedisProcess().started()
    try:
        print(f"state store: {n} sessions per page, {clicks} clicks at {RATE}/s, a real redis-server")
        print("| page | bytes stored per session (after many clicks) | pass alone (µs) | pass + snapshot (µs) |")
        print("|---|---|---|---|")
        for name, page in PAGES.items():
            alone, stored, size = await per_pass(page, 50 if quick else 300)
            print(f"| {name} | {size:,} | {alone:.0f} | {stored:.0f} ({stored / alone:.2f}x) |")
        print()
        print("| page | click p50 off / on (ms) | click p99 off / on (ms) | p99 ratio | writes | bytes per write |")
        print("|---|---|---|---|---|---|")
        for name, page in PAGES.items():
            off = await latencies(live_sessions(page, n), clicks, None)
            store = StateStore(redis.url, ttl=30, prefix=f"bench-{name}:")
            store.start()
            on = await latencies(live_sessions(page, n), clicks, store)
            await asyncio.sleep(0.3)
            per_write = store.bytes_written / max(1, store.writes)
            await store.close()
            print(
                f"| {name} | {pct(off, 0.5):.2f} / {pct(on, 0.5):.2f} | {pct(off, 0.99):.2f} / {pct(on, 0.99):.2f} "
                f"| {pct(on, 0.99) / max(pct(off, 0.99), 1e-9):.2f}x | {store.writes:,} | {per_write:,.0f} |"
            )
        print()
        print("| page | sessions | write all at SIGTERM (ms) | claim + restore per session (µs) | bytes per session |")
        print("|---|---|---|---|---|")
        for name in PAGES:
            write_s, restore_us, size = await handoff(redis.url, name, n)
            print(f"| {name} | {n:,} | {write_s * 1000:.0f} | {restore_us:.0f} | {size:,.0f} |")
    finally:
        redis.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sessions and clicks (CI)")
    args = parser.parse_args()
    asyncio.run(run(args.quick))


if __name__ == "__main__":
    main()
