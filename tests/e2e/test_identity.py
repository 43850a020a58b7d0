"""The reconciler's corpus and random tree sequences, applied by the real client in Chromium: after
every step the page shows what `render_to_string` of the tree shows, and every component kept or
remounted its state as React's rule says (see tests/support/identity.py)."""

from __future__ import annotations

import random
import runpy
from pathlib import Path

import pytest
from apps import sequence
from identity import build, check_survivors, mounts, stateful_paths
from identity import sequence as random_sequence
from livepage import goto_live

import pylive as pl

CASES = sorted((Path(__file__).resolve().parents[1] / "live" / "cases").glob("*.py"))

# A canonical form of a subtree as the user sees it: attributes sorted, the runtime's own left out,
# form controls by their live properties (patches set those, not the attributes), empty comments
# (the separators of adjacent texts) dropped.
CANON = """
(node) => {
  const out = [];
  const walk = (parent) => {
    for (const c of parent.childNodes) {
      if (c.nodeType === 3) { out.push("T:" + c.data); continue; }
      if (c.nodeType === 8) { if (c.data) out.push("C:" + c.data); continue; }
      if (c.nodeType !== 1) continue;
      const tag = c.localName;
      const live = ["input", "textarea", "select", "option"].includes(tag);
      const attrs = [...c.attributes]
        .filter((a) => !a.name.startsWith("data-pl") && a.name !== "data-m")
        .filter((a) => !(live && ["value", "checked", "selected"].includes(a.name)))
        .map((a) => a.name + "=" + JSON.stringify(a.value)).sort();
      if (tag === "input") attrs.push(":value=" + c.value, ":checked=" + c.checked);
      if (tag === "textarea" || tag === "select") attrs.push(":value=" + c.value);
      if (tag === "option") attrs.push(":selected=" + c.selected);
      out.push("<" + tag + " " + attrs.join(" ") + ">");
      if (tag !== "textarea") walk(c);
      out.push("</" + tag + ">");
    }
  };
  walk(node);
  return out.join("");
}
"""

COMPARE = f"""
(expected) => {{
  const canon = {CANON};
  const t = document.createElement("template");
  t.innerHTML = expected;
  const want = canon(document.importNode(t.content, true));
  const got = canon(document.getElementById("case"));
  return got === want ? null : {{got, want}};
}}
"""


async def advance(page, step: int) -> None:
    await page.click("#pl-next")
    await page.wait_for_function(f"document.getElementById('pl-step').textContent === '{step}'")


def case_trees(path: Path) -> list:
    case = runpy.run_path(str(path))
    steps = case.get("steps") or [(case["after"], case["ops"])]
    return [case["before"], *(tree for tree, _ in steps)]


async def test_the_reconciler_corpus_in_chromium(serve_app, new_page):
    trees, names = [], []
    for path in CASES:
        for n, tree in enumerate(case_trees(path)):
            trees.append(tree)
            names.append(f"{path.stem} #{n}")
    server = serve_app(sequence.make_app(trees))
    page, errors = await new_page()
    await goto_live(page, server.url)
    for step, (tree, name) in enumerate(zip(trees, names)):
        if step:
            await advance(page, step)
        expected = pl.render_to_string(sequence.in_context(tree))
        assert await page.evaluate(COMPARE, expected) is None, name
    assert errors == []


@pytest.mark.parametrize("seed", range(4))
async def test_random_sequences_in_chromium_keep_state_where_react_says(serve_app, new_page, seed):
    rnd = random.Random(seed)
    specs = [spec for _ in range(5) for spec in random_sequence(rnd, 12)]  # 65 steps per seed
    server = serve_app(sequence.make_app([build(spec) for spec in specs]))
    page, errors = await new_page()
    await goto_live(page, server.url)
    alive: dict = {}
    newest = 0
    for step, spec in enumerate(specs):
        if step:
            await advance(page, step)
        assert await page.evaluate(COMPARE, pl.render_to_string(build(spec))) is None, (step, spec)
        shown = mounts(await page.inner_html("#case"))
        alive = check_survivors(alive, stateful_paths(spec), shown, newest)
        newest = max([newest, *shown])
    assert errors == []
