"""A to-do list: add, edit in place, complete, delete and filter, as a keyed list with live counts."""

from __future__ import annotations

import functools
import itertools
from typing import Any, Callable

import attrs

import pylive as pl
from pylive import html as h

#: The stylesheet, in every page's <head> through `pl.App(head=[STYLE])` below: a string there is trusted markup.
STYLE = (
    "<style>"
    ".todo{max-width:36rem;margin:1rem auto}"
    ".todo h1{font-weight:300;font-size:2.25rem;margin:.5rem 0}"
    ".todo form{display:flex;gap:.5rem}"
    ".todo input[type=text]{flex:1;min-width:0}"
    ".todo ul{list-style:none;padding:0;margin:1rem 0}"
    ".todo li{display:flex;gap:.5rem;align-items:center;padding:.4rem 0;border-bottom:1px solid var(--pl-border)}"
    ".todo li .title{flex:1;cursor:text;min-width:0}"
    ".todo li.done .title{text-decoration:line-through;color:var(--pl-muted)}"
    ".todo button{padding:.3rem .7rem}"
    ".todo li button{padding:.1rem .5rem}"
    ".todo .filters{display:flex;gap:.25rem}"
    ".todo .filters button[aria-pressed=true]{background:var(--pl-accent);border-color:var(--pl-accent);"
    "color:var(--pl-accent-fg)}"
    ".todo footer{display:flex;flex-wrap:wrap;gap:.5rem 1rem;justify-content:space-between;align-items:center;"
    "color:var(--pl-muted)}"
    "@media (max-width:30rem){.todo footer .filters{order:3;width:100%;justify-content:center}}"
    "</style>"
)

FILTERS = ("all", "active", "completed")
_ids = itertools.count(1)


@attrs.frozen(slots=True)
class Item:
    """One to-do: its stable id (the list key), title and whether it is done."""

    id: int
    title: str
    done: bool = False


def reducer(items: tuple[Item, ...], action: tuple[Any, ...]) -> tuple[Item, ...]:
    """The list's state changes: ("add", title), ("toggle", id), ("rename", id, title), ("delete", id), ("clear",)."""
    kind, *args = action
    if kind == "add":
        return (*items, Item(next(_ids), args[0]))
    if kind == "toggle":
        return tuple(attrs.evolve(i, done=not i.done) if i.id == args[0] else i for i in items)
    if kind == "rename":
        return tuple(attrs.evolve(i, title=args[1]) if i.id == args[0] else i for i in items)
    if kind == "delete":
        return tuple(i for i in items if i.id != args[0])
    if kind == "clear":
        return tuple(i for i in items if not i.done)
    raise ValueError(f"unknown action {kind!r}")


@pl.component
def TodoItem(item: Item, dispatch: Callable[[tuple[Any, ...]], None]) -> pl.Element:
    """One row: a checkbox, the title (double-click to edit; Enter saves, Escape cancels), delete."""
    editing, set_editing = pl.use_state(False)

    def save(e: pl.Event) -> None:
        title = (e.value or "").strip()
        if e.key == "Escape":
            set_editing(False)
            return
        dispatch(("rename", item.id, title) if title else ("delete", item.id))
        set_editing(False)

    if editing:
        body = h.input(
            type="text",
            value=item.title,
            class_="edit",
            aria_label="edit title",
            autofocus=True,
            on_keydown=pl.event(save, keys=["Enter", "Escape"]),
        )
    else:
        body = h.span(item.title, class_="title", on_dblclick=lambda: set_editing(True))
    return h.li(
        h.input(
            type="checkbox",
            class_="toggle",
            checked=item.done,
            aria_label="done",
            on_change=lambda: dispatch(("toggle", item.id)),
        ),
        body,
        h.button("×", class_="delete", aria_label="delete", on_click=lambda: dispatch(("delete", item.id))),
        class_=["item", item.done and "done"],
        data_id=str(item.id),
    )


@pl.component
def Todo(initial: tuple[str, ...] = ("Read the README", "Run the demos")) -> pl.Element:
    """The to-do app."""
    first = pl.use_memo(lambda: tuple(Item(next(_ids), title) for title in initial), [])
    items, dispatch = pl.use_reducer(reducer, first)
    filter_, set_filter = pl.use_state("all")
    draft, set_draft = pl.use_state("")

    def add(e: pl.Event) -> None:
        title = str((e.form or {}).get("title", draft)).strip()
        if title:
            dispatch(("add", title))
        set_draft("")

    shown = [i for i in items if filter_ == "all" or (i.done if filter_ == "completed" else not i.done)]
    left = sum(not i.done for i in items)
    return h.section(
        h.h1("todos"),
        h.form(
            h.input(type="text", name="title", id="new-title", placeholder="What needs doing?", value=draft,
                    autocomplete="off", aria_label="new to-do", on_input=lambda e: set_draft(e.value or "")),
            h.button("Add", type="submit", id="add"),
            id="new-todo",
            on_submit=add,
        ),
        h.ul([TodoItem(item=i, dispatch=dispatch, key=i.id) for i in shown], id="items"),
        h.footer(
            h.span(f"{left} item{'' if left == 1 else 's'} left", id="count"),
            h.div(
                [
                    h.button(f.capitalize(), id=f"filter-{f}", aria_pressed="true" if f == filter_ else "false",
                             on_click=functools.partial(set_filter, f))
                    for f in FILTERS
                ],
                class_="filters",
            ),
            h.button("Clear completed", id="clear", disabled=left == len(items), on_click=lambda: dispatch(("clear",))),
        ),
        class_="todo",
    )


app = pl.App(Todo, title="Todo", head=[STYLE])

if __name__ == "__main__":
    pl.run(app)
