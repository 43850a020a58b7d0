"""Function components: the `@component` decorator, and running a component's function with its hooks."""

from __future__ import annotations

import contextlib
import functools
from typing import Any, Callable, Generic, Iterator, ParamSpec

from pylive.core import current
from pylive.core.element import (
    NODE_TYPES,
    ComponentElement,
    DuplicateKeyError,
    Element,
    fragment,
)

P = ParamSpec("P")


class Component(Generic[P]):
    """A function component; calling it returns a `ComponentElement` (see `component`)."""

    __slots__ = ("fn", "name", "__dict__")

    def __init__(self, fn: Callable[P, Any]) -> None:
        self.fn = fn
        self.name = getattr(fn, "__qualname__", getattr(fn, "__name__", repr(fn)))
        functools.update_wrapper(self, fn)

    def __call__(self, *args: Any, key: Any = None, **kwargs: Any) -> ComponentElement:
        return ComponentElement(self, args, kwargs, key)

    def replace_function(self, fn: Callable[P, Any]) -> None:
        """Render with `fn` from now on, keeping this component's identity (hot reload's seam):
        mounted instances keep their hook state and the reconciler sees the same component."""
        self.fn = fn
        self.name = getattr(fn, "__qualname__", self.name)
        functools.update_wrapper(self, fn)

    def __repr__(self) -> str:
        return f"<component {self.name}>"


# Set by `reusing_components` while hot reload re-imports an app's modules.
_reuse: Callable[[Callable[..., Any]], Component | None] | None = None


@contextlib.contextmanager
def reusing_components(reuse: Callable[[Callable[..., Any]], Component | None]) -> Iterator[None]:
    """While inside, `@component` first asks `reuse(fn)` for an existing component to return.

    Hot reload's seam: a re-imported module's `@pl.component def Counter` gives back the
    `Component` already mounted, whose function the reloader then swaps (`replace_function`).
    """
    global _reuse
    saved, _reuse = _reuse, reuse
    try:
        yield
    finally:
        _reuse = saved


def component(fn: Callable[P, Any]) -> Component[P]:
    """Turn a function returning an element tree into a component.

        @pl.component
        def Greeting(name: str):
            return h.p("Hello, ", name)

    `Greeting(name="Ada", key=...)` makes a lazy element; the function runs when it is rendered,
    and its hooks (`use_state`, `use_effect`, ...) keep their state while its identity (position
    or key among its siblings, and function) holds.
    """
    if _reuse is not None:
        existing = _reuse(fn)
        if existing is not None:
            return existing
    return Component(fn)


def normalize_output(value: Any, name: str) -> Any:
    """What a component returned, as one child node: None, str, an element, a fragment, ..."""
    if value is None or value is True or value is False:
        return None
    cls = value.__class__
    if cls is Element or cls is ComponentElement:
        return value
    if cls is str:
        return value or None
    if isinstance(value, NODE_TYPES):
        return value
    if isinstance(value, str):
        return str(value) or None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)) or hasattr(value, "__iter__"):
        return fragment(*value)
    raise TypeError(f"component {name} returned {type(value).__name__} {value!r}, not a node")


def call_component(host: current.HookHost) -> Any:
    """Run a mounted component's function with its hooks bound; returns its normalised output."""
    saved = current.begin(host)
    completed = False
    component = host.component  # type: ignore[attr-defined]
    try:
        out = component.fn(*host.args, **host.kwargs)  # type: ignore[attr-defined]
        completed = True
    except DuplicateKeyError as exc:
        raise DuplicateKeyError(f"{exc.args[0]} (in component {component.name})") from None
    finally:
        current.end(host, saved, completed)
    return normalize_output(out, component.name)
