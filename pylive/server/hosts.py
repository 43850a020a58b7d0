"""Which `Host` an app answers to, and whether a handshake's `Origin` is the page's own.

A browser tricked by DNS rebinding sends the attacker's name as `Host` to a server on the user's
machine or network; the page it then loads is same-origin with the attacker's, and so is its
socket, so the `Origin` check alone does not stop it. Refusing names the app does not serve does.

Without `allowed_hosts`, an app answers to the names of this machine (`localhost`, `*.localhost`)
and to any IP address: a rebinding attack always comes with a name (the attacker's), never with an
address, so this is safe and needs no setting on a developer's machine or behind an address. A
deployment reached by name lists its names (`allowed_hosts=["example.com"]`, or the environment
variable `PYLIVE_ALLOWED_HOSTS=example.com,www.example.com`).
"""

from __future__ import annotations

import ipaddress
import os
import re
from typing import Iterable

#: The environment variable read when `allowed_hosts` is not given: names separated by commas.
ENV_ALLOWED_HOSTS = "PYLIVE_ALLOWED_HOSTS"

_NAME = re.compile(r"(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\Z")


def split_host(header: str | None) -> tuple[str, int | None] | None:
    """The name (or address) and port of a `Host` header (or an origin's `host:port`): the name
    lowercased, without a trailing dot, an IPv6 address without brackets; None when malformed."""
    if not header:
        return None
    header = header.strip().lower()
    if header.startswith("["):
        address, bracket, rest = header[1:].partition("]")
        if not bracket or (rest and not re.fullmatch(r":\d{1,5}", rest)):
            return None
        try:
            return str(ipaddress.IPv6Address(address)), int(rest[1:]) if rest else None
        except ValueError:
            return None
    name, colon, port = header.partition(":")
    if colon and not re.fullmatch(r"\d{1,5}", port):
        return None
    name = name.rstrip(".")
    return (name, int(port) if colon else None) if _NAME.match(name) else None


def host_name(header: str | None) -> str | None:
    """The name a `Host` header names (see `split_host`), or None when it is missing or malformed."""
    parts = split_host(header)
    return parts[0] if parts is not None else None


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _is_local_name(name: str) -> bool:
    # Browsers resolve `localhost` and every `*.localhost` to the loopback address themselves.
    return name == "localhost" or name.endswith(".localhost")


class AllowedHosts:
    """The `Host` names an app answers to.

    `patterns` are names (`example.com`), subdomain wildcards (`*.example.com`: any name under it,
    not `example.com` itself) or `*` (any host). None reads `PYLIVE_ALLOWED_HOSTS`; when that is not
    set either, local names and IP addresses are allowed (see the module's docstring).
    """

    __slots__ = ("any", "names", "suffixes", "local_only")

    def __init__(self, patterns: Iterable[str] | None = None) -> None:
        if patterns is None:
            env = os.environ.get(ENV_ALLOWED_HOSTS, "").strip()
            patterns = [p for p in (part.strip() for part in env.split(",")) if p] if env else None
        #: True when unset: local names and IP addresses only.
        self.local_only = patterns is None
        self.any = False
        self.names: set[str] = set()
        self.suffixes: tuple[str, ...] = ()
        suffixes = []
        for pattern in patterns or ():
            if not isinstance(pattern, str):
                raise TypeError(f"allowed_hosts holds host names, not {type(pattern).__name__}")
            clean = pattern.strip().lower().rstrip(".")
            if clean == "*":
                self.any = True
            elif clean.startswith("[") and host_name(clean) is not None:
                self.names.add(host_name(clean))  # type: ignore[arg-type]
            elif _NAME.match(clean) or _is_address(clean):
                if clean.startswith("*."):
                    suffixes.append(clean[1:])
                else:
                    self.names.add(str(ipaddress.ip_address(clean)) if _is_address(clean) else clean)
            else:
                raise ValueError(
                    f"allowed_hosts: {pattern!r} is not a host name; write a name ('example.com'), "
                    "'*.example.com' for its subdomains, or '*' for any host"
                )
        self.suffixes = tuple(suffixes)

    def allows(self, header: str | None) -> bool:
        """Whether a request whose `Host` header is `header` is for this app."""
        if self.any:
            return True
        name = host_name(header)
        if name is None:
            return False
        if self.local_only:
            return _is_local_name(name) or _is_address(name)
        return name in self.names or name.endswith(self.suffixes)


def page_scheme(socket_scheme: str, forwarded_proto: str | None) -> str:
    """The scheme of the page a WebSocket handshake comes from: `https` over TLS (`wss`), else
    `http`; a proxy that ends TLS says which in `X-Forwarded-Proto` (a browser cannot set it on a
    WebSocket, so a page cannot lie with it)."""
    if forwarded_proto:
        proto = forwarded_proto.split(",")[0].strip().lower()
        if proto in ("http", "https"):
            return proto
    return "https" if socket_scheme in ("wss", "https") else "http"


def origin_allowed(origin: str | None, host: str | None, allowed: frozenset[str], scheme: str = "http") -> bool:
    """Whether a handshake's `Origin` may open a socket: the page's own origin (`scheme`, the
    `Host` and its port), or a listed origin.

    A missing `Origin` (not a browser) is allowed: the page token still has to be valid.
    """
    if origin is None:
        return True
    origin = origin.strip().lower().rstrip("/")
    if "*" in allowed or origin in allowed:
        return True
    if origin == "null":
        return False
    scheme_given, sep, rest = origin.partition("://")
    own, theirs = split_host(host), split_host(rest) if sep and "/" not in rest else None
    if scheme_given != scheme or own is None or theirs is None:
        return False
    default = 443 if scheme == "https" else 80
    return own[0] == theirs[0] and (own[1] or default) == (theirs[1] or default)
