"""The `pylive` command through a real subprocess: it serves, and every bad target fails in one sentence."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from served import Served, free_port

ROOT = Path(__file__).resolve().parents[2]
PYLIVE = [sys.executable, "-m", "pylive"]


def pylive(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([*PYLIVE, *args], cwd=cwd, capture_output=True, text=True, timeout=60)


@pytest.fixture
def served():
    processes: list[Served] = []

    def start(*args: str) -> Served:
        port = free_port()
        processes.append(Served([*PYLIVE, *args, "--port", str(port)], port=port, cwd=ROOT))
        return processes[-1]

    yield start
    for p in processes:
        p.stop()


def assert_one_sentence_error(result: subprocess.CompletedProcess, *fragments: str) -> str:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def test_version_and_help() -> None:
    from pylive import __version__

    result = pylive("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"pylive {__version__}"
    for args in ((), ("--help",), ("run", "--help"), ("demos", "--help")):
        result = pylive(*args) if args else pylive("--help")
        assert result.returncode == 0, result.stderr
        assert "Usage: " in result.stdout
    assert "--reload" in pylive("run", "--help").stdout
    assert "--workers" in pylive("run", "--help").stdout
    assert "--pubsub" in pylive("run", "--help").stdout
    assert "--state" in pylive("run", "--help").stdout


def test_run_serves_a_file_and_prints_the_url(served) -> None:
    server = served("run", "demos/counter.py")
    page = server.get("/")
    assert "<title>Counter</title>" in page and 'id="value"' in page
    out = server.stop()
    assert "loaded `app` from demos/counter.py" in out
    assert server.url in out


def test_run_serves_module_colon_attr(served) -> None:
    server = served("run", "tests.support.cli_app:application")
    page = server.get("/")
    assert "<title>CLI app</title>" in page


def test_demos_serves_the_gallery_and_every_demo(served) -> None:
    server = served("demos")
    page = server.get("/")
    demos = sorted(p.stem for p in (ROOT / "demos").glob("*.py") if not p.stem.startswith("_"))
    for name in demos:
        assert f'href="/{name}"' in page, name
    assert "<title>Counter</title>" in server.get("/counter")
    assert 'id="gallery-home"' in server.get("/todo")
    assert server.url in server.stop()


def test_a_missing_file() -> None:
    assert_one_sentence_error(pylive("run", "demos/nope.py"), "there is no file demos/nope.py")


def test_a_file_without_app(tmp_path: Path) -> None:
    (tmp_path / "plain.py").write_text("x = 1\n")
    assert_one_sentence_error(pylive("run", "plain.py", cwd=tmp_path), "plain.py defines no `app`")


def test_a_file_with_components_but_no_app_is_told_which_to_serve(tmp_path: Path) -> None:
    (tmp_path / "page.py").write_text(
        "import pylive as pl\nfrom pylive import html as h\nfrom components import Card\n\n"
        "@pl.component\ndef Row():\n    return h.p('r')\n\n@pl.component\ndef Page():\n    return h.div(Row())\n"
    )
    assert_one_sentence_error(pylive("run", "page.py", cwd=tmp_path), "add `app = pl.App(Page)` at module level")


def test_an_app_that_is_not_a_pylive_app(tmp_path: Path) -> None:
    (tmp_path / "quartish.py").write_text("app = object()\n")
    assert_one_sentence_error(pylive("run", "quartish.py", cwd=tmp_path), "quartish.py", "not a pylive App")


def test_a_syntax_error_names_file_line_and_message(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("import pylive as pl\n\n\ndef f(:\n    pass\n")
    line = assert_one_sentence_error(pylive("run", "broken.py", cwd=tmp_path), "broken.py:4:", "SyntaxError")
    assert "invalid syntax" in line


def test_an_exception_at_import_names_its_line(tmp_path: Path) -> None:
    (tmp_path / "raises.py").write_text("import pylive as pl\nraise RuntimeError('no database')\n")
    assert_one_sentence_error(pylive("run", "raises.py", cwd=tmp_path), "raises.py:2:", "RuntimeError: no database")


def test_a_missing_module() -> None:
    assert_one_sentence_error(pylive("run", "no_such_module_here:app"), "no module 'no_such_module_here'")


def test_a_port_in_use() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = pylive("run", "demos/counter.py", "--port", str(port))
        assert_one_sentence_error(result, f"port {port}", "already in use")
        result = pylive("demos", "--port", str(port))
        assert_one_sentence_error(result, f"port {port}", "already in use")


def test_a_target_error_comes_before_a_busy_port(tmp_path: Path) -> None:
    # The file is the mistake to fix first; the port is only checked once the app has loaded.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        assert_one_sentence_error(pylive("run", "demos/nope.py", "--port", port), "there is no file demos/nope.py")
        (tmp_path / "plain.py").write_text("x = 1\n")
        assert_one_sentence_error(pylive("run", "plain.py", "--port", port, cwd=tmp_path), "defines no `app`")


def test_pl_run_on_a_busy_port_is_one_sentence(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        script = tmp_path / "app.py"
        script.write_text(
            "import pylive as pl\nfrom pylive import html as h\n\n"
            "app = pl.App(pl.component(lambda: h.p('hi')))\n\n"
            f"if __name__ == '__main__':\n    pl.run(app, port={port})\n"
        )
        result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [f"pylive: port {port} on 127.0.0.1 is already in use: stop what is using it, "
                     f"or pass another port: pl.run(app, port={port + 1})"]


def test_docs_on_a_busy_port_is_one_sentence() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert_one_sentence_error(pylive("docs", "--port", str(port)), f"port {port}", "already in use")


def test_reload_needs_one_worker() -> None:
    assert_one_sentence_error(pylive("run", "demos/counter.py", "--reload", "--workers", "2"), "--reload")


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("pylive")
    assert script.exists(), "reinstall with: pip install -e ."
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("pylive ")
    assert os.access(script, os.X_OK)


def test_pl_run_with_reload_serves_each_save(tmp_path: Path) -> None:
    port = free_port()
    script = tmp_path / "hello.py"
    source = (
        "import pylive as pl\nfrom pylive import html as h\n\n"
        "@pl.component\ndef Hello():\n    return h.p('{text}', id='text')\n\n"
        "app = pl.App(Hello, title='Hello')\n\n"
        f"if __name__ == '__main__':\n    pl.run(app, port={port}, reload=True)\n"
    )
    script.write_text(source.format(text="first"))
    server = Served([sys.executable, str(script)], port=port, cwd=tmp_path)

    def text_served() -> str:
        return server.get().split('id="text">')[1].split("<")[0]

    try:
        assert text_served() == "first"
        script.write_text(source.format(text="second"))
        deadline = time.monotonic() + 30
        while text_served() != "second":
            assert time.monotonic() < deadline, "the save was not served"
            time.sleep(0.1)
    finally:
        out = server.stop()
    # The pages here were only fetched, never connected: no open tab was updated.
    assert "reloaded after a change to hello.py: 0 open page(s) updated" in out


def test_workers_need_a_file_named_unlike_a_module(tmp_path: Path) -> None:
    (tmp_path / "json.py").write_text(
        "import pylive as pl\nfrom pylive import html as h\napp = pl.App(pl.component(lambda: h.p('x')))\n"
    )
    # The console script, since `python -m` would put this folder, and so this json.py, before the stdlib.
    script = str(Path(sys.executable).with_name("pylive"))
    result = subprocess.run([script, "run", "json.py", "--workers", "2"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert_one_sentence_error(result, "named like the module 'json'")


def test_an_unknown_pubsub_backend() -> None:
    for extra in ((), ("--reload",)):
        result = pylive("run", "demos/counter.py", "--pubsub", "carrier-pigeon://loft", "--port", str(free_port()), *extra)
        assert_one_sentence_error(result, "carrier-pigeon://loft")


def test_a_state_store_that_is_not_redis() -> None:
    result = pylive("run", "demos/counter.py", "--state", "memory://", "--port", str(free_port()))
    assert_one_sentence_error(result, "the state store must be a Redis URL (redis://host:6379/0), not 'memory://'")


def test_debug_is_on_with_reload_and_with_debug_and_off_by_default(tmp_path: Path) -> None:
    """`pylive run` turns development mode on with --debug, and with --reload unless --no-debug."""
    app_file = tmp_path / "fragile.py"
    app_file.write_text(
        "import pylive as pl\nfrom pylive import html as h\n\n"
        "@pl.component\ndef Page():\n    return h.p('on' if app.debug else 'off', id='mode')\n\n"
        "app = pl.App(Page)\n"
    )
    modes = {}
    for args in ((), ("--debug",), ("--reload",), ("--reload", "--no-debug")):
        port = free_port()
        server = Served([*PYLIVE, "run", str(app_file), *args, "--port", str(port)], port=port, cwd=tmp_path)
        try:
            modes[args] = re.search(r'id="mode">(\w+)<', server.get("/"))[1]
        finally:
            out = server.stop()
        assert ("development mode" in out) == (modes[args] == "on"), out
    assert modes == {(): "off", ("--debug",): "on", ("--reload",): "on", ("--reload", "--no-debug"): "off"}


def test_run_with_a_root_path_serves_the_app_under_it(served) -> None:
    server = served("run", "demos/login.py", "--root-path", "/ui")
    page = server.get("/ui/")
    assert 'href="/ui/members"' in page and 'src="/ui/_pylive/pylive.js' in page
    server.stop()
