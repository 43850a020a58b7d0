"""Ctrl+K palette, a menu run in the browser, a report loaded in a thread, a list to reorder.

Press Ctrl+K (or Cmd+K) anywhere: the palette opens with no round trip (a `pl.js` command bound
with `on_window_keydown`), filters its commands on the server as you type, and runs the one you
pick. The "Actions" menu and the "How it works" panel open and close in the browser too, so they
answer at once on a slow link and even while disconnected. The report is computed by a blocking
function that `pl.use_async` runs in a worker thread, shown by `AsyncView`; the task list is
reordered by dragging a row onto another (`Event.data` carries the dragged row's `data-*`), or
with each row's move up and move down buttons, by keyboard or a single tap (WCAG 2.5.7).
"""

from __future__ import annotations

import random
import time
from typing import Any, Callable

import pylive as pl
from components import AppShell, AsyncView, Badge, Button, Card, Disclosure, Dropdown, Modal, Spinner
from pylive import html as h

TASKS: tuple[str, ...] = ("Write the release notes", "Fix the login redirect", "Review the chart colours", "Answer the support queue",
         "Plan the Friday demo")

#: The stylesheet, in every page's <head> through `pl.App(head=[STYLE])` below: a string there is trusted markup.
STYLE = (
    "<style>"
    ".palette-demo{display:grid;gap:1.25rem;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));max-width:64rem}"
    ".palette-demo kbd{font:.8rem var(--pl-mono);padding:.1rem .35rem;border:1px solid var(--pl-border);"
    "border-radius:4px;background:var(--pl-surface-2)}"
    ".tasks{list-style:none;margin:0;padding:0}"
    ".tasks li{display:flex;align-items:center;gap:.5rem;padding:.55rem .6rem;margin:.3rem 0;cursor:grab;"
    "border:1px solid var(--pl-border);border-radius:var(--pl-radius-sm);background:var(--pl-surface)}"
    ".tasks li .grip{color:var(--pl-muted)}.tasks li .title{flex:1}"
    ".tasks li .pl-button{cursor:pointer;min-width:2rem}.tasks li .pl-button[aria-disabled=true]{opacity:.4;cursor:default}"
    ".commands{list-style:none;margin:.75rem 0 0;padding:0;max-height:16rem;overflow:auto}"
    ".commands button{width:100%;text-align:start;padding:.5rem .6rem;border:0;border-radius:var(--pl-radius-sm);"
    "background:none;color:var(--pl-fg);font:inherit;cursor:pointer}"
    ".commands button:hover,.commands button:focus-visible{background:var(--pl-surface-2);outline:none}"
    ".palette-input{width:100%;box-sizing:border-box;font:inherit;padding:.55rem .7rem;"
    "border:1px solid var(--pl-border-strong);border-radius:var(--pl-radius-sm)}"
    ".palette-demo .muted{color:var(--pl-muted);padding:.5rem .6rem}"
    ".report dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem;margin:0}"
    ".report dd{margin:0;font-weight:600}"
    "</style>"
)

#: The keys that open the palette, wherever the focus is (the page body included).
PALETTE_KEYS = ["Control+k", "Meta+k"]


def slow_report(seed: int) -> dict[str, str]:
    """A blocking computation (a slow query, say): `use_async` runs it in a worker thread."""
    time.sleep(0.6)
    rng = random.Random(seed)
    return {"Open tasks": str(rng.randint(3, 40)), "Done this week": str(rng.randint(10, 90)),
            "Median time to close": f"{rng.uniform(1, 9):.1f} days"}


def reorder(tasks: tuple[str, ...], moved: str, before: str) -> tuple[str, ...]:
    """`tasks` with `moved` placed just before `before` (unchanged if either is unknown or they are the same)."""
    if moved == before or moved not in tasks or before not in tasks:
        return tasks
    rest = [t for t in tasks if t != moved]
    rest.insert(rest.index(before), moved)
    return tuple(rest)


def shift(tasks: tuple[str, ...], task: str, by: int) -> tuple[str, ...]:
    """`tasks` with `task` moved `by` places (-1: up), unchanged if it is unknown or at that end."""
    if task not in tasks:
        return tasks
    i = tasks.index(task)
    j = i + by
    if not 0 <= j < len(tasks):
        return tasks
    rest = [t for t in tasks if t != task]
    rest.insert(j, task)
    return tuple(rest)


