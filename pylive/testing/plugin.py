"""The pytest plugin pylive installs: `async def test_...` functions run as they are written.

pytest itself does not run coroutine functions, and pytest-asyncio (in its default strict mode) runs
only those marked `@pytest.mark.asyncio`. So that the README's test passes under plain `pytest` in
a fresh folder, an async test that no other plugin took is run here, on a new event loop:

    async def test_counter():
        async with render(Counter(start=1)) as view:
            await view.click("#inc")

A project that configures pytest-asyncio (`asyncio_mode = "auto"`, or marks) keeps it: those tests
reach this hook already wrapped, and it leaves them alone.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> Any:
    """Run an async test function to completion on its own event loop; None for any other test."""
    fn = pyfuncitem.obj
    if not inspect.iscoroutinefunction(fn):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}
    asyncio.run(fn(**kwargs))
    return True
