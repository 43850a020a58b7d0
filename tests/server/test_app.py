"""pl.App over HTTP: the first page, pages and path parameters, assets, tokens; pl.run's hypercorn."""

from __future__ import annotations

import gzip
import json
import os
import re
import stat

import pytest
from app_client import node_id, open_page
from served import InProcess
from websockets.asyncio.client import connect

import pylive as pl
from pylive import html as h
from pylive.live.frames import join_frame
from pylive.server.tokens import TokenSigner, load_secret_key

HOSTILE = '</title><script>alert("x")</script>&'


@pl.component
def Counter(start: int = 0):
    count, set_count = pl.use_state(start)
    return h.div(
        h.span(str(count), id="value"),
        h.button("+", id="inc", on_click=lambda e: set_count(lambda c: c + 1)),
    )


def make_app(**options) -> pl.App:
    options.setdefault("secret_key", "app-tests")
    app = pl.App(Counter, title="Counter", **options)

    @app.page("/users/{user_id}", title="User")
    @pl.component
    def User(user_id: str):
        loc = pl.use_location()
        return h.p(f"user {user_id}", id="user", data_tab=",".join(loc.query.get("tab", [])))

    @app.page("/items/{n:int}")
    @pl.component
    def Item(n: int):
        return h.p(f"item {n + 1}", id="item")

    return app


@pytest.fixture
def app() -> pl.App:
    return make_app()


async def test_first_page_is_a_complete_document(app):
    page = await open_page(app.test_client())
    html = page.html
    # The base stylesheet themes the page: <html> is a pl-theme, light or dark as the system prefers.
    assert html.startswith('<!doctype html>\n<html lang="en" class="pl-theme pl-base">')
    assert re.search(r'<link rel="stylesheet" href="/_pylive/base.css\?v=\w+">', html)
    assert '<meta name="color-scheme" content="light dark">' in html
    # A page icon, so the browser asks for no /favicon.ico (a 404 in every console).
    assert re.search(r'<link rel="icon" href="/_pylive/favicon.svg\?v=\w+" type="image/svg\+xml">', html)
    assert "pl-connected" not in html and "pl-disconnected" not in html  # the runtime adds them
    assert '<meta charset="utf-8">' in html and 'name="viewport"' in html
    assert "<title>Counter</title>" in html
    assert re.search(r'<link rel="stylesheet" href="/_pylive/pylive.css(\?v=\w+)?">', html)
    assert re.search(r'<script type="module" src="/_pylive/pylive.js(\?v=\w+)?" data-token="[^"]+" data-rate="100">', html)
    assert '<div id="pl-root" data-pl="0"><div data-pl="1"><span data-pl="2" id="value">0</span>' in html
    assert 'data-pl-on="click"' in html
    assert node_id(html, "inc") == 3
    assert html.rstrip().endswith("</html>")


async def test_an_app_can_opt_out_of_the_base_stylesheet():
    @pl.component
    def Plain():
        return h.p("mine")

    page = await open_page(pl.App(Plain, base_style=False).test_client())
    assert page.html.startswith('<!doctype html>\n<html lang="en">\n')
    assert "base.css" not in page.html and "color-scheme" not in page.html


async def test_the_icon_is_served_as_svg(app):
    response = await app.test_client().get("/_pylive/favicon.svg")
    assert response.status_code == 200 and response.content_type == "image/svg+xml"
    assert (await response.get_data()).startswith(b"<svg")


async def test_first_page_is_never_cached_and_each_view_is_its_own_session(app):
    client = app.test_client()
    response = await client.get("/")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.content_type == "text/html; charset=utf-8"
    first, second = await open_page(client), await open_page(client)
    assert first.session != second.session
    assert app.store.get(first.session) is not app.store.get(second.session)
    assert not app.store.get(first.session).live  # no effect runs before the socket connects


