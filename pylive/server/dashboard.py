"""The live dashboard of a running server, at `/_pylive/dashboard?token=TOKEN` (`pl.App(dashboard=True)`).

A pylive page built from the stock components: sessions (in all and per page), events/s, event-to-reply
and render times, bytes/s, the slowest components, the biggest sessions with a read-only inspector of
one of them, pub/sub topics and the process. It reads the figures once a second (one snapshot a second
however many dashboards are open), and its own sessions and events are left out of them.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import secrets
import time
import weakref
from typing import Any, Callable

from quart import Response, abort, request

from components import Badge, Button, Card, Column, DataTable, Grid, LineChart, Row, Stack
from pylive import html as h
from pylive.core.component import component
from pylive.core.hooks import use_interval, use_state
from pylive.core.navigation import Location
from pylive.pubsub.hub import current_hub
from pylive.server.inspector import component_tree
from pylive.server.metrics import DASHBOARD_PATH, WINDOW, Metrics, session_row
from pylive.server.routing import not_found
from pylive.server.sessions import SessionStore

log = logging.getLogger("pylive")

ENV_TOKEN = "PYLIVE_DASHBOARD_TOKEN"

STYLE = (
    "<style>"
    ".pl-dash{max-width:84rem;margin:1rem auto;padding:0 1rem;font:0.95rem system-ui,sans-serif;color:var(--pl-fg)}"
    ".pl-dash h1{font-size:1.4rem;margin:0}.pl-dash .sub{color:var(--pl-muted);font-variant-numeric:tabular-nums}"
    ".pl-dash .stat{font-size:1.6rem;font-weight:600;font-variant-numeric:tabular-nums;margin:0}"
    ".pl-dash .stat-label{color:var(--pl-muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;margin:0}"
    ".pl-dash .tree{font:0.85rem ui-monospace,monospace;margin:0;padding:0;list-style:none}"
    ".pl-dash .tree li{padding:.1rem 0}.pl-dash .hook{color:var(--pl-muted)}"
    ".pl-dash .quantiles{display:grid;grid-template-columns:auto 1fr;gap:0 .75rem;margin:0;"
    "font-variant-numeric:tabular-nums;font-weight:600}"
    ".pl-dash .quantiles dt{color:var(--pl-muted);font-weight:400}.pl-dash .quantiles dd{margin:0;text-align:right}"
    "</style>"
)


def dashboard_token(configured: str | None = None) -> str:
    """The dashboard's token: `configured`, else `PYLIVE_DASHBOARD_TOKEN`, else a fresh random one."""
    return configured or os.environ.get(ENV_TOKEN) or secrets.token_urlsafe(18)


def install(app: Any) -> "Board":
    """Serve the dashboard of `app` (a `pl.App`): its page, a pylive page behind the token, and
    its figures as JSON at `.../metrics`. Without the token both answer 404, as an unknown route."""
    board = Board(app.store, dashboard_token(), topics)

    async def page() -> Response:
        if not board.allows(request.args.get("token")):
            # What this path answers without the dashboard (the assets' route has no such file), so
            # that a wrong token does not tell a server with the dashboard from one without.
            return await app._serve_asset(DASHBOARD_PATH.rsplit("/", 1)[1])
        response = await app._serve_page()
        # Its own stylesheet, allowed by its own Content-Security-Policy.
        for name, value in app.response_headers.for_head(app.head_html + STYLE).items():
            response.headers[name] = value
        body = (await response.get_data(as_text=True)).replace("</head>", STYLE + "</head>", 1)
        response.set_data(body)
        return response

    async def metrics() -> Response:
        if not board.allows(request.args.get("token")):
            abort(404)
        figures = json.dumps(board.figures(), default=str)
        return Response(figures, content_type="application/json", headers={"Cache-Control": "no-store"})

    app.quart.add_url_rule(DASHBOARD_PATH, "pylive.dashboard", page, methods=["GET"])
    app.quart.add_url_rule(f"{DASHBOARD_PATH}/metrics", "pylive.dashboard.metrics", metrics, methods=["GET"])
    return board


def topics() -> dict[str, int]:
    """This process's pub/sub topics and how many subscribers each has."""
    return {topic: len(subs) for topic, subs in list(current_hub().topics.items())}


