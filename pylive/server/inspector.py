"""A read-only look inside one live session: its component tree and each component's hook state.

What `:observer` shows of a LiveView process, as plain data: the dashboard's inspector renders it.
Nothing here calls the app's code or changes the session; values are shown by a bounded `repr`.
"""

from __future__ import annotations

import reprlib
from typing import Any

from pylive.live.mounted import Instance, MountedElement, MountedFragment

#: At most this many components are listed (a page of 10,000 rows lists its first ones).
MAX_COMPONENTS = 400

_repr = reprlib.Repr()
_repr.maxstring = 80
_repr.maxother = 80
_repr.maxlist = _repr.maxtuple = _repr.maxdict = _repr.maxset = 8
_repr.maxlevel = 3


def show(value: Any) -> str:
    """`value` as a short, bounded repr (never the app's `__repr__` at length)."""
    try:
        return _repr.repr(value)
    except Exception as exc:  # a broken __repr__ of the app's must not break the dashboard
        return f"<unprintable {type(value).__name__}: {type(exc).__name__}>"


def hook_state(slot: Any) -> dict[str, str]:
    """One hook slot as `{"hook": its kind, "value": what it holds}`."""
    kind = getattr(slot, "kind", type(slot).__name__)
    if kind in ("use_state", "use_reducer", "use_memo", "use_callback"):
        value = show(getattr(slot, "value", None))
    elif kind == "use_ref":
        value = show(getattr(slot, "current", None))
    elif kind == "use_effect":
        value = f"deps {show(getattr(slot, 'deps', None))}"
    elif kind == "use_interval":
        value = f"every {getattr(slot, 'ms', None)} ms"
    else:
        value = type(slot).__name__
    return {"hook": kind, "value": value}


def component_tree(tree: Any, limit: int = MAX_COMPONENTS) -> list[dict[str, Any]]:
    """The mounted components of `tree`, depth first: `{"name", "depth", "key", "hooks": [...]}` each.

    `depth` counts components only (elements between them do not add to it).
    """
    out: list[dict[str, Any]] = []
    stack: list[tuple[Any, int]] = [(tree.root, 0)]
    while stack and len(out) < limit:
        slot, depth = stack.pop()
        cls = slot.__class__
        if cls is Instance:
            out.append(
                {
                    "name": slot.name,
                    "depth": depth,
                    "key": None if slot.key is None else show(slot.key),
                    "hooks": [hook_state(h) for h in slot.hooks],
                }
            )
            if slot.child is not None:
                stack.append((slot.child, depth + 1))
        elif cls is MountedElement or cls is MountedFragment:
            stack.extend((child, depth) for child in reversed(slot.children) if child.__class__ is not str)
    return out


__all__ = ["MAX_COMPONENTS", "component_tree", "hook_state", "show"]
