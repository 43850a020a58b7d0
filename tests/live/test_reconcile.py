"""The reconciler, by the exact ops it emits and by what components see.

Op-level cases live in tests/cases/: each file describes a tree before and after (or `steps`)
with the exact ops expected, and `test_case` checks them all, also applying the ops to the model
DOM and comparing it with a fresh mount. The tests below cover what a case file cannot: state,
effects, skipped renders, contexts, errors and hook misuse.
"""

from __future__ import annotations

import asyncio
import json
import logging
import runpy
from pathlib import Path
from typing import Any

import pytest
from patch_applier import view_of
from reconcile_driver import Driver

import pylive as pl
from pylive import html as h
from pylive.live.protocol import MOVE, encode
from pylive.live.session import Session
from pylive.live.tree import Tree
from pylive.live.tree import run_effects as tree_run_effects

CASES = sorted((Path(__file__).parent / "cases").glob("*.py"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path) -> None:
    case = runpy.run_path(str(path))
    steps = case.get("steps") or [(case["after"], case["ops"])]
    d = Driver(case["before"])
    if "html" in case:
        assert d.first_html == case["html"]
    d.check()
    for n, (tree, expected) in enumerate(steps, 1):
        ops = json.loads(encode(d.render(tree)))
        assert ops == expected, f"step {n}"
        d.check()


def test_the_corpus_is_not_empty() -> None:
    assert len(CASES) >= 10


# --- helpers -------------------------------------------------------------------------------


class Handle:
    """Catches a component's setter so that a test can change its state."""

    set: Any = None


def mounted(node: Any) -> tuple[Tree, str]:
    tree = Tree()
    tree.mount(node)
    return tree, tree.html()


# --- state and identity --------------------------------------------------------------------


def test_counter_state_change_is_one_text_op() -> None:
    handle = Handle()

    @pl.component
    def Counter():
        count, set_count = pl.use_state(0)
        handle.set = set_count
        return h.div(h.button("-"), h.span(str(count)), h.button("+"))

    tree, html = mounted(Counter())
    assert html == '<div data-pl="1"><button data-pl="2">-</button><span data-pl="3">0</span><button data-pl="4">+</button></div>'
    handle.set(lambda c: c + 1)
    assert tree.render() == [[0, 3, 0, "1"]]
    handle.set(1)  # an equal value that is the same object: nothing scheduled
    assert not tree.pending and tree.render() == []


def test_keyed_components_keep_their_state_when_moved() -> None:
    handles = {k: Handle() for k in "abc"}

    @pl.component
    def Item(name: str):
        clicks, set_clicks = pl.use_state(0)
        handles[name].set = set_clicks
        return h.li(f"{name}:{clicks}")

    @pl.component
    def List(order: str):
        return h.ul([Item(name=k, key=k) for k in order])

    d = Driver(List(order="abc"))
    handles["a"].set(5)
    handles["c"].set(7)
    d.dom.apply(json.loads(encode(d.tree.render())))
    assert d.dom.view(ids=False) == "<ul><li>a:5</li><li>b:0</li><li>c:7</li></ul>"
    ops = d.render(List(order="cab"))
    assert [op[0] for op in ops] == [MOVE]
    assert d.dom.view(ids=False) == "<ul><li>c:7</li><li>a:5</li><li>b:0</li></ul>"
    # An unkeyed position change is a new identity: the state is not carried over.
    d.render(List(order="b"))
    assert d.dom.view(ids=False) == "<ul><li>b:0</li></ul>"


def test_a_new_key_on_a_lone_child_resets_its_state() -> None:
    handle = Handle()
    log: list = []

    @pl.component
    def Form(user: str):
        draft, handle.set = pl.use_state("")
        pl.use_effect(lambda: lambda: log.append(f"cleanup {user}"), [])
        return h.p(f"{user}:{draft}")

    @pl.component
    def Page(user: str):
        return Form(user=user, key=user)

    d = Driver(Page(user="ada"))
    d.tree.take_effects()[0].run()
    handle.set("typed")
    d.dom.apply(json.loads(encode(d.tree.render())))
    assert d.dom.view(ids=False) == "<p>ada:typed</p>"
    assert d.render(Page(user="bob")) == [[7, 0, 0, '<p data-pl="2">bob:</p>']]
    assert log == ["cleanup ada"]


def test_a_new_component_function_at_the_same_place_is_a_new_instance() -> None:
    cleanups: list = []
    handle = Handle()

    @pl.component
    def A():
        n, handle.set = pl.use_state(1)
        pl.use_effect(lambda: lambda: cleanups.append("A"), [])
        return h.p(f"A{n}")

    @pl.component
    def B():
        return h.p("B")

    d = Driver(h.div(A()))
    for effect in d.tree.take_effects():
        effect.run()
    handle.set(2)
    d.dom.apply(json.loads(encode(d.tree.render())))
    assert d.render(h.div(B())) == [[7, 1, 0, '<p data-pl="3">B</p>']]
    assert cleanups == ["A"]
    d.render(h.div(A()))
    assert d.dom.view(ids=False) == "<div><p>A1</p></div>"


def test_a_child_with_equal_props_is_not_called_again() -> None:
    calls: list = []

    @pl.component
    def Child(label: str, items: tuple):
        calls.append(label)
        return h.li(label, *items)

    d = Driver(h.ul(Child(label="a", items=("x",)), Child(label="b", items=())))
    assert calls == ["a", "b"]
    assert d.render(h.ul(Child(label="a", items=("x",)), Child(label="b", items=("y",)))) == [[4, 3, 1, "y"]]
    assert calls == ["a", "b", "b"]


def test_a_dirty_child_re_renders_alone() -> None:
    calls: list = []
    handle = Handle()

    @pl.component
    def Child():
        n, handle.set = pl.use_state(0)
        calls.append("child")
        return h.b(str(n))

    @pl.component
    def Parent():
        calls.append("parent")
        return h.div(h.span("static"), Child())

    tree, _ = mounted(Parent())
    calls.clear()
    handle.set(1)
    assert tree.render() == [[0, 3, 0, "1"]]
    assert calls == ["child"]


def test_context_change_re_renders_consumers_whose_props_are_equal() -> None:
    Theme = pl.create_context("light")
    calls: list = []

    @pl.component
    def Label(text: str):
        calls.append(text)
        return h.span(f"{text}:{pl.use_context(Theme)}")

    @pl.component
    def Middle():
        calls.append("middle")
        return h.div(Label(text="deep"))

    def page(theme: str) -> Any:
        return Theme.provide(theme, Label(text="top"), Middle(), h.i("no consumer"))

    d = Driver(page("light"))
    assert d.dom.view(ids=False) == "<span>top:light</span><div><span>deep:light</span></div><i>no consumer</i>"
    calls.clear()
    assert d.render(page("dark")) == [[0, 1, 0, "top:dark"], [0, 3, 0, "deep:dark"]]
    assert sorted(calls) == ["deep", "top"]  # Middle, whose props are equal, is not called
    d.check()
    calls.clear()
    assert d.render(page("dark")) == []  # an equal value wakes no one
    assert calls == []


def test_default_context_value_without_provider() -> None:
    Lang = pl.create_context("en")

    @pl.component
    def Show():
        return pl.use_context(Lang)

    assert mounted(h.p(Show()))[1] == '<p data-pl="1">en</p>'
    assert pl.render_to_string(Lang.provide("fr", h.p(Show()))) == "<p>fr</p>"


def test_a_component_that_grows_inside_a_fragment_moves_its_later_siblings_indexes() -> None:
    grow = Handle()
    tail = Handle()

    @pl.component
    def Grow():
        n, grow.set = pl.use_state(1)
        return [h.i(str(k)) for k in range(n)]

    @pl.component
    def Wrapper():
        return Grow()

    @pl.component
    def Tail():
        text, tail.set = pl.use_state("t")
        return text

    @pl.component
    def Page():
        return h.div(pl.fragment(Wrapper(), Tail()), h.b("end"))

    d = Driver(Page())
    assert d.dom.view(ids=False) == "<div><i>0</i>t<b>end</b></div>"
    grow.set(3)
    ops = d.tree.render()
    assert ops == [[4, 1, 1, '<i data-pl="4">1</i><i data-pl="5">2</i>']]
    d.dom.apply(ops)
    tail.set("T")  # its index (3) counts the nodes Grow added
    ops = d.tree.render()
    assert ops == [[0, 1, 3, "T"]]
    d.dom.apply(ops)
    grow.set(2)
    tail.set("U")  # one pass, shallowest first: Tail (still at 3), then Grow shrinks
    ops = d.tree.render()
    assert ops == [[0, 1, 3, "U"], [5, 1, 2, 1]]
    d.dom.apply(ops)
    assert d.dom.view(ids=False) == "<div><i>0</i><i>1</i>U<b>end</b></div>"
    assert d.dom.view() == view_of(d.tree.html())


# --- effects and timers --------------------------------------------------------------------


def test_effects_run_after_the_render_and_clean_up_on_unmount() -> None:
    log: list = []
    handle = Handle()

    @pl.component
    def Effects(dep: int):
        n, handle.set = pl.use_state(0)
        pl.use_effect(lambda: log.append(f"every {n}") or (lambda: log.append(f"undo every {n}")))
        pl.use_effect(lambda: log.append("once") or (lambda: log.append("undo once")), [])
        pl.use_effect(lambda: log.append(f"dep {dep}") or (lambda: log.append(f"undo dep {dep}")), [dep])
        return h.p(str(n))

    def run_effects(d: Driver) -> None:
        tree_run_effects(d.tree, d.tree.take_effects())

    d = Driver(h.div(Effects(dep=1)))
    assert log == []  # nothing runs while rendering
    run_effects(d)
    assert log == ["every 0", "once", "dep 1"]
    log.clear()
    handle.set(1)
    d.dom.apply(json.loads(encode(d.tree.render())))
    run_effects(d)
    assert log == ["undo every 0", "every 1"]
    log.clear()
    d.render(h.div(Effects(dep=2)))
    run_effects(d)
    assert log == ["undo every 1", "undo dep 1", "every 1", "dep 2"]  # every cleanup first
    log.clear()
    d.render(h.div())
    assert sorted(log) == ["undo dep 2", "undo every 1", "undo once"]
    log.clear()
    run_effects(d)
    assert log == []


def test_effects_run_children_first_and_every_cleanup_before_any_new_effect() -> None:
    log: list = []
    handle = Handle()

    @pl.component
    def Leaf(name: str, dep: int):
        pl.use_effect(lambda: log.append(f"{name} {dep}") or (lambda: log.append(f"undo {name} {dep}")), [dep])
        return h.i(name)

    @pl.component
    def Parent():
        dep, handle.set = pl.use_state(1)
        pl.use_effect(lambda: log.append(f"parent {dep}") or (lambda: log.append(f"undo parent {dep}")), [dep])
        return h.div(Leaf(name="a", dep=dep), h.p(Leaf(name="b", dep=dep)))

    d = Driver(Parent())
    tree_run_effects(d.tree, d.tree.take_effects())
    assert log == ["a 1", "b 1", "parent 1"]
    log.clear()
    handle.set(2)
    d.dom.apply(json.loads(encode(d.tree.render())))
    tree_run_effects(d.tree, d.tree.take_effects())
    assert log == ["undo a 1", "undo b 1", "undo parent 1", "a 2", "b 2", "parent 2"]


def test_the_setter_and_dispatch_are_the_same_object_on_every_render() -> None:
    seen: list = []
    handle = Handle()

    @pl.component
    def Both():
        n, set_n = pl.use_state(0)
        total, dispatch = pl.use_reducer(lambda s, a: s + a, 0)
        handle.set = set_n
        seen.append((set_n, dispatch))
        return h.p(str(n + total))

    d = Driver(Both())
    handle.set(1)
    d.dom.apply(json.loads(encode(d.tree.render())))
    seen[-1][1](5)
    d.dom.apply(json.loads(encode(d.tree.render())))
    assert "6" in d.tree.html()
    assert len(seen) == 3
    assert all(s is seen[0][0] and dispatch is seen[0][1] for s, dispatch in seen)


async def test_interval_task_is_cancelled_on_unmount() -> None:
    ticks: list = []
    show = Handle()

    @pl.component
    def Clock():
        pl.use_interval(lambda: ticks.append(1), 1)
        return h.span("clock")

    @pl.component
    def Page():
        on, show.set = pl.use_state(True)
        return h.div(Clock() if on else None)

    tree, _ = mounted(Page())
    (slot,) = tree.take_effects()
    slot.run()
    task = slot.task
    while not ticks:
        await asyncio.sleep(0.005)
    show.set(False)
    assert tree.render() == [[5, 1, 0, 1]]
    await asyncio.sleep(0)
    assert task.cancelled() or task.done()
    assert slot.task is None
    count = len(ticks)
    await asyncio.sleep(0.02)
    assert len(ticks) == count


async def test_effect_of_a_component_unmounted_before_it_ran_never_runs() -> None:
    log: list = []
    show = Handle()

    @pl.component
    def Child():
        pl.use_effect(lambda: log.append("ran"), [])
        return "c"

    @pl.component
    def Page():
        on, show.set = pl.use_state(True)
        return h.div(Child() if on else None)

    tree, _ = mounted(Page())
    effects = tree.take_effects()
    show.set(False)
    tree.render()
    for effect in effects + tree.take_effects():
        effect.run()
    assert log == []


# --- errors --------------------------------------------------------------------------------


def test_duplicate_keys_raise_naming_the_component_and_key() -> None:
    @pl.component
    def Rows():
        return h.ul(h.li("1", key="same"), h.li("2", key="same"))

    with pytest.raises(pl.DuplicateKeyError) as info:
        pl.render_to_string(Rows())
    assert "Rows" in str(info.value) and "'same'" in str(info.value)
    with pytest.raises(pl.DuplicateKeyError, match="a fragment"):
        pl.fragment(h.i(key=1), h.b(key=1))


def test_duplicate_keys_in_a_re_render_are_that_components_render_error(caplog: Any) -> None:
    handle = Handle()

    @pl.component
    def Rows():
        keys, handle.set = pl.use_state("ab")
        return h.ul([h.li(k, key=k) for k in keys])

    tree, html = mounted(h.div(Rows(), h.p("after")))
    handle.set("aa")
    with caplog.at_level(logging.CRITICAL, logger="pylive"):
        assert tree.render() == []  # keeps its last output
    (name, exc), = tree.errors
    assert name.endswith("Rows") and isinstance(exc, pl.DuplicateKeyError) and "'a'" in str(exc)
    assert tree.html() == html
    handle.set("ba")
    assert tree.render() == [[6, 2, [1], [0]]]


async def test_a_component_raising_in_render_keeps_its_output_and_the_session_goes_on(caplog: Any) -> None:
    sent: list = []

    @pl.component
    def Fragile():
        n, set_n = pl.use_state(0)
        if n == 2:
            raise RuntimeError("boom")
        return h.button(str(n), on_click=lambda: set_n(lambda old: old + 1))

    session = Session(Fragile(), sent.append)
    html = session.mount()
    session.go_live()
    assert html == '<button data-pl="1" data-pl-on="click">0</button>'
    await session.receive(json.dumps([1, 1, "click", {}]))
    with caplog.at_level(logging.CRITICAL, logger="pylive"):
        await session.receive(json.dumps([2, 1, "click", {}]))
    await session.receive(json.dumps([3, 1, "click", {}]))
    patches = [json.loads(f) for f in sent if f.startswith("[")]
    assert patches[0][1:] == [1, [0, 1, 0, "1"]]
    assert patches[1][1:] == [2]  # the failed render changed nothing, but the event is answered
    assert patches[2][1:] == [3, [0, 1, 0, "3"]]  # the state went on to 3: the session still works
    assert [name for name, _ in session.tree.errors] == [Fragile.name]
    session.close()


def test_a_component_raising_on_mount_shows_nothing_and_its_siblings_render(caplog: Any) -> None:
    @pl.component
    def Broken():
        raise ValueError("no")

    with caplog.at_level(logging.CRITICAL, logger="pylive"):
        _, html = mounted(h.div("a", Broken(), "b"))
    assert html == '<div data-pl="1">a<!---->b</div>'


def test_hook_outside_a_component_raises_naming_the_hook() -> None:
    with pytest.raises(pl.HookError, match="use_state"):
        pl.use_state(0)
    with pytest.raises(pl.HookError, match="use_effect"):
        pl.use_effect(lambda: None)


def test_hooks_in_a_different_order_raise_naming_the_component_and_hooks(caplog: Any) -> None:
    handle = Handle()

    @pl.component
    def Fickle():
        flag, handle.set = pl.use_state(False)
        if flag:
            pl.use_ref(0)
        else:
            pl.use_memo(lambda: 0, [])
        return h.p(str(flag))

    tree, _ = mounted(Fickle())
    handle.set(True)
    with caplog.at_level(logging.CRITICAL, logger="pylive"):
        assert tree.render() == []
    (_, exc), = tree.errors
    assert isinstance(exc, pl.HookError)
    assert "Fickle" in str(exc) and "use_ref" in str(exc) and "use_memo" in str(exc)


@pytest.mark.parametrize("change", ["fewer", "more"])
def test_a_changing_number_of_hooks_raises(change: str, caplog: Any) -> None:
    handle = Handle()

    @pl.component
    def Shifty():
        flag, handle.set = pl.use_state(False)
        extra = flag if change == "more" else not flag
        if extra:
            pl.use_state(0)
        return h.p(str(flag))

    tree, _ = mounted(Shifty())
    handle.set(True)
    with caplog.at_level(logging.CRITICAL, logger="pylive"):
        assert tree.render() == []
    (_, exc), = tree.errors
    assert isinstance(exc, pl.HookError) and "Shifty" in str(exc)


@pl.component
def Tally(label: str):
    n, set_n = pl.use_state(0)
    return h.button(f"{label}:{n}", id=f"tally-{label}", class_="tally", on_click=lambda: set_n(n + 1))


@pl.component
def Tallies(keyed: bool):
    order, set_order = pl.use_state(("a", "b"))
    return h.div(
        h.button("swap", id="swap", on_click=lambda: set_order(order[::-1])),
        [Tally(label=label, key=label if keyed else None) for label in order],
    )


@pytest.mark.parametrize("keyed", [True, False])
async def test_swapped_siblings_keep_state_by_key_or_else_by_position(keyed: bool):
    from pylive.testing import render

    async with render(Tallies(keyed=keyed)) as view:
        for _ in range(2):
            await view.click("#tally-a")
        await view.click("#tally-b")
        assert [b.text for b in view.find_all(".tally")] == ["a:2", "b:1"]
        await view.click("#swap")
        shown = [b.text for b in view.find_all(".tally")]
        # Keyed, each count travels with its label; unkeyed, each stays in its place (as in React).
        assert shown == (["b:1", "a:2"] if keyed else ["b:2", "a:1"])
