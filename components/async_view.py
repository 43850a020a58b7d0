"""AsyncView: the loading, error and loaded states of `pl.use_async` work, in one place."""

from __future__ import annotations

from typing import Any, Callable

import pylive as pl
from pylive import html as h

from .attributes import stock_component, with_attributes
from .buttons import Button
from .feedback import Alert, Spinner


@stock_component
def AsyncView(
    res: pl.AsyncResult,
    render: Callable[[Any], Any] | None = None,
    *,
    loading: Any = None,
    error: Any = None,
    retry_label: str = "Retry",
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """Show `pl.use_async` work: `loading` while it runs, `error` if it failed, else `render(res.value)`.

        res = pl.use_async(lambda: fetch_orders(customer), [customer])   # a plain function: a thread
        AsyncView(res, lambda orders: OrderTable(orders), loading=Spinner("Fetching orders…", show_label=True))

    `loading` defaults to a `Spinner`; `error` is a node, or a function of the exception returning
    one, and defaults to an `Alert` with the error's message and a button that runs the work again
    (`res.reload()`). Without `render`, the value is shown as text. The outer `<div>` is
    `aria-busy` while loading and takes `class_`, `id`, `style` and `data_*`/`aria_*` attributes.
    """
    if res.loading:
        body = loading if loading is not None else Spinner()
    elif res.error is not None:
        if error is None:
            body = Alert(
                h.p(str(res.error) or type(res.error).__name__),
                Button(retry_label, variant="secondary", size="sm", on_click=res.reload),
                tone="danger",
                title="Could not load",
            )
        else:
            body = error(res.error) if callable(error) else error
    else:
        body = render(res.value) if render is not None else ("" if res.value is None else str(res.value))
    view = h.div(body, class_="pl-async", aria_busy="true" if res.loading else None, aria_live="polite")
    return with_attributes(view, class_, id, style, attrs)
