"""`pylive top URL`: the dashboard's figures in the terminal, refreshed every second (a `rich` live table).

It reads `/_pylive/dashboard/metrics?token=TOKEN` of a server started with `pl.App(dashboard=True)`:
the same snapshot the dashboard page shows, for a server without a browser at hand.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable

from pylive.server.dashboard import ENV_TOKEN, fmt_age, fmt_bytes, fmt_ms
from pylive.server.metrics import DASHBOARD_PATH


class TopError(Exception):
    """The figures cannot be read: the message says why, in one sentence."""


def metrics_url(url: str, token: str | None = None) -> str:
    """The metrics address for a server's URL (its root, or its dashboard's address with the token)."""
    parts = urllib.parse.urlsplit(url if "://" in url else f"http://{url}")
    query = urllib.parse.parse_qs(parts.query)
    token = token or (query.get("token") or [None])[0] or os.environ.get(ENV_TOKEN)
    if not token:
        raise TopError(f"no dashboard token: add ?token=TOKEN to the URL, pass --token, or set {ENV_TOKEN}")
    path = parts.path.rstrip("/")
    if path.endswith(DASHBOARD_PATH):
        path = path[: -len(DASHBOARD_PATH)]
    query_string = urllib.parse.urlencode({"token": token})
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"{path}{DASHBOARD_PATH}/metrics", query_string, ""))


def fetch(url: str, timeout: float = 5.0) -> dict:
    """The figures at `url` (a metrics address)."""
    shown = url.split("?", 1)[0]
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise TopError(
                f"no dashboard at {shown}: the app needs pl.App(dashboard=True), and the token it logged at start-up"
            ) from None
        raise TopError(f"{shown} answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise TopError(f"cannot reach {shown}: {reason}") from None
    except ValueError:
        raise TopError(f"{shown} did not answer with the dashboard's figures (JSON)") from None


def view(figures: dict, url: str = "") -> Any:
    """The figures as a rich renderable: a summary line and the tables."""
    from rich.console import Group
    from rich.table import Table

    proc = figures["process"]
    event, render = figures["event_ms"], figures["render_ms"]
    # Figure and value side by side, twice a line: it fits an 80-column terminal.
    summary = Table(title=f"pylive top {url}".rstrip(), title_justify="left", show_header=False)
    for justify in ("left", "right", "left", "right"):
        summary.add_column(justify=justify)
    summary.add_row("sessions", f"{figures['sessions']:,}", "events/s", f"{figures['events_per_s']:,.1f}")
    summary.add_row(
        "event p50/p95/p99",
        " / ".join(fmt_ms(event[q]) for q in ("p50", "p95", "p99")),
        "render p50/p95/p99",
        " / ".join(fmt_ms(render[q]) for q in ("p50", "p95", "p99")),
    )
    summary.add_row("in/s", fmt_bytes(figures["bytes_in_per_s"]), "out/s", fmt_bytes(figures["bytes_out_per_s"]))
    summary.add_row("RSS", fmt_bytes(proc["rss"]), "CPU", f"{proc['cpu']:.0f}%")
    summary.add_row("GC pause (max)", fmt_ms(proc["gc_max_ms"]), "loop lag", fmt_ms(proc["loop_lag_ms"]))
    pages = Table("page", "sessions", title="Pages", title_justify="left")
    for path, n in list(figures["pages"].items())[:10]:
        pages.add_row(path, f"{n:,}")
    slowest = Table("component", "renders", "total", "mean", title="Slowest components", title_justify="left")
    for row in figures["slowest"][:10]:
        slowest.add_row(row["component"], f"{row['renders']:,}", fmt_ms(row["total_ms"]), fmt_ms(row["mean_ms"]))
    sessions = Table("session", "page", "state", "age", "memory (est.)", "queue", title="Sessions", title_justify="left")
    for row in figures["session_list"][:10]:
        sessions.add_row(row["id"], row["path"], row["state"], fmt_age(row["age_s"]), fmt_bytes(row["memory"]),
                         str(row["queue"]))
    topics = Table("topic", "subscribers", "messages/s", title="Pub/sub topics", title_justify="left")
    for row in figures["topics"][:10]:
        topics.add_row(row["topic"], f"{row['subscribers']:,}", f"{row['per_s']:.1f}")
    return Group(summary, pages, slowest, sessions, topics)


def run_top(url: str, token: str | None = None, *, once: bool = False, interval: float = 1.0,
            read: Callable[[str], dict] = fetch) -> None:
    """Show the figures of the server at `url`, refreshed every `interval` seconds until Ctrl-C (once: one
    snapshot, printed)."""
    try:
        from rich.console import Console
        from rich.live import Live
    except ImportError:
        raise TopError("pylive top needs rich: pip install 'pylive[top]'") from None
    address = metrics_url(url, token)
    shown = address.split("/_pylive/", 1)[0]
    console = Console()
    figures = read(address)
    if once:
        console.print(view(figures, shown))
        return
    with Live(view(figures, shown), console=console, refresh_per_second=4, screen=False) as live:
        try:
            while True:
                time.sleep(interval)
                live.update(view(read(address), shown))
        except KeyboardInterrupt:
            pass


__all__ = ["TopError", "fetch", "metrics_url", "run_top", "view"]