async def test_hostile_strings_are_escaped_everywhere():
    app = make_app(head=[h.meta(name="description", content=HOSTILE), '<meta name="raw" content="ok">'])
    app.title = HOSTILE
    app.pages.default_title = HOSTILE
    client = app.test_client()
    page = await open_page(client, "/users/%3Cscript%3Ealert(1)%3C%5Cscript%3E?tab=%22%3E%3Cb%3E")
    html = page.html
    assert "<script>alert" not in html
    assert "user &lt;script&gt;alert(1)&lt;\\script&gt;" in html
    assert 'data-tab="&#34;&gt;&lt;b&gt;"' in html
    assert "<title>User</title>" in html
    root = await open_page(client)
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;</title>" in root.html
    assert 'content="&lt;/title&gt;&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;"' in root.html
    assert '<meta name="raw" content="ok">' in root.html  # a string head item is the developer's markup


async def test_path_parameters_are_passed_as_props(app):
    client = app.test_client()
    user = await open_page(client, "/users/42?tab=posts&tab=likes")
    assert '<p data-pl="1" id="user" data-tab="posts,likes">user 42</p>' in user.html
    assert "<title>User</title>" in user.html
    item = await open_page(client, "/items/41")
    assert ">item 42</p>" in item.html
    assert (await client.get("/items/nope")).status_code == 404


async def test_unknown_paths_are_404_over_http(app):
    client = app.test_client()
    assert (await client.get("/no/such/page")).status_code == 404
    assert (await client.get("/_pylive/nothing.js")).status_code == 404
    assert (await client.get("/_pylive/../pyproject.toml")).status_code == 404


async def test_the_page_decorator_returns_the_component_and_root_can_be_added_later():
    app = pl.App(secret_key="k")
    assert (await app.test_client().get("/")).status_code == 404

    @app.page("/")
    @pl.component
    def Home():
        return h.h1("home")

    assert isinstance(Home, pl.Component)
    page = await open_page(app.test_client())
    assert "<title>pylive</title>" in page.html and ">home</h1>" in page.html


async def test_custom_quart_routes_sit_next_to_pages(app):
    @app.quart.route("/api/health")
    async def health():
        return {"ok": True}

    response = await app.test_client().get("/api/health")
    assert response.status_code == 200 and (await response.get_json()) == {"ok": True}


async def test_the_token_names_the_pages_path_and_query(app):
    page = await open_page(app.test_client(), "/users/7?tab=a")
    assert TokenSigner("app-tests").verify(page.token) == "/users/7?tab=a"
    assert TokenSigner("other key").verify(page.token) is None


async def test_runtime_assets_are_served_with_long_cache_headers_keyed_by_content(app):
    client = app.test_client()
    page = await open_page(client)
    for name, kind in (("pylive.js", "text/javascript"), ("pylive.css", "text/css")):
        file = app.assets.get(name)
        if file is None:
            assert (await client.get(f"/_pylive/{name}")).status_code == 404
            continue
        url = re.search(rf'"(/_pylive/{re.escape(name)}\?v=(\w+))"', page.html)
        assert url and url[2] == file.hash
        response = await client.get(url[1])
        assert response.status_code == 200
        assert response.content_type.startswith(kind)
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert await response.get_data() == file.body
        etag = response.headers["ETag"]
        unversioned = await client.get(f"/_pylive/{name}")
        assert unversioned.headers["Cache-Control"] == "no-cache"
        again = await client.get(f"/_pylive/{name}", headers={"If-None-Match": etag})
        assert again.status_code == 304


