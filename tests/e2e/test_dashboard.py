"""Telemetry and the dashboard in a real Chromium: a click's events and measurements, sessions appearing
and leaving on the dashboard, and its inspector following a counter's state."""

from __future__ import annotations

import threading

from apps import SECRET_KEY
from apps.counter import Counter
from livepage import goto_live

import pylive as pl


def dashboard_app() -> pl.App:
    return pl.App(Counter, title="Counter", secret_key=SECRET_KEY, dashboard=True)


async def test_a_click_fires_event_render_and_send_with_their_measurements(serve_app, new_page):
    seen: list[tuple[str, dict, dict]] = []
    lock = threading.Lock()

    def handler(name, measurements, metadata):
        with lock:  # the server runs on its own thread
            seen.append((name, dict(measurements), dict(metadata)))

    detach = pl.telemetry.attach(handler)
    try:
        server = serve_app(pl.App(Counter, title="Counter", secret_key=SECRET_KEY))
        page, errors = await new_page()
        await goto_live(page, server.url)
        with lock:
            mounts = [meta for name, _, meta in seen if name == "mount"]
            seen.clear()
        await page.click("#inc")
        await page.wait_for_function("document.querySelector('#value').textContent === '1'")
        with lock:
            events = list(seen)
    finally:
        detach()
    assert {"path": "/", "component": Counter.name} in mounts
    [(m, meta)] = [(m, meta) for name, m, meta in events if name == "event"]
    assert meta["path"] == "/" and meta["component"] == Counter.name and meta["type"] == "click"
    assert 0 < m["duration_ms"] < 10_000
    assert m["bytes"] > 10  # the click's frame
    renders = [meta["component"] for name, _, meta in events if name == "render"]
    assert renders == [Counter.name]  # the counter alone re-rendered, with its own time
    sends = [(m, meta) for name, m, meta in events if name == "send"]
    assert sends and all(meta == {"path": "/", "component": Counter.name} for _, meta in sends)
    assert all(m["bytes"] > 0 and m["duration_ms"] >= 0 for m, _ in sends)
    assert not [e for e in events if e[0] == "error"]
    assert errors == []


async def test_the_dashboard_shows_a_session_appear_and_leave(serve_app, new_page):
    app = dashboard_app()
    server = serve_app(app)
    dash, errors = await new_page()
    await goto_live(dash, f"{server.url}/_pylive/dashboard?token={app.board.token}")
    # Its own session is not counted.
    await dash.wait_for_function("document.querySelector('#pl-dash-sessions').textContent === '0'")
    visitor, visitor_errors = await new_page()
    await goto_live(visitor, server.url)
    await dash.wait_for_function("document.querySelector('#pl-dash-sessions').textContent === '1'")
    assert "/" in await dash.text_content("#pl-dash-pages")
    await visitor.close()  # a closed tab says goodbye: its session goes at once
    await dash.wait_for_function("document.querySelector('#pl-dash-sessions').textContent === '0'")
    assert errors == [] and visitor_errors == []


async def test_the_inspector_follows_a_counters_state(serve_app, new_page):
    app = dashboard_app()
    server = serve_app(app)
    visitor, visitor_errors = await new_page()
    await goto_live(visitor, server.url)
    dash, errors = await new_page()
    await goto_live(dash, f"{server.url}/_pylive/dashboard?token={app.board.token}")
    await dash.click("#pl-dash-session-list button:has-text('Inspect')")
    await dash.wait_for_selector("#pl-dash-tree")
    counter = f"#pl-dash-tree li[data-component='{Counter.name}']"
    assert "use_state: 0" in await dash.text_content(counter)
    await visitor.click("#inc")
    await visitor.click("#inc")
    await dash.wait_for_function(
        f"document.querySelector(\"{counter}\").textContent.includes('use_state: 2')", timeout=5000
    )
    assert "use_state: False" in await dash.text_content(counter)  # its second state, untouched
    assert errors == [] and visitor_errors == []


async def test_without_the_token_there_is_no_dashboard(serve_app, new_page):
    app = dashboard_app()
    server = serve_app(app)
    page, _ = await new_page()
    for query in ("", "?token=", "?token=wrong"):
        response = await page.goto(f"{server.url}/_pylive/dashboard{query}")
        assert response.status == 404
    plain = serve_app(pl.App(Counter, title="Counter", secret_key=SECRET_KEY))
    response = await page.goto(f"{plain.url}/_pylive/dashboard?token={app.board.token}")
    assert response.status == 404
