"""The smallest app: a number and two buttons, its state on the server."""

import pylive as pl
from pylive import html as h

#: The stylesheet, in every page's <head> through `pl.App(head=[STYLE])` below: a string there is trusted markup.
STYLE = (
    "<style>"
    ".counter{font-size:2rem;display:flex;gap:1.5rem;align-items:center;justify-content:center;"
    "padding:clamp(2rem,12vh,8rem) 0}"
    ".counter button{font:inherit;width:5rem;height:5rem;border-radius:50%;cursor:pointer;"
    "border:1px solid var(--pl-border-strong);background:var(--pl-surface);color:var(--pl-fg)}"
    ".counter button:hover{border-color:var(--pl-accent);color:var(--pl-accent)}"
    ".counter output{min-width:3ch;text-align:center;font-size:5rem;font-variant-numeric:tabular-nums}"
    "@media (max-width:30rem){.counter{gap:.75rem;font-size:1.5rem}.counter output{font-size:3.5rem}"
    ".counter button{width:3.5rem;height:3.5rem}}"
    "</style>"
)


@pl.component
def Counter(start: int = 0) -> pl.Element:
    """A counter: `-` and `+` change the number shown between them."""
    count, set_count = pl.use_state(start)
    return h.div(
        h.span("Count", id="label"),
        h.button("-", id="dec", aria_label="decrement", on_click=lambda: set_count(lambda c: c - 1)),
        h.output(str(count), id="value"),
        h.button("+", id="inc", aria_label="increment", on_click=lambda: set_count(lambda c: c + 1)),
        class_="counter",
    )


app = pl.App(Counter, title="Counter", head=[STYLE])

if __name__ == "__main__":
    pl.run(app)
