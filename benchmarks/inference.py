"""Live inference: from the end of a stroke on the digit reader's canvas to its chart updated in Chromium.

    .venv/bin/python benchmarks/inference.py            # 40 strokes
    .venv/bin/python benchmarks/inference.py --quick    # 8 strokes (CI)

`demos/digits.py` is served by hypercorn in a thread of this process and opened in Chromium
(Playwright). Each stroke ("1", "7", "0" in turn, with jitter) is drawn by pointer events sent to
the canvas at about 120 Hz, as a hand draws; its last move and the pointer's release come together,
so the drawing sent at the release is one the server has not seen. The time measured in the page
runs from that release to the moment the patch carrying the new prediction (guess, probability
bars, 8x8 input) has been applied: the hook's send, the WebSocket, the worker thread that rasterises
and predicts, the render and the patch. Printed as p50 and p99.

The baseline, measured in the same run right after each stroke (under the same load): the same
drawing's `model.predict_proba` alone on its 8x8 input, and the server's whole work for it
(rasterising the strokes, then predicting), called directly, three times each.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import itertools
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from pylive.testing import ChromiumNotFound, LiveServer, launch_chromium

DEMO = Path(__file__).resolve().parent.parent / "demos" / "digits.py"

#: Draws one stroke through `points` (canvas units 0-255) and returns the milliseconds from the
#: release to the applied patch whose `data-points` counts every point of the stroke.
STROKE = """
async (points) => {
  const pad = document.querySelector('#pad');
  const guess = document.querySelector('#guess');
  const box = pad.getBoundingClientRect();
  const fire = (type, [x, y]) => pad.dispatchEvent(new PointerEvent(type, {
    bubbles: true, pointerId: 1, pointerType: 'mouse', isPrimary: true, buttons: type === 'pointerup' ? 0 : 1,
    clientX: box.left + (x + 0.5) * box.width / 256, clientY: box.top + (y + 0.5) * box.height / 256,
  }));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  fire('pointerdown', points[0]);
  for (const p of points.slice(1, -1)) {
    fire('pointermove', p);
    await sleep(8);
  }
  const want = String(points.length);
  const done = new Promise((resolve) => {
    const seen = new MutationObserver(() => {
      if (guess.dataset.points === want) {
        seen.disconnect();
        resolve(performance.now());
      }
    });
    seen.observe(document.querySelector('.digits'), {subtree: true, attributes: true, childList: true, characterData: true});
  });
  fire('pointermove', points[points.length - 1]);
  const start = performance.now();
  fire('pointerup', points[points.length - 1]);
  return (await done) - start;
}
"""

SHAPES = {
    "1": [(128, 30), (128, 225)],
    "7": [(60, 40), (190, 40), (110, 225)],
    "0": [(128, 30), (70, 70), (60, 128), (70, 190), (128, 225), (185, 190), (195, 128), (185, 70), (128, 34)],
}


def stroke(shape: list[tuple[int, int]], rng: random.Random, steps: int = 24) -> list[list[int]]:
    """About `steps` distinct points along `shape`, jittered, as a hand would give them."""
    lengths = [math.dist(a, b) for a, b in itertools.pairwise(shape)]
    total = sum(lengths)
    points: list[list[int]] = []
    for (a, b), length in zip(itertools.pairwise(shape), lengths):
        n = max(2, round(steps * length / total))
        for i in range(n):
            t = i / n
            p = [round(a[k] + (b[k] - a[k]) * t + rng.uniform(-2, 2)) for k in (0, 1)]
            p = [min(255, max(0, v)) for v in p]
            if not points or p != points[-1]:
                points.append(p)
    end = [min(255, max(0, v)) for v in shape[-1]]
    if end != points[-1]:
        points.append(end)
    return points


def load_digits_demo():
    spec = importlib.util.spec_from_file_location("pylive_bench_digits", DEMO)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def direct_baseline(digits, strokes: list[list[list[int]]]) -> tuple[list[float], list[float]]:
    """Milliseconds of `predict_proba` alone, and of rasterising plus predicting, per drawing."""
    model = digits.model_future.result()
    bare, whole = [], []
    for s in strokes * 3:
        flat = [[v for p in s for v in p]]
        pixels = digits.features(flat).reshape(1, -1)
        t0 = time.perf_counter()
        model.predict_proba(pixels)
        bare.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        digits.predict(flat)
        whole.append((time.perf_counter() - t0) * 1000)
    return bare, whole


async def run(count: int) -> None:
    from playwright.async_api import async_playwright

    digits = load_digits_demo()
    t0 = time.perf_counter()
    digits.model_future.result()
    print(f"model ready in {time.perf_counter() - t0:.1f} s (trained, or read from the cache)")
    rng = random.Random(7)
    names = list(SHAPES)
    strokes = [(names[i % 3], stroke(SHAPES[names[i % 3]], rng)) for i in range(count)]

    latencies: list[float] = []
    bare: list[float] = []
    whole: list[float] = []
    right = 0
    direct_baseline(digits, [s for _, s in strokes[:3]] * 5)  # warm up, as the page's first stroke does
    with LiveServer(digits.app) as server:
        async with async_playwright() as pw:
            try:
                browser = await launch_chromium(pw)
            except ChromiumNotFound as exc:
                sys.exit(str(exc))
            page = await browser.new_page()
            await page.goto(server.url + "/")
            await page.wait_for_selector("html.pl-connected", state="attached")
            for i, (name, points) in enumerate([strokes[0], *strokes]):  # the first twice: a warm-up
                await page.click("#clear")
                await page.wait_for_selector("#guess[data-points='0']", state="attached")
                took = await page.evaluate(STROKE, points)
                if i:
                    latencies.append(took)
                    right += (await page.locator("#guess").text_content()) == name
                    # The baseline for the same drawing, right after it (the same load on the machine).
                    b, w = direct_baseline(digits, [points])
                    bare += b
                    whole += w
            version = browser.version
            await browser.close()

    print(f"Chromium {version}; {count} strokes of about 24 points (1, 7, 0 in turn), one tab")
    print(f"{'measure':<58}{'p50 ms':>9}{'p99 ms':>9}")
    rows = [
        ("stroke end -> prediction and chart applied (Chromium)", latencies),
        ("baseline: model.predict_proba alone", bare),
        ("baseline: rasterise + predict, called directly", whole),
    ]
    for label, values in rows:
        print(f"{label:<58}{statistics.median(values):>9.2f}{percentile(values, 0.99):>9.2f}")
    print(f"read right: {right} of {count} strokes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="8 strokes instead of 40 (for CI)")
    args = parser.parse_args()
    asyncio.run(run(8 if args.quick else 40))


if __name__ == "__main__":
    main()
