"""Function components: the `@component` decorator, lazy component elements, and mounted instances."""

from __future__ import annotations

import functools
from typing import Any, Callable, Generic, ParamSpec

import attrs

from .element import node_class, register_node_type

P = ParamSpec("P")


@node_class
@attrs.frozen(slots=True, eq=False, repr=False, init=False)
class ComponentElement:
    """A call of a component, not yet rendered: the function runs when the reconciler renders it."""

    component: "Component"
    args: tuple
    kwargs: dict[str, Any]
    key: Any = None

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if other.__class__ is not ComponentElement:
            return NotImplemented
        return (
            self.component is other.component  # type: ignore[attr-defined]
            and self.key == other.key  # type: ignore[attr-defined]
            and self.args == other.args  # type: ignore[attr-defined]
            and self.kwargs == other.kwargs  # type: ignore[attr-defined]
        )

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return f"<{self.component.name}{' key=' + repr(self.key) if self.key is not None else ''}>"


register_node_type(ComponentElement)


class Component(Generic[P]):
    """A function component; calling it returns a `ComponentElement` (see `component`)."""

    __slots__ = ("fn", "name", "__dict__")

    def __init__(self, fn: Callable[P, Any]) -> None:
        self.fn = fn
        self.name = getattr(fn, "__qualname__", getattr(fn, "__name__", repr(fn)))
        functools.update_wrapper(self, fn)

    def __call__(self, *args: Any, key: Any = None, **kwargs: Any) -> ComponentElement:
        return ComponentElement(self, args, kwargs, key)

    def __repr__(self) -> str:
        return f"<component {self.name}>"


def component(fn: Callable[P, Any]) -> Component[P]:
    """Turn a function returning an element tree into a component.

        @pl.component
        def Greeting(name: str):
            return h.p("Hello, ", name)

    `Greeting(name="Ada", key=...)` makes a lazy element; the function runs when it is rendered,
    and its hooks (`use_state`, `use_effect`, ...) keep their state while its identity (position
    or key among its siblings, and function) holds.
    """
    return Component(fn)
