"""Markdown in Chromium: a table too wide for a phone keeps its words whole and scrolls in its own box."""

from __future__ import annotations

from livepage import goto_live

import pylive as pl
from components import Markdown
from pylive import html as h

TEXT = """\
| Component | Keyboard | Notes |
|---|---|---|
| Tabs | ← → Home End | Automatic activation |
| Modal | Tab, Shift+Tab, Escape | Focus trapped inside |
"""

#: The words of the table's cells that are drawn on more than one line, and the table's box.
WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('.pl-markdown :is(th, td)')) {
    const text = cell.firstChild;
    let at = 0;
    for (const word of text.data.split(' ')) {
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + word.length);
      if (new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1) split.push(word);
      at += word.length + 1;
    }
  }
  const box = document.querySelector('.pl-markdown table').parentElement;
  return {split, scrolls: box.scrollWidth > box.clientWidth, overflow: box.scrollWidth > box.clientWidth && getComputedStyle(box).overflowX,
          focusable: box.tabIndex === 0, page: document.documentElement.scrollWidth <= innerWidth};
}"""


@pl.component
def Notes():
    return h.div(Markdown(TEXT), style={"padding": "16px", "max_width": "100%"})


async def test_a_wide_table_scrolls_in_its_box_with_its_words_whole(serve_app, new_page):
    # At 390 px "Component" was drawn "Componen/t": the text's overflow-wrap:anywhere shrank the columns.
    server = serve_app(pl.App(Notes))
    page, errors = await new_page()
    await page.set_viewport_size({"width": 320, "height": 700})
    await goto_live(page, server.url)
    look = await page.evaluate(WORDS)
    assert look == {"split": [], "scrolls": True, "overflow": "auto", "focusable": True, "page": True}
    assert errors == []
