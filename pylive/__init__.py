"""pylive: real-time, server-rendered web UIs in plain Python.

    import pylive as pl
    from pylive import html as h

    @pl.component
    def Counter():
        count, set_count = pl.use_state(0)
        return h.button(f"Clicked {count} times", on_click=lambda: set_count(count + 1))

    app = pl.App(Counter, title="Counter")
"""

from . import html
from .app import App
from .component import Component, ComponentElement, component
from .context import Context, create_context, use_context
from .element import DuplicateKeyError, Element, Fragment, fragment, unsafe_html
from .events import Event, EventHandler, event
from .hooks import (
    HookError,
    Ref,
    use_effect,
    use_interval,
    use_memo,
    use_push_event,
    use_reducer,
    use_ref,
    use_state,
)
from .navigation import Link, Location, use_location, use_navigate
from .presence import use_presence
from .pubsub import broadcast, broadcast_nowait, use_subscription
from .render import render_to_string
from .runner import run
from .session import Session

__version__ = "0.1.0"

__all__ = [
    "App",
    "Component",
    "ComponentElement",
    "Context",
    "DuplicateKeyError",
    "Element",
    "Event",
    "EventHandler",
    "Fragment",
    "HookError",
    "Link",
    "Location",
    "Ref",
    "Session",
    "__version__",
    "broadcast",
    "broadcast_nowait",
    "component",
    "create_context",
    "event",
    "fragment",
    "html",
    "render_to_string",
    "run",
    "unsafe_html",
    "use_context",
    "use_effect",
    "use_interval",
    "use_location",
    "use_memo",
    "use_navigate",
    "use_presence",
    "use_push_event",
    "use_reducer",
    "use_ref",
    "use_state",
    "use_subscription",
]
