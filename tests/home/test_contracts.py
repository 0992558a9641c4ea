"""Every contract between the apps is documented in kit.contracts, and only there."""

import ast
import re
from pathlib import Path

from kit.contracts import HOOKS, LEDGER_SOURCES

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = [p for p in ROOT.iterdir() if (p / "apps.py").exists()] + [
    p for p in (ROOT / "site").iterdir() if p.is_dir()
]


def _python_files():
    for folder in APP_DIRS:
        for path in folder.rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def _hook_names_used() -> dict[str, Path]:
    """Names passed to hooks.register(...) / hooks.get_hooks(...) anywhere in the apps."""
    used = {}
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"register", "get_hooks", "register_temporarily"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                used[node.args[0].value] = path
    return used


def test_every_project_hook_in_use_is_documented():
    """A `xuefa_…` or `register_role_permissions` hook registered or run anywhere is in HOOKS."""
    project_hooks = {
        name: path
        for name, path in _hook_names_used().items()
        if name.startswith("xuefa_") or name == "register_role_permissions"
    }
    assert project_hooks, "the scan found no project hooks at all: the scan is broken"
    undocumented = {n: str(p.relative_to(ROOT)) for n, p in project_hooks.items() if n not in HOOKS}
    assert not undocumented, f"hooks used but not documented in kit.contracts: {undocumented}"


def test_every_documented_hook_is_used():
    """kit.contracts documents no hook that nothing registers or runs (drift the other way)."""
    used = _hook_names_used()
    assert sorted(set(HOOKS) - set(used)) == []


def _source_literals() -> set[str]:
    """Prefixes of ledger sources written in code: f"courses.lesson:{…}" → "courses.lesson:"."""
    prefixes = set()
    pattern = re.compile(r"""source\s*=\s*f?["']([a-z_]+(?:\.[a-z_]+)?:)""")
    for path in _python_files():
        prefixes.update(pattern.findall(path.read_text(encoding="utf-8")))
    for path in _python_files():
        # `source_key` properties on models (case_library) return the same kind of string.
        prefixes.update(
            re.findall(r"""return\s+f["']([a-z_]+\.[a-z_]+:)\{""", path.read_text(encoding="utf-8"))
        )
    return prefixes


def test_every_ledger_source_written_is_documented():
    """Each source prefix code writes to the ledger is one of kit.contracts.LEDGER_SOURCES."""
    documented = {source.pattern.split("<")[0] for source in LEDGER_SOURCES}
    written = _source_literals()
    assert {"courses.lesson:", "quizzes.quiz:"} <= written, "the scan found too few sources"
    assert sorted(written - documented) == []


def test_every_documented_ledger_source_is_written():
    """kit.contracts documents no ledger source that no code writes (drift the other way)."""
    documented = {source.pattern.split("<")[0] for source in LEDGER_SOURCES}
    assert sorted(documented - _source_literals()) == []


def test_the_kit_imports_no_app():
    """site/kit imports Django, Wagtail and libraries only: no project app (arrows point one way)."""
    apps = {p.name for p in APP_DIRS} - {"kit"}
    imported = set()
    for path in (ROOT / "site" / "kit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module.split(".")[0])
    assert "wagtail" in imported, "the scan found no imports at all: the scan is broken"
    assert sorted(imported & apps) == []
