"""A model of the browser's DOM for in-process tests: built from HTML, changed by patch messages.

It applies exactly the ops the client runtime applies (docs/protocol.md), so what a test reads
is what a browser would show.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Iterator

from markupsafe import escape

from pylive.core.element import VOID_TAGS
from pylive.html import SVG_TAGS
from pylive.live.protocol import INSERT, INSERT_ITEMS, MOVE, REMOVE, REMOVE_ATTR, REPLACE, SET_ATTR, SET_PROP, TEXT
from pylive.live.templates import expand


class Text:
    """A text node."""

    __slots__ = ("data", "parent")

    def __init__(self, data: str) -> None:
        self.data = data
        self.parent: Node | None = None


class Node:
    """An element: `tag`, `attrs` (rendered values, `""` for a boolean attribute) and children."""

    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | Text] = []
        self.parent: Node | None = None

    @property
    def text(self) -> str:
        """The text content of this element and its descendants."""
        return "".join(
            c.data if isinstance(c, Text) else c.text for c in self.children
        )

    @property
    def id(self) -> str | None:
        return self.attrs.get("id")

    def elements(self) -> Iterator["Node"]:
        """Every element below this one, in document order."""
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.elements()

    def html(self, *, runtime_attrs: bool = False) -> str:
        """This element's children as HTML (what `render_to_string` gives for the same tree)."""
        out: list[str] = []
        _write_children(self, out, runtime_attrs)
        return "".join(out)

    def outer_html(self, *, runtime_attrs: bool = False) -> str:
        out: list[str] = []
        _write(self, out, runtime_attrs)
        return "".join(out)

    def __repr__(self) -> str:
        return f"<Node {self.tag} {self.attrs}>"


def _write_children(node: Node, out: list[str], runtime_attrs: bool) -> None:
    text_last = False
    for child in node.children:
        if isinstance(child, Text):
            if text_last:
                out.append("<!---->")
            out.append(escape(child.data))
            text_last = True
        else:
            _write(child, out, runtime_attrs)
            text_last = False


def _write(node: Node, out: list[str], runtime_attrs: bool) -> None:
    parts = [f"<{node.tag}"]
    for name, value in node.attrs.items():
        if not runtime_attrs and name.startswith("data-pl"):
            continue
        if node.tag == "textarea" and name == "value":
            continue
        parts.append(f' {name}="{escape(value)}"' if value else f" {name}")
    out.append("".join(parts) + ">")
    if node.tag in VOID_TAGS:
        return
    if node.tag == "textarea" and "value" in node.attrs:
        out.append(escape(node.attrs["value"]))
    else:
        _write_children(node, out, runtime_attrs)
    out.append(f"</{node.tag}>")


# html.parser lowercases names; SVG keeps its camelCase ones (as the browser's parser does).
_CASED_TAGS = {t.lower(): t for t in SVG_TAGS if t != t.lower()}
_CASED_ATTRS = {
    a.lower(): a
    for a in (
        "viewBox preserveAspectRatio gradientUnits gradientTransform patternUnits "
        "patternTransform markerWidth markerHeight refX refY stdDeviation textLength "
        "lengthAdjust clipPathUnits maskUnits pathLength"
    ).split()
}


def _attrs(attrs: list) -> dict[str, str]:
    return {_CASED_ATTRS.get(k, k): (v if v is not None else "") for k, v in attrs}


class _Parser(HTMLParser):
    def __init__(self, root: Node) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = [root]
        self._separated = False

    def _append(self, child: Node | Text) -> None:
        parent = self.stack[-1]
        child.parent = parent
        parent.children.append(child)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        node = Node(_CASED_TAGS.get(tag, tag), _attrs(attrs))
        self._append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self._append(Node(_CASED_TAGS.get(tag, tag), _attrs(attrs)))

    def handle_endtag(self, tag: str) -> None:
        tag = _CASED_TAGS.get(tag, tag)
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        parent = self.stack[-1]
        if parent.tag == "textarea":
            parent.attrs.setdefault("value", "")
            parent.attrs["value"] += data
            return
        last = parent.children[-1] if parent.children else None
        if isinstance(last, Text) and not self._separated:
            last.data += data
        else:
            self._append(Text(data))
        self._separated = False

    def handle_comment(self, data: str) -> None:
        # Empty comments only separate two texts (docs/protocol.md); they are not kept.
        self._separated = True


