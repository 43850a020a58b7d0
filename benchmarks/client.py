"""Client runtime: time to apply big patches in Chromium, next to setting innerHTML of the same rows.

    .venv/bin/python benchmarks/client.py            # 15 rounds
    .venv/bin/python benchmarks/client.py --quick    # 3 rounds (CI)

A pylive app with a 1,000-row keyed table is served by hypercorn in a thread of this process;
Chromium (Playwright) opens it and clicks its buttons. Each patch message's application is timed
inside the page by the runtime itself (`window.pylive.lastApplyMs`: from receiving the parsed
message to the last DOM operation, layout not included). The baseline, measured in the same page
and run, sets `innerHTML` of a table body to the same 1,000 rows (in the new order, for the
reversal), the cheapest way a browser builds them (it keeps no node, no focus and no typed text).
Both are printed as medians; the target is 50 ms or less for each workload.

First it prints the runtime's download size: `assets/pylive.js` as shipped, gzipped, and minified
with rjsmin (comments and whitespace only, no renaming) then gzipped; the target is 10 KB or less.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import statistics
import sys
from typing import Any

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import pylive as pl  # noqa: E402
from pylive import html as h
from pylive.testing import ChromiumNotFound, LiveServer, launch_chromium  # noqa: E402

ROWS = 1000
TARGET_MS = 50.0


@pl.component
def Table():
    rows, set_rows = pl.use_state(list)
    return h.div(
        h.button("fill", id="fill", on_click=lambda: set_rows(list(range(ROWS)))),
        h.button("reverse", id="reverse", on_click=lambda: set_rows(lambda r: r[::-1])),
        h.button("clear", id="clear", on_click=lambda: set_rows([])),
        h.table(
            h.tbody(
                [
                    h.tr(
                        h.td(str(i), class_="id"),
                        h.td(f"row number {i}", class_="label"),
                        h.td(h.input(name=f"note-{i}", placeholder="note")),
                        key=i,
                    )
                    for i in rows
                ],
                id="rows",
            )
        ),
    )


# Timed inside the page: build the same rows with innerHTML, in a table body of its own.
BASELINE_JS = """
(order) => {
  const rows = [...document.querySelectorAll('#rows > tr')];
  const html = (order === 'reverse' ? rows.slice().reverse() : rows).map(r => r.outerHTML).join('');
  const table = document.createElement('table');
  const body = table.createTBody();
  document.body.append(table);
  if (order === 'reverse') body.innerHTML = rows.map(r => r.outerHTML).join('');
  const t0 = performance.now();
  body.innerHTML = html;
  const ms = performance.now() - t0;
  table.remove();
  return ms;
}
"""


async def click_and_time(page: Any, button: str, check: str) -> float:
    await page.click(button)
    await page.wait_for_function(check)
    return await page.evaluate("window.pylive.lastApplyMs")


async def measure(page: Any, rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"insert": [], "reverse": [], "insert baseline": [], "reverse baseline": []}
    count = "document.querySelectorAll('#rows > tr').length"
    first = "document.querySelector('#rows > tr > td').textContent"
    for round in range(rounds + 1):  # the first round warms the page up and is not counted
        if round == 1:
            for values in times.values():
                values.clear()
        await click_and_time(page, "#clear", f"{count} === 0")
        times["insert"].append(await click_and_time(page, "#fill", f"{count} === {ROWS}"))
        times["insert baseline"].append(await page.evaluate(BASELINE_JS, "insert"))
        times["reverse"].append(await click_and_time(page, "#reverse", f"{first} === '{ROWS - 1}'"))
        times["reverse baseline"].append(await page.evaluate(BASELINE_JS, "reverse"))
        await click_and_time(page, "#reverse", f"{first} === '0'")
    return times


RUNTIME = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets", "pylive.js")
SIZE_TARGET_KB = 10.0


def print_runtime_size() -> None:
    """The client runtime's size: as shipped, gzipped, and minified then gzipped."""
    import rjsmin

    with open(RUNTIME, encoding="utf-8") as f:
        source = f.read().encode()
    minified = rjsmin.jsmin(source)
    sizes = [len(source), len(gzip.compress(source, 9)), len(minified), len(gzip.compress(minified, 9))]
    kb = [n / 1024 for n in sizes]
    verdict = "ok" if kb[3] <= SIZE_TARGET_KB else "OVER"
    print(
        f"pylive.js: {kb[0]:.1f} KB, {kb[1]:.1f} KB gzipped; minified (rjsmin) {kb[2]:.1f} KB, "
        f"{kb[3]:.1f} KB gzipped (target <= {SIZE_TARGET_KB:.0f} KB: {verdict})"
    )


async def run(rounds: int) -> None:
    from playwright.async_api import async_playwright

    with LiveServer(pl.App(Table, title="Client benchmark", secret_key="benchmark-key-that-is-not-secret")) as server:
        url = server.url
        async with async_playwright() as pw:
            try:
                browser = await launch_chromium(pw)
            except ChromiumNotFound as exc:
                sys.exit(str(exc))
            print(f"Chromium {browser.version}; {ROWS} keyed rows of 3 cells; median of {rounds} rounds")
            print(f"{'workload':<42}{'pylive ms':>10}{'innerHTML ms':>14}{'target':>9}")
            for label, init in (("", None), (" (no moveBefore)", "delete Element.prototype.moveBefore")):
                # Playwright's wait_for_function evaluates with `eval`, which the page's
                # Content-Security-Policy refuses; the policy is not what is measured.
                context = await browser.new_context(bypass_csp=True)
                if init:
                    await context.add_init_script(init)
                page = await context.new_page()
                await page.goto(url)
                await page.wait_for_selector("html.pl-connected", state="attached")
                times = await measure(page, rounds)
                for work in ("insert", "reverse"):
                    if init and work == "insert":
                        continue  # inserting does not move anything
                    ours = statistics.median(times[work])
                    base = statistics.median(times[f"{work} baseline"])
                    verdict = "ok" if ours <= TARGET_MS else "OVER"
                    name = f"{'insert 1,000 rows' if work == 'insert' else 'reverse 1,000 keyed rows'}{label}"
                    print(f"{name:<42}{ours:>10.1f}{base:>14.1f}{verdict:>9}")
                await context.close()
            await browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds instead of 15 (for CI)")
    args = parser.parse_args()
    print_runtime_size()
    asyncio.run(run(3 if args.quick else 15))


if __name__ == "__main__":
    main()
