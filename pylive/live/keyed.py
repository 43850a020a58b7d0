"""Keyed children: which old child each new one keeps, and the removes and moves that follow.

Pure functions over the mounted slots' keys and DOM sizes; the reconciler turns their results into
ops and mounts or unmounts what they name.
"""

from __future__ import annotations

from typing import Any, Iterator

from pylive.core.element import ComponentElement, Element, Fragment, Raw, StreamView, check_keys
from pylive.live.mounted import Instance, MountedElement, MountedFragment, MountedRaw, MountedStream
from pylive.live.subsequence import heaviest_increasing, longest_increasing


class _Pos:
    """The key of an unkeyed child: its position (never equal to a user's key)."""

    __slots__ = ("i",)

    def __init__(self, i: int) -> None:
        self.i = i


_positions: list[_Pos] = []


def _pos(i: int) -> _Pos:
    while len(_positions) <= i:
        _positions.append(_Pos(len(_positions)))
    return _positions[i]


def node_key(node: Any) -> Any:
    """A new child's key (None for text, holes and unkeyed nodes)."""
    return None if node is None or node.__class__ is str else node.key


def slot_key(slot: Any) -> Any:
    """A mounted child's key (None for text, holes and unkeyed slots)."""
    if slot is None or slot.__class__ is str:
        return None
    return slot.key


def compatible(slot: Any, node: Any) -> bool:
    """Whether a mounted slot can be updated to `node` in place (same kind, tag or component)."""
    cls = slot.__class__
    ncls = node.__class__
    if slot is None:
        return node is None
    if cls is str:
        return ncls is str
    if cls is MountedElement:
        return ncls is Element and slot.element.tag == node.tag
    if cls is Instance:
        return ncls is ComponentElement and slot.component is node.component
    if cls is MountedFragment:
        return ncls is slot.node.__class__ and (ncls is Fragment or slot.node.context is node.context)
    if cls is MountedRaw:
        return ncls is Raw
    if cls is MountedStream:
        return ncls is StreamView and slot.stream is node.stream and slot.tree is not None
    return False


def match(old: list, new: tuple, where: str) -> tuple[list[int], list[bool]]:
    """For each new child, the index of the old child it keeps (-1: none); and which old ones are kept.

    Unkeyed children match by position. Two new siblings with one key raise `DuplicateKeyError`.
    """
    old_index: dict = {}
    for j, slot in enumerate(old):
        key = slot_key(slot)
        old_index[_pos(j) if key is None else key] = j
    new_keys = []
    seen: set = set()
    for i, node in enumerate(new):
        key = node_key(node)
        if key is None:
            key = _pos(i)
        elif key in seen:
            check_keys(new, where)
        seen.add(key)
        new_keys.append(key)
    matched = [-1] * len(new)
    used = [False] * len(old)
    for i, node in enumerate(new):
        j = old_index.get(new_keys[i])
        if j is not None and not used[j] and compatible(old[j], node):
            matched[i] = j
            used[j] = True
    return matched, used


def removed_runs(used: list[bool], sizes: list[int], base: int) -> Iterator[tuple[int, int, int, int]]:
    """The runs of old children that are not kept, highest first: `(dom offset, dom count, start, end)`,
    old children `start` to `end - 1`. Removing them in this order keeps the offsets valid."""
    offsets = []
    acc = base
    for s in sizes:
        offsets.append(acc)
        acc += s
    j = len(used) - 1
    while j >= 0:
        if used[j]:
            j -= 1
            continue
        end = j
        while j >= 0 and not used[j]:
            j -= 1
        start = j + 1
        yield offsets[start], sum(sizes[start : end + 1]), start, end + 1


def moves(matched: list[int], used: list[bool], sizes: list[int], base: int) -> tuple[list[int], list[int]] | None:
    """The MOVE op's `(from_indexes, to_deltas)` that put the kept children in their new order, or None.

    Counted in the space of the kept nodes (after the removes). The longest run already in order
    stays put; with slots of several DOM nodes, the run with the most nodes does.
    """
    kept_offset = {}
    acc = base
    for j in range(len(used)):
        if used[j]:
            kept_offset[j] = acc
            acc += sizes[j]
    # Slots of no DOM node never need to move.
    seq = [j for j in matched if j >= 0 and sizes[j]]
    stay = longest_increasing(seq) if len({sizes[j] for j in seq}) < 2 else heaviest_increasing(seq, sizes)
    if len(stay) == len(seq):
        return None
    frm: list[int] = []
    to: list[int] = []
    target = base
    last = 0
    for j in seq:
        size = sizes[j]
        if j not in stay:
            for k in range(size):
                frm.append(kept_offset[j] + k)
                to.append(target + k - last)
                last = target + k
        target += size
    return (frm, to) if frm else None
