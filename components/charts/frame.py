"""What every cartesian chart shares: the plot box, the y axis with grid lines, and the legend."""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

import attrs

from pylive import html as h

from .scale import format_tick, scale, ticks

#: How many series colours the stylesheet defines (`--pl-chart-1` ...).
PALETTE_SIZE = 6


@attrs.frozen(slots=True)
class Box:
    """A chart's drawing area: the whole SVG size and the margins around the plot.

    The margins hold the axes' text, which the Chart hook keeps 11 px on screen: they are pixels
    too (the hook widens the viewBox by them at the drawn width, see `margins`), and so only equal
    viewBox units when the chart is drawn at its `width`. Offsets of text from the plot are in em.
    """

    width: float
    height: float
    left: float = 48
    right: float = 16
    top: float = 12
    bottom: float = 28

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def margins(self) -> str:
        """The margins in pixels, CSS order (top right bottom left): the SVG's `data-margins`."""
        return " ".join(r2(m) for m in (self.top, self.right, self.bottom, self.left))


def r2(value: float) -> str:
    """A coordinate with at most two decimals, as short as it can be."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def series_class(index: int) -> str:
    """The class that colours the `index`-th series."""
    return f"pl-series pl-series-{index % PALETTE_SIZE + 1}"


def y_axis(box: Box, domain: tuple[float, float], fmt: Callable[[float], str] = format_tick, label: str | None = None) -> Any:
    """Horizontal grid lines and tick labels of a y domain, in plot coordinates."""
    ph, pw = box.plot_height, box.plot_width
    items = []
    for value in ticks(domain[0], domain[1]):
        y = r2(scale(value, domain, (ph, 0)))
        items.append(
            h.g(
                h.line(x1="0", x2=r2(pw), y1=y, y2=y, class_="pl-gridline"),
                h.text(fmt(value), x="-0.55em", y=y, dy="0.32em", text_anchor="end", class_="pl-tick"),
                key=value,
            )
        )
    if label:
        items.append(
            # Rotated, its y is the distance left of the plot: clear of tick labels of four characters.
            h.text(label, y="-3.3em", transform=f"translate(0 {r2(ph / 2)}) rotate(-90)",
                   text_anchor="middle", class_="pl-axis-label", key="label")
        )
    return h.g(items, class_="pl-axis pl-axis-y")


def legend(names: Sequence[str]) -> Any:
    """The series names with their colour swatches (HTML, under the chart)."""
    if len(names) < 2:
        return None
    return h.ul(
        [h.li(h.span(class_=["pl-swatch", series_class(i)], aria_hidden="true"), name, key=name)
         for i, name in enumerate(names)],
        class_="pl-legend",
    )


def as_series(data: Mapping[str, Sequence[Any]] | Sequence[Any], name: str) -> dict[str, Sequence[Any]]:
    """Chart data as `{series name: values}`: a bare sequence is one series called `name`."""
    if isinstance(data, Mapping):
        return dict(data)
    return {name: data}


def value_range(series: Mapping[str, Sequence[Any]]) -> tuple[float, float] | None:
    """The smallest and largest number over every series (`None` values skipped)."""
    low = high = None
    for values in series.values():
        for v in values:
            if v is None:
                continue
            if low is None or v < low:
                low = v
            if high is None or v > high:
                high = v
    return None if low is None else (float(low), float(high))
