"""pylive's telemetry as OpenTelemetry spans and metrics (the `pylive[otel]` extra).

    from pylive.server.otel import instrument

    app = pl.App(Counter)
    stop = instrument(app)          # the global tracer and meter providers, as the app configured them

Each `mount`, `event`, `render` and `send` becomes a span named `pylive.<event>`, timed as measured,
with the attributes `pylive.path` and `pylive.component` (and `pylive.event.type`, `pylive.bytes`
where they apply); an `error` becomes a `pylive.error` span with an error status. Metrics:

- `pylive.sessions` (gauge): the sessions the app holds;
- `pylive.events`, `pylive.errors` (counters); `pylive.bytes.in`, `pylive.bytes.out` (counters, bytes);
- `pylive.event.duration`, `pylive.render.duration`, `pylive.mount.duration`, `pylive.send.duration`
  (histograms, ms): event-to-reply, one component's render, a page's mount, one frame's write.

Exporting (OTLP, Prometheus, a console) is the SDK's business: configure its providers as usual, or
pass `tracer_provider` / `meter_provider`.
"""

from __future__ import annotations

import time
from typing import Any, Callable

from pylive.live.telemetry import attach

try:
    from opentelemetry import metrics, trace
    from opentelemetry.metrics import CallbackOptions, Observation
    from opentelemetry.trace import Status, StatusCode
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "pylive.server.otel needs OpenTelemetry: pip install 'pylive[otel]' (opentelemetry-api and -sdk)"
    ) from exc

SCOPE = "pylive"
_SPANS = ("mount", "event", "render", "send")


def instrument(
    app: Any = None,
    *,
    tracer_provider: Any = None,
    meter_provider: Any = None,
    render_spans: bool = True,
) -> Callable[[], None]:
    """Send pylive's telemetry to OpenTelemetry; returns the callable that stops it.

    `app` (a `pl.App`) adds the `pylive.sessions` gauge. `render_spans=False` leaves out the span of
    each component render (a page of many components makes many), keeping its histogram.
    """
    tracer = (tracer_provider or trace.get_tracer_provider()).get_tracer(SCOPE)
    meter = (meter_provider or metrics.get_meter_provider()).get_meter(SCOPE)
    durations = {
        name: meter.create_histogram(f"pylive.{name}.duration", unit="ms", description=f"pylive {name} duration")
        for name in _SPANS
    }
    events = meter.create_counter("pylive.events", description="browser events handled")
    errors = meter.create_counter("pylive.errors", description="failures of the app's code")
    bytes_in = meter.create_counter("pylive.bytes.in", unit="By", description="event frames received")
    bytes_out = meter.create_counter("pylive.bytes.out", unit="By", description="frames sent")
    if app is not None:
        store = app.store

        def sessions(options: CallbackOptions) -> list[Observation]:
            return [Observation(len(store))]

        meter.create_observable_gauge("pylive.sessions", callbacks=[sessions], description="sessions held")

    def handler(name: str, measurements: dict, metadata: dict) -> None:
        duration = measurements["duration_ms"]
        attributes: dict[str, Any] = {"pylive.path": metadata["path"], "pylive.component": metadata["component"]}
        if "type" in metadata:
            attributes["pylive.event.type"] = metadata["type"]
        if "bytes" in measurements:
            attributes["pylive.bytes"] = measurements["bytes"]
        histogram = durations.get(name)
        if histogram is not None:
            histogram.record(duration, {"pylive.component": metadata["component"]})
        if name == "event":
            events.add(1)
            bytes_in.add(measurements.get("bytes", 0))
        elif name == "send":
            bytes_out.add(measurements["bytes"])
        elif name == "error":
            errors.add(1, {"pylive.component": metadata["component"]})
            attributes["exception.type"] = metadata.get("error", "")
            attributes["exception.message"] = metadata.get("message", "")
        if name == "render" and not render_spans:
            return
        end = time.time_ns()
        span = tracer.start_span(f"pylive.{name}", start_time=end - int(duration * 1e6), attributes=attributes)
        if name == "error":
            span.set_status(Status(StatusCode.ERROR, metadata.get("message", "")))
        span.end(end_time=end)

    return attach(handler)


__all__ = ["instrument"]
