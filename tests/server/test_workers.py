"""Worker processes: a worker that cannot start stops the others, and its exit status is the run's."""

from __future__ import annotations

import signal
import time

from served import free_port

from pylive.server.hypercorn import make_config
from pylive.server.workers import run_workers


def test_a_worker_that_fails_to_start_stops_the_others_and_its_status_is_returned(tmp_path, monkeypatch):
    (tmp_path / "broken_app_module.py").write_text("raise RuntimeError('the app cannot import')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    config = make_config("127.0.0.1", free_port(), workers=2)
    config.application_path = "broken_app_module:app"
    handler = signal.getsignal(signal.SIGINT)
    start = time.monotonic()
    assert run_workers(config) != 0
    assert time.monotonic() - start < 30  # the healthy one (none here) would be stopped, not waited for
    assert signal.getsignal(signal.SIGINT) is handler  # the caller's Ctrl+C handling is given back
