"""The package's layers only look down: core < live < server < dev, with pubsub and testing beside.

Every import counts: at the top of a module, inside a function, under `if TYPE_CHECKING:`.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pylive"

#: What each part of the package may import of pylive (besides itself).
ALLOWED = {
    "core": set(),
    "live": {"core"},
    "server": {"core", "live", "pubsub"},
    "dev": {"core", "live", "server", "pubsub"},
    "pubsub": {"core"},
    "testing": {"core", "live", "server"},
    "notebook": {"core", "live", "server"},
    # The faces: `pylive/__init__.py` re-exports every layer; `pylive.html` declares tags over the core.
    "__init__": {"core", "live", "server", "dev", "pubsub", "html", "notebook"},
    "__main__": {"dev"},
    "html": {"core"},
}
#: `pylive.html` is the core's tag namespace: any layer may use it.
CORE_LEVEL = {"html"}
#: Third-party servers: only the layers that serve may import them.
SERVER_PACKAGES = {"quart", "hypercorn", "werkzeug"}
MAY_SERVE = {"server", "dev", "testing"}


def part_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every absolute module name a file imports, with its line."""
    tree = ast.parse(path.read_text(), str(path))
    package = ["pylive", *path.relative_to(PACKAGE).parent.parts]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module == "pylive":  # `from pylive import html` imports the submodule, not the face
                found += [(node.lineno, f"pylive.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, module))
    return found


def violations() -> list[str]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        part = part_of(path)
        allowed = ALLOWED[part] | {part}
        for line, module in imported_modules(path):
            top, _, rest = module.partition(".")
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            if top in SERVER_PACKAGES and part not in MAY_SERVE:
                out.append(f"{where}: {part} imports {module}, a server package")
            if top != "pylive":
                continue
            target = rest.split(".")[0]
            if not target or target == "__init__" or (target not in ALLOWED and part not in ("__init__", "__main__")):
                out.append(f"{where}: {part} imports the pylive face; import the module that defines the name")
                continue
            if target in CORE_LEVEL and "core" in allowed:
                continue
            if target not in allowed:
                out.append(f"{where}: {part} imports {module}, which is not below it")
    return out


def test_imports_only_look_down():
    assert violations() == []


def test_the_check_sees_an_import_that_looks_up(tmp_path, monkeypatch):
    bad = PACKAGE / "core" / "_layer_probe.py"
    bad.write_text("def f():\n    from pylive.live.session import Session\n    import quart\n")
    try:
        found = violations()
    finally:
        bad.unlink()
    assert any("core imports pylive.live.session" in v for v in found)
    assert any("core imports quart" in v for v in found)


def test_every_part_of_the_package_is_known():
    assert {part_of(p) for p in PACKAGE.rglob("*.py")} <= set(ALLOWED)


def test_no_module_passes_500_lines():
    root = PACKAGE.parent
    long = {
        str(p.relative_to(root)): n
        for folder in ("pylive", "components")
        for p in (root / folder).rglob("*.py")
        if (n := len(p.read_text().splitlines())) > 500
    }
    assert long == {}
