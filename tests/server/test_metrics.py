"""Metrics: telemetry summed per second, percentiles, the slowest components, and a snapshot's figures."""

from __future__ import annotations

import pylive as pl
from pylive import html as h
from pylive.live.session import Session
from pylive.server.gcpolicy import resident_bytes
from pylive.server.metrics import DASHBOARD_PATH, Metrics, Process, percentiles


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_percentiles():
    assert percentiles([]) == {"p50": 0.0, "p95": 0.0, "p99": 0.0}
    q = percentiles(float(v) for v in range(1, 101))
    assert q == {"p50": 51.0, "p95": 96.0, "p99": 100.0}


def test_events_are_summed_per_second_and_the_dashboards_own_left_out():
    clock = Clock()
    m = Metrics(clock)
    page = {"path": "/", "component": "Counter"}
    for _ in range(4):
        m("event", {"duration_ms": 2.0, "bytes": 30}, page)
        m("send", {"duration_ms": 0.1, "bytes": 100}, page)
        m("render", {"duration_ms": 0.5}, page)
    m("event", {"duration_ms": 99.0, "bytes": 30}, {"path": DASHBOARD_PATH, "component": "Dashboard"})
    m("render", {"duration_ms": 99.0}, {"path": DASHBOARD_PATH, "component": "Dashboard"})
    m("error", {"duration_ms": 0.0}, page)
    clock.now += 1
    rates = m.rates(seconds=1)
    assert rates["events_per_s"] == 4 and rates["bytes_in_per_s"] == 120 and rates["bytes_out_per_s"] == 400
    assert rates["errors_per_s"] == 1
    assert rates["event_ms"]["p99"] == 2.0 and rates["render_ms"]["p50"] == 0.5
    assert m.slowest() == [{"component": "Counter", "renders": 4, "total_ms": 2.0, "mean_ms": 0.5}]


def test_slowest_components_by_total_render_time():
    m = Metrics(Clock())
    for name, ms, times in (("Fast", 0.1, 100), ("Slow", 5.0, 3), ("Middle", 1.0, 10)):
        for _ in range(times):
            m("render", {"duration_ms": ms}, {"path": "/", "component": name})
    assert [row["component"] for row in m.slowest()] == ["Slow", "Middle", "Fast"]


def test_old_seconds_leave_the_window():
    clock = Clock()
    m = Metrics(clock)
    m("event", {"duration_ms": 1.0, "bytes": 1}, {"path": "/", "component": "C"})
    clock.now += 1000
    assert m.rates()["events_per_s"] == 0


def test_a_snapshot_counts_sessions_per_page_without_the_dashboards():
    @pl.component
    def Page():
        count, _ = pl.use_state(3)
        return h.p(str(count))

    sessions = []
    for path in ("/", "/", "/about", DASHBOARD_PATH):
        session = Session(Page(), location=pl.Location.parse(path))
        session.mount()
        sessions.append((f"id-{len(sessions)}-xxxxxxxx", session, None))
    figures = Metrics(Clock()).snapshot(lambda: sessions, 3, {"room": 2})
    assert figures["sessions"] == 3
    assert figures["pages"] == {"/": 2, "/about": 1}
    assert len(figures["session_list"]) == 3
    row = figures["session_list"][0]
    assert row["id"] == "id-0-xxx" and row["state"] == "mounted" and row["memory"] > 0 and row["queue"] == 0
    assert figures["topics"] == [{"topic": "room", "subscribers": 2, "per_s": 0.0}]
    assert figures["process"]["rss"] > 0


def test_the_process_figures():
    assert resident_bytes() > 1_000_000
    process = Process()
    read = process.read()
    assert read["cpu"] >= 0 and read["gc_max_ms"] == 0.0


async def test_the_process_times_collections_and_the_loops_lag():
    import gc

    process = Process()
    process.start()
    try:
        gc.collect()
        assert process.gc_pauses
        read = process.read()
        assert read["gc_max_ms"] > 0 and read["gc_total_ms"] >= read["gc_max_ms"]
    finally:
        process.stop()
    assert process._gc_timer not in gc.callbacks
