"""BarChart: grouped vertical bars per category, as SVG."""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

from pylive import html as h

from ..attributes import stock_component, with_attributes
from ..identity import use_id
from .frame import Box, as_series, legend, r2, series_class, value_range, y_axis
from .scale import format_tick, nice_bounds, scale


@stock_component
def BarChart(
    data: Mapping[str, Sequence[float | None]] | Sequence[float | None],
    *,
    labels: Sequence[str],
    y_min: float | None = None,
    y_max: float | None = None,
    width: float = 640,
    height: float = 260,
    title: str = "Bar chart",
    y_label: str | None = None,
    format_y: Callable[[float], str] | None = None,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """Bars for each of `labels`, one per series (grouped), with a y axis and hover values.

        BarChart({"2023": sales_23, "2024": sales_24}, labels=["Q1", "Q2", "Q3", "Q4"], title="Sales")

    Bars are keyed by label and series, so changing one value changes one bar.
    """
    chart_id = use_id(id, "chart")
    series = as_series(data, title)
    box = Box(width, height)
    pw, ph = box.plot_width, box.plot_height
    found = value_range(series) or (0.0, 1.0)
    nice = nice_bounds(min(0.0, found[0]), max(0.0, found[1]))
    domain = (nice[0] if y_min is None else y_min, nice[1] if y_max is None else y_max)
    fmt = format_y or format_tick
    n = max(1, len(labels))
    band = pw / n
    inner = band * 0.8
    bar_w = inner / max(1, len(series))
    zero = scale(0.0, domain, (ph, 0)) if domain[0] <= 0 <= domain[1] else ph
    groups = []
    for c, label in enumerate(labels):
        bars = []
        for s, (name, values) in enumerate(series.items()):
            value = values[c] if c < len(values) else None
            if value is None:
                continue
            y = scale(value, domain, (ph, 0))
            top, bottom = min(y, zero), max(y, zero)
            who = f"{name}, " if len(series) > 1 else ""
            bars.append(
                h.rect(
                    h.title(f"{who}{label}: {fmt(value)}"),
                    x=r2(band * c + (band - inner) / 2 + bar_w * s),
                    y=r2(top),
                    width=r2(max(1.0, bar_w - 2)),
                    height=r2(max(0.5, bottom - top)),
                    rx="2",
                    class_=series_class(s),
                    key=name,
                )
            )
        groups.append(
            h.g(
                bars,
                h.text(label, x=r2(band * c + band / 2), y=r2(ph), dy="1.75em", text_anchor="middle", class_="pl-tick"),
                key=label,
            )
        )
    svg = h.svg(
        h.g(
            y_axis(box, domain, fmt, y_label),
            h.line(x1="0", x2=r2(pw), y1=r2(zero), y2=r2(zero), class_="pl-axis-line"),
            h.g(groups, class_="pl-bars"),
            transform=f"translate({r2(box.left)} {r2(box.top)})",
        ),
        viewBox=f"0 0 {r2(width)} {r2(height)}",
        role="img",
        aria_label=f"{title} (bar chart)",
        class_="pl-chart-svg",
        hook="Chart",  # keeps its text and margins one size however wide it is drawn (assets/components.js)
        data_margins=box.margins,
    )
    figure = h.figure(
        h.figcaption(title, class_="pl-chart-title"), svg, legend(list(series)), id=chart_id, class_="pl-chart pl-chart--bar"
    )
    return with_attributes(figure, class_, None, style, attrs)
