"""Server time and message size per update: render + diff + encode, next to an f-string baseline.

Rows are keyed components with five cells (id, name, email, qty, status). Each workload is timed
through a real `Session` (a state change, then the render pass that produces the message); the
baseline renders the same content as one HTML string with f-strings, in the same run, so the ratio
holds on a noisy machine.

    python benchmarks/reconcile.py            # full sizes
    python benchmarks/reconcile.py --quick    # small sizes, for CI

The telemetry table times W1 and W2 three ways, sample by sample in turn: with nothing attached to
`pl.telemetry`, with a no-op handler, and with the dashboard's metrics collector (what
`pl.App(dashboard=True)` attaches).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import html as html_lib
import os
import statistics
import time
import tracemalloc
from typing import Any, Callable

import pylive as pl
from pylive import html as h
from pylive.live import telemetry
from pylive.live.session import Session
from pylive.server.gcpolicy import FreezePolicy
from pylive.server.metrics import Metrics

Row = tuple  # (id, name, email, qty, status)


def make_rows(n: int, start: int = 0) -> list[Row]:
    return [
        (i, f"Name {i}", f"user{i}@example.com", i % 97, "active" if i % 3 else "idle")
        for i in range(start, start + n)
    ]


@pl.component
def TableRow(row: Row):
    id_, name, email, qty, status = row
    return h.tr(h.td(str(id_)), h.td(name), h.td(email), h.td(str(qty)), h.td(status))


class Handle:
    """Captures a component's setter so the benchmark can change its state from outside."""

    set: Callable[[Any], None]


@pl.component
def Table(initial: list, handle: Handle):
    rows, set_rows = pl.use_state(initial)
    handle.set = set_rows
    return h.table(h.tbody([TableRow(row=r, key=r[0]) for r in rows]))


@pl.component
def Counter(handle: Handle):
    count, set_count = pl.use_state(0)
    handle.set = set_count
    return h.div(h.button("-"), h.span(str(count), id="value"), h.button("+"), class_="counter")


@pl.component
def Field(handle: Handle):
    value, set_value = pl.use_state("")
    handle.set = set_value
    return h.form(h.label("Name", for_="name"), h.input(id="name", name="name", value=value))


def fstring_table(rows: list[Row]) -> str:
    esc = html_lib.escape
    body = "".join(
        f"<tr><td>{r[0]}</td><td>{esc(r[1])}</td><td>{esc(r[2])}</td><td>{r[3]}</td><td>{esc(r[4])}</td></tr>"
        for r in rows
    )
    return f"<table><tbody>{body}</tbody></table>"


def fstring_counter(count: int) -> str:
    return f'<div class="counter"><button>-</button><span id="value">{count}</span><button>+</button></div>'


def fstring_field(value: str) -> str:
    return f'<form><label for="name">Name</label><input id="name" name="name" value="{html_lib.escape(value)}"></form>'


def mounted(node: Any) -> tuple[Session, list[str]]:
    sent: list[str] = []
    session = Session(node, sent.append)
    session.mount()
    session.go_live()
    return session, sent


def time_update(session: Session, sent: list[str], change: Callable[[], None]) -> tuple[float, int]:
    start = time.perf_counter()
    change()
    session.flush(0)
    elapsed = time.perf_counter() - start
    return elapsed * 1000, len(sent[-1].encode())


async def timed(session: Session, sent: list[str], change: Callable[[], None]) -> tuple[float, int]:
    """One update, then the loop gets control back, as it does between a server's events."""
    sample = time_update(session, sent, change)
    await asyncio.sleep(0)
    return sample


def time_baseline(fn: Callable[[], str]) -> tuple[float, int]:
    start = time.perf_counter()
    out = fn()
    return (time.perf_counter() - start) * 1000, len(out.encode())


def summarize(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.9))]


