"""Sparkline: a word-sized line of recent values, for tables and stat cards."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from pylive import html as h

from ..attributes import stock_component, with_attributes
from .frame import r2
from .scale import scale


@stock_component
def Sparkline(
    values: Sequence[float | None],
    *,
    label: str = "Trend",
    width: float = 120,
    height: float = 32,
    y_min: float | None = None,
    y_max: float | None = None,
    format: Callable[[float], str] = lambda v: f"{v:.4g}",
    area: bool = True,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A small line of `values` with no axes; its accessible name says the latest value.

        Sparkline(latency_ms[-60:], label="Latency")
    """
    numbers = [v for v in values if v is not None]
    low = min(numbers) if y_min is None and numbers else (y_min or 0.0)
    high = max(numbers) if y_max is None and numbers else (y_max if y_max is not None else 1.0)
    if high == low:
        high = low + 1
    n = len(values)
    pad = 2
    coords = []
    for i, v in enumerate(values):
        if v is None:
            continue
        x = scale(i, (0, max(1, n - 1)), (pad, width - pad))
        y = scale(v, (low, high), (height - pad, pad))
        coords.append(f"{r2(x)},{r2(y)}")
    line = " ".join(coords)
    latest = format(numbers[-1]) if numbers else "no data"
    svg = h.svg(
        h.polygon(points=f"{coords[0].split(',')[0]},{r2(height)} {line} {coords[-1].split(',')[0]},{r2(height)}",
                  class_="pl-spark-area") if area and len(coords) > 1 else None,
        h.polyline(points=line, class_="pl-spark-line") if coords else None,
        viewBox=f"0 0 {r2(width)} {r2(height)}",
        width=r2(width),
        height=r2(height),
        role="img",
        aria_label=f"{label}: latest {latest}",
        class_="pl-sparkline",
    )
    return with_attributes(svg, class_, id, style, attrs)
