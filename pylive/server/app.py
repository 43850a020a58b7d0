"""`pl.App`: pages served by Quart, the first render as HTML, then a WebSocket per page view.

The app only moves frames: it renders the first page through a real session and parks it, checks
each WebSocket handshake (origin, page token), and hands the socket to a `Connection`, which
adopts or mounts the session and passes frames to it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import sys
import weakref
from typing import Any, Awaitable, Callable, Iterable, Mapping

from quart import Quart, Response, g, has_websocket_context, redirect, request, websocket

from pylive.core.cookie import CookieSession
from pylive.core.navigation import Location
from pylive.live.downloads import Downloads
from pylive.live.frames import JOIN_SECONDS, ProtocolError, parse_join, well_formed
from pylive.live.protocol import CLOSE_BAD_TOKEN, CLOSE_INTERNAL_ERROR, CLOSE_RESTARTING
from pylive.live.session import Session
from pylive.pubsub import backend_is_local, shutdown
from pylive.server import closing
from pylive.server.asgisocket import AsgiSocket, SocketClosed, is_live_socket, not_an_asset
from pylive.server.assets import PREFIX, Assets, accepts_gzip
from pylive.server.background import BackgroundTask
from pylive.server.connection import Connection
from pylive.server.cookies import CookieRoutes, CookieSigner, read_cookie_session
from pylive.server.deadline import within
from pylive.server.document import head_html, render_page
from pylive.server.downloads import download_response
from pylive.server.gcpolicy import FreezePolicy
from pylive.server.headers import ResponseHeaders
from pylive.server.hosts import AllowedHosts, origin_allowed, page_scheme
from pylive.server.hypercorn import set_compression
from pylive.server.metrics import DASHBOARD_PATH
from pylive.server.renderer import PageRenderer
from pylive.server.routing import Pages, app_path, werkzeug_rule
from pylive.server.sessions import SessionStore
from pylive.server.statestore import StateStore, check_url
from pylive.server.tokens import DEFAULT_MAX_AGE, TokenSigner, load_secret_key

log = logging.getLogger("pylive")

_IMMUTABLE = "public, max-age=31536000, immutable"
_NO_STORE = {"Cache-Control": "no-store"}


class App:
    """A pylive application, and an ASGI application (`hypercorn demo:app` serves it).

        app = pl.App(Counter, title="Counter")

        @app.page("/users/{user_id}", title="User")
        @pl.component
        def User(user_id: str): ...

    `root` is the page at `/`. `app.quart` is the underlying Quart app, for custom routes.
    """

    def __init__(
        self,
        root: Any = None,
        *,
        title: str = "pylive",
        head: Iterable[Any] = (),
        secret_key: str | bytes | None = None,
        resume_seconds: float = 30,
        allowed_origins: Iterable[str] = (),
        allowed_hosts: Iterable[str] | None = None,
        max_frame_bytes: int = 1_048_576,
        debug: bool | None = None,
        max_events_per_second: float = 100,
        token_max_age: float = DEFAULT_MAX_AGE,
        lang: str = "en",
        response_headers: Mapping[str, Any] | None = None,
        slow_handler_seconds: float | None = 0.25,
        state: str | None = None,
        dashboard: bool = False,
        layout: Any = None,
        base_style: bool = True,
    ) -> None:
        self.title = title
        #: Whether pages get the base stylesheet and follow the system's light or dark theme.
        self.base_style = base_style
        self._head = tuple(head)
        self._head_html: str | None = None
        self.lang = lang
        #: Development mode: the app's errors show on the page, with their traceback. None: on when
        #: the environment variable PYLIVE_DEBUG is 1 (`pylive run --debug`, and `--reload`).
        self.debug = os.environ.get("PYLIVE_DEBUG") == "1" if debug is None else debug
        self.max_frame_bytes = max_frame_bytes
        self.max_events_per_second = max_events_per_second
        #: A handler holding the event loop longer than this is logged, with its name (None: never).
        self.slow_handler_seconds = slow_handler_seconds
        self.allowed_origins = frozenset(o.strip().lower().rstrip("/") for o in allowed_origins)
        #: The `Host` names served; others get 400 (None: `PYLIVE_ALLOWED_HOSTS`, else local names and addresses).
        self.allowed_hosts = AllowedHosts(allowed_hosts)
        self.pages = Pages(title, layout)
        self.gc_policy = FreezePolicy()
        self.renderer = PageRenderer(after=self.gc_policy.rendered)
        self.store = SessionStore(resume_seconds)
        self.store.dispose = self.renderer.discard
        key = load_secret_key(secret_key)
        self.signer = TokenSigner(key, max_age=token_max_age)
        self._sign = self.signer.sign  # one bound method for every connection (a closure each cost 200 B)
        #: Every live session's waiting downloads, by token (a download URL names no session).
        self._downloads: weakref.WeakValueDictionary[str, Downloads] = weakref.WeakValueDictionary()
        self.cookie_signer = CookieSigner(key)
        self.assets = Assets()
        #: The headers every HTTP response carries (security headers, with the app's changes).
        self.response_headers = ResponseHeaders(response_headers)
        self._connections = 0
        self._drained: asyncio.Event | None = None
        #: Where live sessions are stored so that a page resumes on any node (`pl.run(state=...)`);
        #: None: `PYLIVE_STATE` when the server starts, else each process keeps its own.
        self.state = None if state is None else check_url(state)
        #: The state store while serving with one (`pylive.server.statestore.StateStore`).
        self.persist: StateStore | None = None
        self._stopping = False
        #: Called with each session as it goes live (hot reload shows its error overlay this way).
        self.on_live: list[Callable[[Session], None]] = []
        # Named after the module that builds the app, as `Quart(__name__)` is: its `static/` is served.
        self.quart = Quart(sys._getframe(1).f_globals.get("__name__", "pylive"))
        # Quart's signed cookie session is the browser session (`pl.use_session`), signed with the app's key.
        self.quart.secret_key = key
        self.quart.config["SESSION_COOKIE_SAMESITE"] = "Lax"
        self.cookie_routes = CookieRoutes(self.quart, self.cookie_signer, self.allowed_origins)
        self.quart.add_url_rule(f"{PREFIX}/session", "pylive.session", self.cookie_routes.serve, methods=["GET", "POST"])
        self.quart.add_url_rule(f"{PREFIX}/health", "pylive.health", self._serve_health, methods=["GET"])
        self.quart.add_url_rule(f"{PREFIX}/<name>", "pylive.asset", self._serve_asset, methods=["GET"])
        self.quart.add_url_rule(f"{PREFIX}/download/<token>", "pylive.download", self._serve_download, methods=["GET"])
        self.quart.before_request(self._check_host)
        self.quart.before_request(self.cookie_routes.open)
        self.quart.before_websocket(self._check_host)
        self.quart.after_request(self.cookie_routes.save)
        self.quart.after_request(self._add_headers)
        self.quart.after_serving(self._stop)
        self.quart.before_serving(self._start)
        self._quart_asgi = self.quart.asgi_app
        self.quart.asgi_app = self._asgi  # type: ignore[method-assign]
        #: The live dashboard's data (None unless `dashboard=True`); its token is `board.token`.
        self.board: Any = None
        if dashboard:
            # Imported here: the dashboard is built from the stock components, which import pylive.
            from pylive.server import dashboard as board

            self.board = board.install(self)
        if root is not None:
            self.page("/", root)

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        await self.quart.asgi_app(scope, receive, send)  # what Quart's own __call__ does, a frame fewer

    @property
    def head(self) -> tuple[Any, ...]:
        """What every page adds to its `<head>`: elements (`h.link(...)`) or strings of trusted markup."""
        return self._head

    @head.setter
    def head(self, items: Iterable[Any]) -> None:
        self._head = tuple(items)
        self._head_html = None  # rendered again for the next page

    @property
    def head_html(self) -> str:
        """The head's extra content as markup, rendered once each time the head is set."""
        if self._head_html is None:
            self._head_html = head_html(self.head)
        return self._head_html

    @property
    def resume_seconds(self) -> float:
        """How long a disconnected session is kept for its page to resume."""
        return self.store.resume_seconds

    def page(
        self, path: str, component: Any = None, *, title: str | None = None, guard: Any = None, layout: Any = None
    ) -> Any:
        """Add the page at `path`; bare (`@app.page("/about")`) it is a decorator.

        Path parameters (`"/users/{user_id}"`, `{n:int}`, `{rest:path}`) are passed as keyword props.
        `guard(sess)` returns None to allow the page or an app-relative path to send the browser to
        instead (checked on the HTTP request, 303, and on every live navigation). `layout` wraps the
        page (`Layout(page)`) instead of the app's (`False`: none); pages sharing one keep its state.

            @app.page("/account", guard=lambda sess: None if "user" in sess else "/login")
        """
        if component is None:
            return lambda component: self.page(path, component, title=title, guard=guard, layout=layout)
        self.pages.add(path, component, title, guard=guard, layout=layout)
        self._add_route(path)
        return component

    def background(self, fn: Callable[[], Awaitable[Any]]) -> Callable[[], Awaitable[Any]]:
        """`@app.background` on an `async def fn()`: run it while serving, in each worker (`pylive.server.background`)."""
        task = BackgroundTask(fn)
        self.quart.before_serving(task.start)
        self.quart.after_serving(task.stop)
        return fn

    def replace_pages(self, pages: Pages, *, title: str | None = None, head: Iterable[Any] | None = None) -> None:
        """Serve `pages` from now on, in open pages too (their next render or navigation uses them).

        Hot reload's seam: the re-imported app's pages, title and head replace this app's while it serves.
        """
        self.pages = pages
        if title is not None:
            self.title = title
        if head is not None:
            self.head = head
        for page in pages:
            self._add_route(page.path)

    def _add_route(self, path: str) -> None:
        rule = werkzeug_rule(path)
        endpoint = f"pylive.page {rule}"
        quart = self.quart
        if endpoint in quart.view_functions:
            return
        if quart._got_first_request:
            # Quart refuses `add_url_rule` once serving; a page only needs its rule and view.
            quart.url_map.add(quart.url_rule_class(rule, endpoint=endpoint, methods=["GET"]))
            quart.view_functions[endpoint] = self._serve_page
        else:
            quart.add_url_rule(rule, endpoint, self._serve_page, methods=["GET"])

    def test_client(self) -> Any:
        """Quart's test client for this app (HTTP requests and WebSockets, in-process)."""
        return self.quart.test_client()

    def new_session(self, url: str, *, cookie: CookieSession | None = None, base: str = "") -> Session:
        """A fresh, unmounted session for the page at `url` (path and query, relative to the app's
        mount point `base`), reading and writing the browser session `cookie`."""
        cookie = cookie if cookie is not None else CookieSession()
        location = Location.parse(url)
        dashboard = self.board is not None and location.path == DASHBOARD_PATH
        session = Session(
            self.board.page if dashboard else self._resolve,
            location=location,
            debug=self.debug,
            max_events_per_second=self.max_events_per_second,
            slow_handler_seconds=self.slow_handler_seconds,
            max_frame_bytes=self.max_frame_bytes,
            on_live=self._went_live if self.on_live else None,
            cookie=cookie,
            cookie_sync=self.cookie_signer,
            guard=lambda where: self.pages.redirect(where, cookie),
            base=base,
        )
        session.downloads.index = self._downloads
        if dashboard:
            self.board.sessions.add(session)
        return session

    def _resolve(self, location: Location) -> tuple[Any, str]:
        # Looks the pages up at each call, so that `replace_pages` reaches open sessions.
        return self.pages.resolve(location)

    def _went_live(self, session: Session) -> None:
        for callback in self.on_live:
            try:
                callback(session)
            except Exception:
                log.exception("an on_live callback failed")

    # --- HTTP -----------------------------------------------------------------------------

    async def _serve_page(self, **params: Any) -> Response:
        base = request.root_path.rstrip("/")
        url = app_path(request.scope.get("raw_path") or request.path.encode(), base)
        query = request.query_string.decode("latin-1")
        if query:
            url = f"{url}?{query}"
        cookie: CookieSession = g.pylive_cookie
        target = self.pages.redirect(Location.parse(url), cookie)
        if target is not None:
            return redirect(base + target, 303)
        cookie.navigated()  # a page shown: flash messages age by one navigation
        session = self.new_session(url, cookie=cookie, base=base)
        body = await self.renderer.run(session.mount)
        session_id = secrets.token_urlsafe(24)
        self.store.park(session_id, session)
        html = render_page(
            body=body,
            title=session.title or self.title,
            head=self.head_html,
            token=self.signer.sign(url, session_id),
            links=self.assets.page_links(base),
            lang=self.lang, base_style=self.base_style,
            rate=self.max_events_per_second,
        )  # fmt: skip
        # Every page view is its own session: never serve a page from a cache.
        try:
            return Response(html, content_type="text/html; charset=utf-8", headers=_NO_STORE)
        except UnicodeEncodeError:
            log.warning(
                "the page %.100s held text that is not valid Unicode (a lone surrogate): served with U+FFFD in its place",
                url,
            )
            return Response(well_formed(html), content_type="text/html; charset=utf-8", headers=_NO_STORE)

    async def _check_host(self) -> Response | None:
        asked = websocket if has_websocket_context() else request
        # A probe (a container's HEALTHCHECK, a proxy's) asks by the server's address, not a public name.
        if asked.endpoint == "pylive.health" or self._host_allowed(asked.headers.get("Host")):
            return None
        return Response("unknown host", status=400, content_type="text/plain")

    def _host_allowed(self, host: str | None) -> bool:
        if self.allowed_hosts.allows(host):
            return True
        log.warning(
            "refused a request for Host %.100r: list the names this app serves in pl.App(allowed_hosts=[...]) "
            "or PYLIVE_ALLOWED_HOSTS",
            host,
        )
        return False

    async def _serve_health(self) -> Response:
        # For a container's or a load balancer's health check: the server answers, and says how busy it is.
        return Response(f"ok {self._connections} sockets\n", content_type="text/plain", headers=_NO_STORE)

    async def _add_headers(self, response: Response) -> Response:
        # Every response: pages, assets, errors and the app's own routes (which may set their own).
        headers = response.headers
        for name, value in self.response_headers.for_head(self.head_html).items():
            headers.setdefault(name, value)
        return response

    async def _serve_asset(self, name: str) -> Response:
        file = self.assets.get(name)
        if file is None:
            return Response(*not_an_asset(name), content_type="text/plain")
        zipped = accepts_gzip(request.headers.get("Accept-Encoding", ""))
        # One ETag per representation, as a cache that stores both must tell them apart.
        etag = f'"{file.hash}-gz"' if zipped else f'"{file.hash}"'
        headers = {
            "ETag": etag,
            "Cache-Control": _IMMUTABLE if request.args.get("v") == file.hash else "no-cache",
            "Vary": "Accept-Encoding",
        }
        if etag in request.headers.get("If-None-Match", ""):
            return Response("", status=304, headers=headers)
        if zipped:
            headers["Content-Encoding"] = "gzip"
            return Response(file.gzipped, content_type=file.content_type, headers=headers)
        return Response(file.body, content_type=file.content_type, headers=headers)

    async def _serve_download(self, token: str) -> Response:
        # One-time: the token is unguessable, held by one live session, and gone once served.
        owner = self._downloads.get(token)
        found = owner.take(token) if owner is not None else None
        if found is None:
            return Response("not found", status=404, content_type="text/plain")
        return download_response(found)

    # --- WebSocket ------------------------------------------------------------------------

    def _asgi(self, scope: dict, receive: Callable, send: Callable) -> Awaitable[None]:
        # In front of Quart (its `asgi_app`, as its test client calls): the live socket is served here.
        if is_live_socket(scope):
            return self._serve_socket(AsgiSocket(scope, receive, send))
        return self._quart_asgi(scope, receive, send)

    async def _serve_socket(self, ws: AsgiSocket) -> None:
        connection = None
        # Handlers run in the app's context (`current_app`, a `g` of their own), not a request's.
        async with self.quart.app_context():
            try:
                joined = await self._handshake(ws)
                if joined is None:
                    return
                connection, last = joined
                self._connections += 1
                await connection.run(last)
            except SocketClosed:
                pass  # the client left
            except Exception:
                log.exception("the live socket failed")
                await ws.close(CLOSE_INTERNAL_ERROR, "server error")
            finally:
                if connection is not None:
                    self._connections -= 1
                    if not self._connections and self._drained is not None:
                        self._drained.set()

    async def _handshake(self, ws: AsgiSocket) -> tuple[Connection, int | None] | None:
        """The socket's checks, its join frame and the `Connection` that serves it (and the last
        message the page applied), or None once it is refused."""
        host = ws.header(b"host")
        if not self._host_allowed(host):
            await ws.refuse(400, "unknown host")
            return None
        origin = ws.header(b"origin")
        scheme = page_scheme(ws.scheme, ws.header(b"x-forwarded-proto"))
        if not origin_allowed(origin, host, self.allowed_origins, scheme):
            log.warning("refused a WebSocket from origin %.100r", origin)
            await ws.refuse(403, "forbidden origin")
            return None
        await ws.accept()
        if self._stopping:
            # Stopping, and storing its sessions: the page reconnects, to another node.
            await ws.close(CLOSE_RESTARTING, "the server is restarting")
            return None
        # The page's token comes in the socket's first frame, not its URL (which proxies and access
        # logs keep): whoever holds it holds the session it names.
        try:
            join = parse_join(await within(ws.receive(), JOIN_SECONDS))
        except (TimeoutError, ProtocolError) as error:
            reason = str(error) if isinstance(error, ProtocolError) else f"no join frame within {JOIN_SECONDS:g} s"
            log.warning("refused a WebSocket: %s", reason)
            await ws.close(CLOSE_BAD_TOKEN, reason[:120])
            return None
        page = self.signer.verify_page(join.token)
        if page is None:
            log.warning("refused a WebSocket: %s", self.signer.refusal(join.token))
            await ws.close(CLOSE_BAD_TOKEN, "bad or expired page token")
            return None
        url, session_id = page
        if session_id is None:
            # A token that names no session (signed by an older server): a session of its own.
            session_id = secrets.token_urlsafe(24)
        base = ws.root_path.rstrip("/")
        # A session mounted afresh reads the browser's cookie session (a parked one has its own).
        cookie = CookieSession(await read_cookie_session(self.quart, ws.cookie))
        connection = Connection(
            ws,
            self.store,
            session_id,
            url,
            lambda url: self.new_session(url, cookie=cookie, base=base),
            max_frame_bytes=self.max_frame_bytes,
            default_title=self.title,
            after_send=self.gc_policy.work_done,
            reissue=self._sign,
            persist=self.persist,
            scope=ws.scope,
        )
        return connection, join.last

    # --- serving --------------------------------------------------------------------------

    async def _start(self) -> None:
        # `pl.run` passes its setting to worker processes through the environment.
        set_compression(os.environ.get("PYLIVE_WS_COMPRESSION") == "1")
        # Whatever runs the app (`pl.run`, `hypercorn app:app`): no connection outlives its use.
        closing.install()
        # Keep long-lived objects out of full collections, whose pauses grow with their number.
        self.gc_policy.install()
        url = self.state or os.environ.get("PYLIVE_STATE") or None
        if url and self.persist is None:
            self.persist = StateStore(check_url(url), ttl=self.resume_seconds)
            self.persist.on_lost = self.store.discard
            self.persist.start()
            self.store.persist = self.persist
            log.info("sessions are stored in %s: pages resume on any node", url.split("@")[-1])
        if self.board is not None:
            self.board.start()

    async def drain(self, timeout: float = 1.0) -> None:
        """Close every page's socket with 1012 (the server is restarting) and wait up to `timeout` s for them
        to close. Called when the server is told to stop, so that pages reconnect (and resume elsewhere)."""
        self._drained = asyncio.Event()
        if not self._connections:
            self._drained.set()
        persist = self.persist
        if persist is not None:
            # Stop accepting, freeze every page where it is, store it, then close the sockets with
            # 1012: each page reconnects to another node and resumes there.
            self._stopping = True
            self.store.pause_all()
            stored = await persist.write_all()
            log.info("stored %d session%s before stopping", stored, "" if stored == 1 else "s")
        self.store.close_all()
        try:
            await asyncio.wait_for(self._drained.wait(), timeout)
        except asyncio.TimeoutError:
            log.warning("%d sockets were still open %.1f s after the server began to stop", self._connections, timeout)

    async def _stop(self) -> None:
        self.gc_policy.uninstall()
        if self.board is not None:
            self.board.stop()
        persist = self.persist
        if persist is not None and not self._stopping:
            await persist.write_all()
        self.store.close_all()
        if persist is not None:
            self.store.persist = self.persist = None
            await persist.close()
        self.renderer.close()
        if not backend_is_local():
            # Sends what is queued, the closed sessions' leaves too: other servers see them go at once.
            await shutdown()

