"""The live state of form controls: the DOM properties `value`, `checked` and `selected`, apart
from the attributes that only hold their defaults, as the HTML Standard defines them.

A control's property follows its attribute until the property is set (the server's op 3, or a
test typing): then the control is "dirty" and attribute changes no longer move it, as in a
browser. Only what differs from the attributes is stored, keyed by the element's identity in the
model document; everything else is read from the attributes when asked.
"""

from __future__ import annotations

from typing import Any, Iterator

from selectolax.lexbor import LexborNode

__all__ = ["Controls"]

# The input types whose `value` property writes the attribute (HTML: value modes "default" and
# "default/on"), and what they read without one.
_DEFAULT_MODE = {"checkbox": "on", "radio": "on", "hidden": "", "submit": "", "image": "", "reset": "", "button": ""}
# The input types whose `value` property is their own (HTML: value mode "value").
_VALUE_MODE = frozenset(
    "text search tel url email password date month week time datetime-local number range color".split()
)
# Inputs FormData leaves out (a file input sends a file, which the wire cannot carry).
_UNSUBMITTED = frozenset(("submit", "button", "reset", "image", "file"))
_LISTED = frozenset(("input", "textarea", "select", "button"))


def _attr(el: LexborNode, name: str) -> str | None:
    """An attribute's value, `""` when it is empty, None when absent (Lexbor gives None for both)."""
    attrs = el.attrs
    return (attrs[name] or "") if name in attrs else None


def _type(el: LexborNode) -> str:
    return (el.attrs.get("type") or "text").lower()


def _text(el: LexborNode) -> str:
    """The element's own child texts (a textarea's default value)."""
    out = []
    child = el.first_child
    while child is not None:
        if child.is_text_node:
            out.append(child.text_content or "")
        child = child.next
    return "".join(out)


def _options(select: LexborNode) -> list[LexborNode]:
    """The select's list of options: its option children and those of its optgroup children."""
    return [o for o in select.css("option") if _same(_select_of(o), select)]


def _select_of(option: LexborNode) -> LexborNode | None:
    """The select whose list of options holds `option`, if any."""
    parent = option.parent
    if parent is not None and parent.tag == "optgroup":
        parent = parent.parent
    return parent if parent is not None and parent.tag == "select" else None


def _single(select: LexborNode) -> bool:
    """Whether the select shows one option (no `multiple`, no `size` above 1)."""
    if "multiple" in select.attrs:
        return False
    size = select.attrs.get("size") or ""
    return not (size.isdigit() and int(size) > 1)


def _disabled_option(option: LexborNode) -> bool:
    if "disabled" in option.attrs:
        return True
    parent = option.parent
    return parent is not None and parent.tag == "optgroup" and "disabled" in parent.attrs


