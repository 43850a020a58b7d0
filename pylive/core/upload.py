"""`pl.use_upload`: files picked or dropped in the browser, as a list of entries that fill as bytes arrive.

The hook holds the entries and the limits, and decides what is refused before a byte is sent; the
live layer (`pylive/live/uploads.py`) moves the bytes, writes them to a temporary file and reports
progress back here. Entries are immutable values replaced as they change, so a component given one
as a prop re-renders when it moves.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import secrets
from pathlib import Path
from typing import Any, Callable

import attrs

from pylive.core import filetypes
from pylive.core.current import HookHost, slot_for
from pylive.core.element import Element, make_element
from pylive.core.hooks import failed

#: Progress re-renders its component at most this often (seconds); the end of a file always does.
PROGRESS_INTERVAL = 0.1
#: The runtime's JS hook that shows the browser's own copy of a picked image (`Upload.preview`).
PREVIEW_HOOK = "UploadPreview"


@attrs.frozen(slots=True)
class UploadEntry:
    """One file of an upload, as it is now: replaced by a new value each time it changes.

        for entry in up.entries:
            h.li(entry.name, h.progress(value=entry.progress, max=100), entry.error)
    """

    ref: int  #: its number in the session (what the browser sends its bytes under)
    name: str  #: the file's name, as the browser gave it
    size: int  #: its size in bytes, as the browser declared it
    type: str  #: its MIME type, as the browser declared it ("" if none)
    progress: int = 0  #: how much has arrived, 0-100
    done: bool = False  #: every byte arrived (and `error` is None)
    error: str | None = None  #: why it was refused or failed: one sentence
    path: Path | None = None  #: once done, the temporary file holding it (removed after `on_upload`)


def _size(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:g} {unit}" if unit == "bytes" else f"{n:.3g} {unit}"
        n /= 1000
    return f"{n} GB"  # pragma: no cover


@attrs.frozen(slots=True, eq=True)
class Upload:
    """What `pl.use_upload()` returns: the entries as they are in this render, and how to bind the upload.

        up = pl.use_upload(accept=("image/*",), max_entries=3)
        h.input(type="file", upload=up)          # or components.FileDrop(upload=up)

    A new value each render the entries changed, so a component given it as a prop re-renders.
    """

    ref: str  #: the upload's name in the page (`data-pl-upload`)
    accept: tuple[str, ...]
    max_entries: int
    max_file_size: int
    entries: list[UploadEntry]
    _slot: "UploadSlot" = attrs.field(eq=False, repr=False)

    def cancel(self, entry: UploadEntry) -> None:
        """Stop `entry` (its bytes stop, its temporary file is removed) and take it off the list."""
        self._slot.cancel(entry.ref)

    def bind(self, tag: str) -> dict[str, str | None]:
        """The attributes that bind this upload to a `tag` element (`upload=up` in `pylive.html`).

        An `<input>` becomes its file input; any other element a drop target for it.
        """
        if tag != "input":
            return {"data-pl-drop": self.ref}
        return {
            "type": "file",
            "data-pl-upload": self.ref,
            "accept": ",".join(self.accept) or None,
            "multiple": "" if self.max_entries > 1 else None,
        }

    def preview(self, entry: UploadEntry, **attrs_: Any) -> Element | None:
        """An `<img>` of an image `entry` as the browser has it, shown at once (while its bytes
        travel, and with no request to the server), as LiveView's `live_img_preview`; None for a
        file that is not an image. `attrs_` go on the `<img>` (its `alt` is the file's name).

            [h.li(up.preview(e, width="96"), e.name) for e in up.entries]

        Only the page that picked the file has it: after a reload the image is empty (show your
        own copy, or the entry's name, then).
        """
        if not entry.type.startswith("image/"):
            return None
        return make_element("img", (), {"alt": entry.name, **attrs_, "hook": PREVIEW_HOOK, "data_pl_preview": str(entry.ref)})

    @property
    def uploading(self) -> bool:
        """Whether some entry is still receiving bytes."""
        return any(not e.done and e.error is None for e in self.entries)


class UploadSlot:
    """A `use_upload` slot: the limits, the entries by number, and the registry that moves their bytes."""

    __slots__ = (
        "kind",
        "inst",
        "ref",
        "accept",
        "max_entries",
        "max_file_size",
        "on_upload",
        "entries",
        "registry",
        "_handle",
        "_last_render",
        "_timer",
    )

    def __init__(self, inst: HookHost, accept: tuple[str, ...], max_entries: int, max_file_size: int) -> None:
        self.kind = "use_upload"
        self.inst = inst
        self.ref = secrets.token_urlsafe(6)
        self.accept = accept
        self.max_entries = max_entries
        self.max_file_size = max_file_size
        self.on_upload: Callable[[UploadEntry], Any] | None = None
        self.entries: dict[int, UploadEntry] = {}
        self._handle: Upload | None = None
        self._last_render = 0.0
        self._timer: asyncio.TimerHandle | None = None
        #: The session's registry (`pylive.live.uploads.Uploads`), or None in a static render.
        self.registry: Any = getattr(inst.tree, "uploads", None)
        if self.registry is not None:
            self.registry.register(self)

    def handle(self) -> Upload:
        """The `Upload` value for this render (the same object while nothing changed)."""
        if self._handle is None:
            self._handle = Upload(
                self.ref, self.accept, self.max_entries, self.max_file_size, list(self.entries.values()), self
            )
        return self._handle

    def _changed(self, now: bool = True) -> None:
        self._handle = None
        if now or self._timer is None and self._due():
            self._render()
        elif self._timer is None:
            delay = self._last_render + PROGRESS_INTERVAL - asyncio.get_running_loop().time()
            self._timer = asyncio.get_running_loop().call_later(max(delay, 0), self._render)

    def _due(self) -> bool:
        try:
            return asyncio.get_running_loop().time() - self._last_render >= PROGRESS_INTERVAL
        except RuntimeError:
            return True

    def _render(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        try:
            self._last_render = asyncio.get_running_loop().time()
        except RuntimeError:
            pass
        self.inst.invalidate()

    # --- what the registry calls ----------------------------------------------------------

    def begin(self, files: list[tuple[str, int, str]], next_ref: Callable[[], int]) -> list[UploadEntry]:
        """A new pick of `files` (name, size, type): its entries, each refused or ready for bytes.

        Finished and failed entries make way for it (their files are removed); with `max_entries=1`
        so does one still uploading, as a single-file input replaces its file.
        """
        for ref, entry in list(self.entries.items()):
            ending = entry.done or entry.error is not None
            if ending or self.max_entries == 1:
                if not ending and self.registry is not None:
                    self.registry.stop(ref)
                del self.entries[ref]
                _remove(entry.path)
        room = self.max_entries - len(self.entries)
        made = []
        for name, size, mime in files:
            error = self._refusal(name, size, mime, room)
            if error is None:
                room -= 1
            entry = UploadEntry(next_ref(), name, size, mime, error=error)
            self.entries[entry.ref] = entry
            made.append(entry)
        self._changed()
        return made

    def _refusal(self, name: str, size: int, mime: str, room: int) -> str | None:
        if room <= 0:
            many = "one file" if self.max_entries == 1 else f"{self.max_entries} files"
            return f"{name} was not uploaded: at most {many} at a time."
        if size > self.max_file_size:
            return f"{name} is {_size(size)}, over the limit of {_size(self.max_file_size)}."
        return filetypes.refusal(self.accept, name, mime)

    def progress(self, ref: int, received: int) -> None:
        """`received` bytes of entry `ref` have arrived (re-renders at a bounded rate)."""
        entry = self.entries.get(ref)
        if entry is None or not entry.size:
            return
        percent = min(99, received * 100 // entry.size)
        if percent != entry.progress:
            self.entries[ref] = attrs.evolve(entry, progress=percent)
            self._changed(now=False)

    def finish(self, ref: int, path: Path) -> None:
        """Every byte of entry `ref` is in `path`: it is done, and `on_upload` gets it."""
        entry = self.entries.get(ref)
        if entry is None:
            _remove(path)
            return
        entry = self.entries[ref] = attrs.evolve(entry, progress=100, done=True, path=path)
        self._changed()
        if self.on_upload is not None:
            self._deliver(entry)

    def fail(self, ref: int, error: str) -> None:
        """Entry `ref` failed (the registry removed what it had written); `error` says why."""
        entry = self.entries.get(ref)
        if entry is not None:
            self.entries[ref] = attrs.evolve(entry, error=error)
            self._changed()

    def cancel(self, ref: int) -> None:
        """Stop entry `ref` and take it off the list."""
        entry = self.entries.pop(ref, None)
        if entry is None:
            return
        if not entry.done and entry.error is None and self.registry is not None:
            self.registry.stop(ref)
        _remove(entry.path)
        self._changed()

    def _deliver(self, entry: UploadEntry) -> None:
        inst, on_upload = self.inst, self.on_upload
        assert on_upload is not None
        try:
            result = on_upload(entry)
        except Exception as exc:
            self._delivered(entry, exc)
            return
        if inspect.isawaitable(result):
            tree = inst.tree
            coro = self._await(entry, result)
            if tree is not None:
                tree.spawn(coro)
            else:  # pragma: no cover - a static render has no registry, so no entry finishes
                asyncio.ensure_future(coro)
        else:
            self._delivered(entry, None)

    async def _await(self, entry: UploadEntry, awaitable: Any) -> None:
        try:
            await awaitable
        except asyncio.CancelledError:
            _remove(entry.path)
            raise
        except Exception as exc:
            self._delivered(entry, exc)
            return
        self._delivered(entry, None)

    def _delivered(self, entry: UploadEntry, exc: BaseException | None) -> None:
        _remove(entry.path)
        if exc is not None:
            failed(self.inst, "on_upload", exc)
        current = self.entries.get(entry.ref)
        if current is not None and self.inst.mounted:
            error = None if exc is None else f"{entry.name} could not be processed by the server."
            self.entries[entry.ref] = attrs.evolve(current, path=None, error=error, done=exc is None)
            self._changed()

    def unmount(self) -> None:
        """The component is gone: every transfer stops and every temporary file is removed."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.registry is not None:
            self.registry.unregister(self)
            self.registry = None
        for entry in self.entries.values():
            _remove(entry.path)
        self.entries = {}
        self._handle = None


def _remove(path: Path | None) -> None:
    if path is not None:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def use_upload(
    *,
    accept: tuple[str, ...] | list[str] = (),
    max_entries: int = 1,
    max_file_size: int = 8_000_000,
    on_upload: Callable[[UploadEntry], Any] | None = None,
) -> Upload:
    """Files the user picks or drops, sent over the page's socket as they are chosen.

        @pl.component
        def Avatar():
            saved, set_saved = pl.use_state(None)
            up = pl.use_upload(accept=(".png", ".jpg"), max_file_size=2_000_000,
                               on_upload=lambda entry: set_saved(store(entry.path)))
            return h.div(h.input(type="file", upload=up), [h.p(e.name, " ", e.error or f"{e.progress}%")
                                                           for e in up.entries])

    `accept` holds extensions (`".png"`) and MIME patterns (`"image/*"`); a file over `max_file_size`,
    of a type not accepted, or past `max_entries` gets `entry.error` and is never written to disk.
    `on_upload(entry)` (plain or `async`) is called once per completed file, with `entry.path` its
    temporary file, which is removed after it returns. Without it, the file stays at `entry.path`
    until the entry is replaced by a new pick, cancelled, or the component unmounts.
    """
    inst, slot = slot_for("use_upload")
    if slot is None:
        if not isinstance(max_entries, int) or max_entries < 1:
            raise ValueError(f"use_upload(max_entries={max_entries!r}): give a whole number of 1 or more")
        if not isinstance(max_file_size, int) or max_file_size < 1:
            raise ValueError(f"use_upload(max_file_size={max_file_size!r}): give a number of bytes of 1 or more")
        slot = UploadSlot(inst, filetypes.check_accept(accept), max_entries, max_file_size)
        inst.hooks.append(slot)
    slot.on_upload = on_upload
    return slot.handle()


__all__ = ["PROGRESS_INTERVAL", "Upload", "UploadEntry", "UploadSlot", "use_upload"]
