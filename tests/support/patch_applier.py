"""A model DOM and a patch applier, written from docs/protocol.md alone (not from the reconciler).

`ModelDOM(html)` parses the root's content as the first page carries it, drops the empty comments
that only keep adjacent texts apart, and indexes elements by `data-pl`. `apply(ops)` applies patch
ops 0-7 exactly as the protocol defines them, and refuses (with `PatchError`) anything a browser
would do wrong or that is a wasted op: an index out of range, a text op that does not reach a text
node, an unknown or detached node id, an id used twice, an attribute set to the value it has or
removed when absent. `view()` serialises the DOM as the user sees it, for comparisons.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser
from typing import Any

# The HTML void elements (HTML Living Standard, 13.1.2).
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
# The parser drops a newline right after these start tags (HTML Living Standard, 13.2.6.4.7).
_LEADING_LF = frozenset(("pre", "textarea", "listing"))
# Form controls whose live state is a DOM property, apart from their attributes.
_CONTROLS = frozenset(("input", "textarea", "select", "option"))
_STATE = ("value", "checked", "selected")


class PatchError(AssertionError):
    """An op that the protocol does not allow at this moment."""


class Text:
    """A DOM text node."""

    __slots__ = ("data",)

    def __init__(self, data: str) -> None:
        self.data = data

    def __repr__(self) -> str:
        return f"Text({self.data!r})"


class Comment:
    """A DOM comment that is not empty (only raw HTML makes these)."""

    __slots__ = ("data",)

    def __init__(self, data: str) -> None:
        self.data = data


class Node:
    """A DOM element: tag, attributes in document order, live properties, child nodes."""

    __slots__ = ("tag", "attrs", "props", "children")

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.props: dict[str, Any] = {}
        self.children: list = []

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"


class _Builder(HTMLParser):
    """Parses HTML into top-level nodes the way the client sees them after removing `<!---->`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.top = Node("#fragment", {})
        self.stack = [self.top]
        self.after_data = False
        self.skip_lf = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values: dict[str, str] = {}
        for name, value in attrs:
            values.setdefault(name, "" if value is None else value)
        node = Node(tag, values)
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)
        self.after_data = False
        self.skip_lf = tag in _LEADING_LF

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        self.skip_lf = False
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                break
        self.after_data = False

    def handle_data(self, data: str) -> None:
        if self.skip_lf:
            self.skip_lf = False
            if data.startswith("\n"):
                data = data[1:]
                if not data:
                    return
        siblings = self.stack[-1].children
        if self.after_data:
            siblings[-1].data += data  # one run of characters is one text node
        else:
            siblings.append(Text(data))
        self.after_data = True

    def handle_comment(self, data: str) -> None:
        self.skip_lf = False
        if data:
            self.stack[-1].children.append(Comment(data))
        self.after_data = False  # an empty comment is dropped, but the texts it parted stay apart


