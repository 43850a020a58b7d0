"""Hot reload that keeps state: `pylive run --reload`.

On a save, the app's modules (the Python files under the app's folder) are imported afresh, and
every live session re-renders with the new code in place, with no page load. A component keeps its
hook state where its identity holds: the component defined by the same function (same module and
qualified name) is, after the reload, *the same `Component` object*, whose function is swapped for
the new one. Mounted instances therefore keep their hooks and the reconciler sees the same
component at the same place. A component whose hooks changed (other hook calls than before) starts
afresh, since its old state cannot fit the new hooks.

A save that fails to import or render leaves the running code as it was and sends every page
a `reload` message with the error (the client shows an overlay); the next good save sends one
without, which clears it. A stylesheet change (under the runtime's `assets/` or the app's folder)
sends `css`: the client re-fetches its stylesheets, nothing re-renders.

It works through named seams only: `reusing_components` and `Component.replace_function` in the
core, `App.replace_pages` and `App.on_live` in the server.
"""

from __future__ import annotations

import asyncio
import dis
import importlib
import logging
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterable

from watchfiles import awatch

from pylive.core.boundary import ErrorBoundary
from pylive.core.component import Component, reusing_components
from pylive.core.current import HookError
from pylive.dev.target import Target, TargetError, describe, find_app, import_module, parse
from pylive.live.mounted import Instance, MountedElement, MountedFragment
from pylive.live.protocol import css_message, reload_message
from pylive.live.session import Session
from pylive.server.assets import assets_dir
from pylive.server.hypercorn import application_path, make_config, serve

log = logging.getLogger("pylive")

_PYLIVE_DIR = Path(__file__).resolve().parent.parent


def _module_file(module: ModuleType) -> Path | None:
    file = getattr(module, "__file__", None)
    if not file:
        return None
    try:
        return Path(file).resolve()
    except OSError:
        return None


def is_app_file(path: Path, root: Path) -> bool:
    """Whether `path` is one of the app's own files: under `root`, and not pylive or an installed package."""
    try:
        path.relative_to(root)
    except ValueError:
        return False
    parts = path.parts
    if "site-packages" in parts or ".venv" in parts or "venv" in parts:
        return False
    try:
        path.relative_to(_PYLIVE_DIR)
        return False
    except ValueError:
        return True


def app_modules(root: Path, extra: Iterable[str] = ()) -> dict[str, ModuleType]:
    """The loaded modules that are the app's own, by name."""
    found: dict[str, ModuleType] = {}
    for name, module in list(sys.modules.items()):
        if module is None or name == "__main__":
            continue
        path = _module_file(module)
        if name in extra or (path is not None and is_app_file(path, root)):
            found[name] = module
    return found


def walk_instances(session: Session) -> Iterable[Instance]:
    """Every mounted component instance of a session, parents before children."""
    stack: list[Any] = list(reversed(session.tree.root.children))
    while stack:
        slot = stack.pop()
        cls = slot.__class__
        if cls is Instance:
            yield slot
            if slot.child is not None:
                stack.append(slot.child)
        elif cls is MountedElement or cls is MountedFragment:
            stack.extend(reversed(slot.children))


def _key(fn: Any, main_alias: str | None) -> tuple[str, str] | None:
    module = getattr(fn, "__module__", None)
    qualname = getattr(fn, "__qualname__", None)
    if module is None or qualname is None:
        return None
    if module == "__main__" and main_alias is not None:
        module = main_alias
    return module, qualname


