"""A server in a subprocess of its own (the `pylive` command, or a script), asked for pages until it
answers, and stopped with SIGINT as Ctrl+C would; or an app served in this process by pl.run's
serving code (`InProcess`)."""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

from pylive.server.hypercorn import make_config, serve


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """`command` run in `cwd`, serving on 127.0.0.1:`port`; its output is kept for `stop()`."""

    def __init__(self, command: list[str], *, port: int, cwd: Path) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def get(self, path: str = "/") -> str:
        """The body at `path`, once the server answers (within 30 s, or the test fails with its output)."""
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.url + path, timeout=5) as response:
                    return response.read().decode()
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"the server did not answer: {self.stop()}") from None
                time.sleep(0.1)

    def stop(self) -> str:
        """Stop it (SIGINT, then a kill after 10 s); everything it printed."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        assert self.proc.stdout is not None
        return self.proc.stdout.read()


def start_logged(command: list[str], port: int, log: Path, *, env: dict[str, str], what: str) -> subprocess.Popen:
    """Run `command` with its output in the file `log`; returns once it listens on `port` (20 s at most)."""
    with open(log, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited: {log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not start")


class InProcess:
    """`app` served by pl.run's serving code in this process, on a free port, until the block ends."""

    def __init__(self, app: Any, **options: Any) -> None:
        self.app = app
        self.port = free_port()
        self.options = options
        self.stop = asyncio.Event()
        self.task: asyncio.Task | None = None

    async def __aenter__(self) -> "InProcess":
        config = make_config("127.0.0.1", self.port)
        config.errorlog = None
        self.task = asyncio.create_task(serve(self.app, config, shutdown_trigger=self.stop.wait, **self.options))
        for _ in range(500):
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", self.port)
            except OSError:
                await asyncio.sleep(0.01)
                continue
            writer.close()
            return self
        raise RuntimeError("hypercorn did not start")

    async def __aexit__(self, *exc) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, 10)

    async def get(self, path: str) -> str:
        url = f"http://127.0.0.1:{self.port}{path}"
        return await asyncio.to_thread(lambda: urllib.request.urlopen(url, timeout=10).read().decode())
