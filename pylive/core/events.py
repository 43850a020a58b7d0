"""What a browser event carries (`Event`), client-side modifiers (`event`), and how handlers are called."""

from __future__ import annotations

import inspect
from typing import Any, Callable, Sequence
from urllib.parse import quote

import attrs

from pylive.core.commands import JS


@attrs.frozen(slots=True)
class Event:
    """A browser event as the server receives it.

    `value` for inputs, selects and textareas; `checked` for checkboxes; `key` and the modifier flags
    for keyboard (and mouse) events; `form` (field name -> value) for `submit` and form-level `change`;
    `target_id` is the `id` attribute of the element the event happened on, if it has one;
    `payload` is what a JS hook's `pushEvent(name, payload)` sent; `data`, for `dragstart`, `drop`
    (and the other drag events), is the dragged element's `data-*` attributes by their names without
    the prefix (`data-item-id="7"` -> `{"item-id": "7"}`).
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
        )


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


_arity: dict[Any, bool] = {}


def wants_event(fn: Callable[..., Any]) -> bool:
    """Whether a handler takes the `Event`: exactly when it has a required positional parameter.

    `lambda e: ...` and `def on_click(event)` get it; `lambda: ...`, `lambda name=name: ...` and
    `def f(*args)` are called with no arguments.
    """
    while isinstance(fn, (EventHandler, JS)):
        fn = fn.fn if isinstance(fn, EventHandler) else fn.handler
        if fn is None:
            return False  # client commands only: nothing to call
    # Only plain functions are cached, by code object (the number of defaults is fixed by the code):
    # a partial or a callable object made per render would be kept alive forever, and a bound
    # method's code counts `self`.
    code = None if inspect.ismethod(fn) else getattr(fn, "__code__", None)
    wants = _arity.get(code) if code is not None else None
    if wants is None:
        try:
            params = inspect.signature(fn).parameters.values()
        except (TypeError, ValueError):
            wants = True
        else:
            wants = any(
                p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty for p in params
            )
        if code is not None:
            _arity[code] = wants
    return wants


def call_handler(fn: Callable[..., Any], ev: Event) -> Any:
    """Call a handler with the event if it takes one; returns what it returns (maybe a coroutine)."""
    return fn(ev) if wants_event(fn) else fn()
