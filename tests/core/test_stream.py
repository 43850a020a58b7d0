"""`plan`: what queued stream changes make of the keys in the page."""

import pytest

from pylive.core.stream import DELETE, INSERT, RESET, plan


def ins(item, at=-1):
    return (INSERT, item, at)


def key(item):
    return item[0]


def test_inserts_at_list_indexes():
    p = plan(["a", "b"], [ins(("c",)), ins(("z",), 0), ins(("m",), 2), ins(("y",), -2)], key, None)
    assert p.keys == ["z", "a", "m", "b", "y", "c"]
    assert list(p.fresh) == ["c", "z", "m", "y"] and not p.replaced and not p.reset


def test_an_index_past_either_end_is_clamped():
    assert plan(["a"], [ins(("b",), 10), ins(("c",), -10)], key, None).keys == ["c", "a", "b"]


def test_inserting_a_shown_key_replaces_it_in_place():
    p = plan(["a", "b"], [ins(("a", 2), -1)], key, None)
    assert p.keys == ["a", "b"] and p.replaced == {"a": ("a", 2)} and not p.fresh
    p = plan([], [ins(("a", 1)), ins(("a", 2))], key, None)
    assert p.keys == ["a"] and p.fresh == {"a": ("a", 2)}


def test_delete_and_reinsert_is_a_new_place():
    p = plan(["a", "b"], [(DELETE, "a"), ins(("a",))], key, None)
    assert p.keys == ["b", "a"] and "a" in p.fresh
    assert plan(["a"], [(DELETE, "nope")], key, None).keys == ["a"]


@pytest.mark.parametrize(
    ("limit", "expected"),
    [(3, ["c", "d", "e"]), (-3, ["a", "b", "c"])],
)
def test_limit_keeps_the_last_or_first_n(limit, expected):
    p = plan(["a", "b"], [ins((k,)) for k in "cde"], key, limit)
    assert p.keys == expected
    assert set(p.fresh) == set(expected) - {"a", "b"}  # dropped items are never rendered


def test_a_positive_limit_drops_an_item_prepended_to_a_full_page():
    assert plan(["a", "b"], [ins(("z",), 0)], key, 2).keys == ["a", "b"]


def test_reset_replaces_every_place_and_applies_the_limit():
    p = plan(["a", "b"], [(RESET, [("b",), ("c",), ("d",)])], key, 2)
    assert p.reset and p.keys == ["c", "d"] and list(p.fresh) == ["c", "d"]
