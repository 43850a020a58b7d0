"""The security tests attack real servers: apps served by hypercorn on 127.0.0.1 (`serve_app`),
reached with hand-made sockets (`raw_client`) or a real Chromium (the end-to-end fixtures)."""

from __future__ import annotations

import logging
from typing import Iterator

import pytest

from tests.e2e.conftest import browser, new_page, serve_app  # noqa: F401  (fixtures, used by name)


@pytest.fixture
def pylive_log(caplog: pytest.LogCaptureFixture) -> Iterator[list[str]]:
    """The messages the server's `pylive` logger writes during the test (from any thread)."""
    caplog.set_level(logging.INFO, logger="pylive")

    class Lines(list):
        def refresh(self) -> "Lines":
            self[:] = [r.getMessage() for r in caplog.records if r.name == "pylive"]
            return self

    yield Lines()