class Board:
    """What the dashboard pages read: the app's sessions, the metrics and the pub/sub topics.

    One snapshot a second at most, shared by every open dashboard and `pylive top`.
    """

    def __init__(self, store: SessionStore, token: str, topics: Callable[[], dict[str, int]]) -> None:
        self.store = store
        self.token = token
        self.metrics = Metrics()
        self._topics = topics
        self._figures: dict | None = None
        self._taken = 0.0
        self.started = time.monotonic()
        #: The dashboard pages' own sessions (not counted among the app's).
        self.sessions: weakref.WeakSet = weakref.WeakSet()
        self._inspected: dict[str, str] = {}

    def page(self, location: Location) -> tuple[Any, str]:
        """The dashboard's page for a session at `location` (the not-found page without the token)."""
        if not self.allows((location.query.get("token") or [None])[0]):
            return not_found(location), "Page not found"
        return Dashboard(self), "pylive dashboard"

    def start(self) -> None:
        """Begin measuring (the server starts serving)."""
        self._stop = self.metrics.attach()
        current_hub().on_deliver = self.metrics.published
        if os.environ.get(ENV_TOKEN) == self.token:
            # A token the operator set is theirs already: a secret does not belong in the log.
            log.warning("the dashboard is at %s?token=<%s>", DASHBOARD_PATH, ENV_TOKEN)
        else:
            log.warning("the dashboard is at %s?token=%s", DASHBOARD_PATH, self.token)

    def stop(self) -> None:
        """Stop measuring (the server stops)."""
        stop, self._stop = getattr(self, "_stop", None), None
        if stop is not None:
            stop()
            current_hub().on_deliver = None

    def allows(self, token: str | None) -> bool:
        """Whether `token` is the dashboard's (compared in constant time)."""
        return bool(token) and hmac.compare_digest(str(token).encode(), self.token.encode())

    def figures(self) -> dict:
        """The latest snapshot, taken afresh when the last one is a second old."""
        now = time.monotonic()
        if self._figures is None or now - self._taken >= 0.95:
            # A dashboard session is in the store once its first render is done (its root has content).
            own = sum(1 for s in list(self.sessions) if not s.closed and s.tree.root.children)
            held = max(0, len(self.store) - own)
            self._figures = self.metrics.snapshot(self.store.entries, held, self._topics())
            self._figures["uptime_s"] = now - self.started
            self._taken = now
        return self._figures

    def inspect(self, prefix: str) -> tuple[dict, list[dict]] | None:
        """A listed session, by the start of its id: its line and its component tree (None once it is gone)."""
        sid = self.metrics.ids.get(prefix) or self._inspected.get(prefix)
        session = self.store.get(sid) if sid is not None else None
        if session is None or session.closed:
            return None
        # Kept: the session may leave the list of the biggest while it is inspected.
        if len(self._inspected) > 100:
            self._inspected.clear()
        self._inspected[prefix] = sid  # type: ignore[assignment]
        row = session_row(sid, session, self.store.holder(sid), time.monotonic())  # type: ignore[arg-type]
        return row, component_tree(session.tree)


def fmt_bytes(n: float) -> str:
    """`n` bytes for a person: B, KB, MB or GB."""
    for unit in ("B", "KB", "MB"):
        if abs(n) < 1024:
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.2f} GB"


def fmt_ms(ms: float) -> str:
    """A duration in ms, with as many decimals as make it readable."""
    return f"{ms:.3f} ms" if ms < 1 else f"{ms:.1f} ms"


def fmt_age(seconds: float) -> str:
    """An age as `42 s`, `3 min`, `2 h`."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _seconds(x: float) -> str:
    return f"{x:.0f} s" if x >= 0 else ""


def _minute_chart(series: dict[str, list], start: float, title: str) -> Any:
    """The last minute of `series`, one point a second."""
    return LineChart(series, start=start, x_span=WINDOW - 1, y_min=0, height=200, format_x=_seconds, title=title)


def _stat(label: str, value: str, id: str) -> Any:
    return Card(h.p(label, class_="stat-label"), h.p(value, class_="stat", id=id))


def _figures(label: str, pairs: list[tuple[str, str]], id: str) -> Any:
    return Card(h.p(label, class_="stat-label"), h.dl([(h.dt(k), h.dd(v)) for k, v in pairs], class_="quantiles", id=id))


def _quantiles(label: str, q: dict, id: str) -> Any:
    return _figures(label, [(name, fmt_ms(q[name])) for name in ("p50", "p95", "p99")], id)


SESSION_COLUMNS = (
    Column("id", "Session"),
    Column("path", "Page"),
    Column("component", "Component"),
    Column("state", "State"),
    Column("age_s", "Age", align="end", render=lambda v, row: fmt_age(v)),
    Column("memory", "Memory (est.)", align="end", render=lambda v, row: fmt_bytes(v)),
    Column("queue", "Queue", align="end"),
)
SLOW_COLUMNS = (
    Column("component", "Component"),
    Column("renders", "Renders", align="end"),
    Column("total_ms", "Total", align="end", render=lambda v, row: fmt_ms(v)),
    Column("mean_ms", "Mean", align="end", render=lambda v, row: fmt_ms(v)),
)
PAGE_COLUMNS = (Column("path", "Page"), Column("sessions", "Sessions", align="end"))
TOPIC_COLUMNS = (
    Column("topic", "Topic"),
    Column("subscribers", "Subscribers", align="end"),
    Column("per_s", "Messages/s", align="end", render=lambda v, row: f"{v:.1f}"),
)


@component
def Inspector(board: Board, prefix: str, tick: int, on_close: Callable[[], Any]) -> Any:
    """One session's component tree and hook state, read-only, refreshed with the dashboard."""
    found = board.inspect(prefix)
    if found is None:
        body: Any = h.p("This session has ended.", class_="sub")
        title = f"Session {prefix}"
    else:
        row, tree = found
        title = f"Session {row['id']} · {row['path']} · {row['state']}"
        body = h.ul(
            [
                h.li(
                    h.span("\u2003" * item["depth"]),
                    h.strong(item["name"]),
                    f" key={item['key']}" if item["key"] is not None else "",
                    [h.span(f" · {hook['hook']}: {hook['value']}", class_="hook") for hook in item["hooks"]],
                    data_component=item["name"],
                )
                for item in tree
            ],
            class_="tree",
            id="pl-dash-tree",
        )
    return Card(body, title=title, actions=Button("Close", on_click=on_close, variant="secondary", size="sm"))


