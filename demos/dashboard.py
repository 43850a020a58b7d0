"""A real-time dashboard: three sensor streams at 10 Hz as live charts, threshold toasts, latest readings.

The server broadcasts one frame of readings every 100 ms; each open dashboard keeps a sliding
window and redraws its charts and table in one small patch per frame. Readings are computed from
the time, so several servers sharing Redis broadcast the same frames, and each dashboard skips the
frames it already has.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from typing import Any

import attrs

import pylive as pl
from components import Badge, Card, Grid, LineChart, ToastStack, use_toasts
from pylive import html as h

TOPIC = "sensors"
#: Frames per second.
RATE = 10
#: How many frames each chart shows (10 s).
WINDOW = 100


@attrs.frozen(slots=True)
class Sensor:
    """A sensor: its name, unit, chart range and the threshold that raises a toast."""

    key: str
    name: str
    unit: str
    low: float
    high: float
    threshold: float


SENSORS = (
    Sensor("temperature", "Temperature", "°C", 40, 90, 75),
    Sensor("pressure", "Pressure", "kPa", 95, 110, 105),
    Sensor("vibration", "Vibration", "mm/s", 0, 10, 6),
)

#: The stylesheet, in every page's <head> through `pl.App(head=[STYLE])` below: a string there is trusted markup.
STYLE = (
    "<style>"
    ".dash{max-width:72rem;margin:0 auto}"
    ".dash header{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;justify-content:space-between;"
    "margin-bottom:1rem}"
    ".dash .table-scroll{overflow-x:auto}"
    ".dash h1{font-size:1.6rem;font-weight:600;margin:0}"
    ".dash header p{margin:0;color:var(--pl-muted);font-variant-numeric:tabular-nums}"
    ".dash table{width:100%;border-collapse:collapse;margin-top:1.25rem;font-variant-numeric:tabular-nums}"
    ".dash th,.dash td{text-align:left;padding:.5rem .75rem;border-bottom:1px solid var(--pl-border)}"
    ".dash th{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--pl-muted)}"
    ".dash td.num{text-align:right}"
    "</style>"
)


def reading(sensor: str, tick: int) -> float:
    """The reading of `sensor` at frame `tick`: a slow wave, noise, and now and then a spike."""
    noise = random.Random(tick * 7919 + len(sensor)).uniform(-1, 1)
    if sensor == "temperature":
        spike = 14.0 if tick % 300 < 25 else 0.0
        return round(62 + 7 * math.sin(tick / 60) + noise + spike, 2)
    if sensor == "pressure":
        return round(101 + 2.5 * math.sin(tick / 90) + 0.3 * noise, 2)
    spike = 4.5 if tick % 170 < 8 else 0.0
    return round(2.2 + abs(noise) * 1.4 + spike, 2)


def frame(tick: int) -> dict[str, Any]:
    """One broadcast frame: every sensor's reading at `tick`."""
    return {"tick": tick, "values": {s.key: reading(s.key, tick) for s in SENSORS}}


class Streams:
    """Broadcasts a frame every 1/RATE s while anyone here watches (one task per server process)."""

    def __init__(self) -> None:
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        from pylive.pubsub import current_hub

        while current_hub().topics.get(TOPIC):
            now = time.time() * RATE
            tick = int(now) + 1
            await asyncio.sleep((tick - now) / RATE)
            await pl.broadcast(TOPIC, frame(tick))


streams = Streams()


@attrs.frozen(slots=True)
class Window:
    """A dashboard's data: the last `WINDOW` readings of each sensor, and each one's min and max."""

    last: int = -1
    count: int = 0
    series: dict[str, tuple[float, ...]] = attrs.field(factory=lambda: {s.key: () for s in SENSORS})
    low: dict[str, float] = attrs.field(factory=dict)
    high: dict[str, float] = attrs.field(factory=dict)

    def add(self, message: dict[str, Any]) -> "Window":
        """The window with `message` appended (the same window for a frame it already has)."""
        tick, values = message["tick"], message["values"]
        if tick <= self.last:
            return self
        return Window(
            tick,
            self.count + 1,
            {k: (*self.series[k], values[k])[-WINDOW:] for k in self.series},
            {k: min(values[k], self.low.get(k, values[k])) for k in self.series},
            {k: max(values[k], self.high.get(k, values[k])) for k in self.series},
        )


