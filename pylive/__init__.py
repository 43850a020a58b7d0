"""pylive: real-time, server-rendered web UIs in plain Python.

    import pylive as pl
    from pylive import html as h

    @pl.component
    def Counter():
        count, set_count = pl.use_state(0)
        return h.button(f"Clicked {count} times", on_click=lambda: set_count(count + 1))

    app = pl.App(Counter, title="Counter")
"""

import sys

from pylive import html
from pylive.core import __version__
from pylive.core.async_result import AsyncResult, use_async
from pylive.core.boundary import ErrorBoundary
from pylive.core.commands import JS, js
from pylive.core.component import Component, component
from pylive.core.context import Context, create_context, use_context
from pylive.core.cookie import CookieSession, FlashMessage, clear_flash, flash, use_flash, use_session
from pylive.core.current import HookError
from pylive.core.element import ComponentElement, DuplicateKeyError, Element, Fragment, fragment, unsafe_html
from pylive.core.events import Event, EventHandler, event
from pylive.core.hooks import Ref, use_effect, use_interval, use_memo, use_push_event, use_reducer, use_ref, use_state
from pylive.core.navigation import ConfirmLeave, Link, Location, use_location, use_navigate, use_root_path
from pylive.core.stream import Stream, use_stream
from pylive.core.upload import Upload, UploadEntry, use_upload
from pylive.dev.run import run
from pylive.live import telemetry
from pylive.live.downloads import download
from pylive.live.session import Session
from pylive.live.static import render_to_string
from pylive.pubsub import broadcast, broadcast_nowait, use_presence, use_subscription
from pylive.server.app import App
from pylive.server.cookies import csrf_exempt

if "ipykernel" in sys.modules:
    # In a Jupyter kernel, a component element that ends a cell shows live (see pylive.notebook).
    from pylive.notebook.cells import register as _register_notebook

    _register_notebook()

__all__ = [
    "App",
    "AsyncResult",
    "Component",
    "ComponentElement",
    "ConfirmLeave",
    "Context",
    "CookieSession",
    "DuplicateKeyError",
    "Element",
    "ErrorBoundary",
    "Event",
    "EventHandler",
    "FlashMessage",
    "Fragment",
    "HookError",
    "JS",
    "Link",
    "Location",
    "Ref",
    "Session",
    "Stream",
    "Upload",
    "UploadEntry",
    "__version__",
    "broadcast",
    "broadcast_nowait",
    "clear_flash",
    "component",
    "create_context",
    "csrf_exempt",
    "download",
    "event",
    "flash",
    "fragment",
    "html",
    "js",
    "render_to_string",
    "run",
    "telemetry",
    "unsafe_html",
    "use_async",
    "use_context",
    "use_effect",
    "use_flash",
    "use_interval",
    "use_location",
    "use_memo",
    "use_navigate",
    "use_presence",
    "use_push_event",
    "use_reducer",
    "use_ref",
    "use_root_path",
    "use_session",
    "use_state",
    "use_stream",
    "use_subscription",
    "use_upload",
]
