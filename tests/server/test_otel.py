"""The OpenTelemetry bridge, through the SDK's in-memory span exporter and metric reader."""

from __future__ import annotations

import pytest
from app_client import click, open_page, receive
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import StatusCode

import pylive as pl
from pylive import html as h
from pylive.live import telemetry
from pylive.server.otel import instrument
from pylive.testing import render


@pl.component
def Counter():
    count, set_count = pl.use_state(0)
    return h.div(
        h.span(str(count), id="value"),
        h.button("+", id="inc", on_click=lambda e: set_count(count + 1)),
        h.button("boom", id="boom", on_click=lambda e: 1 / 0),
    )


@pytest.fixture
def otel():
    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader])
    app = pl.App(Counter, title="Counter", secret_key="otel-tests")
    stop = instrument(app, tracer_provider=tracer_provider, meter_provider=meter_provider)
    yield app, exporter, reader
    stop()
    assert not telemetry.HANDLERS


def metric_points(reader) -> dict[str, list]:
    found: dict[str, list] = {}
    for resource in reader.get_metrics_data().resource_metrics:
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                found[metric.name] = list(metric.data.data_points)
    return found


async def test_a_page_and_a_click_become_spans_and_metrics(otel):
    app, exporter, reader = otel
    client = app.test_client()
    page = await open_page(client)
    async with page.connect(client) as ws:
        await receive(ws)
        await click(ws, 1, page.node_id("inc"))
        await ws.send(f'[2,{page.node_id("boom")},"click",{{}}]')
        await receive(ws)
        await receive(ws)
    spans = exporter.get_finished_spans()
    by_name: dict[str, list] = {}
    for span in spans:
        by_name.setdefault(span.name, []).append(span)
    assert {"pylive.mount", "pylive.event", "pylive.render", "pylive.send", "pylive.error"} <= set(by_name)
    [mount] = by_name["pylive.mount"]
    assert mount.attributes["pylive.path"] == "/" and mount.attributes["pylive.component"] == Counter.name
    assert mount.end_time >= mount.start_time
    click_span = by_name["pylive.event"][0]
    assert click_span.attributes["pylive.event.type"] == "click" and click_span.attributes["pylive.bytes"] > 0
    assert all(s.attributes["pylive.bytes"] > 0 for s in by_name["pylive.send"])
    [error] = by_name["pylive.error"]
    assert error.status.status_code is StatusCode.ERROR and error.attributes["exception.type"] == "ZeroDivisionError"

    points = metric_points(reader)
    assert sum(p.value for p in points["pylive.events"]) == 2
    assert sum(p.value for p in points["pylive.errors"]) == 1
    assert sum(p.value for p in points["pylive.bytes.in"]) > 0
    assert sum(p.value for p in points["pylive.bytes.out"]) > 0
    assert sum(p.count for p in points["pylive.event.duration"]) == 2
    assert sum(p.count for p in points["pylive.render.duration"]) == 2  # Counter's first render and the click's
    assert [p.value for p in points["pylive.sessions"]] == [1]


async def test_render_spans_can_be_left_out_and_their_histogram_kept():
    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    reader = InMemoryMetricReader()
    stop = instrument(tracer_provider=tracer_provider, meter_provider=MeterProvider(metric_readers=[reader]),
                      render_spans=False)
    try:
        async with render(Counter()) as view:
            await view.click("#inc")
    finally:
        stop()
    assert "pylive.render" not in {s.name for s in exporter.get_finished_spans()}
    assert sum(p.count for p in metric_points(reader)["pylive.render.duration"]) >= 2
