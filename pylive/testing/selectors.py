"""The CSS selector subset of `pylive.testing`: `#id`, `tag`, `.class`, `[attr=value]`, compounds, descendants."""

from __future__ import annotations

import re
from typing import Iterator

import attrs

from pylive.testing.dom import Node

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<tag>[a-zA-Z][\w-]*|\*)
      | \#(?P<id>[\w-]+)
      | \.(?P<cls>[\w-]+)
      | \[\s*(?P<attr>[\w:-]+)\s*(?:=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\]\s]+))\s*)?\]
    )""",
    re.VERBOSE,
)


@attrs.frozen(slots=True)
class Compound:
    """One compound selector: a tag, ids, classes and attribute tests, all of which must match."""

    tag: str | None
    ids: tuple[str, ...]
    classes: tuple[str, ...]
    attrs: tuple[tuple[str, str | None], ...]

    def matches(self, node: Node) -> bool:
        if self.tag is not None and self.tag != "*" and node.tag.lower() != self.tag.lower():
            return False
        a = node.attrs
        for i in self.ids:
            if a.get("id") != i:
                return False
        if self.classes:
            have = a.get("class", "").split()
            if any(c not in have for c in self.classes):
                return False
        for name, value in self.attrs:
            if name not in a or (value is not None and a[name] != value):
                return False
        return True


def parse_selector(selector: str) -> list[Compound]:
    """A descendant chain of compound selectors; raises ValueError for what the subset lacks."""
    chain = []
    for part in selector.split():
        tag = None
        ids, classes, tests = [], [], []
        pos = 0
        while pos < len(part):
            m = _TOKEN.match(part, pos)
            if m is None or m.end() == pos:
                raise ValueError(
                    f"unsupported selector {selector!r}: use #id, tag, .class, [attr=value], "
                    "their compounds and the descendant combinator"
                )
            if m.group("tag"):
                if pos:
                    raise ValueError(f"tag must come first in {part!r}")
                tag = m.group("tag")
            elif m.group("id"):
                ids.append(m.group("id"))
            elif m.group("cls"):
                classes.append(m.group("cls"))
            else:
                value = m.group("dq")
                if value is None:
                    value = m.group("sq")
                if value is None:
                    value = m.group("bare")
                tests.append((m.group("attr"), value))
            pos = m.end()
        chain.append(Compound(tag, tuple(ids), tuple(classes), tuple(tests)))
    if not chain:
        raise ValueError("empty selector")
    return chain


def _matches_chain(node: Node, chain: list[Compound]) -> bool:
    if not chain[-1].matches(node):
        return False
    i = len(chain) - 2
    ancestor = node.parent
    while i >= 0 and ancestor is not None:
        if chain[i].matches(ancestor):
            i -= 1
        ancestor = ancestor.parent
    return i < 0


def select(root: Node, selector: str) -> Iterator[Node]:
    """Every element below `root` matching `selector`, in document order."""
    chain = parse_selector(selector)
    for node in root.elements():
        if _matches_chain(node, chain):
            yield node


def select_all(root: Node, selector: str) -> list[Node]:
    return list(select(root, selector))


__all__ = ["parse_selector", "select", "select_all"]
