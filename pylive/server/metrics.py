"""The figures the dashboard and `pylive top` show: telemetry events summed per second, and the
server's sessions, pub/sub topics and process read when a snapshot is taken.

A `Metrics` is a telemetry handler: each event costs a few additions into the current second's
bucket (durations are sampled, at most `SAMPLES` a second). Everything else, the sessions, the
topics, the process, is read only by `snapshot()`, once a second while a dashboard is open.
"""

from __future__ import annotations

import asyncio
import collections
import contextvars
import gc
import heapq
import time
from typing import Any, Callable, Iterable

from pylive.live.telemetry import attach
from pylive.server.gcpolicy import resident_bytes

#: The dashboard's own path: its sessions and events are left out of the figures.
DASHBOARD_PATH = "/_pylive/dashboard"
#: Durations kept per second and kind (beyond, one in two, then one in four, ...).
SAMPLES = 512
#: Seconds of history kept (the charts' window).
WINDOW = 60
#: What a mounted element costs in memory, about (the session store budgets parked sessions with it).
ELEMENT_BYTES = 500
#: How many of the biggest sessions are listed.
LISTED = 50
#: Sessions scanned per second at most, for the pages and the list (10,000 sessions: every 10 s), so that
#: the scan costs about the same each second however many sessions there are.
SCAN_RATE = 1000


class _Second:
    __slots__ = ("events", "bytes_in", "bytes_out", "sends", "errors", "event_ms", "render_ms", "mounts", "topics")

    def __init__(self) -> None:
        self.events = self.bytes_in = self.bytes_out = self.sends = self.errors = self.mounts = 0
        self.event_ms: list[float] = []
        self.render_ms: list[float] = []
        self.topics: dict[str, int] = {}


def _sample(samples: list[float], value: float) -> None:
    if len(samples) < SAMPLES:
        samples.append(value)
    else:  # keep a spread of the second rather than its start
        samples[int(value * 7919) % SAMPLES] = value


def percentiles(samples: Iterable[float]) -> dict[str, float]:
    """p50, p95 and p99 of `samples` (zeros when there are none)."""
    ordered = sorted(samples)
    if not ordered:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0}
    last = len(ordered) - 1
    return {f"p{q}": ordered[min(last, int(len(ordered) * q / 100))] for q in (50, 95, 99)}


