"""A model of the browser's DOM for in-process tests: built from HTML, changed by patch messages.

The document is a real HTML5 DOM (Lexbor, through selectolax): HTML is parsed as the client
runtime parses it (`assets/pylive.js`: a `<template>`'s `innerHTML`, wrapped in `<svg>` or
`<math>` inside those, then empty comments removed), the eight ops are applied as the client
applies them (docs/protocol.md), and `value`, `checked` and `selected` are DOM properties kept
apart from the attributes (`pylive.testing.controls`). `find` takes any CSS selector Lexbor
knows, matched as `querySelectorAll` matches it from the root container.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from pylive.live.protocol import (
    HOLES_ATTR,
    INSERT,
    INSERT_ITEMS,
    MOVE,
    NODE_ID_ATTR,
    REMOVE,
    REMOVE_ATTR,
    REPLACE,
    SET_ATTR,
    SET_PROP,
    TEXT,
)
from pylive.testing.commands import ClientCommands
from pylive.testing.controls import Controls
from pylive.testing.markup import inner_html, outer_html

__all__ = ["Comment", "Document", "Node", "Text"]

# The SVG and MathML elements whose children the parser makes HTML elements.
_INTEGRATION_POINTS = frozenset(("foreignObject", "desc", "title", "annotation-xml", "mi", "mo", "mn", "ms", "mtext"))
_PAGE = (
    "<!DOCTYPE html><html><head><template></template></head>"
    '<body><div id="pl-root" data-pl="0"></div></body></html>'
)


class Attributes(MutableMapping[str, str]):
    """An element's attributes in document order, live: writing one is `setAttribute`."""

    __slots__ = ("_el",)

    def __init__(self, el: LexborNode) -> None:
        self._el = el

    def __getitem__(self, name: str) -> str:
        value = self._el.attrs[name]
        return "" if value is None else value

    def __setitem__(self, name: str, value: str) -> None:
        self._el.attrs[name] = value

    def __delitem__(self, name: str) -> None:
        del self._el.attrs[name]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._el.attrs

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._el.attributes))

    def __len__(self) -> int:
        return len(self._el.attributes)

    def __repr__(self) -> str:
        return repr({name: self[name] for name in self})


class Text:
    """A text node."""

    __slots__ = ("_node", "_doc")

    def __init__(self, node: LexborNode, doc: "Document") -> None:
        self._node = node
        self._doc = doc

    @property
    def data(self) -> str:
        return self._node.text_content or ""

    @property
    def parent(self) -> "Node | None":
        return self._doc.wrap(self._node.parent)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and other._node.mem_id == self._node.mem_id

    def __hash__(self) -> int:
        return self._node.mem_id

    def __repr__(self) -> str:
        return f"Text({self.data!r})"


class Comment(Text):
    """A comment node (only raw HTML makes them: the empty ones that part texts are removed)."""

    __slots__ = ()

    @property
    def data(self) -> str:
        return self._node.comment_content or ""

    def __repr__(self) -> str:
        return f"Comment({self.data!r})"


