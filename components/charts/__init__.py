"""Charts rendered on the server as SVG, with no JavaScript library: LineChart, AreaChart,
BarChart, Sparkline and Gauge, plus the tick helpers they share."""

from .bar import BarChart
from .gauge import Gauge
from .line import AreaChart, LineChart
from .scale import format_tick, nice_bounds, nice_step, ticks
from .sparkline import Sparkline

__all__ = [
    "AreaChart",
    "BarChart",
    "Gauge",
    "LineChart",
    "Sparkline",
    "format_tick",
    "nice_bounds",
    "nice_step",
    "ticks",
]
