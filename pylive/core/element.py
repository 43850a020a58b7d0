"""Tree nodes: elements, fragments, raw HTML, component calls and context providers, as small immutable values.

Node classes are frozen attrs classes with slots whose `__init__` is made by `node_class`: it sets
each field through its slot descriptor, which costs half of what attrs' frozen `__init__` does, and
trees of tens of thousands of nodes are built per render.

Children and attributes are normalised when a node is built, so that rendering, comparing and
diffing never have to look at user input again: children become a flat tuple of `str`, elements,
fragments, raw HTML and component elements; attribute names become their HTML names and values
their rendered strings; `on_*` handlers are split off into `events`.
"""

from __future__ import annotations

import logging
import re
import types
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Any, Callable, Iterable, TypeVar

import attrs

from pylive.core.attributes import BLOCKED_URL, TRUE_FALSE, URL_ATTRS, TreeError, attr_name, attr_names, javascript_url
from pylive.core.current import current_name
from pylive.core.domevents import known_event, misspelled
from pylive.core.events import EventHandler, encode_bindings
from pylive.core.hooks import Ref
from pylive.core.style import declarations

log = logging.getLogger("pylive")

#: Elements that never have children or a closing tag.
VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta source track wbr".split()
)

#: Elements whose content is raw text (CSS, a script): written as it is, never escaped.
RAW_TEXT_TAGS = frozenset(("style", "script"))

#: Attributes that the browser keeps apart from its live state; patched as DOM properties.
PROPERTY_ATTRS = frozenset(("value", "checked", "selected"))

_Node = TypeVar("_Node", bound=type)


