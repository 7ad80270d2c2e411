"""The layer map of docs/adr/0001-architecture.md beyond what import-linter checks (its
contracts in pyproject.toml run in `make test`): no module imports another app's views or
a private name (one starting with "_") of another app; such imports are how structure
spreads unnoticed."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
APPS = {
    "groepsaanpak", "accounts", "documents", "notifications", "privacy", "groups", "persons", "intake", "cases", "analysis",
    "approach", "plans", "monitoring", "closing", "dashboard", "api", "demo", "loadtest",
}  # fmt: skip


def _imports():
    for path in sorted(ROOT.glob("*/**/*.py")):
        rel = path.relative_to(ROOT)
        app = rel.parts[0]
        if app not in APPS or "tests" in rel.parts or "migrations" in rel.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(rel))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                other = node.module.split(".")[0]
                if other in APPS and other != app:
                    yield rel, node.module, [alias.name for alias in node.names]
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    other = alias.name.split(".")[0]
                    if other in APPS and other != app:
                        yield rel, alias.name, []


def test_the_scan_sees_cross_app_imports():
    assert any(module.startswith("privacy") for _rel, module, _names in _imports())


def test_every_app_is_scanned():
    """A new app must be added to APPS, or its imports go unchecked."""
    installed = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert installed == APPS


def test_no_module_imports_another_apps_views():
    offenders = [
        f"{rel}: {module} {names}"
        for rel, module, names in _imports()
        if module.split(".")[-1].startswith("views") or any(n.startswith("views") for n in names)
    ]
    assert offenders == []


def test_no_module_imports_another_apps_private_names():
    offenders = [
        f"{rel}: {module}.{name}"
        for rel, module, names in _imports()
        for name in names
        if name.startswith("_")
    ]
    assert offenders == []
