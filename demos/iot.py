"""An IoT control panel: shared switches, set-points and sliders that change in every browser at once.

Every control is a `pl.broadcast` of a command that every open panel applies, on every server
sharing the pub/sub backend; the simulated devices report their readings the same way, and a
device that has not reported for a few seconds is shown offline (unplug one to see it).
"""

from __future__ import annotations

import asyncio
import math
import time
from typing import Any

import pylive as pl
from components import Badge, Button, Card, Gauge, Grid, Slider, Switch
from pylive import html as h
from pylive.pubsub import current_hub

TOPIC = "iot"
#: Seconds without a report after which a device is shown offline.
OFFLINE_AFTER = 3.0
#: Seconds between two reports of a plugged-in device.
REPORT_EVERY = 1.0

#: The devices and their state when the server starts: controls (`on`, `target`, `speed`) and the
#: last reading. `plugged` is the simulation's: an unplugged device stops reporting.
DEVICES: dict[str, dict[str, Any]] = {
    "hall": {"name": "Hall light", "on": False, "plugged": True},
    "thermostat": {"name": "Thermostat", "on": True, "target": 21.0, "reading": 19.0, "plugged": True},
    "fan": {"name": "Ceiling fan", "on": False, "speed": 40, "plugged": True},
    "greenhouse": {"name": "Greenhouse", "on": True, "reading": 55.0, "plugged": True},
}

#: The stylesheet, in every page's <head> through `pl.App(head=[STYLE])` below: a string there is trusted markup.
STYLE = (
    "<style>"
    ".iot{max-width:64rem;margin:0 auto}"
    ".iot header{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:.25rem 1rem;"
    "margin-bottom:1rem}"
    ".iot h1{font-size:1.6rem;font-weight:600;margin:0}"
    ".iot header p{margin:0;color:var(--pl-muted)}"
    ".iot .pl-card{display:flex;flex-direction:column}"
    ".iot .pl-card-body{flex:1;display:flex;flex-direction:column}"
    ".iot .device{flex:1;display:flex;flex-direction:column;gap:.75rem;min-height:9rem}"
    ".iot .device>.pl-button{align-self:flex-start;margin-top:auto}"
    ".iot .offline .pl-card-body{opacity:.45}"
    ".iot .reading{font-size:1.75rem;font-variant-numeric:tabular-nums;margin:0}"
    ".iot .seen{font-size:.8rem;color:var(--pl-muted);margin:0}"
    "</style>"
)


