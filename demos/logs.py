"""A live log viewer: a stream of log lines with level and text filters, pause, and scrolling back into history.

The lines are a `pl.use_stream`: each is rendered once, sent, and forgotten by the server, which
keeps only the keys of the lines on screen (300 at most while following). New lines reach every
open viewer through `pl.broadcast`; scrolling to the top loads older lines from the log's history.
"""

from __future__ import annotations

import itertools
import time
from typing import NamedTuple

import pylive as pl
from components import Badge, Button, Feed, Select, TextInput
from pylive import html as h

TOPIC = "logs"
#: Lines shown while following the newest ones; older ones leave the page as new ones come.
WINDOW = 300
#: Lines loaded each time the reader reaches the top.
PAGE = 100
#: New lines the simulation writes per second.
RATE = 4
LEVELS = ("debug", "info", "warn", "error")


class Entry(NamedTuple):
    """One log line."""

    id: int
    at: float
    level: str
    source: str
    text: str


_SOURCES = ("api", "worker", "db", "auth", "cache")
_TEXTS = (
    "GET /orders/{n} 200 in {ms} ms",
    "job {n} finished in {ms} ms",
    "slow query on orders ({ms} ms)",
    "user {n} signed in",
    "cache miss for product:{n}",
    "retrying payment {n} (attempt 2)",
    "connection pool at {pct}%",
    "request {n} failed: upstream timeout",
)


def make_entry(n: int, at: float) -> Entry:
    """The simulation's line number `n` (the same every run)."""
    text = _TEXTS[(n * 7) % len(_TEXTS)].format(n=1000 + n * 13 % 9000, ms=(n * 37) % 900, pct=(n * 11) % 100)
    level = "error" if "failed" in text else "warn" if "slow" in text or "retrying" in text else LEVELS[n % 2]
    return Entry(n, at, level, _SOURCES[n % len(_SOURCES)], text)


class Log:
    """The server's log: every line so far, shared by every viewer (a real app reads its log store)."""

    def __init__(self, history: int = 5000) -> None:
        start = time.time() - history / RATE
        self.entries: list[Entry] = [make_entry(n, start + n / RATE) for n in range(history)]
        self._next = itertools.count(history)
        self._written_at = time.time()

    def write(self) -> Entry:
        """Append one more line and tell every viewer."""
        entry = make_entry(next(self._next), time.time())
        self.entries.append(entry)
        pl.broadcast_nowait(TOPIC, entry)
        return entry

    def write_due(self) -> None:
        """Write the lines the simulation owes since it last wrote (however many viewers ask)."""
        due = int((time.time() - self._written_at) * RATE)
        if due > 0:
            self._written_at = time.time()
            for _ in range(min(due, RATE * 2)):  # after a quiet spell, no burst
                self.write()

    def matching(self, level: str, query: str, before: int | None = None, count: int = WINDOW) -> list[Entry]:
        """The last `count` lines that pass the filters, oldest first (only those older than `before`)."""
        found: list[Entry] = []
        for entry in reversed(self.entries):
            if before is not None and entry.id >= before:
                continue
            if passes(entry, level, query):
                found.append(entry)
                if len(found) == count:
                    break
        found.reverse()
        return found


log = Log()


def passes(entry: Entry, level: str, query: str) -> bool:
    """Whether a line passes the level filter (that level and worse) and the text filter."""
    if level != "all" and LEVELS.index(entry.level) < LEVELS.index(level):
        return False
    return not query or query.lower() in entry.text.lower() or query.lower() in entry.source


def Line(entry: Entry) -> pl.Element:
    """One line of the viewer."""
    return h.li(
        h.time(time.strftime("%H:%M:%S", time.localtime(entry.at)), class_="at"),
        h.span(entry.level, class_=f"level {entry.level}"),
        h.span(entry.source, class_="source"),
        h.span(entry.text, class_="text"),
        id=f"line-{entry.id}",
        class_="line",
    )


