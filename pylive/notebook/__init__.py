"""pylive in Jupyter: a component shown in an output cell is live, its state in the kernel.

    import pylive as pl
    from pylive import html as h

    @pl.component
    def Counter():
        count, set_count = pl.use_state(0)
        return h.button(f"Clicked {count} times", on_click=lambda: set_count(count + 1))

    Counter()                       # the last expression of a cell: shown live
    pylive.notebook.show(Counter()) # or anywhere in a cell

Events and updates travel over the kernel's comm channel (an anywidget), so no port is opened.
Each output has its own session; running a cell again replaces the sessions it showed before.
Needs the notebook extra: `pip install 'pylive[notebook]'`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pylive.core.component import Component
from pylive.notebook.cells import INSTALL_HINT, in_kernel, register, shown_by, widget_for

__all__ = ["INSTALL_HINT", "register", "show", "shown_by"]


def show(element: Any, *, head: Iterable[Any] = ()) -> None:
    """Display `element` (a component element, or any element) live in the current cell's output.

    `head` takes extra `<head>` content for the output's page, as `pl.App(head=...)` does (a hook's
    script). Returns nothing, so that a `show(...)` ending a cell is not displayed twice.

        pylive.notebook.show(Counter(start=3))
    """
    if isinstance(element, Component):
        name = element.__name__
        raise TypeError(f"show({name}) got the component itself; call it: show({name}())")
    if not in_kernel():
        raise RuntimeError(
            f"pylive.notebook.show({element!r}) needs a Jupyter kernel; outside a notebook, serve it as a page: "
            "pl.run(pl.App(...))"
        )
    from IPython.display import display

    display(widget_for(element, head=head))


register()
