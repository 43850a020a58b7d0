"""`pl.run`: serve an app with hypercorn, in this process or in several worker processes, or with hot reload.

The one module that chooses between serving and reloading.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
from typing import Any

from pylive.dev.ports import PortError, check_port
from pylive.dev.reload import run_app_with_reload
from pylive.pubsub import configure, warn_if_local
from pylive.server.hypercorn import application_path, limit_messages, make_config, serve, show_logs
from pylive.server.statestore import check_url
from pylive.server.workers import run_workers


def run(
    app: Any,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    reload: bool = False,
    workers: int = 1,
    pubsub: str | None = None,
    compression: bool = False,
    debug: bool | None = None,
    state: str | None = None,
) -> None:
    """Serve `app` with hypercorn at http://host:port until interrupted.

    With `workers > 1` each worker process imports the app and holds its own sessions: a load
    balancer must keep each page's WebSocket on the worker that rendered it (sticky routing) for
    resume to work; otherwise the page remounts on the worker it reaches. With `state`
    (`"redis://host:6379/0"`, or `PYLIVE_STATE`) every live session is kept in Redis as well, so a
    page resumes on any worker or machine, across deploys, with no sticky routing.

    `debug` (default: on with `reload`) shows the app's errors on the page with their traceback.
    A port that cannot be listened on ends the program with one sentence saying so (exit status 1).
    """
    show_logs()
    try:
        check_port(host, port, fix=f"pass another port: pl.run(app, port={port + 1 if port < 65535 else 8000})")
    except PortError as exc:
        # `python app.py` on a busy port: one sentence and exit status 1, not an OSError traceback.
        print(f"pylive: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(1) from None
    if debug is None:
        debug = reload or bool(getattr(app, "debug", False))
    if debug:
        os.environ["PYLIVE_DEBUG"] = "1"  # the app of each worker process reads it
    app.debug = debug
    if pubsub is not None:
        configure(pubsub)
    if state is not None:
        os.environ["PYLIVE_STATE"] = check_url(state)  # the app of each worker process reads it
    if reload:
        run_app_with_reload(app, host=host, port=port)
        return
    warn_if_local(workers)
    if workers < 1:
        raise ValueError("workers must be at least 1")
    config = make_config(host, port, workers=workers)
    shown = f"[{host}]" if ":" in host else host
    print(f"pylive: serving on http://{shown}:{port} (press Ctrl+C to stop)", flush=True)
    if workers == 1:
        try:
            asyncio.run(serve(app, config, compression=compression))
        except KeyboardInterrupt:
            pass
        if threading.current_thread() is threading.main_thread():
            # Stopped and exiting: a second Ctrl+C now would only print a traceback.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        return
    config.application_path = application_path(app)
    limit_messages(config, app)
    os.environ["PYLIVE_WS_COMPRESSION"] = "1" if compression else "0"
    status = run_workers(config)
    if status:
        raise SystemExit(status)
