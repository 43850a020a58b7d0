"""The demos as modules, loaded from their files (each a fresh module, as `pylive run` would load it)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from pylive.pubsub import configure
from pylive.pubsub.hub import ENV_URL

DEMOS = Path(__file__).resolve().parents[2] / "demos"


def load_demo(name: str) -> ModuleType:
    """`demos/<name>.py`, executed afresh as the module `demo_<name>`."""
    spec = importlib.util.spec_from_file_location(f"demo_{name}", DEMOS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_demo_with_local_pubsub(name: str, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """`load_demo(name)` with the in-process pub/sub backend, whatever the environment names."""
    monkeypatch.delenv(ENV_URL, raising=False)
    configure(None)
    return load_demo(name)
