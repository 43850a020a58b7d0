"""Tune a neural network on a bundled scikit-learn dataset: it trains in the background, with live curves you can cancel.

Sliders set the hyper-parameters of a small multi-layer perceptron (scikit-learn's MLPClassifier).
Training runs epoch by epoch in a worker thread, driven by a task that an effect starts and cleans
up, so the page stays responsive: the progress bar, the learning curve and the confusion matrix
update after every epoch, Cancel stops the run between two epochs, and leaving the page stops it
too. Every run, finished or cancelled, lands in the results table. Each tab has its own runs.
Needs scikit-learn: `pip install 'pylive[ml]'`.
"""

from __future__ import annotations

import asyncio
import time
from functools import cache
from typing import Any

import attrs

import pylive as pl
from components import Alert, Badge, Button, Card, Column, DataTable, LineChart, Progress, Select, Slider
from pylive import html as h

try:
    import numpy as np
    import sklearn
except ImportError:  # the ml extra is not installed: the page says how to get it
    np = sklearn = None

INSTALL_HINT = "pip install 'pylive[ml]'"

#: name -> (title, the scikit-learn loader's name)
DATASETS = {
    "digits": ("Digits: 1,797 × 64, 10 classes", "load_digits"),
    "wine": ("Wine: 178 × 13, 3 classes", "load_wine"),
    "cancer": ("Breast cancer: 569 × 30, 2 classes", "load_breast_cancer"),
}

STYLE = (
    "<style>"
    ".explorer{max-width:72rem;margin:1.5rem auto;padding:0 1rem;font:1rem system-ui,sans-serif;color:var(--pl-fg)}"
    ".explorer h1{font-size:1.6rem;font-weight:600;margin:0 0 .25rem}"
    ".explorer .lede{margin:0 0 1.25rem;color:var(--pl-muted)}"
    ".explorer .top{display:grid;grid-template-columns:minmax(16rem,20rem) 1fr;gap:1rem;align-items:start;"
    "margin-bottom:1rem}"
    ".explorer .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem}"
    ".explorer .controls{display:grid;gap:.75rem}"
    ".explorer .actions{display:flex;gap:.5rem;align-items:center}"
    ".explorer .status{margin:.5rem 0 0;color:var(--pl-muted);font-variant-numeric:tabular-nums}"
    ".confusion-wrap{overflow-x:auto}"
    # Columns share the card's width (ten classes and a header fit a 20rem card), never past it.
    ".confusion{border-collapse:collapse;font-size:.8rem;font-variant-numeric:tabular-nums;"
    "width:100%;max-width:24rem;margin:auto;table-layout:fixed}"
    ".confusion th{color:var(--pl-muted);font-weight:500;padding:.15rem 0;text-align:center;overflow:hidden;"
    "text-overflow:ellipsis}"
    ".confusion td{height:1.9rem;padding:0;text-align:center;border:1px solid var(--pl-border);"
    "background:color-mix(in srgb,var(--pl-accent) calc(var(--share) * 100%),transparent)}"
    ".confusion td.hot{color:var(--pl-accent-fg)}"
    ".explorer .axis{font-size:.8rem;color:var(--pl-muted);text-align:center;margin:.25rem 0 0}"
    "@media (max-width:48rem){.explorer .top{grid-template-columns:1fr}}"
    "</style>"
)


@attrs.frozen(slots=True)
class Params:
    """One run's settings: the dataset and the network's hyper-parameters."""

    dataset: str = "digits"
    hidden: int = 32
    log_rate: float = -2.5  # learning rate = 10 ** log_rate
    log_alpha: float = -4.0  # L2 penalty = 10 ** log_alpha
    epochs: int = 60

    def set(self, **changes: Any) -> Params:
        return attrs.evolve(self, **changes)


@attrs.frozen(slots=True)
class Job:
    """A run asked for: its number (in this tab) and settings."""

    number: int
    params: Params


@attrs.frozen(slots=True)
class Curves:
    """A run's progress: accuracy and loss after each epoch, and the latest confusion matrix."""

    train: tuple[float, ...] = ()
    test: tuple[float, ...] = ()
    loss: tuple[float, ...] = ()
    confusion: tuple[tuple[int, ...], ...] = ()
    classes: tuple[str, ...] = ()

    @property
    def epoch(self) -> int:
        return len(self.train)


@cache
def split(dataset: str) -> tuple[Any, Any, Any, Any, tuple[str, ...]]:
    """The dataset, standardised and split 75/25 (stratified, fixed seed), and its class names."""
    from sklearn import datasets
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    data = getattr(datasets, DATASETS[dataset][1])()
    x_train, x_test, y_train, y_test = train_test_split(
        data.data, data.target, test_size=0.25, random_state=0, stratify=data.target
    )
    scaler = StandardScaler().fit(x_train)
    names = tuple(str(n) for n in getattr(data, "target_names", range(int(data.target.max()) + 1)))
    return scaler.transform(x_train), scaler.transform(x_test), y_train, y_test, names