@pl.component
def Report(seed: int, on_refresh: Callable[[], None]) -> pl.ComponentElement:
    """The report card: loading, failed or loaded, by AsyncView."""
    res = pl.use_async(lambda: slow_report(seed), [seed])
    return Card(
        AsyncView(
            res,
            lambda rows: h.dl([(h.dt(k), h.dd(v)) for k, v in rows.items()]),
            loading=Spinner("Computing the report…"),
            id="report",
        ),
        title="Weekly report",
        actions=Button("Refresh", id="refresh", variant="secondary", size="sm", on_click=on_refresh),
        class_="report",
    )


@pl.component
def TaskList(
    tasks: tuple[str, ...], on_move: Callable[[str, str], None], on_shift: Callable[[str, int], None]
) -> pl.ComponentElement:
    """Tasks to drag onto one another (each row's `data-task` travels with the drag), or to move
    one place with its buttons: dragging must not be the only way (WCAG 2.5.7)."""

    def arrow(task: str, by: int, end: bool) -> Any:
        # aria-disabled, not disabled: the button a task was moved to its end with keeps the focus.
        return Button(
            "↑" if by < 0 else "↓",
            variant="ghost",
            size="sm",
            aria_label=f"Move {task} {'up' if by < 0 else 'down'}",
            aria_disabled="true" if end else None,
            on_click=lambda: on_shift(task, by),
        )

    return Card(
        h.ul(
            [
                h.li(
                    h.span("⠿", class_="grip", aria_hidden="true"),
                    h.span(task, class_="title"),
                    arrow(task, -1, i == 0),
                    arrow(task, 1, i == len(tasks) - 1),
                    key=task,
                    draggable="true",
                    data_task=task,
                    on_drop=lambda e, task=task: on_move(e.data.get("task", ""), task),
                )
                for i, task in enumerate(tasks)
            ],
            class_="tasks",
            id="tasks",
        ),
        title="Reorder the tasks",
    )


@pl.component
def Palette(commands: dict[str, Callable[..., Any]]) -> pl.ComponentElement:
    """The Ctrl+K palette: a Modal the browser opens; its filter and commands run on the server."""
    query, set_query = pl.use_state("")
    shown = [name for name in commands if query.lower() in name.lower()]
    return Modal(
        h.input(
            id="palette-input",
            class_="palette-input",
            placeholder="Type a command…",
            aria_label="Command",
            value=query,
            on_input=lambda e: set_query(e.value or ""),
        ),
        h.ul(
            [
                h.li(h.button(name, type="button", on_click=pl.js.hide("#palette").push(commands[name])), key=name)
                for name in shown
            ]
            or h.li("No command matches.", class_="muted"),
            class_="commands",
            id="palette-commands",
        ),
        id="palette",
        title="Commands",
        size="sm",
    )


@pl.component
def App() -> pl.ComponentElement:
    tasks, set_tasks = pl.use_state(TASKS)
    seed, set_seed = pl.use_state(1)
    ran, set_ran = pl.use_state("nothing yet")

    def run(name: str, action: Callable[[], None]) -> Callable[[], None]:
        def go() -> None:
            action()
            set_ran(name)

        return go

    commands = {
        "Refresh the report": run("Refresh the report", lambda: set_seed(lambda s: s + 1)),
        "Sort tasks A to Z": run("Sort tasks A to Z", lambda: set_tasks(lambda t: tuple(sorted(t)))),
        "Reverse the tasks": run("Reverse the tasks", lambda: set_tasks(lambda t: t[::-1])),
        "Reset the tasks": run("Reset the tasks", lambda: set_tasks(TASKS)),
    }
    return AppShell(
        h.div(
            Card(
                h.p("Press ", h.kbd("Ctrl"), " + ", h.kbd("K"), " anywhere to open the command palette."),
                h.p("Last command: ", h.strong(ran, id="ran")),
                Disclosure(
                    "How it works",
                    h.p("The palette, the Actions menu and this panel open with pl.js commands: the browser "
                        "does it, with no round trip. Picking a command runs it on the server."),
                    id="help",
                ),
                title="Command palette",
            ),
            Report(seed, on_refresh=lambda: set_seed(seed + 1)),
            TaskList(
                tasks,
                on_move=lambda moved, before: set_tasks(lambda t: reorder(t, moved, before)),
                on_shift=lambda task, by: set_tasks(lambda t: shift(t, task, by)),
            ),
            Palette(commands),
            class_="palette-demo",
            # Listening on the window: the keys work while the page body (or any field) has the focus.
            on_window_keydown=pl.event(
                pl.js.show("#palette").focus("#palette-input"), keys=PALETTE_KEYS, prevent_default=True
            ),
        ),
        title=(h.span("Palette"), Badge("pl.js", tone="info")),
        actions=Dropdown("Actions", list(commands.items()), align="end", id="actions"),
    )


app = pl.App(App, title="Command palette", head=[STYLE])

if __name__ == "__main__":
    pl.run(app)
