"""Client commands (`pl.js`), window events and drag data, for the browser tests."""

from __future__ import annotations

import json

import pylive as pl
from components import Button, Dropdown, Modal, open_modal
from pylive import html as h

from . import SECRET_KEY

PALETTE_KEYS = ["Control+k", "Meta+k"]


@pl.component
def Commands():
    restyled, set_restyled = pl.use_state(0)
    keys, set_keys = pl.use_state(())
    dragged, set_dragged = pl.use_state(None)
    dropped, set_dropped = pl.use_state(None)
    away, set_away = pl.use_state(0)

    def note(e):
        set_keys(lambda old: (*old, f"{e.type}:{e.key or ''}"))

    return h.div(
        h.button("menu", id="menu-btn", on_click=pl.js.toggle("#menu").toggle_class("open", to="#menu-btn")),
        h.ul(h.li("first"), h.li("second"), id="menu", hidden=True),
        h.button(
            "mark", id="mark", on_click=pl.js.add_class("marked", to="#panel").push(lambda: set_restyled(restyled + 1))
        ),
        h.button("restyle", id="restyle", on_click=lambda: set_restyled(restyled + 1)),
        h.div(f"restyled {restyled}", id="panel", class_=["panel", f"n-{restyled}"], style=f"order: {restyled}"),
        h.div(
            h.input(id="palette-input", placeholder="Type a command"),
            id="palette",
            hidden=True,
            on_window_keydown=pl.event(
                pl.js.show("#palette").focus("#palette-input"), keys=PALETTE_KEYS, prevent_default=True
            ),
        ),
        h.p(" ".join(keys), id="keys", on_window_keydown=pl.event(note, keys=["Escape"]), on_window_blur=note),
        h.ul(
            [
                h.li(
                    name,
                    draggable="true",
                    data_item_id=str(i),
                    id=f"item-{i}",
                    on_dragstart=lambda e: set_dragged(e.data),
                )
                for i, name in enumerate(["apple", "pear"])
            ],
            id="items",
        ),
        h.div("drop here", id="bin", style="padding: 30px", on_drop=lambda e: set_dropped(e.data)),
        h.pre(json.dumps([dragged, dropped]), id="drag-log"),
        h.button("pop", id="pop-btn", on_click=pl.js.show("#pop")),
        h.div(
            h.button("inside", id="pop-inside"),
            id="pop",
            hidden=True,
            on_click_away=pl.js.hide("#pop").push(lambda: set_away(lambda n: n + 1)),
        ),
        h.p(str(away), id="away"),
        Dropdown("Export", [("CSV", lambda: None)], id="export"),
        Button("help", id="help-btn", on_click=open_modal("help")),
        Modal(h.p("Keys"), Button("ok", id="help-ok"), id="help", title="Help"),
    )


def make_app() -> pl.App:
    return pl.App(Commands, title="Commands", secret_key=SECRET_KEY)