def new_model(params: Params) -> Any:
    """The untrained network for `params`."""
    from sklearn.neural_network import MLPClassifier

    return MLPClassifier(
        hidden_layer_sizes=(params.hidden,),
        learning_rate_init=10**params.log_rate,
        alpha=10**params.log_alpha,
        batch_size=32,
        random_state=0,
    )


def epoch(model: Any, dataset: str) -> tuple[float, float, float, tuple[tuple[int, ...], ...]]:
    """Train one more epoch (in a worker thread); returns train and test accuracy, loss, confusion."""
    from sklearn.metrics import confusion_matrix

    x_train, x_test, y_train, y_test, names = split(dataset)
    model.partial_fit(x_train, y_train, classes=np.arange(len(names)))
    predicted = model.predict(x_test)
    confusion = confusion_matrix(y_test, predicted, labels=np.arange(len(names)))
    return (
        float(model.score(x_train, y_train)),
        float((predicted == y_test).mean()),
        float(model.loss_),
        tuple(tuple(int(v) for v in row) for row in confusion),
    )


def result_row(job: Job, curves: Curves, seconds: float, status: str) -> dict[str, Any]:
    """One line of the results table."""
    p = job.params
    return {
        "run": job.number,
        "dataset": p.dataset,
        "hidden": p.hidden,
        "rate": f"{10**p.log_rate:.4g}",
        "alpha": f"{10**p.log_alpha:.0e}",
        "epochs": f"{curves.epoch}/{p.epochs}",
        "train": round(curves.train[-1], 3) if curves.train else None,
        "test": round(curves.test[-1], 3) if curves.test else None,
        "seconds": round(seconds, 2),
        "status": status,
    }


COLUMNS = [
    Column("run", "Run", align="end"),
    Column("dataset", "Dataset"),
    Column("hidden", "Hidden units", align="end"),
    Column("rate", "Learning rate", align="end"),
    Column("alpha", "L2 alpha", align="end"),
    Column("epochs", "Epochs", align="end"),
    Column("train", "Train acc.", align="end", render=lambda v, row: "–" if v is None else f"{v:.1%}"),
    Column("test", "Test acc.", align="end", render=lambda v, row: "–" if v is None else f"{v:.1%}"),
    Column("seconds", "Seconds", align="end"),
    Column("status", "Status", render=lambda v, row: Badge(v, tone="success" if v == "done" else "warning")),
]


def shade(share: float) -> float:
    """A cell's tint for its share of the largest count: light cells stay light enough for dark text,
    heavy ones dark enough for light text (no mid tones that neither can be read on)."""
    return share * 0.5 if share < 0.5 else 0.75 + share * 0.25


def _hot(share: float) -> str | None:
    return "hot" if share >= 0.5 else None


@pl.component
def Confusion(curves: Curves):
    """The test set's confusion matrix: rows are true classes, columns predictions."""
    if not curves.confusion:
        return h.p("Train a model to see where it errs.", class_="status")
    largest = max(max(row) for row in curves.confusion) or 1
    short = [n if len(n) <= 4 else n[:3] + "…" for n in curves.classes]
    return h.div(
        h.table(
            h.thead(h.tr(h.th(""), [h.th(n, scope="col", title=full) for n, full in zip(short, curves.classes)])),
            h.tbody(
                [
                    h.tr(
                        h.th(short[i], scope="row", title=curves.classes[i]),
                        [
                            h.td(str(v), style={"--share": f"{shade(v / largest):.2f}"}, class_=_hot(v / largest))
                            for v in row
                        ],
                        key=i,
                    )
                    for i, row in enumerate(curves.confusion)
                ]
            ),
            class_="confusion",
            id="confusion",
            aria_label="Confusion matrix: true class by row, predicted class by column",
        ),
        h.p("rows: true class · columns: predicted", class_="axis"),
        class_="confusion-wrap",
    )


