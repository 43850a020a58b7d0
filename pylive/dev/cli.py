"""The `pylive` command: `pylive run TARGET` serves an app, `pylive demos` serves the demo gallery,
`pylive top URL` shows a running server's figures.

Every mistake a user can make on the command line (a missing file, no `app`, something that is not
a pylive App, a syntax error, a port already taken) ends with one sentence and exit status 1, never
a traceback. The target's own errors come first: the port is checked only once the app has loaded.
"""

from __future__ import annotations

import os
import sys

import click

from pylive.core import __version__
from pylive.dev import ports


def _fail(message: str) -> click.ClickException:
    return click.ClickException(message)


def _say(message: str) -> None:
    click.echo(f"pylive: {message}", err=False)
    sys.stdout.flush()


def check_port(host: str, port: int) -> None:
    """Fail with one sentence when `host:port` cannot be listened on (taken, or not ours)."""
    try:
        ports.check_port(host, port)
    except ports.PortError as exc:
        raise _fail(str(exc)) from None


def _serve(
    app: object, *, host: str, port: int, workers: int = 1, pubsub: str | None = None, state: str | None = None
) -> None:
    from pylive.dev.run import run as run_app

    try:
        run_app(app, host=host, port=port, workers=workers, pubsub=pubsub, state=state)
    except (NotImplementedError, ValueError, RuntimeError) as exc:
        raise _fail(str(exc)) from None


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", "-V", prog_name="pylive", message="%(prog)s %(version)s")
def main() -> None:
    """pylive: real-time, server-rendered web UIs in plain Python.

    \b
      pylive demos                 the demo gallery at http://127.0.0.1:8000
      pylive run app.py            serve the `app` of app.py
      pylive run app.py --reload   ... and re-render open pages on every save
      pylive docs                  the documentation site at http://127.0.0.1:8000
      pylive top URL               a server's live figures (pl.App(dashboard=True))
    """


@main.command(context_settings=CONTEXT)
@click.argument("target")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (0.0.0.0: all).")
@click.option("--port", "-p", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--reload", is_flag=True, help="Watch the app's files; on a save, re-render open pages, keeping state.")
@click.option(
    "--workers", "-w", default=1, show_default=True, type=click.IntRange(min=1), help="Worker processes (sticky routing needed)."
)
@click.option("--pubsub", default=None, metavar="URL", help="Pub/sub backend, e.g. redis://localhost:6379/0.")
@click.option(
    "--state",
    default=None,
    metavar="URL",
    help="Keep live sessions in Redis (redis://localhost:6379/0): pages resume on any node, no sticky routing.",
)
@click.option(
    "--debug/--no-debug",
    default=None,
    help="Show the app's errors on the page with their traceback (default: on with --reload).",
)
@click.option("--root-path", default=None, metavar="PREFIX", help="Path prefix a proxy serves the app under, e.g. /ui.")
def run(
    target: str,
    host: str,
    port: int,
    reload: bool,
    workers: int,
    pubsub: str | None,
    state: str | None,
    debug: bool | None,
    root_path: str | None,
) -> None:
    """Serve TARGET: a file (its `app`), file.py:NAME, or module:NAME.

    \b
      pylive run demos/counter.py
      pylive run myapp.web:app --port 8080 --workers 4 --pubsub redis://localhost:6379/0
      pylive run myapp.web:app --state redis://localhost:6379/0     (resume on any node)
    """
    from pylive.dev.target import TargetError, load

    if reload and workers > 1:
        raise _fail("--reload works with one worker: drop --workers or --reload")
    pubsub = pubsub or os.environ.get("PYLIVE_PUBSUB") or None
    if state is not None:
        from pylive.server.statestore import check_url

        try:
            os.environ["PYLIVE_STATE"] = check_url(state)  # read by pl.App, with --reload too
        except ValueError as exc:
            raise _fail(str(exc)) from None
    if debug is None:
        debug = reload
    if debug:
        os.environ["PYLIVE_DEBUG"] = "1"  # read by pl.App, in this process and in worker processes
    if root_path:
        os.environ["PYLIVE_ROOT_PATH"] = root_path  # read by the hypercorn config, as PYLIVE_ROOT_PATH set by hand is
    _say(f"loading {target}")
    try:
        spec, app = load(target)
    except TargetError as exc:
        raise _fail(str(exc)) from None
    _say(f"loaded `{spec.attr}` from {spec.label} ({getattr(app, 'title', 'pylive')})")
    if debug:
        app.debug = True  # type: ignore[attr-defined]
        _say("development mode: the app's errors show on the page (--no-debug to turn it off)")
    if workers > 1 and spec.path is not None and spec.module_name != spec.path.stem:
        raise _fail(
            f"{spec.label} is named like the module {spec.path.stem!r}, so worker processes cannot import it: "
            "rename the file to serve it with --workers"
        )
    check_port(host, port)
    if reload:
        from pylive.dev.reload import run_with_reload

        if pubsub is not None:
            from pylive.pubsub import configure

            try:
                configure(pubsub)
            except (ValueError, RuntimeError) as exc:
                raise _fail(str(exc)) from None
        run_with_reload(spec, app, host=host, port=port, say=_say)
        return
    _serve(app, host=host, port=port, workers=workers, pubsub=pubsub, state=state)


@main.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", "-p", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
def demos(host: str, port: int) -> None:
    """Serve the demo gallery: every demo under demos/, each at /<name>, behind one page at /."""
    from pylive.dev.gallery import GalleryError, build_gallery

    try:
        gallery = build_gallery(say=_say)
    except GalleryError as exc:
        raise _fail(str(exc)) from None
    check_port(host, port)
    _say(f"{len(gallery.demos)} demos from {gallery.folder}")
    shown = f"[{host}]" if ":" in host else host
    for demo in gallery.demos:
        _say(f"  {demo.title:<16} http://{shown}:{port}/{demo.name}")
    _serve(gallery.app, host=host, port=port)


@main.command(context_settings=CONTEXT)
@click.argument("url")
@click.option("--token", default=None, help="The dashboard's token (else ?token= in URL, or PYLIVE_DASHBOARD_TOKEN).")
@click.option("--once", is_flag=True, help="Print one snapshot and exit.")
def top(url: str, token: str | None, once: bool) -> None:
    """Watch a running server's figures in the terminal, refreshed every second.

    The server needs pl.App(dashboard=True); its token is logged at start-up.

    \b
      pylive top http://127.0.0.1:8000/_pylive/dashboard?token=TOKEN
      PYLIVE_DASHBOARD_TOKEN=TOKEN pylive top 127.0.0.1:8000 --once
    """
    from pylive.dev.top import TopError, run_top

    try:
        run_top(url, token, once=once)
    except TopError as exc:
        raise _fail(str(exc)) from None


@main.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", "-p", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
def docs(host: str, port: int) -> None:
    """Serve the documentation site (tutorial, guides, API reference), rebuilt on every save."""
    import importlib.util
    from pathlib import Path

    config = Path(__file__).resolve().parents[2] / "mkdocs.yml"
    if not config.is_file():
        raise _fail("the documentation's sources come with pylive's source tree: run `pylive docs` in a clone of it")
    if importlib.util.find_spec("mkdocs") is None:
        raise _fail("the documentation tools are not installed: pip install -e '.[docs]'")
    check_port(host, port)
    shown = f"[{host}]" if ":" in host else host
    _say(f"serving the documentation on http://{shown}:{port} (press Ctrl+C to stop)")
    os.execv(sys.executable, [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"{shown}:{port}"])


if __name__ == "__main__":  # pragma: no cover - `python -m pylive.dev.cli`
    main()
