"""Error boundaries: a part of the page that shows a fallback when a component inside it fails.

Without one, a component that fails to render keeps its last good output (or shows nothing, on its
first render) and the rest of the page goes on; with one, the whole part it wraps is replaced by
what the app chose to say, until it is reset.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pylive.core.component import component
from pylive.core.context import Context
from pylive.core.element import Element, element
from pylive.core.events import Event
from pylive.core.hooks import use_ref, use_state

#: The nearest boundary's catch function; the tree reads it where a component fails.
CATCH: Context[Callable[[BaseException], None] | None] = Context(None, "ErrorBoundary")


@component
def ErrorBoundary(
    *children: Any,
    fallback: Any = None,
    on_error: Callable[[BaseException], Any] | None = None,
    reset_keys: Any = (),
) -> Any:
    """Show `fallback` instead of `children` when a component among them fails to render or its
    effect fails (React's error boundary); the rest of the page goes on.

    `fallback` is what to show: an element, or a function of the error and a `reset` function
    (called with no arguments, it mounts the children afresh). Without one, a short notice with a
    "Try again" button. `on_error(error)` is called once per failure caught (to report it elsewhere:
    the log has it already). While the fallback shows, a change of `reset_keys` (a list of values)
    also mounts the children afresh: pass what the failure depended on, like the id the part shows.

        pl.ErrorBoundary(
            Chart(series_id),
            fallback=lambda error, reset: h.div(
                f"The chart failed: {error}", h.button("Retry", on_click=lambda e: reset()),
            ),
            reset_keys=[series_id],
        )

    A failure in an event handler is not a render failure: the handler's page gets the error, and
    the boundary keeps showing its children. A failure of the fallback itself goes to the boundary
    above.
    """
    failure = use_ref(None)  # (the error, the reset_keys it failed with), while the fallback shows
    _, bump = use_state(0)
    keys = tuple(reset_keys)
    if failure.current is not None and failure.current[1] != keys:
        failure.current = None  # what it depended on changed: try the children again

    def catch(error: BaseException) -> None:
        if failure.current is not None:
            return  # already showing the fallback: one failure is enough to say
        failure.current = (error, keys)
        bump(lambda n: n + 1)
        if on_error is not None:
            on_error(error)

    if failure.current is None:
        return CATCH.provide(catch, *children)

    def reset(_: Event | None = None) -> None:
        failure.current = None
        bump(lambda n: n + 1)

    error = failure.current[0]
    if fallback is None:
        return _notice(reset)
    if callable(fallback) and not isinstance(fallback, Element):
        return fallback(error, reset)
    return fallback


def _notice(reset: Callable[..., None]) -> Element:
    return element(
        "div",
        "This part of the page failed to show. ",
        element("button", "Try again", type="button", on_click=reset),
        role="alert",
        class_="pl-error-boundary",
    )