class Node:
    """An element of the page: its tag, attributes, DOM properties and children.

    `attrs` are the element's attributes (what `html()` shows, and what `[attr=value]` selectors
    match); `value`, `checked` and `selected` are the properties the server patches and events
    read: what the user sees.
    """

    __slots__ = ("_node", "_doc")

    def __init__(self, node: LexborNode, doc: "Document") -> None:
        self._node = node
        self._doc = doc

    @property
    def tag(self) -> str:
        """The tag name: lowercase for HTML, as written for SVG (`linearGradient`)."""
        return self._node.tag

    @property
    def attrs(self) -> Attributes:
        """The attributes (`""` for a boolean one), in document order; writable."""
        return Attributes(self._node)

    @property
    def id(self) -> str | None:
        """The `id` attribute, if any."""
        return self.attrs.get("id")

    @property
    def text(self) -> str:
        """The text content of this element and its descendants (`textContent`)."""
        return self._node.text(deep=True)

    @property
    def value(self) -> str | None:
        """The `value` property of a form control (None for an element without one)."""
        return self._doc.controls.value(self._node)

    @value.setter
    def value(self, value: str) -> None:
        self._doc.controls.set_value(self._node, value)

    @property
    def checked(self) -> bool:
        """The `checked` property of an input (False for any other element)."""
        return self._doc.controls.checked(self._node)

    @checked.setter
    def checked(self, checked: bool) -> None:
        self._doc.controls.set_checked(self._node, checked)

    @property
    def selected(self) -> bool:
        """The `selected` property of an option (False for any other element)."""
        return self._doc.controls.selected(self._node)

    @selected.setter
    def selected(self, selected: bool) -> None:
        self._doc.controls.set_selected(self._node, selected)

    @property
    def parent(self) -> "Node | None":
        """The parent element; None for the root container and for a removed element."""
        if self._node.mem_id == self._doc.root_id:
            return None
        return self._doc.wrap(self._node.parent)

    @property
    def children(self) -> list["Node | Text"]:
        """The child nodes: elements, texts and comments."""
        out: list[Node | Text] = []
        child = self._node.first_child
        while child is not None:
            wrapped = self._doc.wrap(child)
            if wrapped is not None:
                out.append(wrapped)
            child = child.next
        return out

    def elements(self) -> Iterator["Node"]:
        """Every element below this one, in document order."""
        wrap = self._doc.wrap
        for el in _below(self._node, "*"):
            yield wrap(el)

    def find(self, selector: str) -> "Node":
        """The first element below this one matching the CSS `selector`; `LookupError` if none."""
        found = self.find_all(selector)
        if not found:
            raise LookupError(f"no element matches {selector!r}")
        return found[0]

    def find_all(self, selector: str) -> list["Node"]:
        """Every element below this one matching the CSS `selector`, in document order."""
        try:
            found = _below(self._node, selector)
        except SelectolaxError as exc:
            raise ValueError(f"invalid CSS selector {selector!r}: {exc}") from None
        wrap = self._doc.wrap
        return [wrap(el) for el in found]

    def html(self, *, runtime_attrs: bool = False) -> str:
        """This element's children as HTML (what `render_to_string` gives for the same tree)."""
        return inner_html(self._node, runtime_attrs=runtime_attrs)

    def outer_html(self, *, runtime_attrs: bool = False) -> str:
        """This element and its children as HTML."""
        return outer_html(self._node, runtime_attrs=runtime_attrs)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Node) and other._node.mem_id == self._node.mem_id

    def __hash__(self) -> int:
        return self._node.mem_id

    def __repr__(self) -> str:
        return f"<Node {self.tag} {self.attrs!r}>"