@pl.component
def Explorer():
    """Hyper-parameter sliders, a background training run with progress and cancel, its charts and results."""
    params, set_params = pl.use_state(Params())
    job, set_job = pl.use_state(None)
    curves, set_curves = pl.use_state(Curves())
    results, set_results = pl.use_state(())
    started = pl.use_ref(0.0)
    latest = pl.use_ref(Curves())  # what the running job has reached, for a cancel to record

    async def train(job: Job) -> None:
        model = new_model(job.params)
        names = split(job.params.dataset)[4]  # cached: `start` loaded it in a thread
        current = Curves(classes=names)
        for _ in range(job.params.epochs):
            train_acc, test_acc, loss, confusion = await asyncio.to_thread(epoch, model, job.params.dataset)
            current = Curves(
                (*current.train, train_acc), (*current.test, test_acc), (*current.loss, loss), confusion, names
            )
            latest.current = current
            set_curves(current)
        set_results(lambda rs: (*rs, result_row(job, current, time.perf_counter() - started.current, "done")))
        set_job(None)

    def run_job():
        if job is None:
            return None
        task = asyncio.get_running_loop().create_task(train(job))
        return task.cancel  # a cancel, a new run or leaving the page stops it between two epochs

    pl.use_effect(run_job, [job])

    async def start() -> None:
        await asyncio.to_thread(split, params.dataset)  # the first load of a dataset reads its files
        started.current = time.perf_counter()
        latest.current = Curves()
        set_curves(Curves())
        set_job(Job(len(results) + 1, params))

    def cancel() -> None:
        if job is None:
            return
        row = result_row(job, latest.current, time.perf_counter() - started.current, "cancelled")
        set_results(lambda rs: (*rs, row))
        set_job(None)

    running = job is not None
    total = job.params.epochs if job else params.epochs
    if running:
        status = f"Training run {job.number}: epoch {curves.epoch} of {total}"
    elif results and results[-1]["status"] == "cancelled":
        status = f"Run {results[-1]['run']} cancelled after {results[-1]['epochs']} epochs"
    elif curves.epoch:
        status = f"Last run: {curves.epoch} epochs, test accuracy {curves.test[-1]:.1%}"
    else:
        status = "Set the hyper-parameters and train."
    # Padded to the run's length, so the x axis spans every epoch from the start (gaps for those to come).
    pad = [None] * max(0, total - curves.epoch)
    return h.div(
        h.h1("Model explorer"),
        h.p(
            "A small neural network on a dataset that ships with scikit-learn. Training runs in the background.",
            class_="lede",
        ),
        h.div(
            Card(
                h.div(
                    Select(
                        "Dataset",
                        "dataset",
                        params.dataset,
                        options=[(k, v[0]) for k, v in DATASETS.items()],
                        on_change=lambda v: set_params(params.set(dataset=v)) if v in DATASETS else None,
                        id="dataset",
                    ),
                    Slider(
                        "Hidden units",
                        "hidden",
                        params.hidden,
                        min=4,
                        max=256,
                        step=4,
                        id="hidden",
                        on_change=lambda v: set_params(params.set(hidden=int(v))),
                    ),
                    Slider(
                        "Learning rate",
                        "rate",
                        params.log_rate,
                        min=-4,
                        max=-1,
                        step=0.25,
                        id="rate",
                        format=lambda v: f"{10 ** float(v):.4g}",
                        on_change=lambda v: set_params(params.set(log_rate=float(v))),
                    ),
                    Slider(
                        "L2 penalty (alpha)",
                        "alpha",
                        params.log_alpha,
                        min=-6,
                        max=-1,
                        step=0.5,
                        id="alpha",
                        format=lambda v: f"{10 ** float(v):.0e}",
                        on_change=lambda v: set_params(params.set(log_alpha=float(v))),
                    ),
                    Slider(
                        "Epochs",
                        "epochs",
                        params.epochs,
                        min=5,
                        max=300,
                        step=5,
                        id="epochs",
                        on_change=lambda v: set_params(params.set(epochs=int(v))),
                    ),
                    h.div(
                        Button("Train", on_click=start, disabled=running, id="train"),
                        Button("Cancel", on_click=cancel, variant="secondary", disabled=not running, id="cancel"),
                        class_="actions",
                    ),
                    Progress(
                        curves.epoch if (running or curves.epoch) else 0,
                        max=total,
                        label="Training progress",
                        id="progress",
                    ),
                    h.p(status, id="status", class_="status", aria_live="polite"),
                    class_="controls",
                ),
                title="Hyper-parameters",
            ),
            h.div(
                Card(
                    LineChart(
                        {"train": [*curves.train, *pad], "test": [*curves.test, *pad]},
                        y_min=0,
                        y_max=1,
                        width=420,
                        height=220,
                        title="Accuracy by epoch",
                        format_y=lambda v: f"{v:.0%}",
                        id="curve",
                    ),
                    title="Learning curve",
                ),
                Card(Confusion(curves), title="Confusion matrix (test set)"),
                class_="charts",
            ),
            class_="top",
        ),
        Card(
            DataTable(
                COLUMNS,
                rows=list(reversed(results)),
                row_key="run",
                filterable=False,
                page_size=10,
                caption="Runs, newest first",
                id="results",
            ),
            title="Results",
        ),
        class_="explorer",
    )


@pl.component
def Missing():
    """The page when scikit-learn is not installed: what to run."""
    return h.div(
        h.h1("Model explorer"),
        Alert(
            "This demo needs scikit-learn. Install the ML extra and start it again: ",
            h.code(INSTALL_HINT),
            tone="warning",
            title="scikit-learn is not installed",
            id="missing",
        ),
        class_="explorer",
    )


app = pl.App(Explorer if sklearn is not None else Missing, title="Model explorer", head=[STYLE])

if __name__ == "__main__":
    pl.run(app)
