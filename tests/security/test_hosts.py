"""Host and Origin checks: a request for a Host the app does not serve (DNS rebinding) is refused
with 400 over HTTP and at the WebSocket handshake, and a handshake's Origin must match the page's
scheme as well as its host."""

from __future__ import annotations

from raw_client import handshake, open_page, request

import pylive as pl
from pylive import html as h

Hello = pl.component(lambda: h.p("hello", id="hello"))


def test_by_default_only_local_names_and_addresses_are_served(serve_app, pylive_log):
    server = serve_app(pl.App(Hello))
    port = server.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", f"[::1]:{port}", f"app.localhost:{port}",
                 f"192.0.2.7:{port}"):
        assert request(port, "/", host=host).status == 200, host
    # A name that resolves to this machine only through the attacker's DNS: refused, assets too.
    for path in ("/", "/_pylive/pylive.js", "/nowhere"):
        reply = request(port, path, host=f"rebind.attacker.example:{port}")
        assert reply.status == 400, path
    assert sum("rebind.attacker.example" in line for line in pylive_log.refresh()) == 3


def test_allowed_hosts_lists_names_and_wildcards(serve_app, pylive_log):
    server = serve_app(pl.App(Hello, allowed_hosts=["app.example", "*.corp.example"]))
    port = server.port
    for host in ("app.example", "APP.example:8443", "eu.corp.example", "a.b.corp.example."):
        assert request(port, "/", host=host).status == 200, host
    for host in ("evil.example", "corp.example", "app.example.evil", "localhost", f"127.0.0.1:{port}", "", "a b"):
        assert request(port, "/", host=host).status == 400, host


def test_star_allows_every_host(serve_app):
    server = serve_app(pl.App(Hello, allowed_hosts=["*"]))
    assert request(server.port, "/", host="anything.example").status == 200


def test_the_socket_handshake_checks_the_host(serve_app, pylive_log):
    server = serve_app(pl.App(Hello))
    page = open_page(server.port)
    status, sock = handshake(server.port, page, host=f"rebind.attacker.example:{server.port}",
                             headers={"Origin": f"http://rebind.attacker.example:{server.port}"})
    sock.close()
    assert status == 400
    assert any("rebind.attacker.example" in line for line in pylive_log.refresh())
    status, sock = handshake(server.port, open_page(server.port),
                             headers={"Origin": f"http://127.0.0.1:{server.port}"})
    sock.close()
    assert status == 101


def test_the_origin_must_have_the_pages_scheme(serve_app):
    port = serve_app(pl.App(Hello)).port

    def status(origin: str, **headers: str) -> int:
        code, sock = handshake(port, open_page(port), headers={"Origin": origin, **headers})
        sock.close()
        return code

    assert status(f"http://127.0.0.1:{port}") == 101
    # A socket opened without TLS serves an http page; an https page of the same host is another origin.
    assert status(f"https://127.0.0.1:{port}") == 403
    # Behind a proxy that ends TLS, the proxy says which scheme the browser used.
    assert status(f"https://127.0.0.1:{port}", **{"X-Forwarded-Proto": "https"}) == 101
    assert status(f"http://127.0.0.1:{port}", **{"X-Forwarded-Proto": "https"}) == 403


def test_allowed_origins_admit_their_exact_origin_whatever_the_scheme(serve_app):
    app = pl.App(Hello, allowed_origins=["https://127.0.0.1:1234"])
    port = serve_app(app).port

    def status(origin: str) -> int:
        code, sock = handshake(port, open_page(port), headers={"Origin": origin})
        sock.close()
        return code

    assert status("https://127.0.0.1:1234") == 101
    assert status(f"https://127.0.0.1:{port}") == 403
