"""Scales and ticks: readable tick values (1, 2 or 5 times a power of ten) and their labels."""

from __future__ import annotations

import math


def nice_step(span: float, count: int = 5) -> float:
    """The step of about `count` ticks over `span`: 1, 2 or 5 times a power of ten."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def nice_bounds(low: float, high: float, count: int = 5) -> tuple[float, float]:
    """`[low, high]` widened to multiples of a nice step (a flat range gets some height)."""
    if low == high:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    step = nice_step(high - low, count)
    return math.floor(low / step) * step, math.ceil(high / step) * step


def ticks(low: float, high: float, count: int = 5, step: float | None = None) -> list[float]:
    """The multiples of a nice step (or `step`) that lie in `[low, high]`.

        ticks(0, 97)  # [0, 20, 40, 60, 80]
    """
    if step is None:
        step = nice_step(high - low, count)
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [round(i * step, 12) for i in range(first, last + 1)]


def format_tick(value: float) -> str:
    """A short label: `1.5k`, `2M`, `0.25`, `12`."""
    magnitude = abs(value)
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if magnitude >= limit:
            return f"{value / limit:.3g}{suffix}"
    if magnitude and magnitude < 0.01:
        return f"{value:.1e}"
    return f"{value:.3g}" if not float(value).is_integer() else str(int(value))


def scale(value: float, domain: tuple[float, float], range_: tuple[float, float]) -> float:
    """Map `value` from `domain` onto `range_` linearly."""
    d0, d1 = domain
    r0, r1 = range_
    if d1 == d0:
        return (r0 + r1) / 2
    return r0 + (value - d0) * (r1 - r0) / (d1 - d0)
