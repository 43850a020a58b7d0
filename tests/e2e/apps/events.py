"""Event bindings of every shape: focus/blur, mouseenter/leave, debounce, submit, SVG and table inserts."""

from __future__ import annotations

import asyncio
import json
import threading

import pylive as pl
from pylive import html as h

from . import SECRET_KEY


@pl.component
def Events():
    log, set_log = pl.use_state(())
    submitted, set_submitted = pl.use_state(None)
    searched, set_searched = pl.use_state(())
    dots, set_dots = pl.use_state(0)
    picked, set_picked = pl.use_state(("a",))
    code, set_code = pl.use_state("")
    pad, set_pad = pl.use_state("")

    def note(e):
        set_log(lambda old: (*old, e.type))

    return h.div(
        h.input(id="focusable", on_focus=note, on_blur=note),
        h.div(h.span("inside", id="hover-child"), id="hover", on_mouseenter=note, on_mouseleave=note,
              style="padding: 20px; background: #eee"),
        h.p(" ".join(log), id="log"),
        h.input(id="search", on_input=pl.event(lambda e: set_searched(lambda s: (*s, e.value)), debounce=1000)),
        h.p(json.dumps(searched), id="searched"),
        h.form(
            h.input(name="title", value="first"),
            h.input(type="checkbox", name="tag", value="a", checked=True),
            h.input(type="checkbox", name="tag", value="b", checked=True),
            h.input(type="checkbox", name="tag", value="c"),
            h.button("save", name="action", value="save", id="save"),
            id="form",
            on_submit=lambda e: set_submitted(e.form),
        ),
        h.pre(json.dumps(submitted, sort_keys=True), id="submitted"),
        h.button("add", id="add", on_click=lambda: set_dots(dots + 1)),
        h.svg([h.circle(cx=str(10 * i + 5), cy="5", r="4", class_="dot") for i in range(dots)], id="svg",
              width="200", height="10"),
        h.table(h.tbody([h.tr(h.td(str(i)), class_="line") for i in range(dots)], id="lines")),
        h.select(
            [h.option(name.upper(), value=name, selected=name in picked, key=name) for name in "abcd"],
            multiple=True, id="picks", on_change=lambda e: set_picked(tuple(e.values)),
        ),
        h.p(",".join(picked), id="picked"),
        h.input(id="digits", value=code, on_input=lambda e: set_code("".join(c for c in e.value if c.isdigit()))),
        h.div(
            h.span("pad", style="pointer-events: none"),
            id="pad",
            style="width: 200px; height: 100px; background: #ddd",
            on_pointerdown=lambda e: set_pad(f"{e.x:g},{e.y:g} of {e.width:g}x{e.height:g}"),
            on_click=lambda e: set_pad(pad + (" click" if e.x is None else f" click at {e.x:g}")),
        ),
        h.p(pad, id="pad-at"),
    )


def make_app() -> pl.App:
    return pl.App(Events, title="Events", secret_key=SECRET_KEY)


def make_throttled_app() -> tuple[pl.App, threading.Event]:
    """A range input throttled to one event per 2 s, whose handler answers once the event is set."""
    answer = threading.Event()

    @pl.component
    def Throttled():
        level, set_level = pl.use_state(0)

        async def move(e):
            await asyncio.to_thread(answer.wait, 10)
            set_level(int(e.value))

        return h.div(
            h.input(type="range", id="level", min=0, max=10, value=str(level), on_input=pl.event(move, throttle=2000)),
            h.output(str(level), id="level-shown"),
        )

    return pl.App(Throttled, title="Throttled", secret_key=SECRET_KEY), answer


def make_paced_app() -> pl.App:
    """A pad bound to every pointer move, on a server that takes 20 events a second."""

    @pl.component
    def Pad():
        moves, set_moves = pl.use_state(0)
        at, set_at = pl.use_state("")
        typed, set_typed = pl.use_state("")
        heard, set_heard = pl.use_state(0)

        def moved(e):
            set_moves(lambda n: n + 1)
            set_at(f"{e.x:g}")

        return h.div(
            h.div(id="pad", style="width: 400px; height: 60px; background: #ddd", on_pointermove=moved,
                  on_pointerup=lambda e: set_at(f"up at {e.x:g}")),
            h.p(at, id="at"),
            h.p(str(moves), id="moves"),
            # A field with a binding of its own in a form bound to input: each keystroke reaches both.
            h.form(
                h.input(id="name", name="name", on_input=lambda e: set_heard(lambda n: n + 1)),
                on_input=lambda e: set_typed(e.form["name"]),
            ),
            h.p(typed, id="typed"),
            h.p(str(heard), id="heard"),
        )

    return pl.App(Pad, title="Pad", secret_key=SECRET_KEY, max_events_per_second=20)
