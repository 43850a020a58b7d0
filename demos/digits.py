"""Draw a digit and a scikit-learn model reads it as you draw: live class probabilities and the 8x8 input it sees.

The canvas is a JS hook (pointer events: mouse, pen and touch) that draws locally and sends the
strokes, throttled, while you draw and once more when a stroke ends. The server turns them into the
8x8 image the model was trained on (the 32x32 bitmap's 4x4 blocks counted, as scikit-learn's
bundled digits were made) and predicts in a worker thread, so the event loop never waits on the
model; an answer that a newer drawing overtook is dropped. Each tab has its own drawing.

The model, an RBF support vector machine with calibrated probabilities, is trained on the bundled
digits when the app starts (a few seconds) and cached in the user's cache folder after that.
Needs scikit-learn: `pip install 'pylive[ml]'`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import os
import pickle
import time
from pathlib import Path
from typing import Any

import pylive as pl
from components import Alert, BarChart, Button, Card
from pylive import html as h

try:
    import numpy as np
    import sklearn
except ImportError:  # the ml extra is not installed: the page says how to get it
    np = sklearn = None

INSTALL_HINT = "pip install 'pylive[ml]'"
#: The canvas's coordinates, as the hook sends them (0-255 on both axes).
CANVAS = 256
#: The bitmap strokes are drawn into before its 4x4 blocks are counted into the 8x8 input.
BITMAP = 32
#: The pen's radius in bitmap pixels (the bundled digits' strokes are about 3 pixels wide).
PEN = 1.6
#: Milliseconds between two sends while drawing.
THROTTLE_MS = 60
#: What one drawing may hold; a bigger one from the network is refused.
MAX_STROKES = 64
MAX_POINTS = 4096

HOOK = """<script>
const pylive = (window.pylive = window.pylive || {});
pylive.hooks = pylive.hooks || {};
pylive.hooks.DigitPad = {
  mounted(el, ctx) {
    const canvas = el.querySelector("canvas");
    const g = canvas.getContext("2d");
    const size = canvas.width;
    let strokes = [], current = null, timer = 0, last = 0;
    const send = () => {
      clearTimeout(timer);
      timer = 0;
      last = performance.now();
      ctx.pushEvent("draw", {strokes});
    };
    const soon = () => {
      if (!timer) timer = setTimeout(send, Math.max(0, THROTTLE_MS - (performance.now() - last)));
    };
    const at = (e) => {
      const r = canvas.getBoundingClientRect();
      const f = (v, lo, span) => Math.max(0, Math.min(255, Math.round((v - lo) / span * 255)));
      return [f(e.clientX, r.left, r.width), f(e.clientY, r.top, r.height)];
    };
    g.lineCap = g.lineJoin = "round";
    g.lineWidth = size / 14;
    g.strokeStyle = getComputedStyle(el).color;
    canvas.addEventListener("pointerdown", (e) => {
      e.preventDefault();
      try {
        canvas.setPointerCapture(e.pointerId); // keep the stroke when the pointer leaves the box
      } catch {}
      const [x, y] = at(e);
      current = [x, y];
      strokes.push(current);
      g.beginPath();
      g.arc(x * size / 255, y * size / 255, g.lineWidth / 2, 0, 2 * Math.PI);
      g.fillStyle = g.strokeStyle;
      g.fill();
      soon();
    });
    canvas.addEventListener("pointermove", (e) => {
      if (!current) return;
      const [x, y] = at(e);
      const n = current.length;
      if (x === current[n - 2] && y === current[n - 1]) return;
      g.beginPath();
      g.moveTo(current[n - 2] * size / 255, current[n - 1] * size / 255);
      g.lineTo(x * size / 255, y * size / 255);
      g.stroke();
      current.push(x, y);
      soon();
    });
    const end = () => {
      if (!current) return;
      current = null;
      send();
    };
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    ctx.handleEvent("clear", () => {
      strokes = [];
      current = null;
      clearTimeout(timer);
      timer = 0;
      g.clearRect(0, 0, size, size);
    });
  },
};
</script>""".replace("THROTTLE_MS", str(THROTTLE_MS))

STYLE = (
    "<style>"
    ".digits{max-width:60rem;margin:1.5rem auto;padding:0 1rem;font:1rem system-ui,sans-serif;color:var(--pl-fg)}"
    ".digits h1{font-size:1.6rem;font-weight:600;margin:0 0 .25rem}"
    ".digits .lede{margin:0 0 1.25rem;color:var(--pl-muted)}"
    ".digits .panes{display:grid;grid-template-columns:repeat(auto-fit,minmax(17rem,1fr));gap:1rem}"
    ".digit-pad{color:var(--pl-fg);display:grid;gap:.75rem;justify-items:start}"
    ".digit-pad canvas{width:256px;height:256px;border:2px dashed var(--pl-border);border-radius:.5rem;"
    "touch-action:none;cursor:crosshair;background:var(--pl-bg)}"
    ".guess{display:flex;align-items:baseline;gap:.75rem;margin:0 0 .5rem}"
    ".guess output{font-size:3.5rem;font-weight:700;line-height:1;font-variant-numeric:tabular-nums;min-width:2ch}"
    ".guess span{color:var(--pl-muted)}"
    ".pixels{display:grid;grid-template-columns:repeat(8,1fr);gap:2px;width:10rem;margin-top:.5rem}"
    ".pixels i{aspect-ratio:1;border-radius:2px;border:1px solid var(--pl-border);"
    "background:color-mix(in srgb,var(--pl-fg) calc(var(--ink) * 100%),var(--pl-bg))}"
    ".digits footer{margin-top:1rem;color:var(--pl-muted);font-size:.85rem}"
    "</style>"
)


# --- the model ----------------------------------------------------------------------------------


def cache_file() -> Path:
    """Where the trained model is kept between runs (one file per scikit-learn version)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "pylive" / f"digits-svc-{sklearn.__version__}.pickle"


