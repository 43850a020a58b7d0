"""Charts: SVG structure and accessibility, readable ticks, and constant-size live updates."""

from __future__ import annotations

import json

import pylive as pl
from components import AreaChart, BarChart, Gauge, LineChart, Sparkline
from components.charts import format_tick, nice_bounds, nice_step, ticks
from pylive.testing import render


def test_ticks_are_readable():
    assert nice_step(97, 5) == 20
    assert ticks(0, 97) == [0, 20, 40, 60, 80]
    assert ticks(-1, 1, 4) == [-1, -0.5, 0, 0.5, 1]
    assert nice_bounds(3, 97) == (0, 100)
    assert nice_bounds(5, 5)[0] < 5 < nice_bounds(5, 5)[1]
    assert [format_tick(v) for v in (0, 12, 0.25, 1500, 2_000_000)] == ["0", "12", "0.25", "1.5k", "2M"]


async def test_line_chart_structure_and_hover_values():
    chart = LineChart({"cpu": [10, 20, None, 40], "mem": [50, 60, 70, 80]}, title="Load", y_min=0, y_max=100, id="c")
    async with render(chart) as view:
        svg = view.find("svg")
        assert svg.attrs["role"] == "img" and svg.attrs["aria-label"] == "Load (line chart)"
        assert view.find("figcaption").text == "Load"
        assert [t.text for t in view.find_all(".pl-axis-y text")] == ["0", "20", "40", "60", "80", "100"]
        titles = [t.text for t in view.find_all(".pl-plot title")]
        assert "cpu 1: 20" in titles and "mem 3: 80" in titles
        assert len(titles) == 7  # the None is a gap
        assert [li.text for li in view.find_all(".pl-legend li")] == ["cpu", "mem"]


async def test_appending_to_a_full_window_costs_a_constant_patch():
    window = 500
    push = {}

    @pl.component
    def Live():
        state, set_state = pl.use_state((0, [float(i % 50) for i in range(window)]))
        push["fn"] = lambda value: set_state(lambda s: (s[0] + 1, s[1][1:] + [value]))
        start, values = state
        return LineChart(values, start=start, x_span=window - 1, y_min=0, y_max=100, title="Live", id="live")

    async with render(Live()) as view:
        sizes = []
        for value in (10.0, 90.0, 35.5, 60.0, 12.25, 77.0):
            push["fn"](value)
            await view.settle()
            frame = view.frames[-1]
            ops = json.loads(frame)[2:]
            kinds = sorted(op[0] for op in ops)
            sizes.append(len(frame.encode()))
            # One transform, one point out, one point in (and now and then an x tick in or out).
            assert kinds.count(1) == 1 and kinds.count(5) in (1, 2) and kinds.count(4) in (1, 2), ops
            assert not any(op[0] == 7 for op in ops)
        # No op re-sends the chart: each message stays a few hundred bytes (the chart is ~90 KB).
        assert max(sizes) < 600
        assert len(view.find_all(".pl-plot g g")) == window
        assert view.find_all(".pl-plot title")[-1].text == "505: 77"


async def test_area_and_bar_charts():
    async with render(AreaChart([1, 5, 2], title="Area", id="a")) as view:
        assert view.find("svg").attrs["aria-label"] == "Area (area chart)"
        assert "pl-chart--area" in view.find("figure").attrs["class"]
        assert len(view.find_all(".pl-plot path")) == 4  # two segments, each with its fill slice
    chart = BarChart({"2023": [3, 5], "2024": [4, None]}, labels=["Q1", "Q2"], title="Sales", id="b")
    async with render(chart) as view:
        assert view.find("svg").attrs["role"] == "img"
        assert [t.text for t in view.find_all(".pl-bars rect title")] == ["2023, Q1: 3", "2024, Q1: 4", "2023, Q2: 5"]
        assert [t.text for t in view.find_all(".pl-bars text")] == ["Q1", "Q2"]


async def test_sparkline_and_gauge():
    async with render(Sparkline([1, 3, 2], label="Latency")) as view:
        assert view.find("svg").attrs["aria-label"] == "Latency: latest 2"
    async with render(Gauge(32, min=0, max=40, label="Boiler", unit="°C", warn=30, danger=35)) as view:
        meter = view.find("[role=meter]")
        assert meter.attrs["aria-valuenow"] == "32" and meter.attrs["aria-valuemax"] == "40"
        assert meter.attrs["aria-valuetext"] == "32°C" and meter.attrs["aria-label"] == "Boiler"
        assert "pl-gauge--warn" in meter.attrs["class"]
        assert view.find("svg").attrs["aria-hidden"] == "true"
    async with render(Gauge(2.5, max=10, label="Pressure", unit="bar")) as view:
        assert view.find("[role=meter]").attrs["aria-valuetext"] == "2.5\u00a0bar"  # a word unit: spaced


async def test_a_live_chart_starts_its_axis_at_the_first_point_until_the_window_fills() -> None:
    from components import LineChart
    from pylive.testing import render

    # Three points of a 100-point window: the axis runs 0..100, not -97..3.
    async with render(LineChart([1.0, 2.0, 3.0], start=0, x_span=100, y_min=0, y_max=5, title="Load")) as view:
        labels = [float(t.text) for t in view.find_all(".pl-axis-x text")]
        assert min(labels) == 0 and max(labels) == 100
        assert view.find(".pl-chart-svg").attrs["hook"] == "Chart"
    async with render(LineChart([1.0] * 150, start=0, x_span=100, y_min=0, y_max=5, title="Load")) as view:
        labels = [float(t.text) for t in view.find_all(".pl-axis-x text")]
        assert min(labels) >= 49 and max(labels) == 140  # full: the window slides with the newest
