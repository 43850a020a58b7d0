"""Property tests of the reconciler: random tree sequences, patched on a model DOM.

A tree is described by a small hashable spec (so that component props compare equal when the
tree is unchanged) and built into pylive nodes by `build`. For each sequence, the first tree is
mounted, each next one is rendered by the root component, and the ops are applied to a model DOM
built from the first page's HTML (tests/patch_applier.py, written from docs/protocol.md). After
every step the model must show what a fresh mount of that tree shows, with unique ids.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reconcile_driver import Driver

import pylive as pl
from pylive import html as h
from pylive.live.protocol import INSERT, MOVE, REMOVE, encode

# --- specs ---------------------------------------------------------------------------------
#
#   ("t", text)                               a text
#   ("e", tag, attrs, children, key, on)      an element; attrs a tuple of (name, value); on: a click handler
#   ("f", children, key)                      a fragment
#   ("c", kind, inner, key)                   a component: kind 0/1 render `inner` (a spec or None),
#                                             kind 2 returns a list of the specs in `inner`
#   ("r", html, key)                          raw HTML
#   ("p", value, children, key)               a context provider of `Theme`
#   ("u", key)                                a component showing `Theme`'s value as text

Theme = pl.create_context("none")


@pl.component
def Show(spec: Any):
    """Renders its spec."""
    return build(spec)


@pl.component
def ShowWithHooks(spec: Any):
    """Renders its spec, with hooks whose state must survive re-renders."""
    first, _ = pl.use_state(lambda: spec)
    ref = pl.use_ref(0)
    ref.current += 1
    pl.use_memo(lambda: first, [first])
    return build(spec)


@pl.component
def ShowList(specs: tuple):
    """Returns a Python list (a fragment without a key)."""
    return [build(s) for s in specs]


@pl.component
def ThemeText():
    """A consumer: its props never change, so only the context wakes it."""
    return f"theme={pl.use_context(Theme)}"


#: What each stateful component shows (by its `sid`), and the setters of its live instances.
CURRENT: dict[int, Any] = {}
SETTERS: dict[int, set] = {}


@pl.component
def Stateful(sid: int):
    """Shows its own state, set from outside: what `CURRENT[sid]` was when it mounted or last set."""
    (owner, spec), set_state = pl.use_state(lambda: (sid, CURRENT[sid]))
    SETTERS.setdefault(sid, set()).add(set_state)
    if owner != sid:
        # Unkeyed siblings that swapped places keep their state (as in React) but not their sid:
        # show what a fresh mount shows for this sid, which is what the test compares with.
        spec = CURRENT[sid]
    return build(spec)


COMPONENTS = (Show, ShowWithHooks, ShowList)


def _click() -> None:
    pass


def build(spec: Any) -> Any:
    """The pylive node of a spec (a new object every call)."""
    if spec is None:
        return None
    kind = spec[0]
    if kind == "t":
        return spec[1]
    if kind == "e":
        _, tag, attrs, children, key, on = spec
        props: dict[str, Any] = dict(attrs)
        if on:
            props["on_click"] = lambda e: _click()
        return getattr(h, tag)(*[build(c) for c in children], key=key, **props)
    if kind == "f":
        return pl.fragment(*[build(c) for c in spec[1]], key=spec[2])
    if kind == "c":
        _, which, inner, key = spec
        if which == 2:
            return ShowList(specs=inner, key=key)
        return COMPONENTS[which](spec=inner, key=key)
    if kind == "r":
        return pl.unsafe_html(spec[1], key=spec[2])
    if kind == "p":
        return Theme.provide(spec[1], *[build(c) for c in spec[2]], key=spec[3])
    if kind == "u":
        return ThemeText(key=spec[1])
    if kind == "s":
        return Stateful(sid=spec[1], key=spec[2])
    raise AssertionError(spec)


# --- strategies ----------------------------------------------------------------------------

TEXTS = st.sampled_from(["a", "b", "hello", "<&>\"'", " ", "x y", "\n", "\nnl"])
KEYS = st.sampled_from([None, None, "a", "b", "c", "d", "e", 1, 2])
TAGS = ("div", "span", "p", "b", "ul", "li", "pre")
CONTROLS = ("input", "textarea", "select")
ATTR_NAMES = ("class_", "title", "data_x", "hidden", "aria_label")
ATTR_VALUES = st.sampled_from(["", "v", "w", "<\"&'>", True])
RAWS = st.sampled_from(["<em>r</em>", "r", "<i>a</i>b", "", "<!---->", "<!--c-->", "s<!---->t"])


def _keyed(key: Any, spec: tuple) -> tuple:
    kind = spec[0]
    if kind == "e":
        return spec[:4] + (key,) + spec[5:]
    if kind in ("f", "r", "c"):
        return spec[:-1] + (key,)
    if kind == "p":
        return spec[:3] + (key,)
    if kind in ("u", "s"):
        return spec[:-1] + (key,)
    return spec


def unique_keys(children: list) -> tuple:
    """Children with repeated keys un-keyed (keys must be unique among siblings)."""
    seen = set()
    out = []
    for c in children:
        key = _key_of(c)
        if key is not None:
            if key in seen:
                c = _keyed(None, c)
            seen.add(key)
        out.append(c)
    return tuple(out)


def _key_of(spec: tuple) -> Any:
    kind = spec[0]
    if kind == "e":
        return spec[4]
    if kind in ("f", "r", "c", "p", "u", "s"):
        return spec[-1]
    return None


attrs_st = st.lists(st.tuples(st.sampled_from(ATTR_NAMES), ATTR_VALUES), max_size=3, unique_by=lambda a: a[0]).map(
    tuple
)
control_attrs = st.lists(
    st.tuples(st.sampled_from(["value", "checked", "class_"]), st.sampled_from(["", "v", "\nw", True])),
    max_size=2,
    unique_by=lambda a: a[0],
).map(tuple)
options = st.lists(st.sampled_from("abc"), unique=True, max_size=3).map(
    lambda values: tuple(("e", "option", (("value", v),), (("t", v.upper()),), v, False) for v in values)
)
select_value = st.one_of(st.just(()), st.sampled_from("abcd").map(lambda v: (("value", v),)))
leaves = st.one_of(
    st.tuples(st.just("t"), TEXTS),
    st.tuples(st.just("e"), st.sampled_from(TAGS), attrs_st, st.just(()), KEYS, st.booleans()),
    st.tuples(st.just("e"), st.sampled_from(["input", "textarea"]), control_attrs, st.just(()), KEYS, st.booleans()),
    st.tuples(st.just("e"), st.just("select"), select_value, options, KEYS, st.booleans()),
    st.tuples(st.just("r"), RAWS, KEYS),
    st.tuples(st.just("u"), KEYS),
    st.tuples(st.just("c"), st.sampled_from([0, 1]), st.one_of(st.none(), st.tuples(st.just("t"), TEXTS)), KEYS),
)


def _extend(inner: st.SearchStrategy) -> st.SearchStrategy:
    children = st.lists(inner, max_size=4).map(unique_keys)
    return st.one_of(
        st.tuples(st.just("e"), st.sampled_from(TAGS), attrs_st, children, KEYS, st.booleans()),
        st.tuples(st.just("f"), children, KEYS),
        st.tuples(st.just("c"), st.sampled_from([0, 1]), inner, KEYS),
        st.tuples(st.just("c"), st.just(2), children, KEYS),
        st.tuples(st.just("p"), st.sampled_from(["light", "dark"]), children, KEYS),
    )


trees = st.recursive(leaves, _extend, max_leaves=10)
SIDS = (0, 1, 2)
#: Trees that also hold stateful components (whose own output is drawn from `trees`).
outer_trees = st.recursive(
    st.one_of(leaves, st.tuples(st.just("s"), st.sampled_from(SIDS), KEYS)), _extend, max_leaves=10
)


@st.composite
def mutated(draw: Any, spec: tuple, depth: int = 0) -> tuple:
    """A tree close to `spec`: most of it kept, some of it changed."""
    action = draw(st.sampled_from(["new", "here", "here", "inside", "inside", "inside"]))
    if action == "new" or depth > 4:
        return draw(trees)
    kind = spec[0]
    if action == "here":
        if kind == "t":
            return ("t", draw(TEXTS))
        if kind == "e" and spec[1] in CONTROLS:
            attrs = draw(select_value if spec[1] == "select" else control_attrs)
            return ("e", spec[1], attrs, spec[3], spec[4], draw(st.booleans()))
        if kind == "e":
            tag = spec[1] if spec[3] else draw(st.sampled_from(TAGS))
            return ("e", tag, draw(attrs_st), spec[3], draw(KEYS), draw(st.booleans()))
        if kind == "c" and spec[1] != 2:
            return ("c", draw(st.sampled_from([0, 1])), spec[2], draw(KEYS))
        if kind == "p":
            return ("p", draw(st.sampled_from(["light", "dark"])), spec[2], spec[3])
        return _keyed(draw(KEYS), spec)
    # inside: change the children
    if kind == "c" and spec[1] != 2:
        inner = spec[2]
        return spec[:2] + (None if inner is None else draw(mutated(inner, depth + 1)),) + spec[3:]
    slot = {"e": 3, "f": 1, "p": 2, "c": 2}.get(kind)
    if kind == "e" and spec[1] == "select":
        return spec[:3] + (draw(options),) + spec[4:]
    if slot is None or spec[1] in CONTROLS:
        return draw(trees)
    children = list(spec[slot])
    # One to three edits of the list, so that moves, inserts, removes and changes inside kept
    # children can all happen in one pass.
    for op in draw(st.lists(st.sampled_from(["shuffle", "reverse", "drop", "add", "change", "change"]), min_size=1, max_size=3)):
        if op == "shuffle":
            children = list(draw(st.permutations(children)))
        elif op == "reverse":
            children.reverse()
        elif op == "drop" and children:
            del children[draw(st.integers(0, len(children) - 1))]
        elif op == "add":
            children.insert(draw(st.integers(0, len(children))), draw(trees))
        elif op == "change" and children:
            i = draw(st.integers(0, len(children) - 1))
            children[i] = draw(mutated(children[i], depth + 1))
    return spec[:slot] + (unique_keys(children),) + spec[slot + 1 :]


@st.composite
def sequences(draw: Any) -> list:
    first = draw(trees)
    out = [first]
    for _ in range(draw(st.integers(1, 4))):
        out.append(draw(mutated(out[-1])))
    return out


# --- properties ----------------------------------------------------------------------------


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sequences())
def test_patches_bring_the_dom_to_a_fresh_mount(seq: list) -> None:
    d = Driver(build(seq[0]))
    d.check()
    for spec in seq[1:]:
        d.render(build(spec))
        d.check()
        # The same tree again (new objects, equal content) changes nothing.
        assert d.render(build(spec)) == []


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from("abcdefghij"), unique=True, max_size=10), st.data())
def test_keyed_reorder_moves_only_what_it_must(keys: list, data: Any) -> None:
    order = data.draw(st.permutations(keys))
    row = lambda k: h.li(k, key=k, class_="row")  # noqa: E731
    d = Driver(h.ul([row(k) for k in keys]))
    ops = d.render(h.ul([row(k) for k in order]))
    d.check()
    assert not [op for op in ops if op[0] in (INSERT, REMOVE)]
    moved = sum(len(op[2]) for op in ops if op[0] == MOVE)
    assert moved == len(keys) - _lis_length([keys.index(k) for k in order])
    assert len([op for op in ops if op[0] == MOVE]) <= 1


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 30))
def test_reversing_n_rows_moves_n_minus_1(n: int) -> None:
    keys = list(range(n))
    row = lambda k: h.tr(h.td(str(k)), key=k)  # noqa: E731
    d = Driver(h.tbody([row(k) for k in keys]))
    ops = d.render(h.tbody([row(k) for k in reversed(keys)]))
    d.check()
    assert [op[0] for op in ops] == ([MOVE] if n > 1 else [])
    if n > 1:
        assert len(ops[0][2]) == n - 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from("abcdefgh"), unique=True, max_size=8), st.data())
def test_keyed_components_are_kept_when_reordered(keys: list, data: Any) -> None:
    """Kept keyed components are never re-rendered nor recreated: only moved."""
    order = data.draw(st.permutations(keys))
    calls: list = []

    @pl.component
    def Row(label: str):
        calls.append(label)
        return h.li(label)

    d = Driver(h.ul([Row(label=k, key=k) for k in keys]))
    calls.clear()
    ops = d.render(h.ul([Row(label=k, key=k) for k in order]))
    assert calls == []
    d.check()
    assert {op[0] for op in ops} <= {MOVE}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 3), max_size=8), st.data())
def test_keyed_reorder_of_slots_of_any_size_moves_the_fewest_nodes(sizes: list, data: Any) -> None:
    """Keyed fragments of 0-3 nodes: the nodes that stay are the heaviest increasing subsequence."""
    order = data.draw(st.permutations(range(len(sizes))))
    slot = lambda k: pl.fragment(*[h.i(f"{k}.{n}") for n in range(sizes[k])], key=k)  # noqa: E731
    d = Driver(h.div([slot(k) for k in range(len(sizes))]))
    ops = d.render(h.div([slot(k) for k in order]))
    d.check()
    assert not [op for op in ops if op[0] != MOVE]
    moved = sum(len(op[2]) for op in ops)
    assert moved == sum(sizes) - _lis_length(list(order), sizes)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(select_value, options), min_size=2, max_size=5))
def test_a_select_shows_its_value_whatever_happens_to_its_options(states: list) -> None:
    picker = lambda attrs, opts: build(("e", "select", attrs, opts, None, False))  # noqa: E731
    d = Driver(picker(*states[0]))
    for attrs, opts in states[1:]:
        d.render(picker(attrs, opts))
        d.check()


def _lis_length(seq: list[int], weight: list[int] | None = None) -> int:
    """The greatest total weight (default 1 each) of an increasing subsequence of `seq`."""
    w = [1] * (max(seq, default=0) + 1) if weight is None else weight
    best = [w[v] for v in seq]
    for i in range(len(seq)):
        for j in range(i):
            if seq[j] < seq[i]:
                best[i] = max(best[i], best[j] + w[seq[i]])
    return max(best, default=0)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_state_changes_anywhere_patch_the_dom_right(data: Any) -> None:
    """Components re-rendered by their own state (alone, or batched with their ancestors')."""
    CURRENT.clear()
    SETTERS.clear()
    for sid in SIDS:
        CURRENT[sid] = data.draw(trees)
    root = data.draw(outer_trees)
    d = Driver(build(root))
    d.check()
    for _ in range(data.draw(st.integers(1, 4))):
        changes = data.draw(st.lists(st.sampled_from(("root",) + SIDS), min_size=1, max_size=3, unique=True))
        for change in changes:
            if change == "root":
                root = data.draw(mutated(root))
                d.node = build(root)
                d.set_node((d.node, object()))
            else:
                CURRENT[change] = data.draw(mutated(CURRENT[change]))
                for set_state in SETTERS.get(change, ()):
                    set_state((change, CURRENT[change]))
        d.dom.apply(json.loads(encode(d.tree.render())))
        d.check()
