"""Whether a port can be listened on, asked before serving so that a busy port is one sentence.

    check_port("127.0.0.1", 8000)   # PortError("port 8000 on 127.0.0.1 is already in use: ...")
"""

from __future__ import annotations

import errno
import socket


class PortError(Exception):
    """The server cannot listen on the address asked for; the message says why and what to do."""


def check_port(host: str, port: int, *, fix: str = "pass --port with another port") -> None:
    """Raise `PortError` when `host:port` cannot be listened on (taken, not allowed, no such address).

    `fix` ends the sentence for a busy port: the CLI's `--port`, or `pl.run(app, port=...)`.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        infos = socket.getaddrinfo(host, port, family, socket.SOCK_STREAM)
    except socket.gaierror:
        raise PortError(f"cannot listen on host {host!r}: no such address") from None
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As the server's own socket does, so that connections still closing do not count as "in use".
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(infos[0][4])
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortError(f"port {port} on {host} is already in use: stop what is using it, or {fix}") from None
            if exc.errno == errno.EACCES:
                raise PortError(f"not allowed to listen on port {port}: use a port above 1023") from None
            raise PortError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
