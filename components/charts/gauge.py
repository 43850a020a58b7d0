"""Gauge: a value on a half-circle dial, with `role="meter"`."""

from __future__ import annotations

import builtins
import math
from typing import Any, Callable

from pylive import html as h

from ..attributes import stock_component, with_attributes
from .frame import r2


def _arc(fraction: float, radius: float, cx: float, cy: float) -> str:
    # From the left end of the half circle, clockwise over `fraction` of it.
    angle = math.pi * (1 - fraction)
    x = cx + radius * math.cos(angle)
    y = cy - radius * math.sin(angle)
    return f"M{r2(cx - radius)} {r2(cy)}A{r2(radius)} {r2(radius)} 0 0 1 {r2(x)} {r2(y)}"


@stock_component
def Gauge(
    value: float,
    *,
    min: float = 0,
    max: float = 100,
    label: str = "Value",
    unit: str = "",
    format: Callable[[float], str] = lambda v: f"{v:.3g}",
    warn: float | None = None,
    danger: float | None = None,
    size: float = 160,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A dial from `min` to `max` showing `value`; turns amber past `warn` and red past `danger`.

        Gauge(temperature, min=0, max=40, label="Boiler", unit="°C", warn=30, danger=35)
    """
    span = (max - min) or 1
    fraction = builtins.min(1.0, builtins.max(0.0, (value - min) / span))
    level = "ok"
    if danger is not None and value >= danger:
        level = "danger"
    elif warn is not None and value >= warn:
        level = "warn"
    radius = size / 2 - 10
    cx, cy = size / 2, size / 2
    # A symbol stays with its number ("40%", "21°C"); a word unit gets a no-break space ("2.5 bar").
    text = f"{format(value)}\u00a0{unit}" if unit[:1].isalnum() else f"{format(value)}{unit}"
    gauge = h.div(
        h.svg(
            h.path(d=_arc(1.0, radius, cx, cy), class_="pl-gauge-track"),
            h.path(d=_arc(fraction, radius, cx, cy), class_="pl-gauge-value") if fraction > 0 else None,
            viewBox=f"0 0 {r2(size)} {r2(size / 2 + 6)}",
            aria_hidden="true",
            focusable="false",
        ),
        h.div(h.strong(text, class_="pl-gauge-number"), h.span(label, class_="pl-gauge-label"), class_="pl-gauge-text"),
        role="meter",
        aria_label=label,
        aria_valuemin=str(min),
        aria_valuemax=str(max),
        aria_valuenow=str(value),
        aria_valuetext=text,
        class_=f"pl-gauge pl-gauge--{level}",
        style={"--pl-gauge-size": f"{r2(size)}px"},
    )
    return with_attributes(gauge, class_, id, style, attrs)

