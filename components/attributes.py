"""The attributes every stock component takes, and the check that rejects any other prop.

Every stock component takes `class_`, `id`, `style` and `data_*` / `aria_*` keyword attributes
and puts them on its outer element; any other prop it does not declare is a mistake, reported
when the tree is built:

    @stock_component
    def Pill(*children, tone="neutral", class_=None, id=None, style=None, **attrs):
        return with_attributes(h.span(children, class_=f"pl-pill pl-tone-{tone}"), class_, id, style, attrs)

    Pill("new", class_="wide", data_count="3")  # <span class="pl-pill pl-tone-neutral wide" data-count="3">
    Pill("new", tnoe="info")                    # TypeError: Pill() got an unexpected prop 'tnoe': did you mean 'tone'?
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Hashable
from typing import Any, Callable, Iterable, Mapping, ParamSpec, overload

from attrs import evolve

import pylive as pl
from pylive import html as h

P = ParamSpec("P")

#: The keyword attributes a stock component takes beyond its declared props.
ATTRIBUTE_PREFIXES = ("data_", "aria_")

# ARIA attributes whose value is a list of ids: the component's own references are kept and the
# caller's added, so a caller's `aria_describedby` cannot cut a label or hint link.
_ID_LISTS = frozenset(("aria-describedby", "aria-labelledby", "aria-controls", "aria-owns", "aria-details"))


def declared_props(fn: Callable[..., Any]) -> frozenset[str]:
    """The names `fn` takes as keywords (not its `*args` and `**kwargs`)."""
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return frozenset(p.name for p in inspect.signature(fn).parameters.values() if p.kind in kinds)


def unexpected_prop(component: str, prop: str, props: Iterable[str]) -> TypeError:
    """The error for a prop that a stock component does not take, suggesting a close match.

        unexpected_prop("Progress", "lable", ["value", "label"])
        # TypeError("Progress() got an unexpected prop 'lable': did you mean 'label'?")
    """
    underscored = prop.replace("-", "_")
    if underscored != prop and underscored.startswith(ATTRIBUTE_PREFIXES):
        match: str | None = underscored  # `**{"aria-label": ...}`: keywords spell it with `_`
    else:
        close = difflib.get_close_matches(prop, sorted(props), n=1)
        match = close[0] if close else None
    if match is not None:
        return TypeError(f"{component}() got an unexpected prop {prop!r}: did you mean {match!r}?")
    return TypeError(
        f"{component}() got an unexpected prop {prop!r}: use one of its own props, "
        "class_, id, style, or a data_*/aria_* attribute"
    )


def check_props(component: str, props: frozenset[str], given: Mapping[str, Any]) -> None:
    """Raise `unexpected_prop` for the first of `given` that is neither declared nor `data_*`/`aria_*`."""
    for name in given:
        if name not in props and not name.startswith(ATTRIBUTE_PREFIXES):
            raise unexpected_prop(component, name, props)


class StockComponent(pl.Component[P]):
    """A `pl.Component` whose call checks its props: an undeclared one that is not `data_*`/`aria_*`
    raises `TypeError` when the tree is built, not later when the component renders."""

    __slots__ = ("props",)

    def __init__(self, fn: Callable[P, Any]) -> None:
        super().__init__(fn)
        self.props = declared_props(fn)

    @overload
    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> pl.ComponentElement: ...

    @overload
    def __call__(self, *args: Any, key: Hashable, **kwargs: Any) -> pl.ComponentElement: ...

    def __call__(self, *args: Any, key: Any = None, **kwargs: Any) -> pl.ComponentElement:  # type: ignore[misc]
        if kwargs:
            check_props(self.name, self.props, kwargs)
        return super().__call__(*args, key=key, **kwargs)

    def replace_function(self, fn: Callable[P, Any]) -> None:
        super().replace_function(fn)
        self.props = declared_props(fn)


def stock_component(fn: Callable[P, Any]) -> StockComponent[P]:
    """`@pl.component` for the stock components: the same component, whose props are checked when called.

        @stock_component
        def Spinner(label="Loading…", *, class_=None, id=None, style=None, **attrs): ...
    """
    # Through `pl.component` first: a hot reload may hand back the component already mounted.
    found = pl.component(fn)
    return found if isinstance(found, StockComponent) else StockComponent(fn)


def with_attributes(
    element: pl.Element | None,
    class_: str | list[str] | None,
    id: str | None,
    style: str | dict[str, Any] | None,
    attrs: Mapping[str, Any],
) -> pl.Element | None:
    """`element` (a component's outer element) with the caller's attributes added.

        return with_attributes(h.div(..., class_="pl-card"), class_, id, style, attrs)

    `class_` comes after the component's classes and `style` after its style; `id` and the
    `data_*`/`aria_*` attributes replace the component's own, except id-list ARIA attributes
    (`aria_describedby`, ...), which keep the component's ids and add the caller's.
    """
    if element is None or (class_ is None and id is None and style is None and not attrs):
        return element
    # Rendered by an element first, so values convert exactly as they do on elements.
    given = h.span(class_=class_, id=id, style=style, **attrs).attrs
    if not given:
        return element
    merged = dict(element.attrs or {})
    for name, value in given.items():
        own = merged.get(name)
        if not value and name in ("class", "style"):
            continue
        if own and name == "class":
            merged[name] = f"{own} {value}"
        elif own and name == "style":
            merged[name] = f"{own.rstrip(';')};{value}"
        elif own and name in _ID_LISTS:
            merged[name] = " ".join(dict.fromkeys([*own.split(), *value.split()]))
        else:
            merged[name] = value
    return evolve(element, attrs=merged)