def node_class(cls: _Node) -> _Node:
    """Decorate a frozen, slotted attrs class (declared with `init=False`) with a fast `__init__`.

    Typed as returning the class it is given: a bare `type` would make type checkers that honour
    class decorators (pyright) see `Element` and every `h.div(...)` as unknown."""
    fields = attrs.fields(cls)
    namespace: dict[str, Any] = {}
    params = []
    for f in fields:
        namespace[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is attrs.NOTHING:
            params.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
    body = "".join(f"    _set_{f.name}(self, {f.name})\n" for f in fields)
    exec(f"def __init__(self, {', '.join(params)}):\n{body}", namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[misc]
    return cls


_event_names: dict[str, str] = {}  # on_click -> click, for the events a browser or pylive fires
_custom_names: dict[str, str] = {}  # on_ping -> ping, for the others (a hook's, a custom element's)
# Prop names seen as plain attributes (not key, upload, a handler or a URL): their HTML names.
_plain_attrs: dict[str, str] = {}


def _attr_value(name: str, value: Any) -> str | None:
    if value is True or value is False:
        if name in TRUE_FALSE or name.startswith("aria-"):
            return "true" if value else "false"  # aria-expanded="false" says something; absent does not
        return "" if value else None
    if value is None:
        return None
    cls = value.__class__
    if cls is int or cls is float:
        return str(value)  # the common non-strings (colspan=2, SVG coordinates), before the ABC checks
    if isinstance(value, str):
        return value if cls is str else str(value)  # Markup & co. are escaped like any text
    if name == "style" and isinstance(value, dict):
        return declarations(value, attr_name)
    if name == "class" and isinstance(value, (list, tuple)):
        return " ".join(str(c) for c in value if c)
    if name == "value" and isinstance(value, (list, tuple, AbstractSet)):
        # React's <select multiple value={[...]}>: written as str(list), it would select nothing.
        raise TreeError(
            f"value= takes one value, not {type(value).__name__} {value!r:.40}: "
            "a <select multiple> marks each chosen option with selected=True"
        )
    if isinstance(value, _NOT_ATTRIBUTES):
        # Its str() is never what was meant: ref=pl.use_ref(), data=[...], a dict of React's.
        hint = " (no DOM refs in pylive: use autofocus= or pl.js.focus('#id'))" if value.__class__ is Ref else ""
        raise TreeError(f"got a {type(value).__name__} for {name}=: an attribute takes a str, a number or a bool{hint}")
    return str(value)


@node_class
@attrs.frozen(slots=True, eq=True, repr=False, init=False)
class Element:
    """An HTML or SVG element: built by `pylive.html`, never mutated."""

    tag: str
    attrs: dict[str, str] | None
    children: tuple
    key: Any = None
    events: dict[str, Any] | None = None
    bindings: str | None = None

    def __repr__(self) -> str:
        return f"<{self.tag}{' key=' + repr(self.key) if self.key is not None else ''}>"


@node_class
@attrs.frozen(slots=True, eq=True, init=False)
class Fragment:
    """Children grouped with no wrapper element (`pl.fragment`)."""

    children: tuple
    key: Any = None


@node_class
@attrs.frozen(slots=True, eq=True, init=False)
class Raw:
    """Markup inserted as it is (`pl.unsafe_html`); never escaped, never addressed inside."""

    html: str
    key: Any = None


@node_class
@attrs.frozen(slots=True, eq=False, repr=False, init=False)
class ComponentElement:
    """A call of a component, not yet rendered: the function runs when the reconciler renders it."""

    component: Any  # a pylive.core.component.Component
    args: tuple
    kwargs: dict[str, Any]
    key: Any = None

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if other.__class__ is not ComponentElement:
            return NotImplemented
        return (
            self.component is other.component  # type: ignore[attr-defined]
            and self.key == other.key  # type: ignore[attr-defined]
            and self.args == other.args  # type: ignore[attr-defined]
            and self.kwargs == other.kwargs  # type: ignore[attr-defined]
        )

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return f"<{self.component.name}{' key=' + repr(self.key) if self.key is not None else ''}>"


@node_class
@attrs.frozen(slots=True, eq=False, init=False)
class Provider:
    """A node that provides `value` for `context` to every component below it (`ctx.provide(...)`)."""

    context: Any  # a pylive.core.context.Context
    value: Any
    children: tuple
    key: Any = None


@node_class
@attrs.frozen(slots=True, eq=False, init=False)
class StreamView:
    """Where a stream's items go among their siblings (`items.view(render_item)`, `pl.use_stream`)."""

    stream: Any  # a pylive.core.stream.Stream
    render: Any  # item -> node
    key: Any = None


#: Every kind of node a tree holds besides text.
NODE_TYPES: tuple[type, ...] = (Element, Fragment, Raw, ComponentElement, Provider, StreamView)
_PLAIN = frozenset((str, *NODE_TYPES))
#: Values no attribute takes (`_attr_value`).
_NOT_ATTRIBUTES = (Mapping, list, tuple, AbstractSet, Ref, *NODE_TYPES)
# What a children tuple holds as it is: no child needs normalising.
_PLACED = _PLAIN | {type(None)}


def unsafe_html(markup: str, *, key: Any = None) -> Raw:
    """Insert `markup` without escaping. The one way to put raw HTML in a tree: never pass it user input."""
    return Raw(str(markup), key)


def fragment(*children: Any, key: Any = None) -> Fragment:
    """Group `children` without a wrapper element, e.g. to return several siblings from a component."""
    children = flatten(children)
    if len(children) > 1:
        check_keys(children, "a fragment")
    return Fragment(children, key)


def _group(items: Iterable[Any]) -> Fragment:
    # A list is one place among its siblings; its items are matched by key inside it.
    cls = items.__class__
    children = flatten(items if cls is tuple or cls is list else tuple(items))
    if len(children) > 1:
        # A tuple is most often a component's own *children, passed on as they came: not a list
        # built from data, whose items want keys.
        check_keys(children, "a list" if cls is not tuple else "a tuple", warn=cls is not tuple)
    return Fragment(children)


def _place(child: Any) -> Any:
    """The place one child takes: a node, a text, a list's fragment, or None (a hole)."""
    cls = child.__class__
    if cls in _PLAIN:
        return child if cls is not str or child else None
    if child is None or cls is bool:
        return None
    if cls is int or cls is float:
        return str(child)
    if cls is list or cls is tuple or cls is types.GeneratorType:
        return _group(child)
    if isinstance(child, str):
        return str(child) or None
    if isinstance(child, NODE_TYPES):
        return child
    if isinstance(child, (int, float)):
        return str(child)
    if isinstance(child, (Mapping, AbstractSet)):
        raise TreeError(
            f"a {type(child).__name__} cannot be a child: pass a list of its items (list(d.values())) "
            "or render each one"
        )
    if isinstance(child, Iterable) and not isinstance(child, (bytes, bytearray, memoryview)):
        return _group(child)
    if callable(child):
        name = getattr(child, "__name__", type(child).__name__)
        raise TreeError(f"{name} cannot be a child: call it ({name}(...)) to make an element")
    raise TreeError(
        f"{type(child).__name__} {child!r} cannot be a child: use a string, a number, "
        "an element, a component or a list of them"
    )


def flatten(children: Iterable[Any]) -> tuple:
    """Normalise children into the places they take (React's rules).

    Each child keeps its place among its siblings: `None`, `True`, `False` and `""` are holes that
    render nothing, numbers become text, and a list, tuple or generator is one place, a fragment
    whose items are matched by key inside it. The HTML is the same as if the lists were flattened.
    """
    for child in children:
        cls = child.__class__
        if cls not in _PLACED or (cls is str and not child):
            break
    else:
        return tuple(children)
    return tuple([_place(child) for child in children])


class DuplicateKeyError(ValueError):
    """Two siblings were given the same key."""


def check_keys(children: tuple, where: str, warn: bool = False) -> None:
    """Raise `DuplicateKeyError` if two of `children` share a key (checked when a tree is built).

    The component whose render built the tree is named by `call_component`, which sees the error.
    """
    seen: set | None = None
    unkeyed = None
    for child in children:
        if child is None or child.__class__ is str:
            continue
        key = child.key
        if key is None:
            if warn and unkeyed is None and child.__class__ is ComponentElement:
                unkeyed = child
            continue
        try:
            if seen is None:
                seen = set()
            elif key in seen:
                raise DuplicateKeyError(
                    f"two children of {where} have the key {key!r}: keys must be unique among siblings"
                )
            seen.add(key)
        except TypeError:  # key=row, with row a dict
            kind = type(key).__name__
            raise TreeError(f"a child of {where} has a {kind} as key: keys must be hashable (an id)") from None
    if unkeyed is not None and seen is None:
        _unkeyed_list(unkeyed)


def _unkeyed_list(item: ComponentElement) -> None:
    # React's warning: matched by position, an item's state moves to its neighbour when one before
    # it is added or removed. Said once per item component (the list may be built in one component
    # and placed by another, which is the one rendering when the list becomes children).
    name = item.component.name
    if name not in _told_unkeyed:
        _told_unkeyed.add(name)
        log.warning(
            "a list of %s without keys (rendered in %s): give each a key= (an id: %s(..., key=item.id)) so "
            "that each keeps its state when the list changes; unkeyed items are matched by position",
            name, current_name() or "a tree", name,
        )


_told_unkeyed: set[str] = set()


def _raw_text(tag: str, children: tuple) -> tuple:
    # One text node, as the browser parses it (no separators can exist inside raw text).
    if any(c is not None and c.__class__ is not str for c in children):
        raise TreeError(f"<{tag}> holds text only: pass its {'CSS' if tag == 'style' else 'code'} as a string")
    text = "".join(c for c in children if c is not None)
    if f"</{tag}" in text.lower():
        raise TreeError(f"the text of a <{tag}> cannot contain '</{tag}': it would end the element early")
    return (text,) if text else ()


def make_element(tag: str, children: tuple, props: dict[str, Any]) -> Element:
    """Build an element from the arguments of an `h.<tag>(...)` call."""
    if props and "children" in props:
        # React's props.children: the same children, never an attribute holding their repr.
        props = dict(props)
        given = props.pop("children")
        if given is None:
            pass
        elif children:
            raise TreeError(f"<{tag}> got children as arguments and as children=: pass them one way")
        children = tuple(given) if given.__class__ is list or given.__class__ is tuple else (given,)
    if children:
        if tag in VOID_TAGS:
            raise TypeError(f"<{tag}> is a void element and takes no children")
        children = flatten(children)
        if tag in RAW_TEXT_TAGS:
            children = _raw_text(tag, children)
        elif len(children) > 1:
            check_keys(children, f"<{tag}>")
    if not props:
        return Element(tag, None, children)
    key = None
    events = None
    unknown = False
    attrs_: dict[str, str] | None = None
    for name, value in props.items():
        html_name = _plain_attrs.get(name)
        if html_name is not None and value.__class__ is str:
            # Most props: a known attribute name given a string, nothing to convert or check.
            if attrs_ is None:
                attrs_ = {html_name: value}
            else:
                attrs_[html_name] = value
        elif name == "key":
            key = value
        elif name.startswith("on_"):
            if value is None:
                continue
            if not callable(value):
                raise TreeError(
                    f"{name}= of <{tag}> must be a function (a handler), not {type(value).__name__} {value!r:.40}"
                )
            if events is None:
                events = {}
            event = _event_names.get(name)
            if event is None:
                # One string per event name, not one per element.
                event = _custom_names.get(name)
                if event is None:
                    event = name[3:]
                    if known_event(event):
                        _event_names[name] = event
                    else:
                        _custom_names[name] = event
                        unknown = True
                else:
                    unknown = True
            events[event] = value
        elif name == "upload" and value is not None:
            bind = getattr(value, "bind", None)
            if bind is None:
                raise TreeError(f"upload= of <{tag}> takes what pl.use_upload() returns, not {type(value).__name__}")
            if attrs_ is None:
                attrs_ = {}
            attrs_.update((k, v) for k, v in bind(tag).items() if v is not None)
        else:
            html_name = attr_names.get(name)
            if html_name is None:
                try:
                    html_name = attr_name(name)
                except TreeError as exc:
                    raise TreeError(f"<{tag}>: {exc}") from None
            # HTML names are not case-sensitive: HREF= is a link as much as href= is.
            is_url = html_name.lower() in URL_ATTRS
            if not is_url and name != "upload":
                _plain_attrs[name] = html_name
            if value.__class__ is str:
                rendered = value  # most values: no conversion to make
            elif callable(value):
                raise TreeError(
                    f"<{tag}> got a function for {name}=: only on_<event>= takes a handler; "
                    "pass the value to show, or call the function"
                )
            else:
                try:
                    rendered = _attr_value(html_name, value)
                except TreeError as exc:
                    raise TreeError(f"<{tag}>: {exc}") from None
            if is_url and rendered and javascript_url(rendered):
                rendered = BLOCKED_URL  # a user-supplied link must never run script
            if rendered is not None:
                if attrs_ is None:
                    attrs_ = {}
                attrs_[html_name] = rendered
    if unknown:
        mistake = misspelled(tag, events, hooked=props.get("hook") is not None)
        if mistake is not None:
            raise TreeError(mistake)
    return Element(tag, attrs_, children, key, events, encode_bindings(events) if events else None)


_tag_name = re.compile(r"[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9._-]*)?\Z").match


def element(tag: str, *children: Any, **attrs: Any) -> Element:
    """Any element by its tag name, custom elements included.

        h.element("sl-button", "Save", variant="primary", on_click=save)
    """
    if not isinstance(tag, str) or not _tag_name(tag):
        raise TreeError(f"{tag!r} is not a valid tag name: letters and digits, and for a custom element a '-'")
    return make_element(tag, children, attrs)


def element_factory(tag: str) -> Callable[..., Element]:
    """The `h.<tag>` function for `tag`."""

    if tag in VOID_TAGS or tag in RAW_TEXT_TAGS:

        def build(*children: Any, **props: Any) -> Element:
            return make_element(tag, children, props)

    else:

        def build(*children: Any, **props: Any) -> Element:
            # The commonest calls, `h.td("text")`, `h.li(element)` or `h.tr(cell, cell, ...)`, are
            # built here in one call and one pass over the children.
            if not props and children:
                keyed = False
                for child in children:
                    cls = child.__class__
                    if cls is Element or cls is ComponentElement:
                        if child.key is not None:
                            keyed = True
                    elif cls is not str or not child:
                        break  # a child to normalise (a list, a number, None, ""): make_element's
                else:
                    if keyed:
                        check_keys(children, f"<{tag}>")
                    return Element(tag, None, children)
            return make_element(tag, children, props)

    build.__name__ = build.__qualname__ = tag.replace("-", "_")
    build.__doc__ = f"The <{tag}> element."
    return build


__all__ = [
    "ComponentElement",
    "DuplicateKeyError",
    "TreeError",
    "element",
    "Element",
    "EventHandler",
    "Fragment",
    "Provider",
    "Raw",
    "fragment",
    "flatten",
    "make_element",
    "unsafe_html",
]