@component
def Dashboard(board: Board) -> Any:
    """The dashboard page: the server's figures, refreshed every second."""
    tick, set_tick = use_state(0)
    inspected, set_inspected = use_state(None)
    use_interval(lambda: set_tick(lambda t: t + 1), 1000)
    f = board.figures()
    history = list(board.metrics.history)
    # The x of each point is its snapshot's number: a new point slides the window by one.
    start = board.metrics.taken - len(history)
    proc = f["process"]
    sessions = [
        {**row, "inspect": row["id"]} for row in f["session_list"]
    ]
    columns = (
        *SESSION_COLUMNS,
        Column(
            "inspect",
            "",
            sortable=False,
            render=lambda v, row: Button("Inspect", on_click=lambda: set_inspected(v), variant="secondary", size="sm"),
        ),
    )
    return h.div(
        Stack(
            Row(
                h.h1("pylive dashboard"),
                Badge(f"{f['sessions']} sessions", tone="info", id="pl-dash-sessions-badge"),
                h.span(f"up {fmt_age(f['uptime_s'])} · refreshed every second", class_="sub"),
                justify="between",
            ),
            Grid(
                _stat("Sessions", f"{f['sessions']:,}", "pl-dash-sessions"),
                _stat("Events/s", f"{f['events_per_s']:,.1f}", "pl-dash-events"),
                _quantiles("Event to reply", f["event_ms"], "pl-dash-event-ms"),
                _quantiles("Component render", f["render_ms"], "pl-dash-render-ms"),
                _figures(
                    "Bytes per second",
                    [("in", fmt_bytes(f["bytes_in_per_s"])), ("out", fmt_bytes(f["bytes_out_per_s"]))],
                    "pl-dash-bytes",
                ),
                _figures(
                    "Process",
                    [
                        ("RSS", fmt_bytes(proc["rss"])),
                        ("CPU", f"{proc['cpu']:.0f} %"),
                        ("GC pause", fmt_ms(proc["gc_max_ms"])),
                        ("loop lag", fmt_ms(proc["loop_lag_ms"])),
                    ],
                    "pl-dash-process",
                ),
                min_width="12rem",
            ),
            Grid(
                Card(
                    _minute_chart(
                        {
                            "events/s": [p["events_per_s"] for p in history],
                            "sessions": [p["sessions"] for p in history],
                        },
                        start,
                        "Events per second and sessions, last minute",
                    ),
                    title="Load",
                ),
                Card(
                    _minute_chart(
                        {
                            "event p95 (ms)": [p["event_p95"] for p in history],
                            "render p95 (ms)": [p["render_p95"] for p in history],
                        },
                        start,
                        "p95 of event-to-reply and render times, last minute",
                    ),
                    title="Latency",
                ),
                min_width="24rem",
            ),
            Inspector(board, inspected, tick, lambda: set_inspected(None)) if inspected else None,
            Card(
                DataTable(columns, rows=sessions, row_key="id", page_size=10, version=tick, max_height=None),
                title="Sessions (the 50 biggest)",
                id="pl-dash-session-list",
            ),
            Grid(
                Card(
                    DataTable(
                        PAGE_COLUMNS,
                        rows=[{"path": p, "sessions": n} for p, n in f["pages"].items()],
                        row_key="path", page_size=10, version=tick, filterable=False, max_height=None,
                    ),
                    title="Pages",
                    id="pl-dash-pages",
                ),
                Card(
                    DataTable(SLOW_COLUMNS, rows=f["slowest"], row_key="component", page_size=10,
                              version=tick, filterable=False, max_height=None),
                    title="Slowest components (total render time)",
                    id="pl-dash-slowest",
                ),
                Card(
                    DataTable(TOPIC_COLUMNS, rows=f["topics"], row_key="topic", page_size=10,
                              version=tick, filterable=False, max_height=None),
                    title="Pub/sub topics",
                    id="pl-dash-topics",
                ),
                min_width="28rem",
            ),
        ),
        class_="pl-dash",
    )


__all__ = ["ENV_TOKEN", "STYLE", "Board", "Dashboard", "dashboard_token", "fmt_age", "fmt_bytes", "fmt_ms"]