def _hook_names(fn: Any) -> tuple[str, ...]:
    """The hooks a component function calls, in the order its code refers to them, repeats included:
    a second `use_state` changes it (the names alone would not)."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return ()
    return tuple(
        ins.argval for ins in dis.get_instructions(code)
        if isinstance(ins.argval, str) and ins.argval.startswith("use_") and ins.opname != "STORE_NAME"
    )


class Reloader:
    """Re-imports an app's code and re-renders the sessions of the app being served."""

    def __init__(self, target: Target, app: Any, *, say: Callable[[str], None] = lambda _: None) -> None:
        self.target = target
        self.app = app
        self.say = say
        #: The error of the last failed save, shown in every page until a good save.
        self.error: str | None = None
        #: Components of the last reload whose hook calls changed: their instances start afresh.
        self.hooks_changed: set[Component] = set()

    def install(self) -> None:
        """Make every page opened from now on show the current reload error when it goes live."""
        self.app.on_live.append(self._went_live)

    def _went_live(self, session: Session) -> None:
        if self.error is not None:
            session.send_control(reload_message(self.error))

    # --- code -----------------------------------------------------------------------------

    def sessions(self) -> list[Session]:
        """The live and parked sessions of the served app."""
        return [s for s in self.app.store.sessions() if not s.closed]

    def _old_components(self, modules: dict[str, ModuleType]) -> dict[tuple[str, str], Component]:
        """The components in use now, by (module, qualified name); ambiguous names are left out."""
        seen: dict[tuple[str, str], Component] = {}
        ambiguous: set[tuple[str, str]] = set()

        def add(comp: Component) -> None:
            key = _key(comp.fn, self.target.module_name)
            if key is None:
                return
            other = seen.get(key)
            if other is not None and other is not comp:
                ambiguous.add(key)
            seen[key] = comp

        for module in modules.values():
            for value in list(vars(module).values()):
                if isinstance(value, Component):
                    add(value)
        for page in self.app.pages:
            if isinstance(page.component, Component):
                add(page.component)
        for session in self.sessions():
            for inst in walk_instances(session):
                add(inst.component)
        return {k: v for k, v in seen.items() if k not in ambiguous}

    def reload_code(self) -> Any:
        """Import the app afresh; returns the new App, or raises `TargetError` (old code untouched)."""
        root = self.target.root
        old_modules = app_modules(root, (self.target.module_name,))
        old_components = self._old_components(old_modules)
        swaps: list[tuple[Component, Any]] = []
        claimed: set[tuple[str, str]] = set()

        def reuse(fn: Any) -> Component | None:
            key = _key(fn, None)
            old = old_components.get(key) if key is not None else None
            if old is None or key in claimed:
                return None
            claimed.add(key)  # type: ignore[arg-type]
            swaps.append((old, fn))
            return old

        for name in old_modules:
            sys.modules.pop(name, None)
        importlib.invalidate_caches()  # files created since the last import are found
        try:
            with reusing_components(reuse):
                module = import_module(self.target)
                new_app = find_app(module, self.target)
        except TargetError:
            for name in app_modules(root, (self.target.module_name,)):
                sys.modules.pop(name, None)
            sys.modules.update(old_modules)
            raise
        self.hooks_changed = {old for old, fn in swaps if _hook_names(old.fn) != _hook_names(fn)}
        for changed in sorted(self.hooks_changed, key=lambda c: c.name):
            self.say(f"{changed.name}'s hooks changed: its instances start with fresh state")
        for old, fn in swaps:
            old.replace_function(fn)
        return new_app

    def adopt_pages(self, new_app: Any) -> None:
        """Serve the new app's pages (and title, head) from the app being served."""
        self.app.replace_pages(new_app.pages, title=new_app.title, head=new_app.head)

    # --- sessions -------------------------------------------------------------------------

    def rerender(self) -> str | None:
        """Re-render every component of every session; returns the first render error, if any."""
        error: str | None = None
        for session in self.sessions():
            tree = session.tree
            before = len(tree.errors)
            for inst in walk_instances(session):
                # A boundary showing its fallback tries its children again: the new code may have fixed them.
                if inst.component in self.hooks_changed or inst.component is ErrorBoundary:
                    _reset_hooks(inst)
                inst.invalidate()
            if session.live:
                session.flush(0)
                failures = tree.errors[before:]
                if any(isinstance(exc, HookError) for _, exc in failures):
                    # Hooks reordered in a way the names did not show: start those components afresh.
                    names = {name for name, exc in failures if isinstance(exc, HookError)}
                    for inst in walk_instances(session):
                        if inst.name in names:
                            _reset_hooks(inst)
                            inst.invalidate()
                    before = len(tree.errors)
                    session.flush(0)
                    failures = tree.errors[before:]
                if failures and error is None:
                    error = describe(failures[0][1], self.target.root)
        self.hooks_changed = set()
        return error

    def broadcast(self, message: dict) -> None:
        """Send a control message to every page that has a socket."""
        for session in self.sessions():
            try:
                session.send_control(message)
            except Exception:
                log.exception("sending a reload message failed")

    # --- what a change does ---------------------------------------------------------------

    def code_changed(self, files: Iterable[Path]) -> bool:
        """Reload after a save of the app's code; returns whether the new code is in place."""
        names = ", ".join(sorted({p.name for p in files})) or "code"
        try:
            new_app = self.reload_code()
        except TargetError as exc:
            self.fail(str(exc))
            return False
        self.adopt_pages(new_app)
        error = self.rerender()
        if error is not None:
            self.fail(error)
            return True
        self.error = None
        # Pages with a socket: a page fetched and never connected (a curl, a prefetch) is no open tab.
        shown = sum(1 for _, session, holder in self.app.store.entries() if holder is not None and not session.closed)
        self.say(f"reloaded after a change to {names}: {shown} open page(s) updated")
        self.broadcast(reload_message())
        return True

    def fail(self, error: str) -> None:
        """Report a failed save: printed, and shown on every page until a good save."""
        self.error = error
        self.say(f"reload failed: {error}")
        self.broadcast(reload_message(error))

    def css_changed(self, files: Iterable[Path]) -> None:
        """A stylesheet changed: every page re-fetches its stylesheets, nothing re-renders."""
        names = ", ".join(sorted({p.name for p in files}))
        self.say(f"stylesheet changed: {names}")
        self.app.assets.recheck()  # a runtime stylesheet is served anew at once, not a second later
        self.broadcast(css_message())

    def changed(self, paths: Iterable[str]) -> None:
        """React to a batch of changed files (as the watcher reports them)."""
        code: list[Path] = []
        css: list[Path] = []
        for raw in paths:
            path = Path(raw)
            if path.suffix == ".py" and is_app_file(path.resolve() if path.exists() else path, self.target.root):
                code.append(path)
            elif path.suffix == ".css":
                css.append(path)
        if code:
            self.code_changed(code)
        if css:
            self.css_changed(css)


