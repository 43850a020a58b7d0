"""`render`: mounts a real `Session` and drives it with the exact frames a browser sends; every
message the session sends is applied to a model DOM (`pylive.testing.dom`), so that `View.find`,
`View.html()` and the event helpers see what a browser would show."""

from __future__ import annotations

import asyncio
import json
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from pylive.core.cookie import CookieSession
from pylive.core.domevents import CLICK_AWAY
from pylive.core.navigation import Location
from pylive.live.frames import chunk_frame, upload_frame
from pylive.live.protocol import (
    BINDINGS_ATTR,
    DROP_ATTR,
    NODE_ID_ATTR,
    UPLOAD_ATTR,
    WINDOW_PREFIX,
    encode,
    mount_message,
)
from pylive.live.session import Session
from pylive.testing.commands import key_matches, shown
from pylive.testing.dom import Document, Node

__all__ = ["EventRefused", "View", "render"]

#: How long an event may wait for its reply before the test fails instead of hanging.
REPLY_TIMEOUT = 30.0
#: An async effect still running after this long with nothing else pending counts as background work.
BACKGROUND_AFTER = 1.0


class EventRefused(RuntimeError):
    """The session answered an event with an error (for example, too many events)."""


def _holds(outer: Node, node: Node | None) -> bool:
    """Whether `node` is `outer` or inside it."""
    mine = outer._node.mem_id
    while node is not None:
        if node._node.mem_id == mine:
            return True
        node = node.parent
    return False


def _bound_above(node: Node | None, type: str) -> bool:
    """Whether `node` or an element above it is bound to `type`."""
    while node is not None:
        if type in _bindings(node):
            return True
        node = node.parent
    return False


def _bindings(node: Node) -> dict[str, dict[str, Any]]:
    """The `data-pl-on` bindings of an element: event type -> modifiers."""
    out: dict[str, dict[str, Any]] = {}
    for token in node.attrs.get(BINDINGS_ATTR, "").split():
        name, *mods = token.split("|")
        parsed: dict[str, Any] = {}
        for mod in mods:
            if mod.startswith("k="):
                parsed["keys"] = [unquote(k) for k in mod[2:].split(",")]
            elif mod.startswith("j="):
                parsed["commands"] = [[unquote(part) for part in op.split(",")] for op in mod[2:].split(";")]
            elif mod:
                parsed[mod[0]] = mod[1:]
        out[name] = parsed
    return out


def _control_data(target: Node) -> dict[str, Any]:
    """What the client reads from an event's target: a form control's `value`, and `checked`
    for a checkbox or radio button (from their properties, as the user sees them)."""
    if target.tag not in ("input", "select", "textarea"):
        return {}
    data: dict[str, Any] = {"value": target.value}
    if target.tag == "input" and target.attrs.get("type", "").lower() in ("checkbox", "radio"):
        data["checked"] = target.checked
    elif target.tag == "select" and "multiple" in target.attrs:
        data["values"] = [o.value for o in target.find_all("option") if o.selected]
    return data


