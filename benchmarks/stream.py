"""A growing list: `pl.use_stream` against the same list kept in `use_state` (the baseline).

N log lines are appended in batches of 1,000 (one render pass each) through a real `Session`. For
each way the benchmark prints the server's retained memory per item (tracemalloc, after the last
pass, the messages kept for a resume excluded), the bytes sent per appended item, and the time
of the last batch's render pass (in a run without tracemalloc). The baseline keeps every line in state and re-renders the
keyed list; the stream sends each line once and keeps its key.

    python benchmarks/stream.py            # 10,000 and 100,000 items
    python benchmarks/stream.py --quick    # 1,000 and 5,000 items, for CI
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import time
import tracemalloc
from typing import Any, Callable

import pylive as pl
from pylive import html as h
from pylive.live.session import Session

BATCH = 1000
Line = tuple  # (number, level, text)


def line(n: int) -> Line:
    return (n, "warn" if n % 7 == 0 else "info", f"request {n} served in {n % 250} ms")


def render_line(item: Line) -> pl.Element:
    n, level, text = item
    return h.li(h.span(level, class_=f"level {level}"), " ", text)


class Handle:
    append: Callable[[list], None]


@pl.component
def StateLog(handle: Handle):
    lines, set_lines = pl.use_state([])
    handle.append = lambda new: set_lines(lambda old: old + new)
    return h.ol([h.li(h.span(lv, class_=f"level {lv}"), " ", text, key=n) for n, lv, text in lines])


@pl.component
def StreamLog(handle: Handle):
    lines = pl.use_stream(key=lambda item: item[0])

    def append(new: list) -> None:
        for item in new:
            lines.insert(item)

    handle.append = append
    return h.ol(lines.view(render_line))


def run(component: Any, n: int, trace: bool) -> dict[str, float]:
    sent = [0]
    handle = Handle()

    def send(text: str) -> None:
        sent[0] += len(text.encode())

    async def go() -> dict[str, float]:
        session = Session(component(handle=handle), send, history=1)
        session.mount()
        session.go_live()
        gc.collect()
        if trace:
            tracemalloc.start()
        start = tracemalloc.get_traced_memory()[0]
        sent[0] = 0
        last = 0.0
        for b in range(0, n, BATCH):
            batch = [line(i) for i in range(b, min(n, b + BATCH))]
            t0 = time.perf_counter()
            handle.append(batch)
            session.flush(0)
            last = time.perf_counter() - t0
            del batch
        session.history.clear()  # the resume buffer is the connection's, not the list's
        gc.collect()
        retained = tracemalloc.get_traced_memory()[0] - start
        if trace:
            tracemalloc.stop()
        session.close()
        return {"mem": retained / n, "bytes": sent[0] / n, "last_ms": last * 1000}

    return asyncio.run(go())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI")
    args = parser.parse_args()
    sizes = (1_000, 5_000) if args.quick else (10_000, 100_000)
    print(f"{'items':>8} | {'way':<22} | {'retained B/item':>15} | {'sent B/item':>11} | {'last batch ms':>13}")
    print("-" * 82)
    for n in sizes:
        for name, component in (("use_state (baseline)", StateLog), ("use_stream", StreamLog)):
            r = run(component, n, trace=False)  # timed without tracemalloc's overhead
            r["mem"] = run(component, n, trace=True)["mem"]
            print(f"{n:>8,} | {name:<22} | {r['mem']:>15,.0f} | {r['bytes']:>11,.1f} | {r['last_ms']:>13,.1f}")


if __name__ == "__main__":
    main()