class Controls:
    """The `value`, `checked` and `selected` properties of one document's form controls."""

    def __init__(self) -> None:
        self._value: dict[int, str] = {}  # dirty values: input (value mode) and textarea
        self._checked: dict[int, bool] = {}  # checkedness set apart from the attribute
        self._selected: dict[int, bool] = {}  # option selectedness set apart from the attribute

    # --- value ----------------------------------------------------------------------------

    def value(self, el: LexborNode) -> str | None:
        """The `value` property: what the control holds (None for an element that has none)."""
        tag = el.tag
        if tag == "input":
            default = _DEFAULT_MODE.get(_type(el))
            if default is not None:
                value = _attr(el, "value")
                return default if value is None else value
            dirty = self._value.get(el.mem_id)
            return dirty if dirty is not None else el.attrs.get("value") or ""
        if tag == "textarea":
            dirty = self._value.get(el.mem_id)
            return dirty if dirty is not None else _text(el)
        if tag == "select":
            chosen = self.selected_options(el)
            return self.value(chosen[0]) if chosen else ""
        if tag == "option":
            value = _attr(el, "value")
            return value if value is not None else " ".join(el.text(deep=True).split())
        if tag in ("button", "output", "data"):
            return el.attrs.get("value") or ""
        return None

    def set_value(self, el: LexborNode, value: str) -> None:
        """`el.value = value`, as a script (or the user) sets it."""
        tag = el.tag
        if tag == "input":
            if _type(el) in _DEFAULT_MODE:
                el.attrs["value"] = value
            else:
                self._value[el.mem_id] = value
        elif tag == "textarea":
            self._value[el.mem_id] = value
        elif tag == "select":
            found = False
            for option in _options(el):
                match = not found and self.value(option) == value
                self._selected[option.mem_id] = match
                found = found or match
        elif tag in ("option", "button", "data"):
            el.attrs["value"] = value

    def attribute_removed(self, el: LexborNode, name: str) -> None:
        """After op 2 removed `value`, `checked` or `selected`: the property goes back to what the
        markup now gives, as the client sets it (docs/protocol.md, op 2)."""
        if name == "checked" and el.tag == "input":
            self.set_checked(el, False)
        elif name == "selected" and el.tag == "option":
            self.set_selected(el, False)
        elif name == "value" and (el.tag == "textarea" or (el.tag == "input" and _type(el) in _VALUE_MODE)):
            self.set_value(el, "")

    # --- checked --------------------------------------------------------------------------

    def checked(self, el: LexborNode) -> bool:
        """The `checked` property (checkedness) of an input; False for any other element."""
        if el.tag != "input":
            return False
        state = self._checked.get(el.mem_id)
        return state if state is not None else "checked" in el.attrs

    def set_checked(self, el: LexborNode, checked: bool) -> None:
        """`el.checked = checked`; checking a radio button unchecks the rest of its group."""
        if el.tag != "input":
            return
        self._checked[el.mem_id] = checked
        if checked and _type(el) == "radio":
            for other in self._radio_group(el):
                self._checked[other.mem_id] = False

    def _radio_group(self, radio: LexborNode) -> Iterator[LexborNode]:
        """The other radio buttons of `radio`'s group: same name, same form (or none) and tree."""
        name = radio.attrs.get("name")
        if not name:
            return
        form = _form(radio)
        scope = form if form is not None else _top(radio)
        for other in scope.css("input"):
            if (
                other.mem_id != radio.mem_id
                and other.attrs.get("name") == name
                and _type(other) == "radio"
                and _same(_form(other), form)
            ):
                yield other

    # --- selected -------------------------------------------------------------------------

    def selected(self, el: LexborNode) -> bool:
        """The `selected` property of an option (its selectedness); False for any other element."""
        if el.tag != "option":
            return False
        select = _select_of(el)
        if select is None:
            return self._own_selected(el)
        return any(o.mem_id == el.mem_id for o in self.selected_options(select))

    def _own_selected(self, option: LexborNode) -> bool:
        state = self._selected.get(option.mem_id)
        return state if state is not None else "selected" in option.attrs

    def set_selected(self, el: LexborNode, selected: bool) -> None:
        """`option.selected = selected`; in a one-option select the others are deselected."""
        if el.tag != "option":
            return
        self._selected[el.mem_id] = selected
        select = _select_of(el)
        if selected and select is not None and _single(select):
            for other in _options(select):
                if other.mem_id != el.mem_id:
                    self._selected[other.mem_id] = False

    def selected_options(self, select: LexborNode) -> list[LexborNode]:
        """The options a select has selected, in tree order.

        A select showing one option always has one when it has an enabled option: the last one
        marked selected, else the first enabled one (HTML's "selectedness setting algorithm").
        """
        options = _options(select)
        marked = [o for o in options if self._own_selected(o)]
        if not _single(select):
            return marked
        if marked:
            return marked[-1:]
        for option in options:
            if not _disabled_option(option):
                return [option]
        return []

    def inserted(self, node: LexborNode) -> None:
        """Note an element just inserted: an option inserted selected into a one-option select,
        or a radio button inserted checked, takes the selection from the others, as it does when
        the browser inserts it."""
        for option in _self_and_below(node, "option"):
            select = _select_of(option)
            if "selected" in option.attrs and select is not None and _single(select):
                self._selected.pop(option.mem_id, None)
                for other in _options(select):
                    if other.mem_id != option.mem_id:
                        self._selected[other.mem_id] = False
        for radio in _self_and_below(node, "input"):
            if "checked" in radio.attrs and _type(radio) == "radio":
                self._checked.pop(radio.mem_id, None)
                for other in self._radio_group(radio):
                    self._checked[other.mem_id] = False

    # --- forms ----------------------------------------------------------------------------

    def form_data(self, form: LexborNode) -> dict[str, Any]:
        """The form's fields as the browser's FormData gives them (repeated names become lists)."""
        fields: dict[str, Any] = {}

        def add(name: str, value: str) -> None:
            if name in fields:
                old = fields[name]
                fields[name] = [*old, value] if isinstance(old, list) else [old, value]
            else:
                fields[name] = value

        for el in form.css(",".join(_LISTED)):
            name = el.attrs.get("name")
            if not name or el.tag == "button" or _disabled(el):
                continue
            if el.tag == "input":
                kind = _type(el)
                if kind in _UNSUBMITTED:
                    continue
                if kind in ("checkbox", "radio") and not self.checked(el):
                    continue
                add(name, self.value(el) or "")
            elif el.tag == "select":
                for option in self.selected_options(el):
                    if not _disabled_option(option):
                        add(name, self.value(option) or "")
            else:
                add(name, self.value(el) or "")
        return fields


def _form(el: LexborNode) -> LexborNode | None:
    node = el.parent
    while node is not None and node.tag != "form":
        node = node.parent
    return node


def _top(el: LexborNode) -> LexborNode:
    while el.parent is not None:
        el = el.parent
    return el


def _same(a: LexborNode | None, b: LexborNode | None) -> bool:
    return a is b or (a is not None and b is not None and a.mem_id == b.mem_id)


def _self_and_below(node: LexborNode, tag: str) -> list[LexborNode]:
    return node.css(tag)  # Lexbor's `css` matches the node itself too


def _disabled(el: LexborNode) -> bool:
    """Whether a control is disabled: its own attribute, or a disabled fieldset around it (but
    for what is inside that fieldset's first legend)."""
    if "disabled" in el.attrs:
        return True
    child, node = el, el.parent
    while node is not None:
        if node.tag == "fieldset" and "disabled" in node.attrs and not _is_first_legend(child, node):
            return True
        child, node = node, node.parent
    return False


def _is_first_legend(child: LexborNode, fieldset: LexborNode) -> bool:
    node = fieldset.first_child
    while node is not None and node.tag != "legend":
        node = node.next
    return node is not None and node.mem_id == child.mem_id
