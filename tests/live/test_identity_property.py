"""Random trees with holes, lists and keyed or unkeyed stateful children, updated at random: every
component keeps its state exactly when React's rule says so, and the patched DOM is what a fresh
render of the tree shows (the same trees are replayed in Chromium by tests/e2e/test_identity.py)."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from identity import build, check_survivors, mounts, sequence, stateful_paths, without_mounts
from patch_applier import ModelDOM
from reconcile_driver import Driver, mount_html


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.integers(1, 8))
def test_state_survives_exactly_where_react_says(rnd: random.Random, steps: int) -> None:
    specs = sequence(rnd, steps)
    d = Driver(build(specs[0]))
    shown = mounts(d.dom.view(ids=False))
    alive = check_survivors({}, stateful_paths(specs[0]), shown, 0)
    newest = max(shown, default=0)
    for spec in specs[1:]:
        d.render(build(spec))
        assert not d.tree.errors
        view = d.dom.view(ids=False)
        assert without_mounts(view) == without_mounts(ModelDOM(mount_html(build(spec))).view(ids=False))
        shown = mounts(view)
        alive = check_survivors(alive, stateful_paths(spec), shown, newest)
        newest = max([newest, *shown])


def test_a_hole_or_a_growing_list_before_a_component_keeps_it():
    hole_then_banner = [
        ("e", "div", None, (None, ("s", None))),
        ("e", "div", None, (("e", "p", None, (("t", "banner"),)), ("s", None))),
        ("e", "div", None, (None, ("s", None))),
    ]
    growing_list = [
        ("e", "div", None, (("l", (("t", "a"),)), ("s", None))),
        ("e", "div", None, (("l", (("t", "a"), ("t", "b"), ("t", "c"))), ("s", None))),
        ("e", "div", None, (("l", ()), ("s", None))),
    ]
    for specs in (hole_then_banner, growing_list):
        d = Driver(build(specs[0]))
        first = mounts(d.dom.view(ids=False))
        for spec in specs[1:]:
            d.render(build(spec))
            assert mounts(d.dom.view(ids=False)) == first