@pl.component
def Chart(sensor: Sensor, values: tuple[float, ...], first: int) -> pl.ComponentElement:
    """One sensor's live chart in a card, with its latest value as a badge."""
    latest = values[-1] if values else None
    over = latest is not None and latest > sensor.threshold
    badge = Badge("–" if latest is None else f"{latest:.1f} {sensor.unit}", tone="danger" if over else "neutral")
    return Card(
        LineChart(
            list(values),
            start=first,
            x_span=WINDOW - 1,
            y_min=sensor.low,
            y_max=sensor.high,
            title=f"{sensor.name} ({sensor.unit})",
            width=360,
            height=180,
            format_x=lambda x: "",
            id=f"chart-{sensor.key}",
        ),
        title=sensor.name,
        actions=badge,
    )


@pl.component
def Dashboard(simulate: bool = True) -> pl.Element:
    """Live charts, a toast when a reading crosses its threshold, and a table of the latest readings."""
    window, add = pl.use_reducer(Window.add, Window())
    toasts, push, dismiss = use_toasts(limit=4)
    # The last frame's tick and readings, to find rising edges.
    seen: pl.Ref[tuple[int, dict[str, float]]] = pl.use_ref((-1, {}))

    def receive(message: dict[str, Any]) -> None:
        tick, values = message["tick"], message["values"]
        last, before = seen.current
        if tick <= last:
            return  # another server's copy of a frame this dashboard has
        seen.current = (tick, values)
        add(message)
        for sensor in SENSORS:
            value, was = values[sensor.key], before.get(sensor.key)
            if value > sensor.threshold and (was is None or was <= sensor.threshold):
                text = f"{sensor.name} at {value:.1f} {sensor.unit} (threshold {sensor.threshold:g})"
                push(text, tone="warning", title="Threshold", duration=None)  # an alarm stays until seen

    pl.use_subscription(TOPIC, receive)
    pl.use_effect(lambda: streams.start() if simulate else None, [])

    # Charts count frames from this page's first: small x values, and a window that slides.
    first = window.count - len(window.series[SENSORS[0].key])
    rows = []
    for sensor in SENSORS:
        values = window.series[sensor.key]
        value = values[-1] if values else None
        over = value is not None and value > sensor.threshold
        rows.append(
            h.tr(
                h.td(sensor.name),
                h.td("–" if value is None else f"{value:.2f}", class_="num", id=f"value-{sensor.key}"),
                h.td("–" if value is None else f"{window.low[sensor.key]:.2f}", class_="num"),
                h.td("–" if value is None else f"{window.high[sensor.key]:.2f}", class_="num"),
                h.td(f"{sensor.threshold:g} {sensor.unit}", class_="num"),
                h.td(Badge("over" if over else "ok", tone="danger" if over else "success"), id=f"status-{sensor.key}"),
                key=sensor.key,
            )
        )
    return h.div(
        h.header(h.h1("Plant sensors"), h.p(f"frame {window.count} · {RATE} Hz" if window.count else "waiting…", id="frame")),
        Grid(*[Chart(s, window.series[s.key], first, key=s.key) for s in SENSORS], min_width="20rem"),
        h.div(
            h.table(
                h.thead(h.tr([h.th(t) for t in ("Sensor", "Latest", "Min", "Max", "Threshold", "Status")])),
                h.tbody(rows, id="readings"),
                aria_label="Latest readings",
            ),
            class_="table-scroll",
        ),
        ToastStack(toasts, on_dismiss=dismiss),
        class_="dash",
    )


app = pl.App(Dashboard, title="Dashboard", head=[STYLE])

if __name__ == "__main__":
    pl.run(app)
