"""Rows built from a template (op 8) in Chromium: their node ids live on the elements, not in
`data-pl`, and events, patches and removals still reach the right row."""

from __future__ import annotations

from livepage import goto_live

import pylive as pl
from pylive import html as h

SECRET_KEY = "test-items"


@pl.component
def Row(id: int, selected: bool, on_pick, on_drop):
    return h.tr(
        h.td(str(id)),
        h.td(h.a(f"row {id}", class_="pick", on_click=on_pick)),
        h.td(h.a("x", class_="drop", on_click=on_drop)),
        class_="on" if selected else None,
        id=f"r{id}",
    )


@pl.component
def Table():
    rows, set_rows = pl.use_state((1, 2))
    picked, set_picked = pl.use_state(None)

    def add():
        set_rows(lambda old: old + tuple(range(old[-1] + 1, old[-1] + 5)) if old else (1, 2, 3, 4))

    return h.div(
        h.button("add", id="add", on_click=add),
        h.p(f"picked {picked}", id="picked"),
        h.table(
            h.tbody(
                [
                    Row(
                        id=r,
                        selected=r == picked,
                        on_pick=lambda r=r: set_picked(r),
                        on_drop=lambda r=r: set_rows(lambda old: tuple(x for x in old if x != r)),
                        key=r,
                    )
                    for r in rows
                ],
                id="body",
            )
        ),
    )


IDS = "[...document.querySelectorAll('#body tr')].map(tr => tr.id).join()"


async def test_template_rows_carry_no_id_attribute_and_take_events_patches_and_removals(serve_app, new_page):
    server = serve_app(pl.App(Table, title="Items", secret_key=SECRET_KEY))
    page, errors = await new_page()
    await goto_live(page, server.url)
    assert await page.get_attribute("#r1", "data-pl")  # the first page is HTML: ids in attributes

    await page.click("#add")  # four rows of one shape: one op 8
    await page.wait_for_function(f"{IDS} === 'r1,r2,r3,r4,r5,r6'")
    for row in ("#r3", "#r6", "#r6 a.pick"):
        assert await page.get_attribute(row, "data-pl") is None

    # An event from a cloned element names its node, and a patch finds the row by its id.
    await page.click("#r5 a.pick")
    await page.wait_for_function("document.querySelector('#picked').textContent === 'picked 5'")
    await page.wait_for_function("document.querySelector('#r5').className === 'on'")

    # Removing a cloned row forgets its ids; its neighbours still answer.
    await page.click("#r4 a.drop")
    await page.wait_for_function(f"{IDS} === 'r1,r2,r3,r5,r6'")
    await page.click("#r6 a.pick")
    await page.wait_for_function("document.querySelector('#picked').textContent === 'picked 6'")
    assert await page.get_attribute("#r6", "class") == "on"
    assert await page.get_attribute("#r5", "class") is None

    # Rows cloned later take ids past the earlier ones.
    await page.click("#add")
    await page.wait_for_function(f"{IDS} === 'r1,r2,r3,r5,r6,r7,r8,r9,r10'")
    await page.click("#r9 a.pick")
    await page.wait_for_function("document.querySelector('#picked').textContent === 'picked 9'")
    assert errors == []