class View:
    """A mounted page under test: query it, fire events at it, read what the server sent."""

    def __init__(
        self, node: Any, *, path: str = "/", debug: bool = False, cookie: dict | None = None, raise_errors: bool = True
    ) -> None:
        self.frames: list[str] = []
        #: Whether a component's render failure fails the test (raised by the action that caused it).
        self.raise_errors = raise_errors
        self._last_error: Any = None  # the newest render failure seen (the tree's list is trimmed)
        self.document = Document()
        self.errors: list[str] = []
        self.title: str | None = None
        self.path = path
        self._event_seq = 0
        self._last_seq = 0
        self._replies: dict[int, asyncio.Future] = {}
        #: Every `pl.download` so far, as the browser would have saved it: (filename, bytes).
        self.downloads: list[tuple[str, bytes]] = []
        self._upload_seq = 0
        self._upload_replies: dict[int, asyncio.Future] = {}
        self._stopped: set[int] = set()
        self.session = Session(
            node, self._on_frame, location=Location.parse(path), debug=debug, cookie=CookieSession(cookie)
        )

    @property
    def cookie(self) -> CookieSession:
        """The browser's cookie session as the page sees it (`pl.use_session()`)."""
        return self.session.cookie

    async def _start(self) -> None:
        html = self.session.mount()
        # Numbered after whatever the first render sent already (a redirect's nav).
        self._on_frame(encode(mount_message(self.session.seq, html, self.session.title)))
        self.session.go_live()
        await self.settle()

    def _on_frame(self, text: str) -> None:
        self.frames.append(text)
        message = json.loads(text)
        if isinstance(message, list):
            seq, ack, *ops = message
            self._next(seq)
            for op in ops:
                self.document.apply(op)
            if ack:
                self._resolve(ack, None)
            return
        kind = message.get("t")
        if kind == "mount":
            self.document.mount(message["html"])
            self._last_seq = message["seq"]
            if message.get("path"):
                self.path = message["path"]
            if message.get("title"):
                self.title = message["title"]
        elif kind == "error":
            self.errors.append(message["message"])
            if message.get("ack"):
                self._resolve(message["ack"], message["message"])
        elif kind == "title":
            self._next(message["seq"])
            self.title = message["title"]
        elif kind == "nav":
            self._next(message["seq"])
            self.path = message["path"]
        elif kind == "push":
            self._next(message["seq"])
        elif kind == "download":
            self._next(message["seq"])
            found = self.session.downloads.take(message["token"])
            if found is not None:
                data = found.data.read_bytes() if isinstance(found.data, Path) else found.data
                self.downloads.append((message["name"], data))
        elif kind == "upload_ok":
            future = self._upload_replies.pop(message["n"], None)
            if future is not None and not future.done():
                future.set_result(message)
        elif kind == "upload_stop":
            self._stopped.add(message["id"])

    def _next(self, seq: int) -> None:
        # Patches and page-changing control messages share one sequence, without gaps.
        if seq != self._last_seq + 1:
            raise AssertionError(f"message {seq} arrived after {self._last_seq}")
        self._last_seq = seq

    def _resolve(self, ack: int, error: str | None) -> None:
        future = self._replies.pop(ack, None)
        if future is not None and not future.done():
            future.set_result(error)

    # --- queries --------------------------------------------------------------------------

    def find(self, selector: str) -> Node:
        """The first element matching the CSS `selector` in document order; `LookupError` if none.

        Any selector a browser's `querySelector` takes works (combinators, `:nth-child`, `:not`,
        `:has`, attribute operators, ...); an invalid one raises `ValueError`.
        """
        return self.document.root.find(selector)

    def find_all(self, selector: str) -> list[Node]:
        """Every element matching the CSS `selector`, in document order (empty if none)."""
        return self.document.root.find_all(selector)

    def html(self) -> str:
        """The page's current content as HTML: its attributes, as `outerHTML` shows them, written
        the way `render_to_string` writes (the live state of form controls is in `Node.value`,
        `Node.checked` and `Node.selected`)."""
        return self.document.root.html()

    # --- events ---------------------------------------------------------------------------

    async def click(self, selector: str) -> None:
        """Click the element: first `click_away` to each shown element bound to it that does not
        hold this one (as the browser runtime does), then a `click` bubbling to the nearest click
        binding. `LookupError` if there is none and no `click_away` went to a server handler (a
        menu's client-only close, on every page with a `Dropdown`, does not count: a click on
        nothing would pass unseen)."""
        target = self.find(selector)
        away = [
            bound
            for bound in self.find_all(f"[{BINDINGS_ATTR}*={CLICK_AWAY}]")
            if CLICK_AWAY in _bindings(bound) and not _holds(bound, target) and shown(bound._node)
        ]
        for bound in away:
            await self._deliver(bound, bound, CLICK_AWAY, {})
        if any("l" not in _bindings(b)[CLICK_AWAY] for b in away) and not _bound_above(target, "click"):
            return
        await self._fire(target, "click", {})

    async def input(self, selector: str, value: str) -> None:
        """Type `value` into the element (sets its value, then fires `input`)."""
        self._set_value(self.find(selector), value)
        await self._fire(self.find(selector), "input", {"value": value})

    async def change(self, selector: str, value: Any) -> None:
        """Set the element's value (a bool for a checkbox, a list for a `<select multiple>`) and fire `change`."""
        target = self.find(selector)
        data = self._set_value(target, value)
        await self._fire(target, "change", data)

    async def submit(self, selector: str, form: dict[str, Any] | None = None) -> None:
        """Fill the form's fields from `form` (by name) and submit it."""
        target = self.find(selector)
        form_node = target if target.tag == "form" else self._enclosing_form(target)
        if form_node is None:
            raise LookupError(f"{selector!r} is not in a form")
        for name, value in (form or {}).items():
            fields = [n for n in form_node.elements() if n.attrs.get("name") == name]
            if not fields:
                raise LookupError(f"the form has no field named {name!r}")
            for field in fields:
                if field.tag == "input" and field.attrs.get("type", "").lower() == "radio":
                    field.checked = field.value == value
                else:
                    self._set_value(field, value)
        await self._fire(form_node, "submit", {})

    async def keydown(self, selector: str, key: str, **modifiers: bool) -> None:
        """Press `key` (`"Enter"`, `"a"`, ...) on the element; `alt`/`ctrl`/`shift`/`meta` flags optional."""
        await self.dispatch(selector, "keydown", key=key, **modifiers)

    async def keyup(self, selector: str, key: str, **modifiers: bool) -> None:
        await self.dispatch(selector, "keyup", key=key, **modifiers)

    async def dispatch(self, selector: str, type: str, **data: Any) -> None:
        """Fire a `type` event at the element, with the given `Event` fields."""
        await self._fire(self.find(selector), type, data)

    async def drag(self, source: str, target: str) -> None:
        """Drag the element `source` onto the element `target`: `dragstart` on the source and `drop`
        on the target (each where bound), both carrying the source's `data-*` attributes as `Event.data`."""
        src = self.find(source)
        dragged = {
            name[5:]: value
            for name, value in src.attrs.items()
            if name.startswith("data-") and name != NODE_ID_ATTR and not name.startswith(NODE_ID_ATTR + "-")
        }
        for node, type in ((src, "dragstart"), (self.find(target), "drop")):
            bound: Node | None = node
            while bound is not None and type not in _bindings(bound):
                bound = bound.parent
            if bound is not None and NODE_ID_ATTR in bound.attrs:
                await self._deliver(bound, node, type, {"data": dragged})

    async def window(self, type: str, **data: Any) -> None:
        """Fire a `type` event at the window (`"keydown"`, `"focus"`, ...), with the given `Event`
        fields: every element bound with `on_window_<type>` gets it, in document order.

            await view.window("keydown", key="k", ctrl=True)
        """
        binding = WINDOW_PREFIX + type
        for bound in self.find_all(f"[{BINDINGS_ATTR}]"):
            if binding in _bindings(bound) and bound.parent is not None:
                await self._deliver(bound, bound, binding, dict(data))

    def _set_value(self, node: Node, value: Any) -> dict[str, Any]:
        """Set what the user would (a checkbox's or radio's `checked`, else `value`), as properties."""
        kind = node.attrs.get("type", "").lower()
        if node.tag == "input" and kind in ("checkbox", "radio"):
            node.checked = bool(value)
        elif node.tag == "select" and isinstance(value, (list, tuple, set, frozenset)):
            chosen = {str(v) for v in value}  # a <select multiple>: the options the user picks
            for option in node.find_all("option"):
                option.selected = option.value in chosen
        else:
            node.value = str(value)
        return _control_data(node)

    @staticmethod
    def _enclosing_form(node: Node | None) -> Node | None:
        while node is not None and node.tag != "form":
            node = node.parent
        return node

    async def _fire(self, target: Node, type: str, data: dict[str, Any]) -> None:
        bound: Node | None = target
        while bound is not None and type not in _bindings(bound):
            bound = bound.parent
        if bound is None or NODE_ID_ATTR not in bound.attrs:
            raise LookupError(f"no element at or above <{target.tag}> is bound to {type!r}")
        await self._deliver(bound, target, type, data)
        if type in ("input", "change") and bound.tag != "form" and "s" not in _bindings(bound)[type]:
            # As the runtime does: a form bound to it hears every field, even one bound itself.
            form = self._enclosing_form(bound)
            if form is not None and type in _bindings(form) and NODE_ID_ATTR in form.attrs:
                await self._deliver(form, target, type, data)

    async def _deliver(self, bound: Node, target: Node, type: str, data: dict[str, Any]) -> None:
        """What the client does with an event for `bound`: filter it by key, run its client
        commands in the model DOM, then send it (unless the browser keeps it) and wait for the reply."""
        modifiers = _bindings(bound)[type]
        keys = modifiers.get("keys")
        if keys is not None and not any(key_matches(k, data) for k in keys):
            return  # the client would not send it
        if "commands" in modifiers:
            self.document.commands.run(modifiers["commands"], bound._node, self.document.root._node)
        if "l" in modifiers:
            return  # client commands only: nothing goes to the server
        data = {**_control_data(target), **data}
        if target.id:
            data.setdefault("target_id", target.id)
        if type == "submit" or (type in ("change", "input") and bound.tag == "form"):
            form = bound if bound.tag == "form" else self._enclosing_form(target)
            if form is not None:
                data["form"] = self.document.form_data(form)
        self._event_seq += 1
        seq = self._event_seq
        reply = asyncio.get_running_loop().create_future()
        self._replies[seq] = reply
        await self.session.receive(json.dumps([seq, int(bound.attrs[NODE_ID_ATTR]), type, data]))
        error = await asyncio.wait_for(reply, REPLY_TIMEOUT)
        failure = self.session.handler_errors.pop(seq, None)
        if failure is not None:
            raise failure
        if error is not None:
            raise EventRefused(error)
        self._raise_render_errors()

    def _raise_render_errors(self) -> None:
        """Raise the first render failure since the last check: a page keeps working past one (the
        component shows its last good output), but a test must not pass against stale HTML."""
        errors = self.session.tree.errors
        last, self._last_error = self._last_error, (errors[-1] if errors else None)
        if self.raise_errors and errors and errors[-1] is not last:
            new = next((errors[i + 1 :] for i in range(len(errors) - 1, -1, -1) if errors[i] is last), errors)
            name, exc = new[0]
            if not any(note.startswith("while rendering") for note in getattr(exc, "__notes__", ())):
                exc.add_note(f"while rendering {name} (render(..., raise_errors=False) lets a test look at the page)")
            raise exc

    async def upload(self, selector: str, files: list[dict[str, Any]] | dict[str, Any]) -> None:
        """Pick `files` in the file input or drop target matched by `selector`, and send them as a browser
        would: each `{"name": "a.txt", "content": b"...", "type": "text/plain"}` (`type` defaults to
        the one its name implies). Returns once every file is done, refused or failed."""
        if isinstance(files, dict):
            files = [files]
        node = self.find(selector)
        ref = node.attrs.get(UPLOAD_ATTR) or node.attrs.get(DROP_ATTR)
        if ref is None:
            inner = node.find_all(f"[{UPLOAD_ATTR}]")
            if not inner:
                raise LookupError(
                    f"{selector!r} is not bound to an upload: "
                    "use h.input(type='file', upload=up) or FileDrop(upload=up)"
                )
            ref = inner[0].attrs[UPLOAD_ATTR]
        contents = []
        specs = []
        for f in files:
            content = f["content"].encode() if isinstance(f["content"], str) else bytes(f["content"])
            kind = f.get("type", mimetypes.guess_type(f["name"])[0] or "")
            contents.append(content)
            specs.append({"name": f["name"], "size": f.get("size", len(content)), "type": kind})
        self._upload_seq += 1
        n = self._upload_seq
        reply = self._upload_replies[n] = asyncio.get_running_loop().create_future()
        errors = len(self.errors)
        await self.session.receive(upload_frame(ref, n, specs))
        if not reply.done() and len(self.errors) > errors:
            self._upload_replies.pop(n, None)
            raise EventRefused(self.errors[-1])
        answer = await asyncio.wait_for(reply, REPLY_TIMEOUT)
        for entry, content in zip(answer["ids"], contents):
            for start in range(0, len(content), answer["chunk"]) if entry else ():
                if entry in self._stopped:
                    break
                await self.session.receive(chunk_frame(entry, content[start : start + answer["chunk"]]))
                await asyncio.sleep(0)  # chunks arrive apart, as over a socket: renders may come between
        await self.settle()

    async def settle(self) -> None:
        """Return once no render, effect, handler or delivery is pending (running timers aside).

        An async effect that keeps running (a loop that polls something) is background work like a
        timer: once nothing else is pending and it has not finished within `BACKGROUND_AFTER`
        seconds, `settle` stops waiting for it.
        """
        quiet = 0
        while quiet < 3:
            await asyncio.sleep(0)
            tasks = [t for t in self.session.tree.tasks if not t.done()]
            if tasks:
                done, _ = await asyncio.wait(tasks, timeout=BACKGROUND_AFTER)
                quiet = 0 if done or self.session.busy_rendering else quiet + 1
            elif self.session.busy:
                quiet = 0
            else:
                quiet += 1
        self._raise_render_errors()

    async def close(self) -> None:
        """Unmount the page: effects cleaned up, timers stopped."""
        self.session.close()
        await asyncio.sleep(0)


class render:
    """`async with render(Component(...)) as view:` mounts a live session for a test; leaving unmounts it.

    `path` sets the location the page starts at (for `use_location` and pages); `cookie` what the
    browser's cookie session holds (`pl.use_session()`), readable afterwards as `view.cookie`.
    A component that fails to render fails the test: the exception is raised where the page first
    renders, or by the action (`click`, `settle`, ...) whose render failed, as a handler's own
    exception is. `raise_errors=False` keeps the page going instead, to test what it shows then.
    """

    def __init__(
        self, node: Any, *, path: str = "/", debug: bool = False, cookie: dict | None = None, raise_errors: bool = True
    ) -> None:
        self.view = View(node, path=path, debug=debug, cookie=cookie, raise_errors=raise_errors)

    async def __aenter__(self) -> View:
        try:
            await self.view._start()
        except BaseException:
            await self.view.close()
            raise
        return self.view

    async def __aexit__(self, *exc: Any) -> None:
        await self.view.close()
