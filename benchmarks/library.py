"""Server time and message size of the stock components' hot paths, next to a baseline.

- DataTable over 100,000 rows (a server-side `list_source`): a click on "Next page" goes through
  the session as a browser event (handler, source query, render, diff, encode). Baseline: the
  same page rendered as one HTML string with f-strings, in the same run.
- LineChart of 500 points in a sliding window: appending one point (a timer tick). Baseline: the
  whole chart as HTML, which is what a re-send of the chart would cost.

    python benchmarks/components.py            # full run
    python benchmarks/components.py --quick    # fewer repetitions, for CI
"""

from __future__ import annotations

import argparse
import asyncio
import html as html_lib
import json
import math
import re
import statistics
import time
from typing import Any, Callable

import pylive as pl
from components import Column, DataTable, LineChart, list_source

ROWS = 100_000
PAGE = 25
WINDOW = 500
CITIES = ["Paris", "Tokyo", "Lima", "Oslo", "Nairobi", "Quito", "Perth"]


def make_rows(n: int) -> list[dict[str, Any]]:
    return [
        {"id": i, "name": f"Sensor {i:06d}", "city": CITIES[i % len(CITIES)], "reading": round((i * 7.31) % 100, 2)}
        for i in range(n)
    ]


COLUMNS = [
    Column("id", "#", align="end"),
    Column("name", "Name"),
    Column("city", "City"),
    Column("reading", "Reading", align="end"),
]


def fstring_page(rows: list[dict[str, Any]]) -> str:
    esc = html_lib.escape
    body = "".join(
        f'<tr><td class="pl-align-end">{r["id"]:,}</td><td class="pl-align-start">{esc(r["name"])}</td>'
        f'<td class="pl-align-start">{esc(r["city"])}</td><td class="pl-align-end">{r["reading"]:,.2f}</td></tr>'
        for r in rows
    )
    return f'<table class="pl-table"><tbody>{body}</tbody></table>'


def fstring_chart(values: list[float], start: int) -> str:
    k = 576 / (WINDOW - 1)
    parts = []
    prev = None
    for i, v in enumerate(values):
        x, y = i * k, 220 - v * 2.2
        seg = f'<path d="M{prev[0]:.1f} {prev[1]:.1f}L{x:.1f} {y:.1f}"></path>' if prev else ""
        parts.append(f'<g>{seg}<circle cx="{x:.1f}" cy="{y:.1f}"><title>{start + i}: {v:.4g}</title></circle></g>')
        prev = (x, y)
    return f'<figure class="pl-chart"><svg viewBox="0 0 640 260" role="img">{"".join(parts)}</svg></figure>'


def mounted(node: Any) -> tuple[pl.Session, list[str], str]:
    sent: list[str] = []
    session = pl.Session(node, sent.append, max_events_per_second=1e9)
    html = session.mount()
    session.go_live()
    return session, sent, html


def summarize(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]


async def bench_table(reps: int) -> dict[str, Any]:
    source = list_source(make_rows(ROWS))
    session, sent, html = mounted(DataTable(COLUMNS, source, page_size=PAGE, filterable=True, id="t"))
    next_id = int(re.search(r'data-pl="(\d+)"[^>]*class="[^"]*pl-page-next', html).group(1))
    times, sizes = [], []
    for seq in range(1, reps + 1):
        frame = json.dumps([seq, next_id, "click", {}])
        start = time.perf_counter()
        await session.receive(frame)
        times.append((time.perf_counter() - start) * 1000)
        sizes.append(len(sent[-1].encode()))
        assert json.loads(sent[-1])[1] == seq, "the click was not answered"
    page_rows, _ = source(reps, PAGE, None, "")
    base_times = []
    for _ in range(reps):
        start = time.perf_counter()
        out = fstring_page(page_rows)
        base_times.append((time.perf_counter() - start) * 1000)
    med, p90 = summarize(times)
    return dict(
        name=f"DataTable: next page of {ROWS:,} rows ({PAGE} per page)",
        median=med, p90=p90, bytes=statistics.median(sizes), base_ms=statistics.median(base_times),
        base_bytes=len(out.encode()), target="<= 5 ms", ok=med <= 5,
    )


class Handle:
    """Captures the chart's state setter so the benchmark can append from outside, like a timer."""

    push: Callable[[float], None]


@pl.component
def LiveChart(handle: Handle):
    state, set_state = pl.use_state(lambda: (0, [50 + 40 * math.sin(i / 25) for i in range(WINDOW)]))
    handle.push = lambda v: set_state(lambda s: (s[0] + 1, s[1][1:] + [v]))
    start, values = state
    return LineChart(values, start=start, x_span=WINDOW - 1, y_min=0, y_max=100, title="Live", id="live")


async def bench_chart(reps: int) -> dict[str, Any]:
    handle = Handle()
    session, sent, html = mounted(LiveChart(handle))
    times, sizes = [], []
    for k in range(reps):
        value = 50 + 45 * math.sin(k / 7)
        start = time.perf_counter()
        handle.push(value)
        session.flush(0)
        times.append((time.perf_counter() - start) * 1000)
        sizes.append(len(sent[-1].encode()))
    values = [50 + 40 * math.sin(i / 25) for i in range(WINDOW)]
    base_times = []
    for _ in range(reps):
        start = time.perf_counter()
        out = fstring_chart(values, reps)
        base_times.append((time.perf_counter() - start) * 1000)
    med, p90 = summarize(times)
    return dict(
        name=f"LineChart: append one point to {WINDOW} (sliding window)",
        median=med, p90=p90, bytes=statistics.median(sizes), max_bytes=max(sizes),
        base_ms=statistics.median(base_times), base_bytes=len(out.encode()),
        full_html_bytes=len(html.encode()), target="<= 300 B", ok=statistics.median(sizes) <= 300,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (for CI)")
    args = parser.parse_args()
    reps = 20 if args.quick else 200

    async def run() -> list[dict[str, Any]]:
        return [await bench_table(reps), await bench_chart(reps)]

    results = asyncio.run(run())
    print(f"{'workload':58} {'median':>9} {'p90':>9} {'bytes':>8} | {'baseline':>9} {'bytes':>8}  target")
    for r in results:
        print(
            f"{r['name']:58} {r['median']:7.2f}ms {r['p90']:7.2f}ms {r['bytes']:8.0f} | "
            f"{r['base_ms']:7.2f}ms {r['base_bytes']:8,}  {r['target']} {'ok' if r['ok'] else 'MISSED'}"
        )
    chart = results[1]
    print(
        f"\nLineChart: largest append message {chart['max_bytes']} B (an x tick entering or leaving); "
        f"the whole chart is {chart['full_html_bytes']:,} B of HTML, so a re-send would cost "
        f"{chart['full_html_bytes'] / chart['bytes']:.0f}x more."
    )


if __name__ == "__main__":
    main()
