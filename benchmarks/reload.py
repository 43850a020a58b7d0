"""Hot reload cost: re-import an app and re-render N open pages in place, keeping their state.

The baseline, measured in the same run, is what a restarting server costs the same pages: import
the app afresh and mount every page anew (all state lost). Each page is the todo demo with a few
items added, so there is state to keep.

    python benchmarks/reload.py             # 200 pages
    python benchmarks/reload.py --pages 20
    python benchmarks/reload.py --quick     # 20 pages, 2 rounds, for CI
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pylive.dev.reload import Reloader
from pylive.dev.target import load


async def open_pages(app, n: int) -> list:
    sent: list[str] = []
    sessions = []
    for i in range(n):
        session = app.new_session("/")
        session.mount()
        session.attach(sent.append)
        session.go_live()
        app.store.add(f"s{i}", session, holder=None)
        sessions.append(session)
    return sessions


def add_items(session, count: int) -> None:
    """Add to-dos through the session's own handlers, as clicks would."""
    for inst in _instances(session):
        if inst.name == "Todo":
            dispatch = inst.hooks[1].dispatch
            for k in range(count):
                dispatch(("add", f"item {k}"))
    session.flush(0)


def _instances(session):
    from pylive.dev.reload import walk_instances

    return list(walk_instances(session))


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="20 pages, 2 rounds")
    args = parser.parse_args()
    if args.quick:
        args.pages, args.rounds = 20, 2
    folder = Path(tempfile.mkdtemp())
    app_file = folder / "todo_bench.py"
    shutil.copy(ROOT / "demos" / "todo.py", app_file)
    target, app = load(str(app_file))
    reloader = Reloader(target, app)
    sessions = await open_pages(app, args.pages)
    for s in sessions:
        add_items(s, 5)

    reload_ms, restart_ms = [], []
    source = app_file.read_text()
    for r in range(args.rounds):
        app_file.write_text(source.replace('h.h1("todos")', f'h.h1("todos {r}")'))
        t0 = time.perf_counter()
        assert reloader.code_changed([app_file])
        reload_ms.append((time.perf_counter() - t0) * 1000)

        # Baseline: a restart imports the app afresh (a copy, so the reloader's modules stay its own)
        # and mounts every page from scratch.
        baseline_file = folder / f"todo_restart_{r}.py"
        shutil.copy(app_file, baseline_file)
        t0 = time.perf_counter()
        _, fresh_app = load(str(baseline_file))
        for _ in range(args.pages):
            fresh_app.new_session("/").mount()
        restart_ms.append((time.perf_counter() - t0) * 1000)
    kept = sum(
        1 for s in sessions for inst in _instances(s) if inst.name == "Todo" and len(inst.hooks[1].value) == 7
    )
    print(f"hot reload, {args.pages} pages of the todo demo (median of {args.rounds})")
    print(f"  reload in place (state kept): {statistics.median(reload_ms):8.1f} ms  ({kept}/{args.pages} pages kept their items)")
    print(f"  baseline: restart and remount: {statistics.median(restart_ms):8.1f} ms  (state lost)")
    shutil.rmtree(folder)


if __name__ == "__main__":
    asyncio.run(main())
