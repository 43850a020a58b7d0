"""Function components: the `@component` decorator, and running a component's function with its hooks."""

from __future__ import annotations

import contextlib
import difflib
import functools
import inspect
from collections.abc import Hashable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any, Callable, Generic, Iterator, ParamSpec, overload

from pylive.core import current
from pylive.core.element import NODE_TYPES, ComponentElement, DuplicateKeyError, Element, TreeError, fragment

P = ParamSpec("P")


class Component(Generic[P]):
    """A function component; calling it returns a `ComponentElement` (see `component`).

    The call checks the props against the function's parameters, so that a misspelled or missing
    prop is a `TypeError` where the tree is built, naming the component and the fix. Type checkers
    see the same parameters (`P`): `Counter(start="three")` and `Counter(stat=3)` are errors in the
    editor too. A call with `key=` is typed loosely, as typing cannot add a keyword to `P`.
    """

    __slots__ = ("fn", "name", "_names", "_max_args", "_required", "_spec", "__dict__")

    def __init__(self, fn: Callable[P, Any]) -> None:
        self.fn = fn
        self.name = getattr(fn, "__qualname__", getattr(fn, "__name__", repr(fn)))
        functools.update_wrapper(self, fn)
        self._learn_parameters()

    def _learn_parameters(self) -> None:
        #: Keyword names the function takes (None: any, it has **kwargs); how many positional
        #: arguments (None: any, it has *args); and its required parameters with their positions.
        self._names: frozenset[str] | None = frozenset()
        self._max_args: int | None = 0
        self._required: tuple[tuple[int, str], ...] = ()
        self._spec: tuple = (None, None, frozenset())
        try:
            params = list(inspect.signature(self.fn).parameters.values())
        except (TypeError, ValueError):
            self._names = self._max_args = None
            self._required = ()
            self._spec = (None, None, frozenset())
            return
        names = []
        required = []
        positional = 0
        for p in params:
            if p.kind is p.VAR_KEYWORD:
                self._names = None
            elif p.kind is p.VAR_POSITIONAL:
                self._max_args = None
            else:
                if p.kind is not p.POSITIONAL_ONLY:
                    names.append(p.name)
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
                    if p.default is p.empty:
                        required.append((positional, p.name))
                    positional += 1
                elif p.default is p.empty:
                    required.append((-1, p.name))
        if self._names is not None:
            self._names = frozenset(names)
        if self._max_args is not None:
            self._max_args = positional
        self._required = tuple(required)
        self._spec = (self._names, self._max_args, frozenset(name for _, name in required))
        self.__signature__ = keyed_signature(params)

    def __get__(self, instance: object, owner: type | None = None) -> Component[P]:
        # A component is a routine to `inspect` and `help()` (which then show its parameters);
        # as a class attribute it stays itself, unbound.
        return self

    @overload
    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> ComponentElement: ...

    @overload
    def __call__(self, *args: Any, key: Hashable, **kwargs: Any) -> ComponentElement: ...

    def __call__(self, *args: Any, key: Any = None, **kwargs: Any) -> ComponentElement:  # type: ignore[misc]
        # One attribute load and C-level set checks: this runs for every element of every render.
        names, max_args, required = self._spec
        if (
            (names is not None and not names.issuperset(kwargs))
            or (max_args is not None and len(args) > max_args)
            or (required and not kwargs.keys() >= required)
        ):
            self._check(args, kwargs)
        return ComponentElement(self, args, kwargs, key)

    def _check(self, args: tuple, kwargs: dict[str, Any]) -> None:
        """Raise the TypeError that a call's props deserve (a required prop given by position is fine)."""
        if self._names is not None and not self._names.issuperset(kwargs):
            raise self._unexpected(kwargs)
        if self._max_args is not None and len(args) > self._max_args:
            raise TypeError(
                f"{self.name}() takes {self._max_args} positional props but was given {len(args)}: "
                "pass the others by name"
            )
        for index, name in self._required:
            if name not in kwargs and not 0 <= index < len(args):
                raise TypeError(f"{self.name}() is missing the prop {name!r}: pass {name}=...")

    def _unexpected(self, kwargs: dict[str, Any]) -> TypeError:
        known = sorted(self._names or ())
        wrong = next(name for name in kwargs if name not in (self._names or ()))
        close = difflib.get_close_matches(wrong, known, n=1)
        if close:
            hint = f"did you mean {close[0]!r}?"
        elif known:
            hint = f"it takes {', '.join(known)}"
        else:
            hint = "it takes no props"
        return TypeError(f"{self.name}() got an unexpected prop {wrong!r}: {hint}")

    def replace_function(self, fn: Callable[P, Any]) -> None:
        """Render with `fn` from now on, keeping this component's identity (hot reload's seam):
        mounted instances keep their hook state and the reconciler sees the same component."""
        self.fn = fn
        self.name = getattr(fn, "__qualname__", self.name)
        functools.update_wrapper(self, fn)
        self._learn_parameters()

    def __repr__(self) -> str:
        return f"<component {self.name}>"


def keyed_signature(params: list[inspect.Parameter]) -> inspect.Signature:
    """A component's signature as `help()` and IDEs show it: the function's, plus `key=None`."""
    if any(p.name == "key" for p in params):
        return inspect.Signature(params)
    key = inspect.Parameter("key", inspect.Parameter.KEYWORD_ONLY, default=None)
    at = next((i for i, p in enumerate(params) if p.kind is p.VAR_KEYWORD), len(params))
    return inspect.Signature([*params[:at], key, *params[at:]])


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
    if isinstance(value, (list, tuple)) or (
        hasattr(value, "__iter__") and not isinstance(value, (Mapping, AbstractSet, bytes, bytearray))
    ):
        return fragment(*value)
    raise TypeError(
        f"component {name} returned {type(value).__name__} {value!r:.60}: return an element, a string, "
        "a list of them, or None"
    )


def call_component(host: current.HookHost) -> Any:
    """Run a mounted component's function with its hooks bound; returns its normalised output."""
    saved = current.begin(host)
    completed = False
    component = host.component  # type: ignore[attr-defined]
    try:
        out = component.fn(*host.args, **host.kwargs)  # type: ignore[attr-defined]
        completed = True
    except (DuplicateKeyError, TreeError) as exc:
        # The traceback kept: the log names the app's line that built the tree wrong.
        named = exc.__class__(f"{exc.args[0]} (in component {component.name})")
        raise named.with_traceback(exc.__traceback__) from None
    finally:
        current.end(host, saved, completed)
    return normalize_output(out, component.name)
