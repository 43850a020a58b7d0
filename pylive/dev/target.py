"""What `pylive run TARGET` serves: a file's `app`, or `module:attr`, loaded with one-sentence errors.

A file is imported as a module named after it, with its folder first on `sys.path` (so it can import
its neighbours, as `python file.py` would), unless that name already means another module: then it
gets a private name. Every way of getting it wrong (no such file, no `app`, not a pylive App, a
syntax error, an exception at import) is a `TargetError` whose message is one sentence naming the
file and line, never a traceback.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs


class TargetError(Exception):
    """The target cannot be served; the message says why in one sentence."""


@attrs.frozen(slots=True)
class Target:
    """Where an app comes from: the module to import, the attribute, and the folder it lives in."""

    module_name: str
    attr: str
    #: The file, when the target was given as a path.
    path: Path | None
    #: The folder whose Python files are the app's own (watched and re-imported by `--reload`).
    root: Path
    #: The target as the user wrote it.
    spec: str = ""

    @property
    def label(self) -> str:
        """How messages name the target."""
        if self.path is not None:
            return self.spec.rpartition(":")[0] if self.spec.endswith(f":{self.attr}") and ":" in self.spec else self.spec or str(self.path)
        return f"{self.module_name}:{self.attr}"


def parse(spec: str, default_attr: str = "app") -> Target:
    """The target named by `spec`: `path/to/file.py`, `file.py:attr`, `package.module` or `module:attr`."""
    file_part, sep, attr = spec.rpartition(":")
    if not sep or "/" in attr or "\\" in attr or not attr:
        file_part, attr = spec, default_attr
    if not attr.isidentifier():
        raise TargetError(f"{attr!r} in {spec!r} is not a Python name: write TARGET as file.py, file.py:app or module:app")
    looks_like_file = file_part.endswith(".py") or os.sep in file_part or "/" in file_part
    if looks_like_file or os.path.isfile(file_part):
        path = Path(file_part).expanduser().resolve()
        if path.is_dir():
            raise TargetError(f"{file_part} is a folder, not a Python file: name the file that defines `{attr}`")
        if not path.is_file():
            raise TargetError(f"there is no file {file_part}")
        return Target(_module_name_for(path), attr, path, path.parent, spec)
    if not all(part.isidentifier() for part in file_part.split(".")):
        raise TargetError(f"{spec!r} is neither a file nor a module name: write TARGET as file.py or module:app")
    return Target(file_part, attr, None, _module_root(file_part), spec)


def _module_name_for(path: Path) -> str:
    """The stem, or a private name when the stem is another module (a demo named like a package)."""
    stem = path.stem
    existing = sys.modules.get(stem)
    if stem.isidentifier() and existing is None:
        try:
            spec = importlib.util.find_spec(stem)
        except (ImportError, ValueError):
            spec = None
        if spec is None or (spec.origin and Path(spec.origin).resolve() == path):
            return stem
    elif existing is not None and Path(getattr(existing, "__file__", "") or "").resolve() == path:
        return stem
    return f"pylive_app_{''.join(c if c.isalnum() else '_' for c in stem)}"


def _module_root(module_name: str) -> Path:
    """The folder of a module's top-level package (or of the module), found without importing it."""
    top = module_name.split(".")[0]
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return Path.cwd()
    if spec.origin and spec.origin not in ("built-in", "frozen"):
        return Path(spec.origin).resolve().parent  # a package's own folder, or a module's
    for location in spec.submodule_search_locations or ():  # a namespace package
        return Path(location).resolve()
    return Path.cwd()


def import_module(target: Target) -> ModuleType:
    """Import the target's module afresh (it must not be in `sys.modules`); raises `TargetError`."""
    try:
        if target.path is None:
            if os.getcwd() not in sys.path and "" not in sys.path:
                sys.path.insert(0, os.getcwd())
            return importlib.import_module(target.module_name)
        folder = str(target.path.parent)
        if folder not in sys.path:
            sys.path.insert(0, folder)
        spec = importlib.util.spec_from_file_location(target.module_name, target.path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[target.module_name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(target.module_name, None)
            raise
        return module
    except ModuleNotFoundError as exc:
        if target.path is None and exc.name is not None and target.module_name.startswith(exc.name):
            raise TargetError(f"there is no module {target.module_name!r} to import (no file, and not installed)") from None
        raise TargetError(describe(exc, target.root)) from None
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as exc:
        raise TargetError(describe(exc, target.root)) from None


def describe(exc: BaseException, root: Path | None = None) -> str:
    """`file:line: message` for an exception raised while importing or rendering an app."""
    if isinstance(exc, SyntaxError):
        where = f"{_short(exc.filename)}:{exc.lineno}" if exc.filename else "<unknown>"
        kind = type(exc).__name__
        text = f" ({exc.text.strip()})" if exc.text and exc.text.strip() else ""
        return f"{where}: {kind}: {exc.msg}{text}"
    frames = traceback.extract_tb(exc.__traceback__)
    # The innermost frame in the app's own files says where the mistake is; else the innermost one.
    chosen = None
    for frame in reversed(frames):
        if root is not None and _inside(frame.filename, root) and "importlib" not in frame.filename:
            chosen = frame
            break
    if chosen is None and frames:
        chosen = frames[-1]
    message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if chosen is None:
        return message
    return f"{_short(chosen.filename)}:{chosen.lineno}: {message}"


def _inside(filename: str, root: Path) -> bool:
    try:
        Path(filename).resolve().relative_to(root)
    except (ValueError, OSError):
        return False
    return "site-packages" not in filename


def _short(filename: str) -> str:
    """A file name relative to the working directory when it is under it."""
    try:
        return os.path.relpath(filename) if not os.path.relpath(filename).startswith("..") else filename
    except ValueError:
        return filename


def _defined_in(component: Any, module: ModuleType) -> bool:
    return getattr(component.fn, "__module__", None) == module.__name__


def find_app(module: ModuleType, target: Target) -> Any:
    """The target's attribute, checked to be a pylive App; raises `TargetError` otherwise."""
    from pylive.server.app import App

    where = target.label
    if not hasattr(module, target.attr):
        hint = ""
        if target.attr == "app":
            from pylive.core.component import Component

            # The components the file defines itself (not those it imports): one is likely the page.
            own = [v.name for v in vars(module).values() if isinstance(v, Component) and _defined_in(v, module)]
            page = own[-1] if own else "YourComponent"
            hint = f" (add `app = pl.App({page})` at module level)"
        raise TargetError(f"{where} defines no `{target.attr}`{hint}")
    app = getattr(module, target.attr)
    if not isinstance(app, App):
        raise TargetError(
            f"`{target.attr}` in {where} is of type {type(app).__name__}, not a pylive App: "
            f"make it `{target.attr} = pl.App(YourComponent)`"
        )
    return app


def load(spec: str) -> tuple[Target, Any]:
    """Parse `spec`, import it and return `(target, app)`; raises `TargetError` with one sentence."""
    target = parse(spec)
    module = sys.modules.get(target.module_name)
    if module is None:
        module = import_module(target)
    return target, find_app(module, target)
