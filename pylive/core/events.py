"""What a browser event carries (`Event`), client-side modifiers (`event`), and how handlers are called."""

from __future__ import annotations

import difflib
import inspect
import os
from typing import TYPE_CHECKING, Any, Callable, Sequence
from urllib.parse import quote

import attrs

from pylive.core.commands import JS


@attrs.frozen(slots=True)
class Event:
    """A browser event as the server receives it.

    `value` for inputs, selects and textareas (`values` too for a `<select multiple>`: every chosen
    option's value, where `value` is the first's); `checked` for checkboxes; `key` and the modifier flags
    for keyboard (and mouse) events; `form` (field name -> value) for `submit` and form-level `change`;
    `target_id` is the `id` attribute of the element the event happened on, if it has one;
    `payload` is what a JS hook's `pushEvent(name, payload)` sent; `data`, for `dragstart`, `drop`
    (and the other drag events), is the dragged element's `data-*` attributes by their names without
    the prefix (`data-item-id="7"` -> `{"item-id": "7"}`). For pointer, mouse, touch and wheel
    events (but `click`: take a click's place from `on_pointerdown`/`on_pointerup`), `x` and `y`
    are where the pointer is, in CSS pixels from the bound element's top left corner, and `width`
    and `height` that element's size: `e.x / e.width` is 0 at its left edge and 1 at its right.
    """

    type: str
    value: str | None = None
    checked: bool | None = None
    key: str | None = None
    alt: bool = False
    ctrl: bool = False
    shift: bool = False
    meta: bool = False
    form: dict[str, Any] | None = None
    target_id: str | None = None
    payload: Any = None
    data: dict[str, str] | None = None
    values: list[str] | None = None
    x: float | None = None
    y: float | None = None
    width: float | None = None
    height: float | None = None

    @classmethod
    def from_data(cls, type: str, data: dict[str, Any]) -> "Event":
        """The event of a checked frame's `data` object (docs/protocol.md, "Events")."""
        form = data.get("form")
        return cls(
            type=type,
            value=data.get("value"),
            checked=data.get("checked"),
            key=data.get("key"),
            alt=bool(data.get("alt")),
            ctrl=bool(data.get("ctrl")),
            shift=bool(data.get("shift")),
            meta=bool(data.get("meta")),
            form=dict(form) if form is not None else None,
            target_id=data.get("target_id"),
            payload=data.get("payload"),
            data=data.get("data"),
            values=data.get("values"),
            x=data.get("x"),
            y=data.get("y"),
            width=data.get("width"),
            height=data.get("height"),
        )

    if not TYPE_CHECKING:  # type checkers keep flagging unknown names as they do without it

        def __getattr__(self, name: str) -> Any:
            # Only for names the event lacks: React's event API, or a misspelling, said with the fix.
            fix = _REACT_EVENT.get(name)
            if fix is None:
                near = difflib.get_close_matches(name, _FIELDS, 1, 0.6)
                fields = ", ".join(_FIELDS)
                fix = f"did you mean e.{near[0]}?" if near else f"it carries {fields}"
            raise AttributeError(f"pl.Event has no {name!r}: {fix}")


_FIELDS = (
    "type", "value", "values", "checked", "key", "alt", "ctrl", "shift", "meta", "form", "target_id", "payload", "data",
    "x", "y", "width", "height",
)
_DEFAULT_FIX = "the browser acts before the server hears of the event: bind pl.event(handler, prevent_default=True)"
_REACT_EVENT = {
    "target": "the field's value is e.value, a checkbox's e.checked, the element's id e.target_id",
    "currentTarget": "the field's value is e.value, a checkbox's e.checked, the element's id e.target_id",
    "preventDefault": _DEFAULT_FIX,
    "prevent_default": _DEFAULT_FIX,
    "stopPropagation": "bind pl.event(handler, stop_propagation=True): the browser stops it before the server hears",
    "stop_propagation": "bind pl.event(handler, stop_propagation=True): the browser stops it before the server hears",
    "nativeEvent": "the server gets what the browser sent, in e's fields: " + ", ".join(_FIELDS),
}
_POINTER_FIX = "the pointer's position is e.x, e.y (CSS pixels from the bound element's top left), its size e.width, e.height"
_REACT_EVENT.update(dict.fromkeys(("clientX", "clientY", "offsetX", "offsetY", "pageX", "pageY", "screenX", "screenY"), _POINTER_FIX))