async def test_runtime_assets_go_gzipped_to_browsers_that_accept_it(app):
    client = app.test_client()
    file = app.assets.get("pylive.js")
    url = app.assets.url("pylive.js")
    zipped = await client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert zipped.headers["Vary"] == "Accept-Encoding"
    body = await zipped.get_data()
    assert gzip.decompress(body) == file.body and len(body) < len(file.body) / 2
    plain = await client.get(url)
    assert "Content-Encoding" not in plain.headers and await plain.get_data() == file.body
    assert plain.headers["Vary"] == "Accept-Encoding"
    assert plain.headers["ETag"] != zipped.headers["ETag"]
    again = await client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]})
    assert again.status_code == 304
    refused = await client.get(url, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers


def test_accept_encoding_is_read_with_its_q_values():
    from pylive.server.assets import accepts_gzip

    assert accepts_gzip("gzip")
    assert accepts_gzip("deflate, GZIP;q=0.5")
    assert accepts_gzip("*")
    assert not accepts_gzip("")
    assert not accepts_gzip("br, deflate")
    assert not accepts_gzip("gzip;q=0")
    assert not accepts_gzip("gzip;q=0.000")
    assert not accepts_gzip("gzip;q=nonsense")


async def test_asset_hash_follows_the_files_content(tmp_path, monkeypatch):
    from pylive.server import assets as assets_module
    from pylive.server.assets import Assets

    (tmp_path / "pylive.js").write_text("one")
    assets = Assets(tmp_path)
    first = assets.url("pylive.js")
    (tmp_path / "pylive.js").write_text("two!")
    assert assets.url("pylive.js") == first  # the disk is looked at again once a second at most
    assets.recheck()  # what hot reload does when a stylesheet is saved
    second = assets.url("pylive.js")
    assert second != first
    (tmp_path / "pylive.js").write_text("three")
    monkeypatch.setattr(assets_module, "RECHECK_SECONDS", 0.0)
    assert assets.url("pylive.js") not in (first, second)
    assert assets.get("pylive.js").body == b"three"
    assert assets.url("pylive.css") == "/_pylive/pylive.css"


def test_secret_key_comes_from_the_argument_the_environment_or_a_kept_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv("PYLIVE_SECRET_KEY", raising=False)
    assert load_secret_key("given") == "given"
    kept = load_secret_key()
    path = tmp_path / "pylive" / "secret_key"
    assert path.read_text() == kept and len(kept) > 40
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_secret_key() == kept  # a restarted server signs with the same key
    monkeypatch.setenv("PYLIVE_SECRET_KEY", "from-env")
    assert load_secret_key() == "from-env"


def test_run_refuses_zero_workers(app):
    with pytest.raises(ValueError, match="workers"):
        pl.run(app, workers=0)


# --- a real hypercorn ----------------------------------------------------------------------


async def test_a_real_hypercorn_serves_a_page_and_its_socket():
    app = make_app()
    async with InProcess(app) as server:
        html = await server.get("/")
        token = re.search(r'data-token="([^"]+)"', html)[1]
        url = f"ws://127.0.0.1:{server.port}/_pylive/ws"
        async with connect(url, origin=f"http://127.0.0.1:{server.port}") as ws:
            await ws.send(join_frame(token))
            # Browsers always offer permessage-deflate; pylive declines it by default.
            assert "Sec-WebSocket-Extensions" not in ws.response.headers
            assert json.loads(await ws.recv()) == {"t": "resumed", "seq": 0}
            await ws.send(json.dumps([1, node_id(html, "inc"), "click", {}]))
            assert json.loads(await ws.recv()) == [1, 1, [0, node_id(html, "value"), 0, "1"]]
        with pytest.raises(Exception) as refused:
            async with connect(url, origin="http://evil.example"):
                pass
        assert "403" in str(refused.value)


async def test_compression_can_be_turned_on():
    app = make_app()
    async with InProcess(app, compression=True) as server:
        html = await server.get("/")
        token = re.search(r'data-token="([^"]+)"', html)[1]
        url = f"ws://127.0.0.1:{server.port}/_pylive/ws"
        async with connect(url) as ws:
            await ws.send(join_frame(token))
            assert "permessage-deflate" in ws.response.headers["Sec-WebSocket-Extensions"]
            assert json.loads(await ws.recv())["t"] == "resumed"  # its parked session


async def test_the_health_check_answers_whatever_host_it_is_asked_for():
    # A container's HEALTHCHECK and a proxy's probe ask for the server's own address, which
    # allowed_hosts (the public names) does not list: a 400 there marks every server unhealthy.
    app = make_app(allowed_hosts=["example.com"])
    client = app.test_client()
    response = await client.get("/_pylive/health", headers={"Host": "127.0.0.1:8000"})
    assert response.status_code == 200
    assert (await client.get("/", headers={"Host": "127.0.0.1:8000"})).status_code == 400
