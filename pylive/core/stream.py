"""Streams: a list the server does not keep (`pl.use_stream`), LiveView's `stream/4`.

A stream's items are rendered once, sent, and forgotten: the server keeps only the keys still in
the page, in page order (and the handlers of elements inside them). `insert`, `delete` and `reset`
queue changes here; the live layer (`pylive/live/streams.py`) applies them in the next render pass
with `plan`, a pure function of the keys in the page and the queued changes.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

import attrs

from pylive.core.current import HookHost, slot_for
from pylive.core.element import StreamView

INSERT = 0
DELETE = 1
RESET = 2


class Stream:
    """The handle `pl.use_stream` returns: the same object on every render of its component.

        items = pl.use_stream(key=lambda m: m["id"], limit=500)
        items.insert({"id": 7, "text": "hello"})         # appended (at=-1); at=0 prepends
        items.delete(7)
        items.reset(load_messages())
        return h.ul(items.view(lambda m: h.li(m["text"])))
    """

    __slots__ = ("kind", "inst", "key", "limit", "pending", "slot", "__weakref__")

    def __init__(self, inst: HookHost, key: Callable[[Any], Any], limit: int | None) -> None:
        self.kind = "use_stream"
        self.inst = inst
        self.key = key
        self.limit = limit
        #: Changes not yet applied to the page: (INSERT, item, at), (DELETE, key), (RESET, items).
        self.pending: list[tuple] = []
        #: The mounted view showing the stream (live layer), or None.
        self.slot: Any = None

    def insert(self, item: Any, at: int = -1) -> None:
        """Show `item` at list index `at` (negative counts from the end: -1 appends, 0 prepends).

        An item whose key is already shown replaces that item where it is.
        """
        if type(at) is not int:
            raise TypeError(f"{self._owner()}: a stream's insert(at=...) takes a list index (an int), not {at!r}")
        if self._elsewhere():
            return self.inst.tree.call_soon(self.insert, item, at)  # type: ignore[union-attr]
        self.pending.append((INSERT, item, at))
        self._changed()

    def delete(self, key: Any) -> None:
        """Remove the item with this key from the page (nothing happens if it is not shown)."""
        if self._elsewhere():
            return self.inst.tree.call_soon(self.delete, key)  # type: ignore[union-attr]
        self.pending.append((DELETE, key))
        self._changed()

    def reset(self, items: Iterable[Any] = ()) -> None:
        """Replace every item in the page with `items`, in their order (the limit applies)."""
        if self._elsewhere():
            return self.inst.tree.call_soon(self.reset, list(items))  # type: ignore[union-attr]
        self.pending = [(RESET, list(items))]  # what was queued before is replaced anyway
        self._changed()

    def view(self, render_item: Callable[[Any], Any]) -> StreamView:
        """The stream's items, each rendered by `render_item(item)` (one element each), as a child
        to place in a tree: `h.tbody(items.view(Row))`."""
        return StreamView(self, render_item)

    def __len__(self) -> int:
        """How many items the page shows (after the changes queued so far)."""
        keys = self.slot.keys if self.slot is not None else []
        return len(plan(keys, self.pending, self.key, self.limit).keys)

    def _elsewhere(self) -> bool:
        # Called from an app's worker thread: the change is handed to the loop that renders.
        tree = self.inst.tree
        return tree is not None and tree.thread is not None and tree.elsewhere()

    def _changed(self) -> None:
        if self.slot is not None:
            self.slot.changed()

    def _owner(self) -> str:
        return getattr(self.inst, "name", "a component")

    def unmount(self) -> None:
        self.pending = []
        self.slot = None


def use_stream(
    key: Callable[[Any], Any],
    limit: int | None = None,
    initial: Iterable[Any] | Callable[[], Iterable[Any]] | None = None,
) -> Stream:
    """A list shown in the page but not kept by the server: `items = pl.use_stream(key=lambda m: m.id)`.

    Place `items.view(render_item)` as a child; change it with `items.insert(item, at=-1)`,
    `items.delete(key)` and `items.reset(iterable)`. Each item is rendered once, sent, and
    forgotten: the server keeps only the keys of the items still in the page (and the handlers
    of elements inside them). `limit=N` keeps the last N items in the page, `limit=-N` the
    first N (the reverse of LiveView's sign: its `limit: -10` is `limit=10`). Components inside an
    item render once; their effects do not run.

    `initial` (items, or a function giving them, called once) fills it as the component mounts, so
    the first HTML shows them (LiveView's `stream/3` in `mount`); a page mounted afresh after a
    restart fills it again the same way:

        items = pl.use_stream(key=lambda m: m.id, limit=500, initial=lambda: db.latest(50))
    """
    if not callable(key):
        raise TypeError(f"use_stream(key=...) takes a function of an item giving its key, not {key!r}")
    if limit is not None and (type(limit) is not int or limit == 0):
        raise TypeError(f"use_stream(limit=...) takes a non-zero int (or None), not {limit!r}")
    inst, slot = slot_for("use_stream")
    if slot is None:
        slot = Stream(inst, key, limit)
        inst.hooks.append(slot)
        if initial is not None:
            items = initial() if callable(initial) else initial
            if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
                raise TypeError(
                    f"{inst.name} passed {type(items).__name__} {items!r:.40} as use_stream(initial=...): "
                    "pass the items (a list), or a function giving them"
                )
            slot.pending = [(RESET, list(items))]
    else:
        slot.key = key
        slot.limit = limit
    return slot


@attrs.frozen(slots=True)
class Plan:
    """What queued changes make of the page's keys: the new keys in order, the items to render
    for new places (`fresh`) and for kept places (`replaced`), and whether every old place went."""

    keys: list
    fresh: dict
    replaced: dict
    reset: bool


def plan(old: list, ops: list[tuple], key: Callable[[Any], Any], limit: int | None) -> Plan:
    """Apply `ops` to the keys `old` (as the page shows them), the limit after each insert.

    Items that an op later drops (a delete, the limit) are never rendered.
    """
    keys = list(old)
    shown = set(keys)
    fresh: dict = {}
    replaced: dict = {}
    reset = False
    for op in ops:
        kind = op[0]
        if kind == INSERT:
            item, at = op[1], op[2]
            k = key(item)
            if k in shown:
                if k in fresh:
                    fresh[k] = item
                else:
                    replaced[k] = item
                continue
            n = len(keys)
            i = n + 1 + at if at < 0 else at
            i = 0 if i < 0 else n if i > n else i
            keys.insert(i, k)
            shown.add(k)
            fresh[k] = item
            if limit is not None and len(keys) > abs(limit):
                gone = keys.pop(0) if limit > 0 else keys.pop()
                shown.discard(gone)
                fresh.pop(gone, None)
                replaced.pop(gone, None)
        elif kind == DELETE:
            k = op[1]
            if k in shown:
                keys.remove(k)
                shown.discard(k)
                fresh.pop(k, None)
                replaced.pop(k, None)
        else:
            items = op[1]
            reset = True
            if limit is not None:
                items = items[-limit:] if limit > 0 else items[: -limit]
            keys = []
            shown = set()
            fresh = {}
            replaced = {}
            for item in items:
                k = key(item)
                if k not in shown:
                    keys.append(k)
                    shown.add(k)
                fresh[k] = item
    return Plan(keys, fresh, replaced, reset)