class Document:
    """The root container (`#pl-root`, node 0) in a page, and its elements by node id."""

    def __init__(self) -> None:
        # Scripting on, as in the browser that runs the client (it decides how <noscript> parses).
        self._page = LexborHTMLParser(_PAGE, scripting=True)
        head = self._page.head
        body = self._page.body
        assert head is not None and body is not None
        self._template = head.first_child
        root = body.first_child
        assert self._template is not None and root is not None
        self._root = root
        self.root_id = root.mem_id
        self.controls = Controls()
        #: What client commands (`pl.js`) set, kept over patches.
        self.commands = ClientCommands()
        self.by_id: dict[int, LexborNode] = {0: root}
        #: The templates the page was sent (op 8), by number: their HTML.
        self.templates: dict[int, str] = {}
        # One wrapper per node, so that finding an element twice gives the same object.
        self._wrappers: dict[int, Any] = {}

    @property
    def root(self) -> Node:
        """The root container, `<div id="pl-root" data-pl="0">`."""
        return self.wrap(self._root)

    def wrap(self, node: LexborNode | None) -> Any:
        """The `Node`, `Text` or `Comment` for a Lexbor node (None for none, or the document)."""
        if node is None:
            return None
        wrapper = self._wrappers.get(node.mem_id)
        if wrapper is None:
            if node.is_element_node:
                wrapper = Node(node, self)
            elif node.is_text_node:
                wrapper = Text(node, self)
            elif node.is_comment_node:
                wrapper = Comment(node, self)
            else:
                return None
            self._wrappers[node.mem_id] = wrapper
        return wrapper

    def form_data(self, form: Node) -> dict[str, Any]:
        """The form's fields as the browser's FormData gives them (repeated names become lists)."""
        return self.controls.form_data(form._node)

    def mount(self, html: str) -> None:
        """Replace the root's content (a `mount` message)."""
        self._detach(_children(self._root))
        self.by_id = {0: self._root}
        self.templates = {}
        self.commands.clear()
        self._insert(self._root, self._parse(self._root, html), None, _may_select(html))

    def node(self, node_id: int) -> LexborNode:
        """The element with this node id."""
        try:
            return self.by_id[node_id]
        except KeyError:
            raise AssertionError(f"patch addresses unknown node {node_id}") from None

    def apply(self, op: list) -> None:
        """Apply one patch op, as the client does."""
        code = op[0]
        if code == TEXT:
            _, parent, index, text = op
            target = _child(self.node(parent), index, op)
            if not target.is_text_node:
                raise AssertionError(f"op {op} addresses an element, not a text")
            target.replace_with(text)
        elif code == SET_ATTR:
            self.node(op[1]).attrs[op[2]] = op[3]
            self.commands.restick(self.node(op[1]), op[2])
        elif code == REMOVE_ATTR:
            el = self.node(op[1])
            if op[2] in el.attrs:
                del el.attrs[op[2]]
            self.controls.attribute_removed(el, op[2])
            self.commands.restick(el, op[2])
        elif code == SET_PROP:
            self._set_prop(self.node(op[1]), op[2], op[3])
        elif code == INSERT:
            _, parent, index, html = op
            el = self.node(parent)
            before = _child(el, index, op) if index < _count(el) else None
            self._insert(el, self._parse(el, html), before, _may_select(html))
        elif code == INSERT_ITEMS:
            el = self.node(op[1])
            self._insert_items(el, _child(el, op[2], op) if op[2] < _count(el) else None, op)
        elif code == REMOVE:
            _, parent, index, count = op
            el = self.node(parent)
            self._detach([_child(el, index + k, op) for k in range(count)])
        elif code == REPLACE:
            _, parent, index, html = op
            el = self.node(parent)
            old = _child(el, index, op)
            self._insert(el, self._parse(el, html), old, _may_select(html))
            self._detach([old])
        elif code == MOVE:
            _, parent, frm, deltas = op
            el = self.node(parent)
            moving = [_child(el, i, op) for i in frm]
            for node in moving:
                node.decompose(recursive=False)  # detached, subtree and identity kept
            target = 0
            for node, delta in zip(moving, deltas):
                target += delta
                before = _child(el, target, op) if target < _count(el) else None
                self._insert(el, [node], before, False)
        else:
            raise AssertionError(f"unknown op {op!r}")

    def _set_prop(self, el: LexborNode, name: str, value: Any) -> None:
        if name == "value":
            self.controls.set_value(el, value)
        elif name == "checked":
            self.controls.set_checked(el, bool(value))
        elif name == "selected":
            self.controls.set_selected(el, bool(value))
        else:
            raise AssertionError(f"{name!r} is not a property the protocol sets")

    def _parse(self, parent: LexborNode, html: str) -> list[LexborNode]:
        """The top-level nodes the client makes of `html` for `parent`, indexed by node id."""
        box = self._box(parent, html)
        if NODE_ID_ATTR in html:
            for el in box.css(f"[{NODE_ID_ATTR}]"):
                self.by_id[int(el.attrs[NODE_ID_ATTR])] = el
        return _children(box)

    def _box(self, parent: LexborNode, html: str) -> LexborNode:
        """A scratch element holding what the client parses of `html` for `parent`, separators
        removed (valid until the next parse)."""
        template = self._template
        wrapper = _foreign(parent)
        if wrapper:
            template.inner_html = f"<{wrapper}>{html}</{wrapper}>"
            box = template.first_child
            assert box is not None
        else:
            template.inner_html = html
            box = template
        if "<!---->" in html:
            separators = [n for n in box.traverse(include_text=True) if n.is_comment_node and not n.comment_content]
            for node in separators:
                node.decompose(recursive=False)
        return box

    def _insert_items(self, parent: LexborNode, before: LexborNode | None, op: list) -> None:
        """Insert the items of an op 8 as the client makes them: copies of the template with their
        holes filled in document order (an element's listed attributes, then what is inside it;
        each comment a text), their elements numbered from the op's first node id."""
        _, _, _, node_id, template, count, *values = op
        if isinstance(template, list):
            self.templates[template[0]] = template[1]
            template = template[0]
        html = self.templates[template]
        taken = iter(values)
        for _ in range(count):
            box = self._box(parent, html)
            texts = []
            for node in list(box.traverse(include_text=True))[1:]:
                if node.is_comment_node:
                    texts.append((node, next(taken)))  # replaced once the walk is past it
                elif node.is_element_node:
                    node.attrs[NODE_ID_ATTR] = str(node_id)
                    self.by_id[node_id] = node
                    node_id += 1
                    holes = node.attrs.get(HOLES_ATTR)
                    if holes is not None:
                        del node.attrs[HOLES_ATTR]
                        for name in holes.split(" "):
                            node.attrs[name] = next(taken)
            for comment, text in texts:
                comment.replace_with(text)
            self._insert(parent, _children(box), before, _may_select(html))

    def _insert(self, parent: LexborNode, nodes: list[LexborNode], before: LexborNode | None, selects: bool) -> None:
        """Insert `nodes` before `before` (at the end if None); `selects` if they may hold a
        checked radio button or a selected option, which take the selection from the others."""
        for node in nodes:
            if before is None:
                parent.insert_child(node, move=True)
            else:
                before.insert_before(node, move=True)
            if selects and node.is_element_node:
                self.controls.inserted(node)

    def _detach(self, nodes: list[LexborNode]) -> None:
        for node in nodes:
            if node.is_element_node:
                for el in (node, *node.css(f"[{NODE_ID_ATTR}]")):
                    raw = el.attrs.get(NODE_ID_ATTR)
                    if raw is not None:
                        self.by_id.pop(int(raw), None)
            # Only detached, never freed: a test may still hold the node, and its identity keys
            # the controls' state.
            node.decompose(recursive=False)


