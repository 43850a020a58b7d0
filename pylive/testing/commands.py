"""Client commands (`pl.js`) in the model DOM: applied as the client runtime applies them, and kept
over later patches as it keeps them (docs/protocol.md, "Client commands").

The model has no stylesheet and no focus: `hide` writes `display:none` into the `style` attribute
and `show` takes it (and `hidden`) away, as the browser does, but an element hidden by a class is
not known to be hidden, and `focus` and `dispatch` change nothing.
"""

from __future__ import annotations

import re
from typing import Any

from selectolax.lexbor import LexborNode

__all__ = ["ClientCommands", "key_matches"]

_display_none = re.compile(r"(^|;)\s*display\s*:\s*none\s*(!important\s*)?(?=;|$)", re.IGNORECASE)
_FLAGS = {"control": "ctrl", "ctrl": "ctrl", "alt": "alt", "shift": "shift", "meta": "meta", "cmd": "meta"}


def key_matches(name: str, data: dict[str, Any]) -> bool:
    """Whether an event with `data` (`key` and modifier flags) passes the `keys` entry `name`.

    `Enter` matches that key; `Control+k` (any case) needs exactly the named modifiers held.
    """
    plus = name.rfind("+", 0, len(name) - 1)
    if plus < 1:
        return data.get("key") == name
    wanted = {_FLAGS.get(part) for part in name[:plus].lower().split("+")}
    if any(bool(data.get(flag)) != (flag in wanted) for flag in set(_FLAGS.values())):
        return False
    return name[plus + 1 :].lower() == str(data.get("key") or "").lower()


class _Owned:
    __slots__ = ("shown", "classes", "attrs")

    def __init__(self) -> None:
        self.shown: bool | None = None
        self.classes: dict[str, bool] = {}
        self.attrs: dict[str, str | None] = {}


class ClientCommands:
    """What commands set, by element, in a `pylive.testing.dom.Document`."""

    def __init__(self) -> None:
        self.owned: dict[int, _Owned] = {}

    def run(self, ops: list[list[str]], bound: LexborNode, root: LexborNode) -> None:
        """Run the commands of a binding on `bound` (an empty selector) or the elements a selector matches."""
        for name, sel, *args in ops:
            targets = [bound] if not sel else _select(root, sel)
            for el in targets:
                self._command(el, name, args)

    def _command(self, el: LexborNode, name: str, args: list[str]) -> None:
        o = self.owned.setdefault(el.mem_id, _Owned())
        if name in ("show", "hide", "toggle"):
            o.shown = (not _shown(el)) if name == "toggle" else name == "show"
            _set_shown(el, o.shown)
        elif name in ("add_class", "remove_class", "toggle_class"):
            classes = _classes(el)
            for c in args[0].split():
                on = (c not in classes) if name == "toggle_class" else name == "add_class"
                o.classes[c] = on
                _set_class(el, c, on)
                classes = _classes(el)
        elif name in ("set_attr", "toggle_attr"):
            value = args[2] if name == "toggle_attr" and el.attrs.get(args[0]) == args[1] else args[1]
            o.attrs[args[0]] = value
            el.attrs[args[0]] = value
        elif name == "remove_attr":
            o.attrs[args[0]] = None
            if args[0] in el.attrs:
                del el.attrs[args[0]]

    def restick(self, el: LexborNode, name: str) -> None:
        """A patch changed attribute `name` of `el`: what a command set there wins."""
        o = self.owned.get(el.mem_id)
        if o is None:
            return
        if name in o.attrs:
            value = o.attrs[name]
            if value is None:
                if name in el.attrs:
                    del el.attrs[name]
            else:
                el.attrs[name] = value
        if name == "class":
            for c, on in o.classes.items():
                _set_class(el, c, on)
        if o.shown is not None and name in ("style", "hidden"):
            _set_shown(el, o.shown)

    def clear(self) -> None:
        """A mount replaced the page: its elements are new."""
        self.owned.clear()


def _select(root: LexborNode, sel: str) -> list[LexborNode]:
    # As `document.querySelectorAll`: the root container holds everything the app rendered.
    return list(root.css(sel))


def _classes(el: LexborNode) -> list[str]:
    return (el.attrs.get("class") or "").split()


def _set_class(el: LexborNode, cls: str, on: bool) -> None:
    classes = _classes(el)
    if on and cls not in classes:
        el.attrs["class"] = " ".join([*classes, cls])
    elif not on and cls in classes:
        el.attrs["class"] = " ".join(c for c in classes if c != cls)


def shown(el: LexborNode) -> bool:
    """Whether `el` and every element above it are shown (no `hidden`, no `display:none` style)."""
    node: LexborNode | None = el
    while node is not None and node.tag not in ("html", "-document"):
        if not _shown(node):
            return False
        node = node.parent
    return True


def _shown(el: LexborNode) -> bool:
    return "hidden" not in el.attrs and not _display_none.search(el.attrs.get("style") or "")


def _set_shown(el: LexborNode, on: bool) -> None:
    style = el.attrs.get("style") or ""
    if on:
        if "hidden" in el.attrs:
            del el.attrs["hidden"]
        if _display_none.search(style):
            rest = _display_none.sub(r"\1", style).strip(" ;")
            if rest:
                el.attrs["style"] = rest
            else:
                del el.attrs["style"]
    elif not _display_none.search(style):
        el.attrs["style"] = f"{style.rstrip(' ;')}; display: none" if style.strip() else "display: none"
