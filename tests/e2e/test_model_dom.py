"""pylive.testing's model DOM against Chromium: the same random trees and updates, the same DOM.

The same app is served to Chromium and rendered in-process with `render`; after the first page
and after every update, the root's DOM must be the same in both, node by node: tags, attributes
in order, texts, comments, and the `value`, `checked` and `selected` properties of form controls.
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from livepage import goto_live

import pylive as pl
from pylive import html as h
from pylive.testing import LiveServer, render
from tests.testing.test_dom_property import build, trees

#: The trees of the current example, read by the app when a page mounts.
SPECS: list[tuple] = []

DUMP = """
(root) => {
  const dump = (n) => {
    if (n.nodeType === Node.TEXT_NODE) return ["#text", n.data];
    if (n.nodeType === Node.COMMENT_NODE) return ["#comment", n.data];
    const props = {};
    if (/^(input|textarea|select)$/.test(n.localName)) props.value = n.value;
    if (n.localName === "input") props.checked = n.checked;
    if (n.localName === "option") props.selected = n.selected;
    return [n.localName, [...n.attributes].map((a) => [a.name, a.value]), props, [...n.childNodes].map(dump)];
  };
  return dump(root);
}
"""


def dump(node: Any) -> list:
    """The model's counterpart of `DUMP`."""
    if not hasattr(node, "tag"):
        return ["#comment" if type(node).__name__ == "Comment" else "#text", node.data]
    props: dict[str, Any] = {}
    if node.tag in ("input", "textarea", "select"):
        props["value"] = node.value
    if node.tag == "input":
        props["checked"] = node.checked
    if node.tag == "option":
        props["selected"] = node.selected
    return [node.tag, [list(a) for a in node.attrs.items()], props, [dump(c) for c in node.children]]


@pl.component
def Steps():
    step, set_step = pl.use_state(0)
    return h.div(
        h.button(str(step), id="next", on_click=lambda: set_step(min(step + 1, len(SPECS) - 1))),
        h.div(build(SPECS[step]), id="tree"),
    )


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with LiveServer(pl.App(Steps, title="model")) as live:
        yield live


# Hypothesis's own PRNG, registered from the server's thread; nothing of this test's.
@pytest.mark.filterwarnings("ignore:It looks like `register_random`")
@settings(
    max_examples=15,
    database=None,
    deadline=None,
    phases=(Phase.explicit, Phase.generate),  # a browser round trip per step makes shrinking take minutes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@seed(2026)  # the same examples on every run: a failure here is a divergence to reproduce, not luck
@given(st.lists(st.one_of(trees(props=False), trees(props=True)), min_size=2, max_size=4))
async def test_the_model_dom_is_chromiums(server, new_page, specs):
    SPECS[:] = specs
    page, errors = await new_page()
    await goto_live(page, server.url)
    async with render(Steps()) as view:
        for step in range(len(specs)):
            if step:
                await page.click("#next")
                await page.wait_for_function(f"document.querySelector('#next').textContent === '{step}'")
                await view.click("#next")
            in_chromium = await page.eval_on_selector("#tree", DUMP)
            assert dump(view.find("#tree")) == in_chromium, f"step {step}"
    assert errors == []
    await page.close()
