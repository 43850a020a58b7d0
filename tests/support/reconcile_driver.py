"""Drives a `pylive.tree.Tree` from tree to tree and checks each patch against the model DOM.

`Driver(node)` mounts `node` as the output of a root component; `driver.render(other)` makes that
component re-render with `other` and returns the ops of the pass, after applying them (through the
wire encoding) to a `ModelDOM` built from the first page's HTML. `driver.check()` asserts that the
patched model is what a fresh mount of the current tree shows and what the server thinks it shows.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

from patch_applier import ModelDOM

import pylive as pl
from pylive.live.protocol import encode
from pylive.live.tree import Tree

_ids = re.compile(r' data-pl(?:-on)?="[^"]*"')


@pl.component
def Root(driver: Any, initial: Any):
    """Shows whatever node the driver last gave it."""
    (node, _), set_node = pl.use_state((initial, 0))
    if driver is not None:
        driver.set_node = set_node
    return node


def mount_html(node: Any) -> str:
    """The first page's HTML of `node` mounted afresh (as the output of a root component)."""
    tree = Tree()
    tree.mount(Root(None, node))
    html = tree.html()
    tree.unmount()
    return html


def strip_ids(html: str) -> str:
    """HTML without the runtime's own `data-pl*` attributes."""
    return _ids.sub("", html)


class Driver:
    """A mounted tree, its patched model DOM, and the ops of every render."""

    def __init__(self, node: Any) -> None:
        self.tree = Tree()
        self.set_node: Any = None
        self._n = itertools.count(1)
        self.tree.mount(Root(self, node))
        self.node = node
        self.first_html = self.tree.html()
        self.dom = ModelDOM(self.first_html)

    def render(self, node: Any) -> list:
        """Re-render the root with `node`; returns the ops, already applied to the model."""
        self.node = node
        self.set_node((node, next(self._n)))
        ops = self.tree.render()
        self.dom.apply(json.loads(encode(ops)))
        return ops

    def check(self) -> None:
        """The model shows what a fresh mount shows, and what the server's tree renders."""
        assert not self.tree.errors, f"a component failed to render: {self.tree.errors}"
        fresh = mount_html(self.node)
        assert self.dom.view(ids=False) == ModelDOM(fresh).view(ids=False)
        assert self.dom.view() == ModelDOM(self.tree.html()).view()
        ids = self.dom.ids()
        assert len(ids) == len(set(ids)), f"duplicate node ids in {ids}"
        bound = {i for i in ids[1:] if "data-pl-on" in self.dom.node(i).attrs}
        assert set(self.tree.handlers) == bound
        assert strip_ids(fresh) == pl.render_to_string(Root(None, self.node))