def train() -> Any:
    """An RBF SVM with calibrated probabilities, fitted on scikit-learn's bundled 8x8 digits."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.datasets import load_digits
    from sklearn.svm import SVC

    digits = load_digits()
    return CalibratedClassifierCV(SVC(gamma=0.001, C=10), ensemble=False, cv=3).fit(digits.data, digits.target)


def load_or_train() -> Any:
    """The cached model if there is one, else a freshly trained one (then cached)."""
    path = cache_file()
    try:
        # The cache is this user's own file, written below by this same code.
        with path.open("rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    model = train()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps(model))
        partial.replace(path)
    except OSError:
        pass  # a read-only home: train again next time
    return model


_executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="digits-model")
#: The model, loading or training in its own thread from import on: the page is served at once.
model_future = _executor.submit(load_or_train) if sklearn is not None else None


# --- from strokes to the model's input ----------------------------------------------------------


def parse_strokes(payload: Any) -> list[list[int]]:
    """The strokes of a `draw` event: lists of x, y pairs in 0-255. Raises ValueError on anything else."""
    strokes = payload.get("strokes") if isinstance(payload, dict) else None
    if not isinstance(strokes, list) or len(strokes) > MAX_STROKES:
        raise ValueError(f"a drawing is a list of at most {MAX_STROKES} strokes")
    total = 0
    for stroke in strokes:
        if not isinstance(stroke, list) or len(stroke) % 2 or not stroke:
            raise ValueError("a stroke is a non-empty flat list of x, y pairs")
        total += len(stroke) // 2
        if total > MAX_POINTS or not all(type(v) is int and 0 <= v < CANVAS for v in stroke):
            raise ValueError(f"a drawing has at most {MAX_POINTS} points, each in 0-255")
    return strokes


_PEN_OFFSETS = None


def features(strokes: list[list[int]]) -> Any:
    """The 8x8 image (64 values, 0-16) the model reads for `strokes`, as the bundled digits were made:
    the drawing scaled to fill a 32x32 bitmap, centred, and each 4x4 block's inked pixels counted."""
    global _PEN_OFFSETS
    if _PEN_OFFSETS is None:
        steps = np.arange(-2, 2.01, 0.5)
        _PEN_OFFSETS = np.array([(x, y) for x in steps for y in steps if x * x + y * y <= PEN * PEN])
    paths = [np.asarray(s, dtype=float).reshape(-1, 2) for s in strokes]
    points = np.concatenate(paths)
    low = points.min(axis=0)
    extent = points.max(axis=0) - low
    scale = (BITMAP - 5) / max(float(extent.max()), 1.0)
    offset = (BITMAP - 1 - extent * scale) / 2
    bitmap = np.zeros((BITMAP, BITMAP), dtype=bool)
    for path in paths:
        p = (path - low) * scale + offset
        samples = [p[:1]]
        for a, b in itertools.pairwise(p):
            n = int(np.ceil(np.hypot(*(b - a)) / 0.5)) + 1
            samples.append(a + (b - a) * np.linspace(0, 1, n)[:, None])
        ink = np.rint((np.concatenate(samples)[:, None, :] + _PEN_OFFSETS[None]).reshape(-1, 2)).astype(int)
        ink = ink.clip(0, BITMAP - 1)
        bitmap[ink[:, 1], ink[:, 0]] = True
    return bitmap.reshape(8, 4, 8, 4).sum(axis=(1, 3)).ravel()


