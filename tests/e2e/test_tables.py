"""DataTable in Chromium: its scroll box ends on a row's edge whatever the rows' height, under a
header that stays put."""

from __future__ import annotations

from livepage import goto_live

import pylive as pl
from components import Column, DataTable
from pylive import html as h

#: The rows the scroll box cuts at its bottom edge (part shown, part hidden), and the header's top
#: against the box's, both after scrolling the box by `scroll` px.
CUT = """([id, scroll]) => {
  const box = document.querySelector(`#${id} .pl-table-scroll`);
  box.scrollTop = scroll;
  const r = box.getBoundingClientRect();
  const top = r.top + box.clientTop, bottom = top + box.clientHeight;
  const cut = [...box.querySelectorAll('tbody tr')].filter(row => { const b = row.getBoundingClientRect();
    return b.top < bottom - 0.5 && b.bottom > bottom + 0.5; }).map(row => row.textContent);
  return {cut, header: Math.round(box.querySelector('thead th').getBoundingClientRect().top - top),
          scrolls: box.scrollHeight > box.clientHeight};
}"""

COLUMNS = [Column("id", "#", align="end"), Column("name", "Name"), Column("note", "Note")]
ROWS = [{"id": i, "name": f"Sensor {i}", "note": f"Reading {i * 7 % 13}"} for i in range(1, 41)]


def tall(value, row):
    return h.div(value, h.br(), "second line", style={"white_space": "normal"})


@pl.component
def Tables():
    return h.div(
        DataTable(COLUMNS, rows=ROWS, id="plain"),
        DataTable(COLUMNS, rows=ROWS, selectable=True, caption="Sensors", id="captioned"),
        DataTable([*COLUMNS[:2], Column("note", "Note", render=tall)], rows=ROWS, id="tall", max_height="20rem"),
        style={"padding": "16px"},
    )


async def test_the_scroll_box_ends_on_a_rows_edge_at_any_row_height(serve_app, new_page):
    # The default 28rem showed the last row on screen cut in half.
    server = serve_app(pl.App(Tables))
    page, errors = await new_page()
    for width in (390, 1280):
        await page.set_viewport_size({"width": width, "height": 844})
        await goto_live(page, server.url)
        await page.wait_for_timeout(100)
        for table in ("plain", "captioned", "tall"):
            at_rest = await page.evaluate(CUT, [table, 0])
            assert at_rest["scrolls"] and at_rest["cut"] == [], f"{table} at {width} px: {at_rest}"
            scrolled = await page.evaluate(CUT, [table, 200])
            assert scrolled["header"] == 0, f"{table} at {width} px: the header scrolled away"
    assert errors == []