def parse(html: str) -> list[Node | Text]:
    """The top-level nodes of an HTML fragment."""
    holder = Node("#fragment", {})
    parser = _Parser(holder)
    parser.feed(html)
    parser.close()
    return holder.children


class Document:
    """The root container (`#pl-root`, node 0) and an index of elements by node id."""

    def __init__(self) -> None:
        self.root = Node("div", {"id": "pl-root", "data-pl": "0"})
        self.by_id: dict[int, Node] = {0: self.root}
        #: Templates the page was sent (op 8), by number.
        self.templates: dict[int, str] = {}

    def mount(self, html: str) -> None:
        """Replace the root's content."""
        self.root.children = []
        self.by_id = {0: self.root}
        self.templates: dict[int, str] = {}
        self._insert(self.root, 0, html)

    def _index(self, nodes: list) -> None:
        for node in nodes:
            if isinstance(node, Node):
                pl = node.attrs.get("data-pl")
                if pl is not None:
                    self.by_id[int(pl)] = node
                self._index(node.children)

    def _unindex(self, nodes: list) -> None:
        for node in nodes:
            if isinstance(node, Node):
                pl = node.attrs.get("data-pl")
                if pl is not None:
                    self.by_id.pop(int(pl), None)
                self._unindex(node.children)

    def _insert(self, parent: Node, index: int, html: str) -> None:
        nodes = parse(html)
        for node in nodes:
            node.parent = parent
        parent.children[index:index] = nodes
        self._index(nodes)

    def node(self, node_id: int) -> Node:
        try:
            return self.by_id[node_id]
        except KeyError:
            raise AssertionError(f"patch addresses unknown node {node_id}") from None

    def apply(self, op: list) -> None:
        """Apply one patch op."""
        code = op[0]
        if code == TEXT:
            _, parent, index, text = op
            target = self.node(parent).children[index]
            if not isinstance(target, Text):
                raise AssertionError(f"op {op} addresses an element, not a text")
            target.data = text
        elif code == SET_ATTR:
            self.node(op[1]).attrs[op[2]] = op[3]
        elif code == REMOVE_ATTR:
            self.node(op[1]).attrs.pop(op[2], None)
        elif code == SET_PROP:
            node = self.node(op[1])
            name, value = op[2], op[3]
            if node.tag == "select" and name == "value":
                for option in node.elements():
                    if option.tag == "option":
                        if option.attrs.get("value") == value:
                            option.attrs["selected"] = ""
                        else:
                            option.attrs.pop("selected", None)
            if value is True:
                node.attrs[name] = ""
            elif value is False:
                node.attrs.pop(name, None)
            else:
                node.attrs[name] = value
        elif code == INSERT:
            self._insert(self.node(op[1]), op[2], op[3])
        elif code == INSERT_ITEMS:
            _, parent, index, first, template, count, *values = op
            if isinstance(template, list):
                self.templates[template[0]] = template[1]
                template = template[0]
            self._insert(self.node(parent), index, expand(self.templates[template], first, count, values))
        elif code == REMOVE:
            _, parent, index, count = op
            children = self.node(parent).children
            removed = children[index : index + count]
            del children[index : index + count]
            self._unindex(removed)
        elif code == REPLACE:
            _, parent, index, html = op
            node = self.node(parent)
            self._unindex([node.children[index]])
            del node.children[index]
            self._insert(node, index, html)
        elif code == MOVE:
            _, parent, frm, deltas = op
            children = self.node(parent).children
            moving = [children[i] for i in frm]
            for i in sorted(frm, reverse=True):
                del children[i]
            target = 0
            for node, delta in zip(moving, deltas):
                target += delta
                children.insert(target, node)
        else:
            raise AssertionError(f"unknown op {op!r}")
