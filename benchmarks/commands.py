"""Client commands and async work, measured against doing the same on the server / on the loop.

    .venv/bin/python benchmarks/commands.py            # 40 pages, 100 toggles
    .venv/bin/python benchmarks/commands.py --quick    # 8 pages, 20 toggles (CI)

1. A menu toggle: the bytes and round trips per toggle of a menu opened with `pl.js.toggle(...)`,
   next to the same menu kept in `use_state` (the baseline: an event frame up, a patch down).
2. Pages that make a blocking 50 ms call (I/O: a driver or HTTP client waiting) when they mount:
   the longest stall of the event loop (which serves every page) while they load, with
   `pl.use_async(plain_fn, [])` (a worker thread) next to calling it in a `use_effect` (the
   baseline: on the loop).

Sessions run in-process through `pylive.testing.render`, which sends the exact frames a browser
sends; figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import pylive as pl
from pylive import html as h
from pylive.live.session import Session
from pylive.testing import render

WORK_SECONDS = 0.05


@pl.component
def ClientMenu():
    return h.div(
        h.button("Menu", id="btn", on_click=pl.js.toggle("#menu").toggle_attr("aria-expanded", to="#btn")),
        h.ul([h.li(f"item {i}") for i in range(5)], id="menu", hidden=True),
    )


@pl.component
def ServerMenu():
    open_, set_open = pl.use_state(False)
    return h.div(
        h.button("Menu", id="btn", aria_expanded="true" if open_ else "false", on_click=lambda: set_open(not open_)),
        h.ul([h.li(f"item {i}") for i in range(5)], id="menu", hidden=not open_),
    )


async def toggles(component, count: int) -> tuple[int, int]:
    """(bytes on the wire, round trips) for `count` toggles, both directions."""
    async with render(component()) as view:
        before = len(view.frames)
        sent = 0
        original = Session.receive

        async def counting(session, text):
            nonlocal sent
            sent += len(text.encode())
            await original(session, text)

        Session.receive = counting  # type: ignore[method-assign]
        try:
            for _ in range(count):
                await view.click("#btn")
        finally:
            Session.receive = original  # type: ignore[method-assign]
        replies = view.frames[before:]
        return sent + sum(len(f.encode()) for f in replies), len(replies)


def blocking_work() -> int:
    """A blocking call (a database driver, an HTTP client waiting on the network)."""
    time.sleep(WORK_SECONDS)
    return 1


@pl.component
def ThreadLoader():
    res = pl.use_async(blocking_work, [])
    return h.p("loading" if res.loading else "done")


@pl.component
def LoopLoader():
    done, set_done = pl.use_state(False)
    pl.use_effect(lambda: set_done(bool(blocking_work())), [])
    return h.p("done" if done else "loading")


async def longest_stall(component, pages: int) -> float:
    """The longest gap (ms) between 1 ms ticks of the loop while `pages` pages load."""
    worst = 0.0
    running = True

    async def ticker() -> None:
        nonlocal worst
        last = time.perf_counter()
        while running:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            worst = max(worst, now - last)
            last = now

    tick = asyncio.ensure_future(ticker())
    views = [render(component()) for _ in range(pages)]
    opened = await asyncio.gather(*(v.__aenter__() for v in views))
    while any("loading" in v.html() for v in opened):
        await asyncio.sleep(0.005)
    running = False
    await tick
    for v in views:
        await v.__aexit__(None, None, None)
    return worst * 1000


async def main(quick: bool) -> None:
    count = 20 if quick else 100
    pages = 8 if quick else 40
    client_bytes, client_trips = await toggles(ClientMenu, count)
    server_bytes, server_trips = await toggles(ServerMenu, count)
    print(f"{'menu toggle, ' + str(count) + ' toggles':<44}| {'pl.js':>18} | use_state (baseline)")
    print(f"{'bytes per toggle':<44}| {client_bytes / count:18.1f} | {server_bytes / count:.1f}")
    print(f"{'round trips per toggle':<44}| {client_trips / count:18.1f} | {server_trips / count:.1f}")
    thread = await longest_stall(ThreadLoader, pages)
    loop = await longest_stall(LoopLoader, pages)
    title = f"{pages} pages making a 50 ms blocking call"
    print(f"{title:<44}| {'use_async (thread)':>18} | use_effect (baseline)")
    print(f"{'longest event-loop stall':<44}| {thread:15.1f} ms | {loop:.1f} ms")
    print(json.dumps({"toggle_bytes": [client_bytes / count, server_bytes / count], "stall_ms": [thread, loop]}))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer pages and toggles (CI)")
    asyncio.run(main(parser.parse_args().quick))
