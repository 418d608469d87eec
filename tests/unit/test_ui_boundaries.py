"""The GUI asks the store and the operations through their public methods, never the database itself."""

from __future__ import annotations

import ast
from pathlib import Path

import reader

UI_DIR = Path(reader.__file__).parent / "ui"


def _ui_sources() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(UI_DIR.rglob("*.py"))]


def test_the_ui_never_reaches_into_the_database() -> None:
    offenders = [
        f"{path.relative_to(UI_DIR)}:{node.lineno}"
        for path, tree in _ui_sources()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "db"
    ]
    assert offenders == []


def test_the_ui_imports_its_modules_by_name_and_never_sqlite() -> None:
    imported: list[str] = []
    for path, tree in _ui_sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported += [f"{path.name}: {alias.name}" for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.append(f"{path.name}: {node.module}")
    forbidden = [line for line in imported if line.split(": ")[1].split(".")[0] in ("importlib", "sqlite3")]
    assert forbidden == []


def test_views_keep_no_module_level_state() -> None:
    """A list or dict bound at module level in a view is a cache shared by every window: app.py owns those."""
    shared = [
        f"{path.name}:{node.lineno}"
        for path, tree in _ui_sources()
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and isinstance(node.value, ast.List | ast.Dict | ast.Set | ast.ListComp | ast.DictComp | ast.SetComp)
        and path.parent.name == "views"
    ]
    assert shared == []