def _below(node: LexborNode, selector: str) -> list[LexborNode]:
    """The elements below `node` matching `selector`, as `querySelectorAll` gives them (Lexbor's
    `css` also matches the node itself, first)."""
    found = node.css(selector)
    if found and found[0].mem_id == node.mem_id:
        del found[0]
    return found


def _may_select(html: str) -> bool:
    return "checked" in html or "selected" in html


def _children(node: LexborNode) -> list[LexborNode]:
    out = []
    child = node.first_child
    while child is not None:
        out.append(child)
        child = child.next
    return out


def _count(node: LexborNode) -> int:
    count = 0
    child = node.first_child
    while child is not None:
        count += 1
        child = child.next
    return count


def _child(parent: LexborNode, index: int, op: list) -> LexborNode:
    child = parent.first_child
    for _ in range(index):
        if child is None:
            break
        child = child.next
    if child is None or index < 0:
        raise AssertionError(f"op {op}: no child {index} in node {parent.attrs.get(NODE_ID_ATTR)}")
    return child


def _foreign(parent: LexborNode) -> str | None:
    """`svg` or `math` when `parent` is in that namespace: the client wraps HTML for it in one."""
    if parent.tag == "foreignObject":
        return None
    node: LexborNode | None = parent
    while node is not None and node.is_element_node:
        tag = node.tag
        if tag in ("svg", "math"):
            return tag
        if tag in _INTEGRATION_POINTS and node is not parent:
            return None  # what is inside them is HTML again
        node = node.parent
    return None
