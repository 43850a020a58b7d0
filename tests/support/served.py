"""A server in a subprocess of its own (the `pylive` command, or a script), asked for pages until it
answers, and stopped with SIGINT as Ctrl+C would."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path


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
