"""The mounted tree: what the reconciler keeps of the last render of a session.

A slot is what one child became in the DOM: a `str` (one text node), a `MountedElement`, a
`MountedRaw`, a `MountedFragment` (fragments and context providers) or an `Instance` (a component).
Elements are the hosts: a slot's DOM nodes are children of its nearest enclosing element. Fragments
and instances know their DOM size (how many sibling nodes they stand for) so that child indexes can
be computed without looking at the DOM.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pylive.core.component import Component
    from pylive.core.element import Element, Raw
    from pylive.live.tree import Tree


EMPTY_SCOPE: dict = {}


class MountedElement:
    """An element in the DOM, with its node id and its children's slots (a list, or the element's
    own tuple of children when they are all texts)."""

    __slots__ = ("id", "element", "children")

    def __init__(self, id: int, element: "Element", children: "list | tuple") -> None:
        self.id = id
        self.element = element
        self.children = children

    @property
    def key(self) -> Any:
        return self.element.key


#: A shape's tokens (`pylive.live.shapes`): an element is `(tag, attribute names, bindings)`; a
#: hole (a `None` child: a place that renders nothing) is a token too, so that a child's place is
#: part of the shape as it is of an element diff.
TEXT_TOKEN = 0
CLOSE_TOKEN = 1
HOLE_TOKEN = 2


class MountedShape:
    """A component's output kept as its shape and values, not as elements (`pylive.live.shapes`).

    `shape` holds what every output of that form shares (tags, attribute names, bindings, where
    the texts are); `values` the attribute values and texts, in document order. The elements take
    the node ids `id`, `id + 1`, ... in document order, or, once a diff gave one of them a new id,
    those in `ids`. `bound` holds, for the elements with handlers, a `MountedElement` without
    children (also in the tree's handlers) whose element carries the latest handlers.
    """

    __slots__ = ("shape", "id", "values", "bound", "ids")

    #: One root element: one DOM node among its host's children, and never keyed.
    size = 1
    key = None

    def __init__(
        self,
        shape: Any,
        id: int,
        values: tuple,
        bound: "tuple[MountedElement, ...] | None",
        ids: "tuple[int, ...] | None" = None,
    ) -> None:
        self.shape = shape
        self.id = id
        self.values = values
        self.bound = bound
        self.ids = ids

    def node_id(self, offset: int) -> int:
        """The node id of the element at `offset` in document order."""
        return self.id + offset if self.ids is None else self.ids[offset]


class MountedRaw:
    """Raw HTML: `count` opaque top-level DOM nodes."""

    __slots__ = ("raw", "count")

    def __init__(self, raw: "Raw", count: int) -> None:
        self.raw = raw
        self.count = count

    @property
    def key(self) -> Any:
        return self.raw.key


class MountedFragment:
    """A fragment or a context provider: children spliced into the host, no element of its own."""

    __slots__ = ("node", "children", "size", "parent", "host", "consumers", "scope")

    def __init__(self, node: Any, parent: Any, host: MountedElement) -> None:
        self.node = node
        self.children: list = []
        self.size = 0
        self.parent = parent
        self.host = host
        self.consumers: set[Instance] | None = None
        self.scope: dict = EMPTY_SCOPE

    @property
    def key(self) -> Any:
        return self.node.key


class MountedStream:
    """A stream's view (`items.view(...)`): its items' keys in page order, one DOM node each.

    The items themselves are forgotten once sent; until then (a page not yet written) `fresh`
    holds their mounted slots. `handlers` keeps, by key, the node ids of the elements inside an
    item that have handlers (their events still reach them).
    """

    __slots__ = (
        "stream",
        "render",
        "key",
        "keys",
        "handlers",
        "fresh",
        "sent",
        "queued",
        "size",
        "parent",
        "host",
        "depth",
        "scope",
        "tree",
    )

    def __init__(self, stream: Any, render: Any, key: Any, parent: Any, host: MountedElement, depth: int) -> None:
        self.stream = stream
        self.render = render
        self.key = key
        self.keys: list = []
        self.handlers: dict = {}
        self.fresh: dict | None = {}
        #: Whether the page has been sent this view's HTML (from then on, changes go as ops).
        self.sent = False
        #: Whether the tree has it in its list of streams with changes to apply.
        self.queued = False
        self.size = 0
        self.parent = parent
        self.host = host
        self.depth = depth
        self.scope: dict = EMPTY_SCOPE
        self.tree: "Tree | None" = None

    def changed(self) -> None:
        """The stream queued a change: apply it in the tree's next render pass."""
        if self.tree is not None and not self.queued:
            self.queued = True
            self.tree.stream_changed(self)


class Instance:
    """A mounted component: its props, hook state and the slot its output became."""

    __slots__ = (
        "component",
        "args",
        "kwargs",
        "key",
        "hooks",
        "child",
        "size",
        "parent",
        "host",
        "depth",
        "tree",
        "dirty",
        "mounted",
        "providers",
        "seed",
    )

    def __init__(
        self,
        component: "Component",
        args: tuple,
        kwargs: dict,
        key: Any,
        parent: Any,
        host: MountedElement | None,
        depth: int,
        tree: "Tree | None",
    ) -> None:
        self.component = component
        self.args = args
        self.kwargs = kwargs
        self.key = key
        self.hooks: list = []
        self.child: Any = None
        self.size = 0
        self.parent = parent
        self.host = host
        self.depth = depth
        self.tree = tree
        self.dirty = False
        self.mounted = True
        #: The context providers above this instance: context -> provider's mounted fragment.
        self.providers: dict = EMPTY_SCOPE
        #: While it first renders in a resumed session: its stored hook values, by hook index.
        self.seed: dict | None = None

    @property
    def name(self) -> str:
        return self.component.name

    def invalidate(self) -> None:
        """Mark this component for re-rendering in the session's next render pass."""
        if self.mounted and not self.dirty and self.tree is not None:
            self.dirty = True
            self.tree.mark_dirty(self)

    def element_id(self) -> int | None:
        """The node id of the first element this component renders, or None if it renders none."""
        node = self.child
        while node.__class__ is Instance:
            node = node.child
        return getattr(node, "id", None)

    def __repr__(self) -> str:
        return f"<{self.name} instance>"


def size_of(slot: Any) -> int:
    """How many DOM nodes a slot stands for among its host's children."""
    cls = slot.__class__
    if cls is str or cls is MountedElement:
        return 1
    if slot is None:
        return 0
    if cls is MountedRaw:
        return slot.count
    return slot.size
