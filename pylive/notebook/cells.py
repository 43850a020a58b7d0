"""Which sessions each notebook cell shows, and the IPython hook that shows component elements.

A cell run again replaces what it showed the last time: the old sessions are unmounted (effects
cleaned up, timers stopped) and their widgets closed, so re-running a cell never leaves a stale
component ticking in the kernel. A cell is known by the `cellId` that JupyterLab and Notebook 7
put in each execute request's metadata; without one, nothing is replaced.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from pylive.core.element import ComponentElement

INSTALL_HINT = "pylive.notebook needs anywidget and ipykernel: pip install 'pylive[notebook]'"

_lock = threading.Lock()
#: cell id -> (the id of the execute request that showed them, the widgets it showed)
_shown: dict[str, tuple[str, list[Any]]] = {}


def _shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def in_kernel() -> bool:
    """Whether this code runs in a Jupyter kernel (where outputs can be live)."""
    return getattr(_shell(), "kernel", None) is not None


def _current_run() -> tuple[str | None, str | None]:
    """The running cell's id and its execute request's id (None outside a kernel or a cell)."""
    shell = _shell()
    kernel = getattr(shell, "kernel", None)
    if kernel is None:
        return None, None
    parent = kernel.get_parent() or {}
    cell = (parent.get("metadata") or {}).get("cellId")
    run = (parent.get("header") or {}).get("msg_id")
    return (cell if isinstance(cell, str) else None), run


def widget_for(element: Any, *, head: Iterable[Any] = ()) -> Any:
    """A new `LiveWidget` for `element`, replacing the sessions of this cell's previous run."""
    try:
        from pylive.notebook.widget import LiveWidget
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc
    cell, run = _current_run()
    stale: list[Any] = []
    if cell is not None:
        with _lock:
            previous = _shown.get(cell)
            if previous is not None and previous[0] != run:
                stale = previous[1]
                del _shown[cell]
    for widget in stale:
        widget.close()
    widget = LiveWidget(element, head=head)
    if cell is not None:
        with _lock:
            _shown.setdefault(cell, (run or "", []))[1].append(widget)
    return widget


def shown_by(cell: str) -> list[Any]:
    """The widgets the last run of cell `cell` showed (for tests and tools)."""
    with _lock:
        entry = _shown.get(cell)
        return list(entry[1]) if entry else []


def _mimebundle(element: Any, include: Any = None, exclude: Any = None) -> Any:
    return widget_for(element)._repr_mimebundle_()


def register() -> bool:
    """Make a component element that ends a cell show live (a no-op outside an IPython kernel).

    Returns whether the hook is in place.
    """
    if not in_kernel():
        return False
    _shell().display_formatter.mimebundle_formatter.for_type(ComponentElement, _mimebundle)
    return True
