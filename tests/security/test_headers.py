"""Security headers: every page and asset carries a strict Content-Security-Policy and the headers
that stop framing and sniffing; the app's own head items are allowed by hash, nothing else inline."""

from __future__ import annotations

import base64
import hashlib
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

from livepage import goto_live
from raw_client import request

import pylive as pl
from pylive import html as h
from pylive.dev.gallery import build_gallery

INLINE_CSS = "#styled{color:rgb(1, 2, 3)}"
TRUSTED_CSS = "#trusted{color:rgb(4, 5, 6)}"
HEAD_SCRIPT = "window.__headScript = 1;"

#: Records every CSP violation of the page, before any of its own scripts run.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI), true);
"""


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pl.component
def Styled():
    return h.main(
        h.p("styled", id="styled"),
        h.p("trusted", id="trusted"),
        h.p("attribute", id="attr", style={"color": "rgb(7, 8, 9)"}),
        pl.unsafe_html('<img id="bad" src="data:," onerror="window.__pwned = 1">'),
    )


def styled_app(**options) -> pl.App:
    head = [h.style(INLINE_CSS), f"<style>{TRUSTED_CSS}</style>", f"<script>{HEAD_SCRIPT}</script>"]
    return pl.App(Styled, title="Styled", head=head, **options)


def directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def test_pages_and_assets_carry_the_security_headers(serve_app):
    server = serve_app(styled_app())
    page = request(server.port, "/")
    asset = request(server.port, "/_pylive/pylive.js")
    for reply in (page, asset):
        assert reply.status == 200
        assert reply.headers.get("x-content-type-options") == "nosniff"
        assert reply.headers.get("referrer-policy") == "same-origin"
        assert reply.headers.get("x-frame-options") == "SAMEORIGIN"
        policy = directives(reply.headers.get("content-security-policy", "missing"))
        assert policy.get("default-src") == ["'self'"]
        assert policy.get("frame-ancestors") == ["'self'"]
        assert policy.get("base-uri") == ["'self'"]
        assert policy.get("form-action") == ["'self'"]
        assert "'self'" in policy.get("connect-src", [])
        assert policy.get("img-src") == ["'self'", "data:", "blob:"]
        assert policy.get("style-src-attr") == ["'unsafe-inline'"]
        assert "'unsafe-inline'" not in policy.get("script-src", [])
        assert "'unsafe-inline'" not in policy.get("style-src", [])
        # The head's inline items are allowed by their hashes, and only they.
        assert sorted(policy["style-src"]) == sorted(["'self'", sha256(INLINE_CSS), sha256(TRUSTED_CSS)])
        assert sorted(policy["script-src"]) == sorted(["'self'", sha256(HEAD_SCRIPT)])


def test_the_response_headers_option_changes_adds_and_removes_headers(serve_app):
    app = styled_app(
        response_headers={"Referrer-Policy": "no-referrer", "X-Frame-Options": None, "Permissions-Policy": "camera=()"}
    )
    reply = request(serve_app(app).port, "/")
    assert reply.headers["referrer-policy"] == "no-referrer"
    assert "x-frame-options" not in reply.headers
    assert reply.headers["permissions-policy"] == "camera=()"
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'self'" in reply.headers["content-security-policy"]


async def test_the_policy_lets_the_head_in_and_keeps_injected_script_out(serve_app, new_page):
    server = serve_app(styled_app())
    page, _ = await new_page(WATCH_VIOLATIONS)
    await goto_live(page, server.url)
    # The app's own head: its styles apply and its script ran, allowed by hash.
    assert await page.eval_on_selector("#styled", "e => getComputedStyle(e).color") == "rgb(1, 2, 3)"
    assert await page.eval_on_selector("#trusted", "e => getComputedStyle(e).color") == "rgb(4, 5, 6)"
    assert await page.eval_on_selector("#attr", "e => getComputedStyle(e).color") == "rgb(7, 8, 9)"
    assert await page.evaluate("window.__headScript") == 1
    # An inline handler smuggled into the page (raw HTML) is refused by the browser.
    await page.wait_for_function("window.__pwned === 1 || window.__violations.length > 0")
    assert await page.evaluate("window.__pwned") is None
    assert await page.evaluate("window.__violations") == ["script-src-attr inline"]
    response = await page.request.get(server.url)
    assert "content-security-policy" in response.headers


@contextmanager
def site_framing(url: str) -> Iterator[str]:
    """Another site (another port is another origin) whose page frames `url`; yields its address."""
    body = f'<iframe id="victim" src="{url}"></iframe>'.encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


async def test_another_site_cannot_frame_a_live_page(serve_app, new_page):
    server = serve_app(styled_app())
    page, _ = await new_page()
    with site_framing(server.url + "/") as attacker:
        await page.goto(attacker)
        frame = await (await page.wait_for_selector("#victim")).content_frame()
        assert frame is not None
        await frame.wait_for_load_state()
        assert not await frame.evaluate("!!document.getElementById('pl-root')")
    # The same page framed by itself is fine ('self').
    await page.goto(server.url)
    await page.evaluate(
        "url => new Promise(done => { const f = document.createElement('iframe'); f.id = 'own';"
        " f.onload = done; f.src = url; document.body.append(f); })",
        server.url + "/",
    )
    own = await (await page.wait_for_selector("#own")).content_frame()
    assert own is not None and await own.evaluate("!!document.getElementById('pl-root')")


async def test_the_gallery_and_every_demo_run_under_the_policy(new_page, serve_app):
    gallery = build_gallery()
    server = serve_app(gallery.app)
    page, errors = await new_page(WATCH_VIOLATIONS)
    response = await page.goto(server.url)
    assert response is not None and "content-security-policy" in await response.all_headers()
    await page.wait_for_selector("html.pl-connected", state="attached")
    for demo in gallery.demos:
        await page.click(f"#demo-{demo.name}")  # in-app navigation, as a visitor does
        await page.wait_for_selector("#gallery-home")
        await goto_live(page, f"{server.url}/{demo.name}")  # and a page load of its own
        assert await page.evaluate("window.__violations") == [], demo.name
        await page.click("#gallery-home")
        await page.wait_for_selector("#demos")
    assert await page.evaluate("window.__violations") == []
    assert errors == []
