"""Random trees with holes, lists and stateful children, and React's rule for which instances survive.

A spec is a small hashable tuple (so that equal trees compare equal):

    None                         a hole (`None` as a child)
    ("t", text)                  a text
    ("e", tag, key, children)    an element
    ("l", children)              a Python list: one place, its items matched by key inside it
    ("f", key, children)         `pl.fragment(..., key=key)`
    ("s", key)                   a `Stateful` component, which shows the number of its mount

React's rule, which `surviving` models independently of the reconciler: an instance keeps its state
exactly when the path from the root to it, each step a key (or else a position among all the
children, holes and texts included) together with the kind of node there, is the same before and
after. `Random` drives the generation, so that a seed replays a sequence (hypothesis supplies them).
"""

from __future__ import annotations

import itertools
import random
import re
from typing import Any

import pylive as pl
from pylive import html as h

MOUNTS = itertools.count(1)
TAGS = ("div", "span", "p", "b", "ul")
#: Inside a <p>, only these: the HTML parser ends a <p> at a block element, so the browser's DOM
#: would not be the tree (a <li> outside a <ul> is left out for the same reason).
PHRASING = ("span", "b")
KEYS = ("a", "b", "c", "d")
TEXTS = ("x", "y", "hello", "<&>")


@pl.component
def Stateful():
    """Shows the number of its mount, kept as state for as long as its identity holds."""
    mount, _ = pl.use_state(lambda: next(MOUNTS))
    return h.b("s", class_="stateful", data_m=str(mount))


def build(spec: Any) -> Any:
    """The pylive node of a spec (new objects every call)."""
    if spec is None:
        return None
    kind = spec[0]
    if kind == "t":
        return spec[1]
    if kind == "e":
        _, tag, key, children = spec
        return getattr(h, tag)(*[build(c) for c in children], key=key)
    if kind == "l":
        return [build(c) for c in spec[1]]
    if kind == "f":
        return pl.fragment(*[build(c) for c in spec[2]], key=spec[1])
    if kind == "s":
        return Stateful(key=spec[1])
    raise AssertionError(spec)


def _key(spec: Any) -> Any:
    if spec is None or spec[0] in ("t", "l"):
        return None
    return spec[2] if spec[0] == "e" else spec[1]


def _with_key(spec: Any, key: Any) -> Any:
    kind = spec[0]
    if kind == "e":
        return ("e", spec[1], key, spec[3])
    if kind == "f":
        return ("f", key, spec[2])
    if kind == "s":
        return ("s", key)
    return spec


def _unique(children: list) -> tuple:
    seen: set = set()
    out = []
    for c in children:
        key = _key(c)
        if key is not None:
            if key in seen:
                c = _with_key(c, None)
            seen.add(key)
        out.append(c)
    return tuple(out)


def tree(rnd: random.Random, depth: int = 0, in_p: bool = False) -> Any:
    """A random spec (`in_p`: it goes inside a <p>, so phrasing content only)."""
    roll = rnd.random()
    if depth >= 3 or roll < 0.3:
        return rnd.choice([None, ("t", rnd.choice(TEXTS)), ("s", rnd.choice((None,) + KEYS)), ("s", None)])
    if roll < 0.65:
        tag = rnd.choice(PHRASING if in_p else TAGS)
        inner = in_p or tag == "p"
        children = _unique([tree(rnd, depth + 1, inner) for _ in range(rnd.randint(0, 4))])
        return ("e", tag, rnd.choice((None, None) + KEYS), children)
    children = _unique([tree(rnd, depth + 1, in_p) for _ in range(rnd.randint(0, 4))])
    if roll < 0.85:
        return ("l", children)
    return ("f", rnd.choice((None,) + KEYS), children)


