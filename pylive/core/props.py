"""When a component's props are unchanged: equality that sees through a fresh lambda.

Idiomatic code makes a new handler for every row on every render
(`on_click=lambda e, id=row.id: select(id)`), so plain `==` never holds and every row renders
again. Here two functions are equal when they run the same code with equal captured values and
defaults (and, for bound methods, are bound to the same object): the component would behave the
same with either, so it need not render again. Other values compare with `==`; a value whose `==`
fails (a numpy array) counts as changed.
"""

from __future__ import annotations

import types
from typing import Any

from pylive.core.events import EventHandler

_FUNCTION = types.FunctionType
_METHOD = types.MethodType
# Functions that capture functions that capture functions...: past this depth, identity only.
_MAX_DEPTH = 4
# A render pass compares the same captured pair again and again (every row's lambda captures the
# same `select`, through the same cell of the render that made it), so captured functions'
# verdicts are kept, by the old cell, until `forget()` ends the pass. The cells and their contents
# are held, so an id cannot be reused while its verdict is kept, and a cell that was given a new
# value since is compared again.
_captured: dict[int, tuple[Any, Any, Any, Any, bool]] = {}
_CAPTURED_MAX = 512


def same_value(a: Any, b: Any, depth: int = 0) -> bool:
    """Whether a component would behave the same given `b` instead of `a`."""
    if a is b:
        return True
    cls = a.__class__
    if cls is b.__class__ and depth < _MAX_DEPTH:
        if cls is _FUNCTION:
            return _same_function(a, b, depth + 1)
        if cls is _METHOD:
            return a.__self__ is b.__self__ and same_value(a.__func__, b.__func__, depth + 1)
        if cls is EventHandler:
            return (
                a.prevent_default == b.prevent_default
                and a.stop_propagation == b.stop_propagation
                and a.debounce == b.debounce
                and a.throttle == b.throttle
                and a.keys == b.keys
                and same_value(a.fn, b.fn, depth + 1)
            )
    try:
        return bool(a == b)
    except Exception:
        return False


def _same_function(f: types.FunctionType, g: types.FunctionType, depth: int) -> bool:
    if f.__code__ is not g.__code__:
        return False
    da, db = f.__defaults__, g.__defaults__
    if da is not db:
        try:
            equal = da == db  # C speed first: defaults are mostly plain values (the row's id)
        except Exception:
            equal = False
        if not equal and not _same_all(da, db, depth):
            return False
    ka, kb = f.__kwdefaults__, g.__kwdefaults__
    if ka is not kb and not _plainly_equal(ka, kb) and not _same_mapping(ka or {}, kb or {}, depth):
        return False
    fc, gc = f.__closure__, g.__closure__
    if fc is None or gc is None:
        return fc is gc
    for x, y in zip(fc, gc):
        if x is y:
            continue
        try:
            a, b = x.cell_contents, y.cell_contents
        except ValueError:  # an empty cell (a name assigned later in the enclosing function)
            return False
        if a is b:
            continue
        if a.__class__ is _FUNCTION and b.__class__ is _FUNCTION:
            seen = _captured.get(id(x))
            if seen is not None and seen[1] is y and seen[2] is a and seen[3] is b:
                same = seen[4]
            else:
                same = same_value(a, b, depth)
                if len(_captured) < _CAPTURED_MAX:
                    _captured[id(x)] = (x, y, a, b, same)
        else:
            same = same_value(a, b, depth)
        if not same:
            return False
    return True


def _plainly_equal(a: Any, b: Any) -> bool:
    # C-speed `==` first: defaults are mostly plain values (the row's id).
    try:
        return bool(a == b)
    except Exception:
        return False


def forget() -> None:
    """End a render pass: drop the verdicts kept on captured functions (and the functions)."""
    _captured.clear()


def _same_all(a: tuple | None, b: tuple | None, depth: int) -> bool:
    if a is b:
        return True
    if a is None or b is None or len(a) != len(b):
        return False
    return all(x is y or same_value(x, y, depth) for x, y in zip(a, b))


def _same_mapping(a: dict, b: dict, depth: int) -> bool:
    if len(a) != len(b):
        return False
    for key, x in a.items():
        y = b.get(key, _MISSING)
        if x is y:
            continue
        cls = x.__class__
        if cls is y.__class__:
            if cls in _PLAIN:
                if x != y:
                    return False
                continue
            if cls is _FUNCTION and depth < _MAX_DEPTH:
                if not _same_function(x, y, depth + 1):
                    return False
                continue
        if y is _MISSING or not same_value(x, y, depth):
            return False
    return True


# Values whose `==` is plain equality (compared inline: most props).
_PLAIN = frozenset((str, int, float, bool, bytes, type(None)))


_MISSING = object()


def same_props(a: tuple | dict, b: tuple | dict) -> bool:
    """Whether two calls of a component got the same props (positional tuples, or keyword dicts)."""
    if a is b:
        return True
    try:
        if a == b:  # C speed for the common case: plain values, the same functions
            return True
    except Exception:
        pass  # a value whose == fails: compared one by one below
    if a.__class__ is dict:
        return b.__class__ is dict and _same_mapping(a, b, 0)  # type: ignore[arg-type]
    return _same_all(a, b, 0)  # type: ignore[arg-type]
