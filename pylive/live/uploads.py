"""A session's uploads in flight: the bytes of picked files, from chunk frames to temporary files.

Each `use_upload` of the page registers here under its `ref`. An `upload` frame names the files
picked for one of them; the hook decides which are refused (size, type, count) and this registry
answers with an entry number for each of the others. The client then sends each file's bytes in
chunk frames, at most `UPLOAD_WINDOW` ahead of the acks, so that a large file never fills the
socket ahead of the page's events. Bytes go to a temporary file as they arrive (memory stays flat);
the first ones of anything claiming to be an image must look like one, and a file never grows past
the size it declared. Whatever stops a transfer removes its file.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from pathlib import Path
from typing import IO, Any, Callable

from pylive.core import filetypes
from pylive.live.frames import ChunkFrame, ProtocolError, parse_chunk, parse_upload
from pylive.live.protocol import upload_ack_message, upload_ok_message, upload_stop_message

log = logging.getLogger("pylive")

_PLAIN_EXT = re.compile(r"\.[a-z0-9]{1,15}\Z").match
#: How many finished entries are remembered, so that chunks already in flight for one are dropped quietly.
ENDED_MEMORY = 256
#: What an entry whose connection went away says.
CONNECTION_LOST = "The connection was lost during the upload: pick the file again."


class Transfer:
    """One file on its way: its entry, what arrived so far and the temporary file holding it."""

    __slots__ = ("slot", "entry", "name", "type", "size", "received", "file", "path")

    def __init__(self, slot: Any, entry: int, name: str, type_: str, size: int) -> None:
        self.slot = slot
        self.entry = entry
        self.name = name
        self.type = type_
        self.size = size
        self.received = 0
        self.file: IO[bytes] | None = None
        self.path: Path | None = None

    def open(self) -> None:
        """Make the temporary file the bytes go to (on the first chunk: a refused file never gets one)."""
        # The file keeps its extension (tools that look at it work), when it is a plain one.
        ext = filetypes.extension(self.name)
        fd, name = tempfile.mkstemp(prefix="pylive-upload-", suffix=ext if _PLAIN_EXT(ext) else "")
        self.path = Path(name)
        self.file = os.fdopen(fd, "wb")

    def discard(self) -> None:
        """Close and remove what was written (nothing is left on disk)."""
        self.close()
        if self.path is not None:
            try:
                os.unlink(self.path)
            except FileNotFoundError:
                pass
            self.path = None

    def close(self) -> None:
        """Close the file (what was written stays)."""
        if self.file is not None:
            try:
                self.file.close()
            except OSError:
                log.exception("closing an upload's temporary file failed")
            self.file = None


class Uploads:
    """The uploads of one session: its `use_upload` slots by ref, and the transfers by entry number.

    `send(message)` sends a transient control message; `refuse(reason)` answers a malformed frame
    (an error message to the client and a log line).
    """

    __slots__ = ("send", "refuse", "chunk_bytes", "_slots", "_transfers", "_ended", "_next")

    def __init__(self, send: Callable[[dict], None], refuse: Callable[[str], None], chunk_bytes: int) -> None:
        self.send = send
        self.refuse = refuse
        #: The most file bytes a chunk frame may carry (what `upload_ok` tells the client).
        self.chunk_bytes = chunk_bytes
        self._slots: dict[str, Any] = {}
        self._transfers: dict[int, Transfer] = {}
        self._ended: dict[int, None] = {}  # oldest first; an empty OrderedDict is twice the size
        self._next = 0

    def __len__(self) -> int:
        """How many files are on their way."""
        return len(self._transfers)

    # --- what the hooks call --------------------------------------------------------------

    def register(self, slot: Any) -> None:
        """A `use_upload` mounted: frames may name it by `slot.ref` from now on."""
        self._slots[slot.ref] = slot

    def unregister(self, slot: Any) -> None:
        """A `use_upload` unmounted: its transfers stop and their files are removed."""
        if self._slots.get(slot.ref) is slot:
            del self._slots[slot.ref]
        for transfer in [t for t in self._transfers.values() if t.slot is slot]:
            self._end(transfer, tell_client=True)

    def next_ref(self) -> int:
        """A new entry number, unique in this session."""
        self._next += 1
        return self._next

    def stop(self, entry: int) -> None:
        """Stop a transfer (cancelled, or replaced by a new pick): the client stops, the file goes."""
        transfer = self._transfers.get(entry)
        if transfer is not None:
            self._end(transfer, tell_client=True)

    # --- what the session calls -----------------------------------------------------------

    def request(self, fields: dict) -> None:
        """An `upload` frame's fields: files were picked for an upload; make their entries, say which to send."""
        try:
            request = parse_upload(fields)
        except ProtocolError as exc:
            self.refuse(str(exc))
            return
        slot = self._slots.get(request.ref)
        if slot is None:
            self.refuse(f"no upload {request.ref[:40]!r} in this page")
            self.send(upload_ok_message(request.n, [0] * len(request.files), self.chunk_bytes))
            return
        ids = []
        for entry in slot.begin(request.files, self.next_ref):
            if entry.error is not None:
                ids.append(0)
                continue
            transfer = Transfer(slot, entry.ref, entry.name, entry.type, entry.size)
            self._transfers[entry.ref] = transfer
            if entry.size == 0:
                ids.append(0)  # nothing to send: done at once
                self._write(transfer, memoryview(b""))
            else:
                ids.append(entry.ref)
        self.send(upload_ok_message(request.n, ids, self.chunk_bytes))

    def receive(self, data: bytes) -> None:
        """A chunk frame: the next bytes of an entry."""
        try:
            frame = parse_chunk(data)
        except ProtocolError as exc:
            self.refuse(str(exc))
            return
        self.chunk(frame)

    def chunk(self, frame: ChunkFrame) -> None:
        """The next bytes of entry `frame.entry`."""
        transfer = self._transfers.get(frame.entry)
        if transfer is None:
            if frame.entry not in self._ended:
                self.refuse(f"no upload entry {frame.entry} is receiving bytes")
            return  # else: in flight when it was stopped
        size = len(frame.data)
        if size > self.chunk_bytes:
            allowed = self.chunk_bytes
            self._fail(transfer, f"{transfer.name} came in a chunk of {size} bytes, over the {allowed} allowed.")
            self.refuse(f"a chunk of {size} bytes is over the {self.chunk_bytes} allowed")
        elif transfer.received + size > transfer.size:
            self._fail(transfer, f"{transfer.name} sent more bytes than the {transfer.size} it declared.")
            self.refuse(f"upload entry {frame.entry} sent more bytes than it declared")
        elif size == 0:
            self.refuse("an empty chunk")
        else:
            self._write(transfer, frame.data)

    def _write(self, transfer: Transfer, data: memoryview) -> None:
        if transfer.file is None:
            error = filetypes.sniff(transfer.name, transfer.type, bytes(data[: filetypes.SNIFF_BYTES]))
            if error is not None:
                self._fail(transfer, error)
                return
        try:
            if transfer.file is None:
                transfer.open()
            assert transfer.file is not None
            transfer.file.write(data)
        except OSError:
            log.exception("writing an upload to its temporary file failed")
            self._fail(transfer, f"{transfer.name} could not be stored on the server.")
            return
        transfer.received += len(data)
        if data:
            self.send(upload_ack_message(transfer.entry, transfer.received))
        if transfer.received == transfer.size:
            transfer.close()
            path, transfer.path = transfer.path, None
            self._forget(transfer)
            assert path is not None
            transfer.slot.finish(transfer.entry, path)
        else:
            transfer.slot.progress(transfer.entry, transfer.received)

    def _fail(self, transfer: Transfer, error: str) -> None:
        self._end(transfer, tell_client=True)
        transfer.slot.fail(transfer.entry, error)

    def _end(self, transfer: Transfer, *, tell_client: bool) -> None:
        transfer.discard()
        self._forget(transfer)
        if tell_client:
            self.send(upload_stop_message(transfer.entry))

    def _forget(self, transfer: Transfer) -> None:
        self._transfers.pop(transfer.entry, None)
        self._ended[transfer.entry] = None
        if len(self._ended) > ENDED_MEMORY:
            del self._ended[next(iter(self._ended))]

    def connection_lost(self) -> None:
        """The socket went away: every file on its way fails (its bytes cannot come back)."""
        for transfer in list(self._transfers.values()):
            self._end(transfer, tell_client=False)
            transfer.slot.fail(transfer.entry, CONNECTION_LOST)

    def close(self) -> None:
        """The session closed: every partial file is removed, and the session is let go of."""
        for transfer in list(self._transfers.values()):
            self._end(transfer, tell_client=False)
        self._slots.clear()
        # The callbacks are the session's own methods: dropping them breaks the cycle through it,
        # so that a closed session is freed by reference counting.
        self.send = self.refuse = _ignore


def _ignore(_: object) -> None:
    pass


__all__ = ["CONNECTION_LOST", "Transfer", "Uploads"]