@attrs.frozen(slots=True, eq=False)
class EventHandler:
    """A handler with client-side modifiers, made by `pl.event(...)`."""

    fn: Callable[..., Any]
    prevent_default: bool = False
    stop_propagation: bool = False
    debounce: int | None = None
    throttle: int | None = None
    keys: tuple[str, ...] | None = None

    def __call__(self, *args: Any) -> Any:
        return self.fn(*args)

    def modifiers(self) -> str:
        """The binding's modifiers as they appear in `data-pl-on` (see docs/protocol.md)."""
        parts = []
        if self.prevent_default:
            parts.append("p")
        if self.stop_propagation:
            parts.append("s")
        if self.debounce is not None:
            parts.append(f"d{int(self.debounce)}")
        if self.throttle is not None:
            parts.append(f"t{int(self.throttle)}")
        if self.keys:
            parts.append("k=" + ",".join(quote(k, safe="") for k in self.keys))
        return "|".join(parts)


def event(
    handler: Callable[..., Any],
    prevent_default: bool = False,
    stop_propagation: bool = False,
    debounce: int | None = None,
    throttle: int | None = None,
    keys: Sequence[str] | None = None,
) -> EventHandler:
    """Wrap `handler` with client-side modifiers.

    `debounce`/`throttle` are milliseconds; `keys` lists the key names that fire it::

        h.input(on_keydown=pl.event(save, keys=["Enter"]), on_input=pl.event(search, debounce=300))
    """
    if isinstance(keys, str):
        keys = [keys]
    return EventHandler(
        handler,
        bool(prevent_default),
        bool(stop_propagation),
        debounce,
        throttle,
        tuple(keys) if keys else None,
    )


def encode_bindings(events: dict[str, Any]) -> str:
    """The `data-pl-on` value for an element's handlers: what the client must listen to, and how."""
    for handler in events.values():
        if isinstance(handler, (EventHandler, JS)):
            break
    else:
        return " ".join(events)  # plain functions (most handlers): their event names
    parts = []
    for name, handler in events.items():
        mods = handler.modifiers() if isinstance(handler, EventHandler) else ""
        commands = handler.fn if isinstance(handler, EventHandler) else handler
        if isinstance(commands, JS):
            # `l`: the browser keeps it (nothing to send); `j=`: the commands it runs first.
            local = "l|" if commands.handler is None else ""
            ops = commands.encode()
            mods = "|".join(m for m in (mods, f"{local}j={ops}" if ops else local[:-1]) if m)
        parts.append(f"{name}|{mods}" if mods else name)
    return " ".join(parts)


#: What a handler is called with, by code object: `_EVENT`, `_NOTHING`, or why it cannot be called.
_arity: dict[Any, Any] = {}
_EVENT, _NOTHING = True, False


def wants_event(fn: Callable[..., Any]) -> bool:
    """Whether a handler takes the `Event`: exactly when it has a required positional parameter.

    `lambda e: ...` and `def on_click(event)` get it; `lambda: ...`, `lambda name=name: ...` and
    `def f(*args)` are called with no arguments.
    """
    return _calling(fn) is not _NOTHING


def _calling(fn: Callable[..., Any]) -> Any:
    while isinstance(fn, (EventHandler, JS)):
        fn = fn.fn if isinstance(fn, EventHandler) else fn.handler
        if fn is None:
            return _NOTHING  # client commands only: nothing to call
    # Only plain functions are cached, by code object (the number of defaults is fixed by the code):
    # a partial or a callable object made per render would be kept alive forever, and a bound
    # method's code counts `self`.
    code = None if inspect.ismethod(fn) else getattr(fn, "__code__", None)
    verdict = _arity.get(code) if code is not None else None
    if verdict is None:
        verdict = _verdict(fn)
        if code is not None:
            _arity[code] = verdict
    return verdict


def _verdict(fn: Callable[..., Any]) -> Any:
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return _EVENT
    params = list(signature.parameters.values())
    required = [p.name for p in params if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty]
    if len(required) <= 1 and len(positional) == len(required):
        return _EVENT if positional else _NOTHING
    # It can be called with neither the event nor nothing: say why, in the app's terms.
    name = getattr(fn, "__qualname__", None) or type(fn).__name__
    code = getattr(fn, "__code__", None)
    where = f" (defined at {os.path.basename(code.co_filename)}:{code.co_firstlineno})" if code is not None else ""
    others = [n for n in required if not positional or n != positional[0].name]
    return (
        f"the handler {name}{signature} needs {' and '.join(required)}, but a handler is "
        f"called with the event or with nothing: give {' and '.join(others)} a default "
        f"(lambda e, {others[0]}={others[0]}: ...) or bind it with functools.partial{where}"
    )


def call_handler(fn: Callable[..., Any], ev: Event) -> Any:
    """Call a handler with the event if it takes one; returns what it returns (maybe a coroutine).

    A handler that cannot be called with one argument or none raises a `TypeError` that says so.
    """
    verdict = _calling(fn)
    if verdict is _EVENT:
        return fn(ev)
    if verdict is _NOTHING:
        return fn()
    raise TypeError(verdict)