def predict(strokes: list[list[int]]) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """The 8x8 input and the ten class probabilities (run in a worker thread)."""
    model = model_future.result()
    pixels = features(strokes)
    probabilities = model.predict_proba(pixels.reshape(1, -1))[0]
    return tuple(int(v) for v in pixels), tuple(round(float(p), 4) for p in probabilities)


# --- the page -----------------------------------------------------------------------------------


@pl.component
def Pixels(pixels: tuple[int, ...]):
    """The 8x8 input, each block as dark as the model sees it (0-16)."""
    return h.div(
        [h.i(style={"--ink": f"{v / 16:.2f}"}, key=i) for i, v in enumerate(pixels)],
        class_="pixels",
        id="pixels",
        role="img",
        aria_label="The 8x8 image the model reads",
    )


@pl.component
def Pad(on_draw: Any, cleared: int = 0):
    """The drawing canvas (the `DigitPad` hook); a new `cleared` number wipes it."""
    push = pl.use_push_event()  # to this component's root: the hooked element
    pl.use_effect(lambda: push("clear", {}) if cleared else None, [cleared])
    return h.div(
        h.canvas(width=256, height=256, id="pad", aria_label="Drawing pad"),
        hook="DigitPad",
        on_draw=on_draw,
        class_="digit-pad",
    )


@pl.component
def Digits():
    """A drawing pad, the model's guess with its probabilities, and the input it read."""
    result, set_result = pl.use_state(None)  # (points, pixels, probabilities, milliseconds)
    latest = pl.use_ref(0)  # the number of the newest drawing sent to the model
    cleared, set_cleared = pl.use_state(0)

    async def drawn(event: pl.Event) -> None:
        strokes = parse_strokes(event.payload)
        latest.current += 1
        mine = latest.current
        points = sum(len(s) for s in strokes) // 2
        started = time.perf_counter()
        pixels, probabilities = await asyncio.to_thread(predict, strokes)
        if mine == latest.current:  # a newer drawing went to the model meanwhile: its answer wins
            set_result((points, pixels, probabilities, (time.perf_counter() - started) * 1000))

    def clear() -> None:
        latest.current += 1
        set_result(None)
        set_cleared(cleared + 1)

    if result is None:
        guess, confidence, pixels, probabilities, note = "?", "draw a digit", (0,) * 64, (0.0,) * 10, ""
        points = 0
    else:
        points, pixels, probabilities, took = result
        best = max(range(10), key=probabilities.__getitem__)
        guess, confidence = str(best), f"{probabilities[best]:.0%} sure"
        note = f"{points} points · model answered in {took:.1f} ms"
    return h.div(
        h.h1("Digit reader"),
        h.p("Draw a digit from 0 to 9 in the box. The server reads it while you draw.", class_="lede"),
        h.div(
            Card(
                Pad(drawn, cleared),
                Button("Clear", on_click=clear, variant="secondary", id="clear"),
                title="Your digit",
            ),
            Card(
                h.div(
                    h.output(guess, id="guess", data_points=str(points)),
                    h.span(confidence, id="confidence"),
                    class_="guess",
                    aria_live="polite",
                ),
                BarChart(
                    list(probabilities),
                    labels=[str(d) for d in range(10)],
                    y_min=0,
                    y_max=1,
                    width=360,
                    height=200,
                    title="Probability of each digit",
                    format_y=lambda v: f"{v:.0%}",
                    id="probabilities",
                ),
                title="The model's reading",
            ),
            Card(Pixels(pixels), h.p(note, id="timing"), title="What the model sees (8x8)"),
            class_="panes",
        ),
        h.footer("scikit-learn SVM trained on its bundled 1,797 digits; each tab has its own drawing."),
        class_="digits",
    )


@pl.component
def Missing():
    """The page when scikit-learn is not installed: what to run."""
    return h.div(
        h.h1("Digit reader"),
        Alert(
            "This demo needs scikit-learn. Install the ML extra and start it again: ",
            h.code(INSTALL_HINT),
            tone="warning",
            title="scikit-learn is not installed",
            id="missing",
        ),
        class_="digits",
    )


app = pl.App(Digits if sklearn is not None else Missing, title="Digit reader", head=[STYLE, HOOK])

if __name__ == "__main__":
    pl.run(app)