def _reset_hooks(inst: Instance) -> None:
    for hook in inst.hooks:
        stop = getattr(hook, "unmount", None)
        if stop is not None:
            try:
                stop()
            except Exception:
                log.exception("unmounting %s failed", inst.name)
    inst.hooks = []


def watched_folders(target: Target) -> list[Path]:
    """The app's folder and the runtime's stylesheet folder."""
    folders = [target.root]
    assets = assets_dir()
    if assets.is_dir() and not any(_is_under(assets, f) for f in folders):
        folders.append(assets)
    return folders


def _is_under(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


async def watch(reloader: Reloader, stop: asyncio.Event) -> None:
    """Watch the app's files until `stop` is set, reloading on every batch of changes."""
    folders = watched_folders(reloader.target)
    async for changes in awatch(*folders, stop_event=stop, debounce=400, step=50):
        try:
            reloader.changed(path for _, path in changes)
        except Exception:
            log.exception("hot reload failed")


def target_of(app: Any) -> Target:
    """Where `app` was imported from, as a `Target` to re-import (for `pl.run(app, reload=True)`)."""
    try:
        spec = application_path(app)
    except RuntimeError:
        raise TargetError(
            "pl.run(reload=True) needs the app as a module-level variable (app = pl.App(...)) to re-import it"
        ) from None
    return parse(spec)


def run_app_with_reload(app: Any, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """`pl.run(app, reload=True)`: serve `app`, re-rendering its pages with new code on every save."""
    target = target_of(app)
    say = lambda message: print(f"pylive: {message}", flush=True)  # noqa: E731
    run_with_reload(target, app, host=host, port=port, say=say)


def run_with_reload(
    target: Target, app: Any, *, host: str = "127.0.0.1", port: int = 8000, say: Callable[[str], None] = print
) -> None:
    """Serve `app` on one process, re-rendering its pages with new code on every save."""
    reloader = Reloader(target, app, say=say)
    reloader.install()
    config = make_config(host, port)

    async def main() -> None:
        stop = asyncio.Event()
        watcher = asyncio.ensure_future(watch(reloader, stop))
        shown = f"[{host}]" if ":" in host else host
        say(f"watching {', '.join(str(f) for f in watched_folders(target))} for changes")
        say(f"serving on http://{shown}:{port} (press Ctrl+C to stop)")
        try:
            await serve(app, config)
        finally:
            stop.set()
            try:
                await asyncio.wait_for(watcher, 5)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                watcher.cancel()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
