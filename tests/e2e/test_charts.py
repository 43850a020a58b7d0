"""Charts as Chromium draws them: tick labels at the ends of the x axis are drawn whole."""

from __future__ import annotations

from livepage import goto_live

import pylive as pl
from components import AreaChart, BarChart, LineChart
from pylive import html as h

#: Each x tick label whose anchor lies in the plot, and whether one of the clip's rects holds all of it
#: (the clip is in the plot's space; the ticks slide inside it by their group's transform).
TICKS = """(id) => {
  const fig = document.getElementById(id);
  const rects = [...fig.querySelectorAll('clipPath rect')].map(r => [r.x.baseVal.value, r.y.baseVal.value,
    r.width.baseVal.value, r.height.baseVal.value]);
  const slide = fig.querySelector('.pl-axis-x').parentNode.transform.baseVal.consolidate();
  const dx = slide ? slide.matrix.e : 0;
  const plot = rects[0][0] + rects[0][2] - 6;
  return [...fig.querySelectorAll('.pl-axis-x text')]
    .filter(t => { const x = t.x.baseVal[0].value + dx; return x >= 0 && x <= plot; })
    .map(t => { const b = t.getBBox(); const x0 = b.x + dx, x1 = x0 + b.width;
      return [t.textContent, rects.some(([x, y, w, h]) => x0 >= x && x1 <= x + w && b.y >= y && b.y + b.height <= y + h)]; });
}"""


def seconds(v: float) -> str:
    return f"{v:g} s"


@pl.component
def Requests():
    series = {"requests": [3, 5, 2, 8, 6, 7, 4, 9, 5, 6]}
    return h.div(LineChart(series, start=0, x_span=9, y_min=0, format_x=seconds, title="Requests", id="rq"),
                 style={"width": 600})


async def test_the_first_and_last_tick_labels_are_not_cut_by_the_plots_clip(serve_app, new_page):
    # "0 s", centred on the first point, was cut to ") s" by a clip as narrow as the plot.
    server = serve_app(pl.App(Requests))
    page, errors = await new_page()
    await goto_live(page, server.url)
    ticks = await page.evaluate(TICKS, "rq")
    assert [label for label, _ in ticks][:1] == ["0 s"]
    assert all(whole for _, whole in ticks), ticks
    assert errors == []


#: Every pair of the chart's texts that overlap on screen, those that lie outside the SVG, and those
#: a clip cuts (not wholly in one of its rects, taken to the screen).
LAYOUT = """(id) => {
  const svg = document.getElementById(id).querySelector('svg');
  const edge = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent);
  const boxes = texts.map(t => [t.textContent, t.getBoundingClientRect()]);
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, p] = boxes[i], [b, q] = boxes[j];
    if (Math.max(p.left - q.right, q.left - p.right, p.top - q.bottom, q.top - p.bottom) < 0) overlaps.push([a, b]);
  }
  const outside = boxes.filter(([, r]) => r.left < edge.left - 0.5 || r.right > edge.right + 0.5
    || r.top < edge.top - 0.5 || r.bottom > edge.bottom + 0.5).map(([t]) => t);
  const clipped = [];
  const group = svg.querySelector('[clip-path]');
  if (group) {
    const m = group.getScreenCTM();
    const rects = [...svg.querySelectorAll('clipPath rect')].map(r => { const b = r.getBBox();
      const p = new DOMPoint(b.x, b.y).matrixTransform(m), q = new DOMPoint(b.x + b.width, b.y + b.height).matrixTransform(m);
      return [p.x, p.y, q.x, q.y]; });
    for (const t of group.querySelectorAll('text')) { const r = t.getBoundingClientRect();
      if (!rects.some(([x0, y0, x1, y1]) => r.left >= x0 - 0.5 && r.right <= x1 + 0.5 && r.top >= y0 - 0.5 && r.bottom <= y1 + 0.5))
        clipped.push(t.textContent); }
  }
  return {overlaps, outside, clipped};
}"""


@pl.component
def Axes():
    return h.div(
        LineChart({"cpu": [3, 50, 20, 80, 60, 70, 40, 90, 50, 60], "mem": list(range(10, 101, 10))}, start=0, x_span=9,
                  y_min=0, y_max=100, x_label="tick", y_label="percent", title="Line", id="line"),
        AreaChart([3, 5, 2, 8, 6, 7, 4, 9, 5, 6], start=0, x_span=59, y_min=0, y_max=100, format_x=seconds,
                  title="Area", id="area"),
        BarChart({"2025": [12, 19, 14, 22], "2026": [15, 21, 18, 27]}, labels=["Q1", "Q2", "Q3", "Q4"],
                 y_label="MWh", title="Bar", id="bar"),
        style={"padding": "16px"},
    )


async def test_axis_text_neither_overlaps_nor_is_cut_at_any_width(serve_app, new_page):
    # At 390 px the text (kept 11 px on screen) was twice its size in viewBox units while the margins
    # and offsets were not: the y axis' "0" touched the x axis' "0", the x title touched the ticks.
    server = serve_app(pl.App(Axes))
    page, errors = await new_page()
    await goto_live(page, server.url)
    for width in (320, 390, 768, 1280):
        await page.set_viewport_size({"width": width, "height": 900})
        await page.wait_for_timeout(100)  # the Chart hook refits on its ResizeObserver
        for chart in ("line", "area", "bar"):
            layout = await page.evaluate(LAYOUT, chart)
            assert layout == {"overlaps": [], "outside": [], "clipped": []}, f"{chart} at {width} px: {layout}"
    assert errors == []
