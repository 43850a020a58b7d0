"""LineChart and AreaChart: server-rendered SVG that stays cheap to update while data streams in.

Each point is its own keyed `<g>` (the segment from the previous point, an optional area slice,
and a hover dot with its value), drawn in coordinates that do not depend on which points are
visible: x is measured from a fixed anchor, and the series slides under a clip through one
`transform`. Appending a point to a full window therefore changes the DOM by one insert, one
remove and one attribute, whatever the window's length, as long as the y domain stays put (give
`y_min`/`y_max` for a live chart) and the x span is fixed (`x_span`).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

import pylive as pl
from pylive import html as h

from ..attributes import stock_component, with_attributes
from ..identity import use_id
from .frame import Box, as_series, legend, r2, series_class, value_range, y_axis
from .scale import format_tick, nice_bounds, nice_step, scale, ticks


def _fmt_value(value: float) -> str:
    return f"{value:.4g}"


def r1(value: float) -> str:
    """A point coordinate with at most one decimal: a tenth of a viewBox unit is below a pixel."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _render_series(
    cache: dict, new_cache: dict, index: int, label: str, xs: Sequence[float], ys: Sequence[Any],
    anchor: float, k: float, domain: tuple[float, float], ph: float, area: bool,
    fmt_x: Callable[[float], str], fmt_y: Callable[[float], str],
) -> list:
    # Bytes matter here (one point is one insert of a live chart): no classes, styled by position.
    points = []
    prev = None  # (x, y, px, py) of the previous point
    base = r1(ph)
    for x, y in zip(xs, ys):
        if y is None:
            prev = None
            continue
        cache_key = (index, x)
        hit = cache.get(cache_key)
        if hit is not None and hit[0][0] == y and (prev is None or hit[0][1] == prev[:2]):
            # Unchanged, or its previous point just slid out of the data: the old segment is
            # outside the clip, so the element can stay as it is.
            signature, node, px, py = hit
        else:
            px = r1((x - anchor) * k)
            py = r1(scale(y, domain, (ph, 0)))
            signature = (y, prev[:2] if prev is not None else None)
            parts = []
            if prev is not None:
                if area:
                    parts.append(h.path(d=f"M{prev[2]} {base}L{prev[2]} {prev[3]}L{px} {py}L{px} {base}Z"))
                parts.append(h.path(d=f"M{prev[2]} {prev[3]}L{px} {py}"))
            parts.append(h.circle(h.title(f"{label}{fmt_x(x)}: {fmt_y(y)}"), cx=px, cy=py))
            node = h.g(parts, key=x)
        new_cache[cache_key] = (signature, node, px, py)
        points.append(node)
        prev = (x, y, px, py)
    return points