def apply(devices: dict[str, dict[str, Any]], message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A panel's state after one message: `{"kind": "set", "device", "field", "value"}` from a
    control, or `{"kind": "report", "device", "reading", "at"}` from a device."""
    device = message.get("device")
    if device not in devices:
        return devices
    if message.get("kind") == "set" and message.get("field") in ("on", "target", "speed", "plugged"):
        changed = {message["field"]: message["value"]}
    elif message.get("kind") == "report":
        changed = {"seen": message["at"]}
        if message.get("reading") is not None:
            changed["reading"] = message["reading"]
    else:
        return devices
    return {**devices, device: {**devices[device], **changed}}


class Plant:
    """This server's view of the devices (kept by one process-wide subscription, for newcomers) and
    the simulation that makes them report."""

    def __init__(self) -> None:
        self.devices = {k: {**v, "seen": time.time()} for k, v in DEVICES.items()}
        self.hub: Any = None
        self.task: asyncio.Task[None] | None = None

    def snapshot(self) -> dict[str, dict[str, Any]]:
        """The devices as this server knows them (and start following the commands, given a loop)."""
        hub = current_hub()
        if hub is not self.hub:
            try:
                asyncio.get_running_loop()
            except RuntimeError:
                return self.devices
            self.hub = hub
            hub.subscribe(TOPIC, self._apply, max_pending=10_000)
        return self.devices

    def _apply(self, message: dict[str, Any]) -> None:
        self.devices = apply(self.devices, message)

    def simulate(self) -> None:
        """Start the devices reporting (once per server process)."""
        if self.task is None or self.task.done():
            self.snapshot()
            self.task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(REPORT_EVERY)
            for key, device in self.devices.items():
                if device["plugged"]:
                    report = {"kind": "report", "device": key, "reading": self._read(key, device), "at": time.time()}
                    pl.broadcast_nowait(TOPIC, report)

    @staticmethod
    def _read(key: str, device: dict[str, Any]) -> float | None:
        if key == "thermostat":
            # The room warms toward the set-point while heating, and cools slowly otherwise.
            reading: float = device["reading"]
            goal: float = device["target"] if device["on"] else 15.0
            return round(reading + max(-0.5, min(0.5, goal - reading)), 1)
        if key == "greenhouse":
            return round(55 + 10 * math.sin(time.time() / 20), 1)
        return None


plant = Plant()


def command(device: str, field: str, value: Any) -> None:
    """Change a control on every panel, on every server."""
    pl.broadcast_nowait(TOPIC, {"kind": "set", "device": device, "field": field, "value": value})


@pl.component
def Device(key: str, device: dict[str, Any], online: bool) -> pl.ComponentElement:
    """One device's card: its status, its controls, its reading."""
    off = not online

    def switch(label: str, field: str = "on") -> Any:
        return Switch(label, f"{key}-{field}", device[field], on_change=lambda v: command(key, field, bool(v)),
                      disabled=off, id=f"{key}-{field}")

    def slider(label: str, field: str, lo: float, hi: float, step: float, unit: str) -> Any:
        return Slider(label, f"{key}-{field}", device[field], min=lo, max=hi, step=step, format=lambda v: f"{v} {unit}",
                      on_change=lambda v: command(key, field, v), disabled=off, id=f"{key}-{field}")

    body: list[Any] = []
    if key == "hall":
        body.append(switch("Light on"))
    elif key == "thermostat":
        body += [
            Gauge(device["reading"], min=10, max=30, label="Room", unit="°C", warn=25, danger=28, size=120),
            switch("Heating"),
            slider("Set-point", "target", 15, 28, 0.5, "°C"),
        ]
    elif key == "fan":
        body += [switch("Running"), slider("Speed", "speed", 0, 100, 5, "%")]
    elif key == "greenhouse":
        body.append(h.p(f"{device['reading']:.1f} % humidity", class_="reading", id="greenhouse-reading"))
    body.append(
        Button(
            "Unplug" if device["plugged"] else "Plug in",
            variant="secondary",
            size="sm",
            on_click=lambda: command(key, "plugged", not device["plugged"]),
            id=f"{key}-plug",
        )
    )
    word = "online" if online else "offline"
    status = Badge(word, tone="success" if online else "danger", label=f"{device['name']} is {word}")
    return Card(
        h.div(*body, class_="device"),
        title=device["name"],
        actions=h.span(status, id=f"{key}-status"),
        class_=None if online else "offline",
        id=f"device-{key}",
    )


@pl.component
def Panel(simulate: bool = True) -> pl.Element:
    """Every device, live: what anyone changes shows everywhere at once."""
    devices, dispatch = pl.use_reducer(apply, plant.snapshot())
    now, set_now = pl.use_state(time.time)
    pl.use_subscription(TOPIC, dispatch)
    pl.use_interval(lambda: set_now(time.time()), 1000)
    pl.use_effect(lambda: plant.simulate() if simulate else None, [])
    online = {k: now - d["seen"] < OFFLINE_AFTER for k, d in devices.items()}
    return h.div(
        h.header(
            h.h1("Control panel"),
            h.p(f"{sum(online.values())} of {len(devices)} devices online", id="summary"),
        ),
        Grid(*[Device(k, d, online[k], key=k) for k, d in devices.items()], min_width="14rem"),
        class_="iot",
    )


app = pl.App(Panel, title="IoT panel", head=[STYLE])

if __name__ == "__main__":
    pl.run(app)