async def run(quick: bool) -> list[dict]:
    reps = 5 if quick else 40
    small, big = (100, 1_000) if quick else (1_000, 10_000)
    results = []

    def record(name: str, target: str, samples: list[tuple[float, int]], base: list[tuple[float, int]]):
        med, p90 = summarize([s[0] for s in samples])
        bmed, _ = summarize([b[0] for b in base])
        results.append(
            dict(
                name=name,
                median=med,
                p90=p90,
                bytes=max(s[1] for s in samples),
                base_ms=bmed,
                base_bytes=base[-1][1],
                target=target,
            )
        )

    # W1: counter increment.
    handle = Handle()
    session, sent = mounted(Counter(handle=handle))
    samples = [await timed(session, sent, lambda: handle.set(lambda c: c + 1)) for _ in range(reps * 10)]
    base = [time_baseline(lambda: fstring_counter(7)) for _ in range(reps * 10)]
    record("W1 counter increment", "<= 0.15 ms, <= 60 B", samples, base)

    # W2: one cell of a table, state in the parent.
    rows = make_rows(small)
    handle = Handle()
    session, sent = mounted(Table(initial=rows, handle=handle))
    samples = []
    for k in range(reps):
        i = (k * 37) % small

        def change(i: int = i, k: int = k) -> None:
            handle.set(lambda rs: rs[:i] + [(rs[i][0], rs[i][1], rs[i][2], rs[i][3] + k + 1, rs[i][4])] + rs[i + 1 :])

        samples.append(await timed(session, sent, change))
    base = [time_baseline(lambda: fstring_table(rows)) for _ in range(reps)]
    record(f"W2 one cell of a {small:,}-row table, state in the parent", "<= 2 ms, <= 150 B", samples, base)

    # W3: reverse the keyed rows.
    samples = [await timed(session, sent, lambda: handle.set(lambda rs: rs[::-1])) for _ in range(reps)]
    base = [time_baseline(lambda: fstring_table(rows)) for _ in range(reps)]
    record(f"W3 reverse {small:,} keyed rows", "<= 10 ms, <= 8 KB", samples, base)

    # W4: append one row to a big table.
    rows = make_rows(big)
    handle = Handle()
    session, sent = mounted(Table(initial=rows, handle=handle))
    samples = []
    for k in range(reps):
        new = make_rows(1, big + k)[0]
        samples.append(await timed(session, sent, lambda new=new: handle.set(lambda rs: rs + [new])))
    base = [time_baseline(lambda: fstring_table(rows)) for _ in range(max(3, reps // 4))]
    record(f"W4 append one row to {big:,} rows", "<= 20 ms, <= 400 B", samples, base)
    del session, sent

    # W5: first render of a big table to HTML.
    samples = []
    for _ in range(max(3, reps // 4)):
        start = time.perf_counter()
        out = pl.render_to_string(Table(initial=rows, handle=Handle()))
        samples.append(((time.perf_counter() - start) * 1000, len(out.encode())))
    base = [time_baseline(lambda: fstring_table(rows)) for _ in range(max(3, reps // 4))]
    record(f"W5 first render of {big:,} rows to HTML", "<= 25 x the f-string", samples, base)

    # W6: set a 20-character input value.
    handle = Handle()
    session, sent = mounted(Field(handle=handle))
    samples = []
    for k in range(reps * 10):
        value = f"{k:020d}"
        samples.append(await timed(session, sent, lambda value=value: handle.set(value)))
    base = [time_baseline(lambda: fstring_field("x" * 20)) for _ in range(reps * 10)]
    record("W6 set a 20-character input value", "<= 0.15 ms, <= 80 B", samples, base)
    return results


def _noop(name: str, measurements: dict, metadata: dict) -> None:
    pass


TELEMETRY_MODES: dict[str, Callable[[], Callable[[], None]]] = {
    "nothing attached": lambda: (lambda: None),
    "a no-op handler": lambda: pl.telemetry.attach(_noop),
    "the dashboard's collector": lambda: Metrics().attach(),
}


async def telemetry_overhead(quick: bool) -> list[tuple[str, dict[str, float]]]:
    """W1 and W2 under each telemetry mode: the modes take turns sample by sample, so that the machine's
    noise falls on all of them alike. Medians, in ms."""
    reps = 200 if quick else 3000
    small = 100 if quick else 1_000
    counter, table = Handle(), Handle()
    w1 = mounted(Counter(handle=counter))
    w2 = mounted(Table(initial=make_rows(small), handle=table))

    def cell(k: int) -> Callable[[], None]:
        i = (k * 37) % small
        return lambda: table.set(lambda rs: rs[:i] + [(*rs[i][:3], rs[i][3] + k + 1, rs[i][4])] + rs[i + 1 :])

    samples: dict[str, dict[str, list[float]]] = {m: {"W1": [], "W2": []} for m in TELEMETRY_MODES}
    modes = list(TELEMETRY_MODES.items())
    for k in range(reps):
        for name, start in modes[k % 3 :] + modes[: k % 3]:
            detach = start()
            try:
                samples[name]["W1"].append((await timed(*w1, lambda: counter.set(lambda c: c + 1)))[0])
                samples[name]["W2"].append((await timed(*w2, cell(k)))[0])
            finally:
                detach()
    medians = [(name, {w: statistics.median(s) for w, s in by.items()}) for name, by in samples.items()]
    # On a busy machine the medians above move by more than telemetry costs: the cost is also computed
    # from its parts, the events an update emits times what one emission costs, both measured here.
    counted: list[str] = []
    detach = pl.telemetry.attach(lambda name, m, meta: counted.append(name))
    await timed(*w1, lambda: counter.set(lambda c: c + 1))
    events_w1 = len(counted)
    counted.clear()
    await timed(*w2, cell(reps))
    events_w2 = len(counted)
    detach()
    for name, start in modes[1:]:
        detach = start()
        try:
            cost = emission_cost()
        finally:
            detach()
        base = medians[0][1]
        medians.append(
            (
                f"{name}, at most (its parts: {cost * 1000:.2f} us an event; W1 {events_w1}, W2 {events_w2} events)",
                {"W1": base["W1"] + events_w1 * cost, "W2": base["W2"] + events_w2 * cost},
            )
        )
    return medians


def emission_cost(n: int = 20_000) -> float:
    """Milliseconds one render event costs its emitting site: two clock readings, two dicts, the handlers."""
    meta_path = "/".__str__
    start = time.perf_counter()
    for _ in range(n):
        t0 = telemetry.clock()
        telemetry.emit("render", {"duration_ms": telemetry.since(t0)}, {"path": meta_path(), "component": "Row"})
    return (time.perf_counter() - start) * 1000 / n


def retained_memory(n: int) -> tuple[float, int]:
    """MB retained by a mounted n-row table (tree, instances, hooks), measured with tracemalloc, and
    how many of those bytes the engine's own bookkeeping holds (allocated in `pylive/live/`: mounted
    slots, kept shapes and values, instances, hook lists), as opposed to what the renders built and
    the mounted tree keeps (the component elements and their props, the texts made for cells, and
    the elements of outputs kept as elements)."""
    rows = make_rows(n)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    session, _ = mounted(Table(initial=rows, handle=Handle()))
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    engine = os.sep + os.path.join("pylive", "live") + os.sep
    total = own = 0
    for stat in after.compare_to(before, "filename"):
        total += stat.size_diff
        if engine in stat.traceback[0].filename:
            own += stat.size_diff
    del session
    return total / 1e6, own


def fmt_bytes(n: int) -> str:
    return f"{n:,} B" if n < 10_000 else f"{n / 1024:,.1f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few repetitions (CI)")
    args = parser.parse_args()

    async def in_loop() -> tuple[list[dict], list]:
        # The server's garbage-collection policy (pylive/server/gcpolicy.py), as pl.run installs it.
        policy = FreezePolicy()
        policy.install()
        try:
            return await run(args.quick), await telemetry_overhead(args.quick)
        finally:
            policy.uninstall()

    results, telemetry = asyncio.run(in_loop())
    print("| workload | median | p90 | message | f-string baseline | target |")
    print("|---|---|---|---|---|---|")
    for r in results:
        ratio = r["median"] / r["base_ms"] if r["base_ms"] else float("inf")
        print(
            f"| {r['name']} | {r['median']:.3f} ms | {r['p90']:.3f} ms | {fmt_bytes(r['bytes'])} "
            f"| {r['base_ms']:.3f} ms, {fmt_bytes(r['base_bytes'])} ({ratio:.1f} x) | {r['target']} |"
        )
    small = 100 if args.quick else 1_000
    print(f"\n| telemetry (W1 counter, W2 one cell of {small:,} rows; medians) | W1 | W2 |")
    print("|---|---|---|")
    base = telemetry[0][1]
    for name, medians in telemetry:
        cells = [
            f"{medians[w]:.4f} ms" + ("" if medians is base else f" ({(medians[w] / base[w] - 1) * 100:+.1f} %)")
            for w in ("W1", "W2")
        ]
        print(f"| {name} | {cells[0]} | {cells[1]} |")
    print("target: under 3 % on W2 with a handler attached")
    n = 1_000 if args.quick else 10_000
    total, own = retained_memory(n)
    elements = n * 6  # a row and its five cells
    print(
        f"\nretained memory of a mounted {n:,}-row table: {total:.1f} MB (target <= 40 MB at 10,000), "
        f"{total * 1e6 / elements:.0f} B per element (goal: 150 B), of which the engine's own bookkeeping "
        f"{own / elements:.0f} B and what the renders built the rest"
    )


if __name__ == "__main__":
    main()
