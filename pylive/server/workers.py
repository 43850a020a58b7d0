"""Worker processes (`pylive run --workers N`): hypercorn's model, with pylive's own stop in each.

As with hypercorn's own runner, the parent binds the listening sockets and starts N processes that
import the app and serve those sockets. What differs is the stop: on SIGTERM or Ctrl+C each worker
closes its pages' sockets with 1012 and stores their sessions while it still serves (`App.drain`),
then stops; hypercorn's runner cut the sockets first (close code 1011, a `CancelledError`
traceback per page) and stored the sessions after. Each worker also prints pylive's log lines.
"""

from __future__ import annotations

import asyncio
import signal
from multiprocessing import get_context
from multiprocessing.connection import wait
from multiprocessing.synchronize import Event
from typing import Any

from hypercorn.asyncio.run import worker_serve
from hypercorn.config import Config, Sockets
from hypercorn.utils import load_application

from pylive.server.hypercorn import show_logs

#: Seconds the parent waits for a worker to finish its stop before it is terminated.
STOP_SECONDS = 10.0


def run_workers(config: Config) -> int:
    """Serve `config.application_path` in `config.workers` processes until SIGINT or SIGTERM (or a
    worker's end, which stops the others); returns the exit status (a failed worker's, else 0)."""
    sockets = config.create_sockets()
    context = get_context("spawn")
    stop = context.Event()
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    # Ignored before the workers start, so they inherit it: Ctrl+C reaches every process of the
    # terminal, and only the parent decides when to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    processes = [
        context.Process(target=work, kwargs={"config": config, "sockets": sockets, "stop": stop})
        for _ in range(config.workers)
    ]
    for process in processes:
        process.start()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    wait([process.sentinel for process in processes])
    stop.set()
    for process in processes:
        process.join(STOP_SECONDS)
        if process.is_alive():
            process.terminate()
            process.join()
    for sock in (*sockets.secure_sockets, *sockets.insecure_sockets):
        sock.close()
    for sig, handler in before.items():
        signal.signal(sig, handler)
    return next((p.exitcode for p in processes if p.exitcode), 0)


def work(config: Config, sockets: Sockets, stop: Event) -> None:
    """One worker process: import the app, serve the shared sockets until `stop` is set, drain."""
    show_logs()
    app = load_application(config.application_path, config.wsgi_max_body_size)
    asyncio.run(_serve(app, config, sockets, stop))


async def _serve(app: Any, config: Config, sockets: Sockets, stop: Event) -> None:
    async def stopping() -> None:
        while not stop.is_set():
            await asyncio.sleep(0.1)
        drain = getattr(getattr(app, "app", app), "drain", None)  # hypercorn wraps what it loads
        if drain is not None:
            await drain()  # pages told 1012 and sessions stored while the server still serves

    await worker_serve(app, config, sockets=sockets, shutdown_trigger=stopping)