@pl.component
def Viewer(simulate: bool = True) -> pl.Element:
    """The log, following new lines until paused; filters apply to new and old lines alike."""
    level, set_level = pl.use_state("all")
    query, set_query = pl.use_state("")
    paused, set_paused = pl.use_state(False)
    missed, set_missed = pl.use_state(0)
    oldest: pl.Ref[int | None] = pl.use_ref(None)  # the id of the oldest line shown, where history continues
    _, set_first = pl.use_state(0)  # set to the first line that matches, to render again
    # While following, the page keeps the newest WINDOW lines; while paused, what the reader loads.
    lines = pl.use_stream(key=lambda e: e.id, limit=None if paused else WINDOW)

    def show_latest() -> None:
        latest = log.matching(level, query)
        oldest.current = latest[0].id if latest else None
        lines.reset(latest)

    # In the render itself (not an effect), so that the first page already shows the lines.
    pl.use_memo(show_latest, [level, query])

    def arrived(entry: Entry) -> None:
        if not passes(entry, level, query):
            return
        if paused:
            set_missed(lambda n: n + 1)
        else:
            if oldest.current is None:
                oldest.current = entry.id
                set_first(entry.id)  # the first line that matches: "no lines match" goes
            lines.insert(entry)

    pl.use_subscription(TOPIC, arrived)
    pl.use_interval(log.write_due, 250 if simulate else None)

    def load_older() -> None:
        if oldest.current is None:
            return
        older = log.matching(level, query, before=oldest.current, count=PAGE)
        if not older:
            return
        if not paused:
            set_paused(True)  # reading history: stop following, or new lines would push it out
        for entry in reversed(older):
            lines.insert(entry, at=0)
        oldest.current = older[0].id

    def toggle() -> None:
        if paused:
            set_missed(0)
            show_latest()
        set_paused(not paused)

    status = (
        h.span(Badge("Paused", tone="warning"), f" {missed} new lines" if missed else "", id="status")
        if paused
        else h.span(Badge("Live", tone="success"), f" following the newest {WINDOW} lines", id="status")
    )
    return h.div(
        h.header(
            h.h1("Server log"),
            status,
            Button("Resume" if paused else "Pause", on_click=toggle, variant="secondary", id="pause"),
        ),
        h.div(
            Select(
                "Level",
                "level",
                level,
                options=[("all", "Everything"), ("info", "Info and worse"), ("warn", "Warnings and errors"),
                         ("error", "Errors")],
                on_change=set_level,
                id="level",
            ),
            TextInput("Filter", "query", query, on_change=set_query, debounce=250, placeholder="text or source",
                      id="query"),
            class_="filters",
        ),
        h.p("No lines match these filters yet.", class_="empty", id="empty") if oldest.current is None else None,
        Feed(lines.view(Line), on_top=load_older, label="Server log", height="28rem", id="feed"),
        class_="logs",
    )


STYLE = (
    "<style>"
    ".logs{max-width:70rem;margin:1.5rem auto;padding:0 1rem;font:1rem system-ui,sans-serif;color:var(--pl-fg)}"
    ".logs header{display:flex;align-items:center;gap:1rem;margin-bottom:1rem}"
    ".logs h1{font-size:1.6rem;font-weight:600;margin:0;flex:1}"
    ".logs .filters{display:grid;grid-template-columns:16rem 1fr;gap:1rem;margin-bottom:1rem}"
    ".logs .filters>*{min-width:0} .logs .filters input{box-sizing:border-box;width:100%}"
    ".logs .line{display:flex;gap:0.75rem;font:0.82rem/1.5 var(--pl-mono,monospace);white-space:nowrap}"
    ".logs .at{color:var(--pl-muted)}"
    ".logs .level{width:3.2rem;text-transform:uppercase;font-weight:600}"
    ".logs .level.debug{color:var(--pl-muted)} .logs .level.info{color:#2f81f7}"
    ".logs .level.warn{color:#d29922} .logs .level.error{color:#f85149}"
    ".logs .source{width:3.5rem;color:var(--pl-muted)}"
    ".logs .text{overflow:hidden;text-overflow:ellipsis}"
    ".logs .empty{color:var(--pl-muted);margin:0 0 .5rem}"
    "@media (max-width:40rem){.logs .filters{grid-template-columns:1fr}}"
    "</style>"
)

app = pl.App(Viewer, title="Log viewer", head=[STYLE])

if __name__ == "__main__":
    pl.run(app)