def _chart(
    kind: str, data: Any, *, x: Sequence[float] | None, start: float, x_span: float | None,
    y_min: float | None, y_max: float | None, width: float, height: float, title: str,
    x_label: str | None, y_label: str | None, format_x: Callable[[float], str] | None,
    format_y: Callable[[float], str] | None, show_points: bool, class_: str | list[str] | None,
    id: str | None, style: str | dict[str, Any] | None, attrs: dict[str, Any],
) -> Any:
    chart_id = use_id(id, "chart")
    memory = pl.use_ref(None)  # (anchor, x scale, y domain, point elements by series and x)
    series = as_series(data, title)
    n = max((len(v) for v in series.values()), default=0)
    xs = list(x) if x is not None else [start + i for i in range(n)]
    box = Box(width, height, bottom=42 if x_label else 28)
    pw, ph = box.plot_width, box.plot_height
    fmt_x = format_x or format_tick
    fmt_y = format_y or _fmt_value

    if y_min is None or y_max is None:
        found = value_range(series) or (0.0, 1.0)
        nice = nice_bounds(min(found[0], 0.0) if kind == "area" else found[0], found[1])
        domain = (nice[0] if y_min is None else y_min, nice[1] if y_max is None else y_max)
    else:
        domain = (float(y_min), float(y_max))
    if xs and x_span is not None:
        # Until the window fills, it starts at the first point (no axis running -80..0), and stays
        # put while points arrive; then it slides with the newest.
        x0 = max(xs[-1] - x_span, xs[0])
        x1 = x0 + x_span
    elif xs:
        x0, x1 = xs[0], xs[-1]
    else:
        x0, x1 = 0.0, float(x_span or 1)
    if x1 <= x0:
        x1 = x0 + 1
    k = pw / (x1 - x0)
    anchor, cache = x0, {}
    if memory.current is not None and memory.current[1:3] == (k, domain):
        anchor, _, _, cache = memory.current
    new_cache: dict = {}
    shift = r1((anchor - x0) * k)

    layers = []
    for i, (name, ys) in enumerate(series.items()):
        label = f"{name} " if len(series) > 1 else ""
        points = _render_series(
            cache, new_cache, i, label, xs, ys, anchor, k, domain, ph, kind == "area", fmt_x, fmt_y
        )
        layers.append(h.g(points, class_=series_class(i), key=name))
    memory.current = (anchor, k, domain, new_cache)

    step = nice_step(x1 - x0, max(2, int(pw // 90)))
    # Tick labels slide with the points; a bare <text> keeps the rare tick insert small.
    # 1.75em down: the first one is clear of the y axis' "0", centred on the axis line.
    x_ticks = [
        h.text(fmt_x(v), x=r1((v - anchor) * k), y=r1(ph), dy="1.75em", key=v)
        for v in ticks(x0, x1, step=step)
    ]
    clip = f"{chart_id}-clip"
    svg = h.svg(
        h.defs(
            # The plot, and all below it (clear of a line's stroke on the axis), where only the tick
            # labels go: one at either end ("0 s", centred on the first point) is drawn whole, at
            # any text size, while the lines stay in the plot. Percentages are of the viewBox.
            h.clipPath(
                h.rect(x="-6", y="-6", width=r2(pw + 12), height=r2(ph + 12)),
                h.rect(x="-100%", y=r2(ph + 4), width="300%", height="100%"),
                id=clip,
            ),
        ),
        h.g(
            y_axis(box, domain, format_y or format_tick, y_label),
            h.line(x1="0", x2=r2(pw), y1=r2(ph), y2=r2(ph), class_="pl-axis-line"),
            h.text(x_label, x=r2(pw / 2), y=r2(ph), dy="3.25em", text_anchor="middle", class_="pl-axis-label") if x_label else None,
            # One group slides every series and the x ticks: a new point moves one transform.
            h.g(
                h.g(
                    h.g(x_ticks, class_="pl-axis pl-axis-x"),
                    h.g(layers, class_=["pl-plot", show_points and "pl-plot--points"]),
                    transform=f"translate({shift} 0)",
                ),
                clip_path=f"url(#{clip})",
            ),
            transform=f"translate({r2(box.left)} {r2(box.top)})",
        ),
        viewBox=f"0 0 {r2(width)} {r2(height)}",
        role="img",
        aria_label=f"{title} ({kind} chart)",
        class_="pl-chart-svg",
        hook="Chart",  # keeps its text and margins one size however wide it is drawn (assets/components.js)
        data_margins=box.margins,
    )
    figure = h.figure(
        h.figcaption(title, class_="pl-chart-title"),
        svg,
        legend(list(series)),
        id=chart_id,
        class_=f"pl-chart pl-chart--{kind}",
    )
    # `id` is already the figure's: the clip path's id derives from it.
    return with_attributes(figure, class_, None, style, attrs)


@stock_component
def LineChart(
    data: Mapping[str, Sequence[float | None]] | Sequence[float | None],
    *,
    x: Sequence[float] | None = None,
    start: float = 0,
    x_span: float | None = None,
    y_min: float | None = None,
    y_max: float | None = None,
    width: float = 640,
    height: float = 260,
    title: str = "Line chart",
    x_label: str | None = None,
    y_label: str | None = None,
    format_x: Callable[[float], str] | None = None,
    format_y: Callable[[float], str] | None = None,
    show_points: bool = False,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A line chart of one series (a list) or several (`{name: values}`), as SVG.

        LineChart({"cpu": cpu, "mem": mem}, title="Load", y_min=0, y_max=100)

    The x values are `x`, or `start, start + 1, ...`. For a live chart in a sliding window, keep
    `start` the absolute index of the first value and fix `x_span` (e.g. `window - 1`) and the y
    domain: each new point then costs a patch of constant size. Hover a point to see its value;
    `None` values leave gaps. The SVG has `role="img"` and is named by `title`. `id` names the
    outer `<figure>` (its clip path is `{id}-clip`).
    """
    return _chart(
        "line", data, x=x, start=start, x_span=x_span, y_min=y_min, y_max=y_max, width=width,
        height=height, title=title, x_label=x_label, y_label=y_label, format_x=format_x,
        format_y=format_y, show_points=show_points, class_=class_, id=id, style=style, attrs=attrs,
    )


@stock_component
def AreaChart(
    data: Mapping[str, Sequence[float | None]] | Sequence[float | None],
    *,
    x: Sequence[float] | None = None,
    start: float = 0,
    x_span: float | None = None,
    y_min: float | None = None,
    y_max: float | None = None,
    width: float = 640,
    height: float = 260,
    title: str = "Area chart",
    x_label: str | None = None,
    y_label: str | None = None,
    format_x: Callable[[float], str] | None = None,
    format_y: Callable[[float], str] | None = None,
    show_points: bool = False,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A line chart filled down to the x axis; takes the same arguments as `LineChart`.

        AreaChart(requests_per_second, start=tick - len(requests_per_second) + 1, x_span=119, y_min=0, y_max=500)
    """
    return _chart(
        "area", data, x=x, start=start, x_span=x_span, y_min=y_min, y_max=y_max, width=width,
        height=height, title=title, x_label=x_label, y_label=y_label, format_x=format_x,
        format_y=format_y, show_points=show_points, class_=class_, id=id, style=style, attrs=attrs,
    )