def mutate(rnd: random.Random, spec: Any, depth: int = 0, in_p: bool = False) -> Any:
    """A spec close to `spec`: most of it kept, one to three things changed somewhere."""
    if spec is None or spec[0] in ("t", "s") or depth > 3 or rnd.random() < 0.15:
        return tree(rnd, depth, in_p) if rnd.random() < 0.7 else spec
    kind = spec[0]
    children = list(spec[3] if kind == "e" else spec[1] if kind == "l" else spec[2])
    inner = in_p or (kind == "e" and spec[1] == "p")
    for _ in range(rnd.randint(1, 3)):
        op = rnd.choice(["hole", "fill", "insert", "drop", "shuffle", "inside", "inside", "rekey", "retag"])
        if op == "hole" and children:
            children[rnd.randrange(len(children))] = None
        elif op == "fill" and None in children:
            children[children.index(None)] = tree(rnd, depth + 1, inner)
        elif op == "insert":
            children.insert(rnd.randint(0, len(children)), tree(rnd, depth + 1, inner))
        elif op == "drop" and children:
            del children[rnd.randrange(len(children))]
        elif op == "shuffle":
            rnd.shuffle(children)
        elif op == "inside" and children:
            i = rnd.randrange(len(children))
            children[i] = mutate(rnd, children[i], depth + 1, inner)
        elif op == "rekey" and kind != "l":
            spec = _with_key(spec, rnd.choice((None,) + KEYS))
        elif op == "retag" and kind == "e" and spec[1] != "p":
            # A <p> keeps its tag (its children are phrasing), and nothing inside one becomes a block.
            spec = ("e", rnd.choice(PHRASING if in_p or _has_block(spec) else TAGS), spec[2], spec[3])
    children_t = _unique(children)
    if spec[0] == "e":
        return ("e", spec[1], spec[2], children_t)
    if spec[0] == "l":
        return ("l", children_t)
    return ("f", spec[1], children_t)


def _has_block(spec: Any) -> bool:
    """Whether a spec holds a block element, which must then not go into a <p>."""
    if spec is None or spec[0] in ("t", "s"):
        return False
    if spec[0] == "e" and spec[1] not in PHRASING:
        return True
    children = spec[3] if spec[0] == "e" else spec[1] if spec[0] == "l" else spec[2]
    return any(_has_block(c) for c in children)


def sequence(rnd: random.Random, steps: int) -> list:
    """A first tree and `steps` trees each close to the one before."""
    out = [("e", "div", None, (tree(rnd),))]
    for _ in range(steps):
        out.append(("e", "div", None, (mutate(rnd, out[-1][3][0]),)))
    return out


def stateful_paths(spec: Any) -> list[tuple]:
    """The typed path of every `Stateful` in the tree, in document order."""
    out: list[tuple] = []

    def walk(node: Any, path: tuple) -> None:
        if node is None or node[0] == "t":
            return
        kind = node[0]
        if kind == "s":
            out.append(path)
            return
        children = node[3] if kind == "e" else node[1] if kind == "l" else node[2]
        for i, child in enumerate(children):
            key = _key(child)
            if child is None:
                continue
            what = child[1] if child[0] == "e" else child[0]
            step = ("k", key) if key is not None else ("i", i)
            # A list and a fragment are both fragments to the reconciler (and to React).
            walk(child, path + ((step, "frag" if what in ("l", "f") else what),))

    walk(spec, ())
    return out


_mount = re.compile(r'data-m="(\d+)"')


def mounts(html: str) -> list[int]:
    """The mount numbers shown, in document order."""
    return [int(m) for m in _mount.findall(html)]


def without_mounts(text: str) -> str:
    """HTML (or a canonical view of it) without the mount numbers, which differ between mounts."""
    return _mount.sub("", text)


def check_survivors(before: dict[tuple, int], paths: list[tuple], shown: list[int], newest: int) -> dict[tuple, int]:
    """Assert React's rule; returns the path -> mount map of the new tree.

    `before` maps the previous tree's typed paths to their mounts; `newest` is the highest mount
    number given before this step, so that a new instance must show a higher one.
    """
    assert len(paths) == len(shown), (paths, shown)
    assert len(set(shown)) == len(shown), f"two instances show one mount: {shown}"
    now = {}
    for path, mount in zip(paths, shown):
        if path in before:
            assert mount == before[path], f"the instance at {path} was remounted ({before[path]} -> {mount})"
        else:
            assert mount > newest, f"the new instance at {path} took over mount {mount}"
        now[path] = mount
    return now
