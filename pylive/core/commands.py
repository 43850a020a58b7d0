"""Client commands (`pl.js`): DOM changes the browser makes itself, with no round trip to the server.

A `JS` value is a chain of operations (show, hide, toggle, classes, attributes, focus, dispatch) and, with
`.push(handler)`, a server handler to call as well. It is accepted wherever a handler is::

    h.button("Menu", on_click=pl.js.toggle("#menu").toggle_class("open", to="#menu-button"))
    h.button("Save", on_click=pl.js.add_class("saving", to="#form").push(save))

The operations travel in the element's `data-pl-on` binding (docs/protocol.md, "Client commands")
and the client runtime applies them when the event fires, before (and whether or not) anything is
sent. What a command set wins over later patches of the server until another command changes it.
"""

from __future__ import annotations

import json
from typing import Any, Callable
from urllib.parse import quote

import attrs

# What stays readable in the binding: everything but the binding's own separators and `%`.
_SAFE = "#.:[]()*>~+^$='\"/@!?{}<-_"


@attrs.frozen(slots=True)
class JS:
    """A chain of client commands, and optionally the server handler it also calls (`pl.js`).

    Each method returns a new `JS` with one more operation. A selector `sel`/`to` is a CSS selector
    matched in the whole document (every match changes); `None` means the element the binding is on.
    """

    ops: tuple[tuple[str, ...], ...] = ()
    handler: Callable[..., Any] | None = None

    def _then(self, *op: str | None) -> "JS":
        return JS((*self.ops, tuple("" if part is None else str(part) for part in op)), self.handler)

    def show(self, sel: str | None = None) -> "JS":
        """Make the element visible (removes `hidden` and an inline `display:none`)."""
        return self._then("show", sel)

    def hide(self, sel: str | None = None) -> "JS":
        """Hide the element (inline `display:none`)."""
        return self._then("hide", sel)

    def toggle(self, sel: str | None = None) -> "JS":
        """Show the element if it is hidden, hide it otherwise."""
        return self._then("toggle", sel)

    def add_class(self, cls: str, to: str | None = None) -> "JS":
        """Add the class (or the space-separated classes) `cls`."""
        return self._then("add_class", to, _classes(cls))

    def remove_class(self, cls: str, to: str | None = None) -> "JS":
        """Remove the class (or classes) `cls`."""
        return self._then("remove_class", to, _classes(cls))

    def toggle_class(self, cls: str, to: str | None = None) -> "JS":
        """Add each class of `cls` that is missing, remove each that is there."""
        return self._then("toggle_class", to, _classes(cls))

    def set_attr(self, name: str, value: str, to: str | None = None) -> "JS":
        """Set the attribute `name` to `value` (`aria-expanded`, `data-state`, ...)."""
        return self._then("set_attr", to, _attr(name), value)

    def toggle_attr(self, name: str, on: str = "true", off: str = "false", to: str | None = None) -> "JS":
        """Set the attribute `name` to `on`, or to `off` when it is `on` already (`aria-expanded`)."""
        return self._then("toggle_attr", to, _attr(name), on, off)

    def remove_attr(self, name: str, to: str | None = None) -> "JS":
        """Remove the attribute `name`."""
        return self._then("remove_attr", to, _attr(name))

    def focus(self, sel: str | None = None) -> "JS":
        """Move the keyboard focus to the element."""
        return self._then("focus", sel)

    def dispatch(self, event: str, to: str | None = None, detail: Any = None) -> "JS":
        """Fire the DOM event `event` on the element: a bubbling `CustomEvent` carrying `detail` (JSON),
        for a JS hook or a script to hear (`pl.js.dispatch("copy", to="#code")`); `"click"` clicks it,
        so a styled button can open a hidden file input. LiveView's `JS.dispatch`.
        """
        if not isinstance(event, str) or not event or event.strip() != event:
            raise TypeError(f"pl.js.dispatch() takes an event name, not {event!r}")
        try:
            payload = "" if detail is None else json.dumps(detail, allow_nan=False, separators=(",", ":"))
        except (TypeError, ValueError) as exc:
            raise TypeError(f"pl.js.dispatch({event!r}, detail=...) takes JSON (the browser reads it): {exc}") from None
        return self._then("dispatch", to, event, payload)

    def push(self, handler: Callable[..., Any]) -> "JS":
        """Also send the event to the server handler `handler` (after the commands ran in the browser)."""
        if not callable(handler):
            raise TypeError(f"pl.js.push() takes a handler (a function), not {type(handler).__name__}")
        return JS(self.ops, handler)

    def __call__(self, *args: Any) -> Any:
        """The server side of the binding: the pushed handler, if any (the commands ran in the browser)."""
        return self.handler(*args) if self.handler is not None else None

    def encode(self) -> str:
        """The operations as the binding modifier carries them: `toggle,#menu;add_class,#btn,open`."""
        return ";".join(",".join(quote(part, safe=_SAFE) for part in op) for op in self.ops)


def _classes(cls: str) -> str:
    names = cls.split() if isinstance(cls, str) else None
    if not names:
        raise TypeError(f"a pl.js class command takes a class name (or several, space-separated), not {cls!r}")
    return " ".join(names)


def _attr(name: str) -> str:
    if not isinstance(name, str) or not name or name.startswith("data-pl") or name[:2].lower() == "on":
        raise TypeError(
            f"pl.js cannot set the attribute {name!r}: event handlers and runtime attributes are not commands"
        )
    return name


#: The empty chain that every command starts from: `pl.js.toggle("#menu")`.
js = JS()

__all__ = ["JS", "js"]
