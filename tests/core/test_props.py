"""Props equality that sees through fresh lambdas, so idiomatic rows are not rendered again."""

import functools

import pylive as pl
from pylive import html as h
from pylive.core.props import forget, same_props, same_value
from pylive.testing import render


def handlers(ids, select=print):
    return [lambda e, id=i: select(id) for i in ids]


def closures(ids, select=print):
    out = []
    for i in ids:
        out.append((lambda row: lambda: select(row))(i))
    return out


class Picker:
    def pick(self, e):
        return e


def test_the_same_code_with_equal_defaults_or_captures_is_the_same_handler():
    assert same_value(handlers([1])[0], handlers([1])[0])
    assert not same_value(handlers([1])[0], handlers([2])[0])
    assert same_value(closures([1])[0], closures([1])[0])
    assert not same_value(closures([1])[0], closures([2])[0])
    assert not same_value(handlers([1], select=print)[0], handlers([1], select=repr)[0])
    assert not same_value(handlers([1])[0], closures([1])[0])  # other code


def test_bound_methods_and_pl_event_wrappers():
    a, b = Picker(), Picker()
    assert same_value(a.pick, a.pick) and not same_value(a.pick, b.pick)
    assert same_value(pl.event(handlers([1])[0], debounce=100), pl.event(handlers([1])[0], debounce=100))
    assert not same_value(pl.event(handlers([1])[0], debounce=100), pl.event(handlers([1])[0], debounce=200))
    assert same_value(functools.partial(print, 1), functools.partial(print, 1)) is False  # partials: identity


def test_values_whose_equality_fails_count_as_changed():
    class ArrayLike:
        def __eq__(self, other):
            raise ValueError("ambiguous")

    assert not same_value(ArrayLike(), ArrayLike())
    assert same_props({"on_click": handlers([3])[0], "label": "x"}, {"on_click": handlers([3])[0], "label": "x"})
    assert not same_props({"label": "x"}, {"label": "x", "extra": 1})
    assert same_props((1, "a"), (1, "a")) and not same_props((1,), (2,))


def test_verdicts_on_captured_functions_last_one_pass():
    def select_from(items):
        return lambda i: items[i]

    first, again = select_from([1]), select_from([1])
    try:
        assert same_value(handlers([1], first)[0], handlers([1], again)[0])
        items = again.__closure__[0].cell_contents
        items[0] = 2  # the captured list changes between passes
        forget()
        assert not same_value(handlers([1], first)[0], handlers([1], again)[0])
    finally:
        forget()


def test_a_captured_cell_given_another_function_within_a_pass_is_compared_again():
    def render():
        def select(id):
            return id

        return lambda e, id=1: select(id)

    old, new = render(), render()
    try:
        assert same_props({"on_click": old}, {"on_click": new})

        def other(id):
            return -id

        new.__closure__[0].cell_contents = other  # `nonlocal select` rebound: other code
        assert not same_props({"on_click": old}, {"on_click": new})
    finally:
        forget()


def test_defaults_whose_equality_fails_count_as_changed():
    class ArrayLike:
        def __eq__(self, other):
            raise ValueError("ambiguous")

    def handler(g):
        return lambda e, g=g: g

    def keyword_handler(g):
        return lambda e, *, g=g: g

    grid = ArrayLike()
    assert same_value(handler(grid), handler(grid))  # the same object: no == needed
    assert not same_value(handler(ArrayLike()), handler(ArrayLike()))
    assert not same_value(keyword_handler(ArrayLike()), keyword_handler(ArrayLike()))


async def test_rows_given_fresh_lambdas_are_not_rendered_again():
    renders = []

    @pl.component
    def Row(label: str, on_select):
        renders.append(label)
        return h.li(label, on_click=on_select)

    @pl.component
    def Table():
        selected, set_selected = pl.use_state(None)
        return h.div(
            h.ul([Row(label=f"row {i}", on_select=lambda e, i=i: set_selected(i), key=i) for i in range(5)]),
            h.p(f"selected {selected}", id="sel"),
        )

    async with render(Table()) as view:
        renders.clear()
        await view.click("li")
        assert view.find("#sel").text == "selected 0"
        assert renders == []  # no row rendered again: their props are the same