class Process:
    """This process's RSS, CPU use, garbage-collection pauses and event-loop lag, read each second."""

    def __init__(self) -> None:
        self._cpu = time.process_time()
        self._wall = time.monotonic()
        self._gc_start = 0.0
        self.gc_pauses: collections.deque[float] = collections.deque(maxlen=256)
        self.loop_lag_ms = 0.0
        self._timer: asyncio.TimerHandle | None = None
        self._due = 0.0
        #: Called once a second while started (the metrics move on to the next second's bucket).
        self.on_tick: Callable[[], None] | None = None

    def start(self) -> None:
        """Time collections and the loop's lag (a timer once a second) until `stop()`."""
        if self._gc_timer not in gc.callbacks:
            gc.callbacks.append(self._gc_timer)
        if self._timer is None:
            self._tick()

    def stop(self) -> None:
        if self._gc_timer in gc.callbacks:
            gc.callbacks.remove(self._gc_timer)
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _gc_timer(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
        elif self._gc_start:
            self.gc_pauses.append((time.perf_counter() - self._gc_start) * 1000)
            self._gc_start = 0.0

    def _tick(self) -> None:
        if self.on_tick is not None:
            self.on_tick()
        now = time.monotonic()
        if self._due:
            self.loop_lag_ms = max(0.0, (now - self._due) * 1000)
        self._due = now + 1.0
        # Its own context: each tick schedules the next in its context, which would keep the first
        # request's (and all it holds) for as long as the server runs.
        self._timer = asyncio.get_running_loop().call_later(1.0, self._tick, context=contextvars.Context())

    def read(self) -> dict[str, float]:
        """RSS (bytes), CPU (% of one core since the last read), the longest and total GC pause (ms) since
        the last read, and the event loop's lag (ms)."""
        cpu, wall = time.process_time(), time.monotonic()
        busy = (cpu - self._cpu) / max(wall - self._wall, 1e-6) * 100
        self._cpu, self._wall = cpu, wall
        pauses = list(self.gc_pauses)
        self.gc_pauses.clear()
        return {
            "rss": resident_bytes(),
            "cpu": busy,
            "gc_max_ms": max(pauses, default=0.0),
            "gc_total_ms": sum(pauses),
            "loop_lag_ms": self.loop_lag_ms,
        }


class Metrics:
    """Telemetry summed per second over the last `WINDOW` seconds, plus per-component render totals.

        metrics = Metrics()
        detach = metrics.attach()      # a telemetry handler from now on
        figures = metrics.snapshot(store)
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._now = int(clock())
        self._current = _Second()
        self.seconds: collections.deque[_Second] = collections.deque(maxlen=WINDOW)
        #: Component name -> [renders, total ms], since the server started.
        self.components: dict[str, list] = {}
        self.process = Process()
        self.process.on_tick = self._bucket
        self._detach: Callable[[], None] | None = None
        self.history: collections.deque[dict[str, float]] = collections.deque(maxlen=WINDOW)
        self._scanned = -1e9
        #: How many snapshots were taken (the charts' x: one a second while a dashboard is open).
        self.taken = 0
        self._pages: dict[str, int] = {}
        self._rows: list[dict[str, Any]] = []
        #: The listed sessions' ids by their first 8 characters (what the rows show): the inspector's lookup.
        self.ids: dict[str, str] = {}

    def attach(self) -> Callable[[], None]:
        """Start counting telemetry events (and timing the process); returns what stops it."""
        if self._detach is None:
            self._detach = attach(self)
        try:
            self.process.start()
        except RuntimeError:
            pass  # no running loop: the process figures start with the first snapshot

        def detach() -> None:
            if self._detach is not None:
                self._detach()
                self._detach = None
            self.process.stop()

        return detach

    def _bucket(self) -> _Second:
        """The current second's bucket, after moving the past seconds into the history. Events do not call
        it (reading the clock each time would cost more than counting): the process timer, `rates()` and
        `published()` do, so an event is counted in the second it came or, at worst, the next one."""
        now = int(self._clock())
        if now != self._now:
            for _ in range(min(now - self._now, WINDOW)):
                self.seconds.append(self._current)
                self._current = _Second()
            self._now = now
        return self._current

    def __call__(self, name: str, measurements: dict, metadata: dict) -> None:
        if metadata["path"] == DASHBOARD_PATH:
            return
        second = self._current
        if name == "render":
            component = metadata["component"]
            totals = self.components.get(component)
            if totals is None:
                totals = self.components[component] = [0, 0.0]
            duration = measurements["duration_ms"]
            totals[0] += 1
            totals[1] += duration
            samples = second.render_ms
            if len(samples) < SAMPLES:
                samples.append(duration)
            return
        if name == "event":
            second.events += 1
            second.bytes_in += measurements.get("bytes", 0)
            _sample(second.event_ms, measurements["duration_ms"])
        elif name == "send":
            second.sends += 1
            second.bytes_out += measurements.get("bytes", 0)
        elif name == "mount":
            second.mounts += 1
        elif name == "error":
            second.errors += 1

    def published(self, topic: str) -> None:
        """Count one message delivered on `topic` (the pub/sub hub calls it)."""
        topics = self._bucket().topics
        topics[topic] = topics.get(topic, 0) + 1

    def _recent(self, seconds: int) -> list[_Second]:
        self._bucket()
        return list(self.seconds)[-seconds:]

    def rates(self, seconds: int = 5) -> dict[str, Any]:
        """Events/s, bytes/s in and out, errors/s over the last `seconds` complete seconds, and the p50, p95
        and p99 of event-to-reply and render times over the last ten."""
        recent = self._recent(seconds)
        n = max(len(recent), 1)
        window = self._recent(10)
        return {
            "events_per_s": sum(s.events for s in recent) / n,
            "bytes_in_per_s": sum(s.bytes_in for s in recent) / n,
            "bytes_out_per_s": sum(s.bytes_out for s in recent) / n,
            "errors_per_s": sum(s.errors for s in recent) / n,
            "event_ms": percentiles(v for s in window for v in s.event_ms),
            "render_ms": percentiles(v for s in window for v in s.render_ms),
            "topic_rates": {t: c / n for s in recent for t, c in s.topics.items()},
        }

    def slowest(self, count: int = 10) -> list[dict[str, Any]]:
        """The components that took the most render time in all, slowest first."""
        top = sorted(self.components.items(), key=lambda item: item[1][1], reverse=True)[:count]
        return [{"component": name, "renders": n, "total_ms": total, "mean_ms": total / n} for name, (n, total) in top]

    def _scan(self, entries: list[tuple[str, Any, Any]], now: float) -> None:
        # One pass of list comprehensions and C-level counting; only the 50 biggest become rows.
        paths = [session.router.location.path for _, session, _ in entries]
        pages = collections.Counter(paths)
        pages.pop(DASHBOARD_PATH, None)
        sizes = [session.tree.next_id if path != DASHBOARD_PATH else -1 for (_, session, _), path in zip(entries, paths)]
        biggest = heapq.nlargest(LISTED, range(len(entries)), key=sizes.__getitem__)
        rows = [session_row(*entries[i], now) for i in biggest if sizes[i] >= 0]
        self._pages = dict(pages.most_common())
        self._rows = rows
        self.ids = {sid[:8]: sid for sid, _, _ in (entries[i] for i in biggest)}
        self._scanned = now

    def snapshot(
        self, entries: Callable[[], list[tuple[str, Any, Any]]], held: int, topics: dict[str, int] | None = None
    ) -> dict:
        """Every figure, as plain data (what `/_pylive/dashboard/metrics` answers).

        `held` is the number of sessions (the dashboards' own not counted); `entries()` lists each as
        `(session id, session, holder)`, and is called at most every `held / SCAN_RATE` seconds (the
        pages and the biggest sessions: a pass over 10,000 sessions each second would cost more than
        the rest of the dashboard). `topics` maps each topic to its subscribers.
        """
        now = time.monotonic()
        if now - self._scanned >= max(0.9, held / SCAN_RATE):
            self._scan(entries(), now)
        rates = self.rates()
        topic_rates = rates.pop("topic_rates")
        process = self.process.read()
        total = held
        figures = {
            "sessions": total,
            "pages": self._pages,
            **rates,
            "slowest": self.slowest(),
            "session_list": self._rows,
            "topics": [
                {"topic": t, "subscribers": n, "per_s": topic_rates.get(t, 0.0)} for t, n in sorted((topics or {}).items())
            ],
            "process": process,
        }
        self.taken += 1
        self.history.append(
            {
                "sessions": total,
                "events_per_s": rates["events_per_s"],
                "event_p95": rates["event_ms"]["p95"],
                "render_p95": rates["render_ms"]["p95"],
                "kb_in": rates["bytes_in_per_s"] / 1024,
                "kb_out": rates["bytes_out_per_s"] / 1024,
            }
        )
        return figures


def session_row(sid: str, session: Any, holder: Any, now: float) -> dict[str, Any]:
    """One session's line: its id's start, page, state, age, memory estimate and outgoing queue."""
    out = getattr(holder, "_out", None)
    return {
        "id": sid[:8],
        "path": session.path(),
        "component": session.component,
        "state": session.state.value,
        "age_s": now - session.started,
        "memory": session.tree.next_id * ELEMENT_BYTES + session._kept,
        "queue": len(out) if out else 0,
    }


__all__ = ["DASHBOARD_PATH", "Metrics", "Process", "percentiles", "session_row"]
