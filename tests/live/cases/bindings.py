"""data-pl-on changes only when the bindings do, never because a handler is a new function."""
import pylive as pl
from pylive import html as h

steps = [
    (h.button("go", on_click=lambda: None), []),
    (h.button("go", on_click=pl.event(lambda: None, prevent_default=True)), [[1, 1, "data-pl-on", "click|p"]]),
    (h.button("go", on_click=pl.event(lambda: None, prevent_default=True), on_keydown=lambda e: None),
     [[1, 1, "data-pl-on", "click|p keydown"]]),
    (h.button("go"), [[2, 1, "data-pl-on"]]),
]
before = h.button("go", on_click=lambda: None)
html = '<button data-pl="1" data-pl-on="click">go</button>'