def parse(html: str) -> list:
    """The top-level nodes of `html`, with empty comments removed."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.top.children


def _walk(nodes: list):
    for node in nodes:
        if node.__class__ is Node:
            yield node
            yield from _walk(node.children)


class ModelDOM:
    """The root container (node 0) and everything below it, patched as the client would."""

    def __init__(self, html: str, *, strict: bool = True) -> None:
        self.root = Node("div", {"id": "pl-root", "data-pl": "0"})
        self.root.children = parse(html)
        self.strict = strict
        self.by_id: dict[int, Node] = {0: self.root}
        self.seen: set[int] = {0}
        self._index(self.root.children)
        #: Templates by number, as op 8 defines them (a mount starts with none).
        self.templates: dict[int, list] = {}

    # --- ids ------------------------------------------------------------------------------

    def _index(self, nodes: list) -> None:
        for node in _walk(nodes):
            raw = node.attrs.get("data-pl")
            if raw is None:
                continue
            node_id = int(raw)
            if node_id in self.seen:
                raise PatchError(f"node id {node_id} used twice")
            self.seen.add(node_id)
            self.by_id[node_id] = node

    def _unindex(self, nodes: list) -> None:
        for node in _walk(nodes):
            raw = node.attrs.get("data-pl")
            if raw is not None:
                self.by_id.pop(int(raw), None)

    def node(self, node_id: int) -> Node:
        """The attached element with this id."""
        try:
            return self.by_id[node_id]
        except KeyError:
            raise PatchError(f"no element with id {node_id} in the document") from None

    def ids(self) -> list[int]:
        """Every `data-pl` id in document order (the root's included)."""
        return [0] + [int(n.attrs["data-pl"]) for n in _walk(self.root.children) if "data-pl" in n.attrs]

    # --- ops ------------------------------------------------------------------------------

    def apply_message(self, message: list) -> None:
        """Apply a patch message `[seq, ack, op, ...]`."""
        self.apply(message[2:])

    def apply(self, ops: list) -> None:
        """Apply ops in order."""
        for op in ops:
            self.apply_op(op)

    def apply_op(self, op: list) -> None:
        """Apply one op."""
        code = op[0]
        if code == 0:
            _, parent, index, text = op
            children = self.node(parent).children
            if not 0 <= index < len(children) or children[index].__class__ is not Text:
                raise PatchError(f"{op}: child {index} of {parent} is not a text node")
            if self.strict and children[index].data == text:
                raise PatchError(f"{op}: the text is already {text!r}")
            children[index].data = text
        elif code == 1:
            _, node_id, name, value = op
            node = self.node(node_id)
            name = name.lower()
            if self.strict and node.attrs.get(name) == value:
                raise PatchError(f"{op}: the attribute already has this value")
            node.attrs[name] = value
        elif code == 2:
            _, node_id, name = op
            node = self.node(node_id)
            name = name.lower()
            if name not in node.attrs and name not in _STATE:
                # (value, checked and selected are patched as properties: their attribute may be gone.)
                if self.strict:
                    raise PatchError(f"{op}: no such attribute to remove")
                return
            node.attrs.pop(name, None)
            # As the client does: the property goes back to what a fresh page would show.
            if name in ("checked", "selected"):
                node.props.pop(name, None)
            elif name == "value" and (
                node.tag == "textarea" or (node.tag == "input" and node.attrs.get("type", "text") in VALUE_MODE)
            ):
                node.props["value"] = ""
            elif name == "value":
                node.props.pop("value", None)
        elif code == 3:
            _, node_id, name, value = op
            if name not in _STATE:
                raise PatchError(f"{op}: {name!r} is not a patchable property")
            node = self.node(node_id)
            if name == "value":
                if not isinstance(value, str):
                    raise PatchError(f"{op}: a value property is a string")
            elif not isinstance(value, bool):
                raise PatchError(f"{op}: {name} is a boolean property")
            if node.tag == "select" and name == "value":
                _select(node, value)
            else:
                node.props[name] = value
        elif code == 4:
            _, parent, index, html = op
            children = self.node(parent).children
            if not 0 <= index <= len(children):
                raise PatchError(f"{op}: index out of range (the parent has {len(children)} children)")
            nodes = parse(html)
            if not nodes:
                raise PatchError(f"{op}: inserts nothing")
            self._index(nodes)
            children[index:index] = nodes
        elif code == 5:
            _, parent, index, count = op
            children = self.node(parent).children
            if count < 1 or index < 0 or index + count > len(children):
                raise PatchError(f"{op}: range out of bounds (the parent has {len(children)} children)")
            self._unindex(children[index : index + count])
            del children[index : index + count]
        elif code == 6:
            self._move(op)
        elif code == 8:
            self._insert_items(op)
        elif code == 7:
            _, parent, index, html = op
            children = self.node(parent).children
            if not 0 <= index < len(children):
                raise PatchError(f"{op}: index out of range (the parent has {len(children)} children)")
            nodes = parse(html)
            self._unindex(children[index : index + 1])
            self._index(nodes)
            children[index : index + 1] = nodes
        else:
            raise PatchError(f"unknown op code in {op}")

    def _insert_items(self, op: list) -> None:
        _, parent, index, first, template, count, *values = op
        children = self.node(parent).children
        if not 0 <= index <= len(children):
            raise PatchError(f"{op[:6]}: index out of range (the parent has {len(children)} children)")
        if isinstance(template, list):
            number, html = template
            if number in self.templates:
                raise PatchError(f"{op[:5]}: template {number} is defined twice")
            self.templates[number] = parse(html)
            template = number
        if template not in self.templates:
            raise PatchError(f"{op[:5]}: no template {template}")
        if count < 1:
            raise PatchError(f"{op[:6]}: inserts nothing")
        items: list = []
        taken = [0]
        next_id = [first]

        def fill(nodes: list) -> list:
            out = []
            for n in nodes:
                if n.__class__ is Comment and n.data == "t":
                    if taken[0] >= len(values):
                        raise PatchError(f"{op[:6]}: too few values")
                    out.append(Text(values[taken[0]]))
                    taken[0] += 1
                elif n.__class__ is Node:
                    attrs = dict(n.attrs)
                    holes = attrs.pop("data-pl-h", "").split()
                    attrs["data-pl"] = str(next_id[0])
                    next_id[0] += 1
                    for name in holes:
                        if taken[0] >= len(values):
                            raise PatchError(f"{op[:6]}: too few values")
                        attrs[name] = values[taken[0]]
                        taken[0] += 1
                    copy = Node(n.tag, attrs)
                    copy.children = fill(n.children)
                    out.append(copy)
                else:
                    out.append(Text(n.data) if n.__class__ is Text else Comment(n.data))
            return out

        for _ in range(count):
            items.extend(fill(self.templates[template]))
        if taken[0] != len(values):
            raise PatchError(f"{op[:6]}: {len(values) - taken[0]} values left over")
        self._index(items)
        children[index:index] = items

    def _move(self, op: list) -> None:
        _, parent, frm, to = op
        children = self.node(parent).children
        if not frm or len(frm) != len(to):
            raise PatchError(f"{op}: from and to must be non-empty and of the same length")
        if len(set(frm)) != len(frm) or not all(0 <= i < len(children) for i in frm):
            raise PatchError(f"{op}: from indexes must be distinct and in range")
        moving = [children[i] for i in frm]
        taken = set(frm)
        children[:] = [c for i, c in enumerate(children) if i not in taken]
        target = 0
        last = -1
        for k, node in enumerate(moving):
            target += to[k]
            if target <= last:
                raise PatchError(f"{op}: targets must increase")
            if target > len(children):
                raise PatchError(f"{op}: target {target} is past the end")
            children.insert(target, node)
            last = target
        if self.strict and all(children[i] is moving[k] for k, i in enumerate(frm)):
            raise PatchError(f"{op}: moves nothing anywhere")

    # --- reading --------------------------------------------------------------------------

    def view(self, *, ids: bool = True) -> str:
        """The root's content as the user sees it, in a canonical HTML form.

        Attributes are sorted; form controls show their live state (`:value`, `:checked`,
        `:selected`: the property if one was set, else what the markup gave) instead of the
        attributes that only hold the defaults; adjacent text nodes stay apart as `<!---->`.
        With `ids=False`, `data-pl` ids are left out (node ids differ between mounts).
        """
        out: list[str] = []
        _view(self.root.children, out, ids)
        return "".join(out)


def _text(node: Node) -> str:
    return "".join(c.data if c.__class__ is Text else _text(c) for c in node.children if c.__class__ is not Comment)


#: Input types whose `value` property is the user's (not the attribute's) once set.
VALUE_MODE = frozenset(
    "text search tel url email password date month week time datetime-local number range color".split()
)


def _select(select: Node, value: str) -> None:
    """`select.value = value`: the first option of that value is selected, every other one is not."""
    found = False
    for option in _walk(select.children):
        if option.tag == "option":
            match = not found and option.attrs.get("value", _text(option)) == value
            option.props["selected"] = match
            found = found or match


def _state(node: Node) -> list[tuple[str, str]]:
    props = node.props
    shown = []
    if node.tag == "select":
        value = ""  # what a select shows is its options' selectedness
    elif node.tag == "textarea":
        value = props.get("value", "".join(c.data for c in node.children if c.__class__ is Text))
    else:
        value = props.get("value", node.attrs.get("value", ""))
    if value:
        shown.append((":value", value))
    for name in ("checked", "selected"):
        if props.get(name, name in node.attrs):
            shown.append((f":{name}", ""))
    return shown


def _view(nodes: list, out: list[str], ids: bool) -> None:
    text_last = False
    for node in nodes:
        cls = node.__class__
        if cls is Text:
            if text_last:
                out.append("<!---->")
            out.append(escape(node.data, quote=False))
            text_last = True
            continue
        text_last = False
        if cls is Comment:
            out.append(f"<!--{node.data}-->")
            continue
        control = node.tag in _CONTROLS
        attrs = [
            (name, value)
            for name, value in node.attrs.items()
            if (ids or name != "data-pl") and not (control and name in _STATE)
        ]
        if control:
            attrs += _state(node)
        attrs.sort()
        out.append(f"<{node.tag}" + "".join(f' {n}="{escape(v)}"' for n, v in attrs) + ">")
        if node.tag in VOID:
            continue
        if node.tag != "textarea":
            _view(node.children, out, ids)
        out.append(f"</{node.tag}>")


def view_of(html: str, *, ids: bool = True) -> str:
    """The canonical view (see `ModelDOM.view`) of a root content's HTML."""
    return ModelDOM(html).view(ids=ids)
