"""The IoT panel demo through pylive.testing: a change in one panel shows in every other; silence is offline."""

from __future__ import annotations

import asyncio
import time
from types import ModuleType

import pytest
from demo_loader import load_demo_with_local_pubsub

import pylive as pl
from pylive.testing import render


@pytest.fixture
def iot(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    return load_demo_with_local_pubsub("iot", monkeypatch)


async def settle(*views) -> None:
    for _ in range(2):
        for view in views:
            await view.settle()


async def test_a_change_in_one_panel_shows_in_every_other(iot: ModuleType) -> None:
    async with render(iot.Panel(simulate=False)) as a, render(iot.Panel(simulate=False)) as b:
        assert not b.find("#hall-on-control").checked
        await a.change("#hall-on-control", True)
        await settle(a, b)
        assert b.find("#hall-on-control").checked
        await b.input("#fan-speed-control", "75")
        await settle(a, b)
        assert a.find("#fan-speed-control").value == "75"
        await a.input("#thermostat-target-control", "24.5")
        await settle(a, b)
        assert b.find("#thermostat-target-control").value == "24.5"
        # A newcomer starts from the shared state, not from the defaults.
        async with render(iot.Panel(simulate=False)) as c:
            assert c.find("#hall-on-control").checked
            assert c.find("#fan-speed-control").value == "75"


async def test_a_device_that_stops_reporting_is_offline_until_it_reports(iot: ModuleType) -> None:
    async with render(iot.Panel(simulate=False)) as a, render(iot.Panel(simulate=False)) as b:
        assert a.find("#greenhouse-status").text == "online"
        stale = time.time() - iot.OFFLINE_AFTER - 1
        await pl.broadcast(iot.TOPIC, {"kind": "report", "device": "greenhouse", "reading": 61.5, "at": stale})
        await settle(a, b)
        for view in (a, b):
            assert view.find("#greenhouse-status").text == "offline"
            assert "offline" in view.find("#device-greenhouse").attrs["class"]
            assert view.find("#greenhouse-reading").text == "61.5 % humidity"
            assert view.find("#summary").text == "3 of 4 devices online"
        await pl.broadcast(iot.TOPIC, {"kind": "report", "device": "greenhouse", "reading": 60, "at": time.time() + 1})
        await settle(a, b)
        assert a.find("#greenhouse-status").text == "online"


async def test_the_simulated_devices_report_and_an_unplugged_one_goes_offline(iot: ModuleType) -> None:
    iot.REPORT_EVERY = 0.05
    iot.OFFLINE_AFTER = 0.5
    async with render(iot.Panel()) as view:
        await view.click("#fan-plug")
        await settle(view)
        assert view.find("#fan-plug").text == "Plug in"
        deadline = time.monotonic() + 10
        while view.find("#fan-status").text != "offline":
            assert time.monotonic() < deadline, "the unplugged fan never went offline"
            await view.settle()
            await asyncio.sleep(0.1)
        assert view.find("#hall-status").text == "online"  # the others kept reporting
    iot.plant.task.cancel()


def test_apply_ignores_unknown_devices_and_fields(iot: ModuleType) -> None:
    devices = iot.plant.devices
    assert iot.apply(devices, {"kind": "set", "device": "nope", "field": "on", "value": True}) is devices
    assert iot.apply(devices, {"kind": "set", "device": "hall", "field": "name", "value": "x"}) is devices
    assert iot.apply(devices, {"kind": "bogus", "device": "hall"}) is devices
