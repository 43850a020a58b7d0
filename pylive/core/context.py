"""Contexts: values handed down a tree without passing them through every component's props."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pylive.core.element import Provider, flatten
from pylive.core.hooks import use_hook_slot

T = TypeVar("T")


class Context(Generic[T]):
    """Made by `create_context(default)`; `ctx.provide(value, *children)` provides it below."""

    __slots__ = ("default", "name")

    def __init__(self, default: T, name: str | None = None) -> None:
        self.default = default
        self.name = name

    def provide(self, value: T, *children: Any, key: Any = None) -> Provider:
        """A node that renders `children` with this context set to `value`."""
        return Provider(self, value, flatten(children), key)

    def __repr__(self) -> str:
        return f"<Context {self.name or hex(id(self))}>"


def create_context(default: T = None, name: str | None = None) -> Context[T]:
    """A new context whose value is `default` where no provider is above.

        Theme = pl.create_context("light")
        Theme.provide("dark", App())          # in a parent
        theme = pl.use_context(Theme)         # in any component below
    """
    return Context(default, name)


class _Consumer:
    """A context subscription: removes its instance from the provider's consumers on unmount."""

    __slots__ = ("kind", "provider", "inst")

    def __init__(self, provider: Any, inst: Any) -> None:
        self.kind = "use_context"
        self.provider = provider
        self.inst = inst
        if provider is not None:
            if provider.consumers is None:
                provider.consumers = set()
            provider.consumers.add(inst)

    def unmount(self) -> None:
        if self.provider is not None and self.provider.consumers is not None:
            self.provider.consumers.discard(self.inst)


def use_context(context: Context[T]) -> T:
    """The value of the nearest `context.provide(...)` above, or the context's default.

    The component re-renders when that value changes, even if its own props did not.
    """
    slot = use_hook_slot("use_context", lambda inst: _Consumer(inst.providers.get(context), inst))
    provider = slot.provider
    if provider is None:
        return context.default
    return provider.node.value
