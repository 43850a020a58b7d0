"""Charts as Chromium draws them: tick labels at the ends of the x axis are drawn whole."""

from __future__ import annotations

from livepage import goto_live

import pylive as pl
from components import LineChart
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
