"""The house's layers: every package of reader/ imports only those below it, no circles, Qt only in the GUI.

The table below is the architecture; a new package has to take its place in it before this test passes.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
READER = REPO / "reader"

# The modules that may sit at the top of reader/: the package face, its entry point, the composition root
# and what every layer shares. Anything else belongs in a package.
TOP_LEVEL = {"__init__", "__main__", "app", "domain", "errors", "paths", "resources"}
# Shared by every layer; they import nothing of reader/ themselves.
COMMON = {"domain", "errors", "paths", "resources"}

# package: the packages it may import (besides itself and COMMON). Data flows one way, down this table.
BELOW_ALL = {"text", "ingest", "align", "store", "export"}
ALLOWED: dict[str, set[str]] = {
    "text": set(),
    "ingest": {"text"},
    "align": {"text"},
    "store": {"align", "text"},
    "export": {"store", "align", "text"},
    "fetch": {"ingest", "text"},  # bytes for ingest; what to fetch and when is decided above it
    "importing": BELOW_ALL | {"fetch"},
    "operations": BELOW_ALL | {"fetch", "importing"},
    # `app` starts the GUI for the `gui` command; the GUI is not imported otherwise (see TOLERATED)
    "cli": BELOW_ALL | {"fetch", "importing", "operations", "app"},
    "ui": BELOW_ALL | {"fetch", "importing", "operations"},
    "app": BELOW_ALL | {"fetch", "importing", "operations", "ui"},
    "__main__": {"app", "cli"},
}
# Edges the table does not allow but the code still has, each with its reason; an entry that is no
# longer needed fails the test, so the list only shrinks.
TOLERATED: dict[tuple[str, str], str] = {
    # the PDF export lays text out with Qt (QTextDocument + QPdfWriter); `export-bookmarks --format pdf`
    # imports it when it runs, headless on the offscreen platform
    ("cli", "ui"): "reader/cli/export.py imports reader.ui.pdf_export for the PDF format",
}
# Only these import PySide6.
QT_PACKAGES = {"ui", "app"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _unit_of(module: str) -> str:
    """The layer a module of reader/ belongs to: its package, or the top-level module's own name."""
    parts = module.split(".")
    if len(parts) == 1:
        return "reader"
    return parts[1]


def _python_files() -> list[Path]:
    return sorted(path for path in READER.rglob("*.py") if "__pycache__" not in path.parts)


def _imports(path: Path, modules: frozenset[str] = frozenset()) -> Iterator[str]:
    """Every module name `path` imports, at its top or inside a function, relative imports resolved.

    `from package import name` counts as importing `package.name` when that is one of `modules`, and as
    importing `package` otherwise.
    """
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            submodules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules]
            yield from submodules
            if len(submodules) < len(node.names):
                yield base


def _reader_modules() -> set[str]:
    return {_module_name(path) for path in _python_files()}


def _module_graph() -> dict[str, set[str]]:
    known = frozenset(_reader_modules())
    graph: dict[str, set[str]] = {}
    for path in _python_files():
        module = _module_name(path)
        graph[module] = {name for name in _imports(path, known) if name in known and name != module}
    return graph


def _unit_edges() -> dict[tuple[str, str], list[str]]:
    """(importing unit, imported unit): the modules that make the edge."""
    edges: dict[tuple[str, str], list[str]] = {}
    for module, imported in _module_graph().items():
        for name in imported:
            source, target = _unit_of(module), _unit_of(name)
            if source != target and target not in COMMON | {"reader"}:
                edges.setdefault((source, target), []).append(f"{module} -> {name}")
    return edges


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one node (Tarjan), each an import circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_package_has_its_place_in_the_table() -> None:
    # any folder of modules, with an __init__.py or without (a namespace package is still a package)
    packages = {path.parent.name for path in READER.glob("*/*.py")}
    assert packages - set(ALLOWED) == set(), "add the new package to ALLOWED with what it may import"
    # reader.ui.models and reader.ui.views are parts of ui, not packages of reader/ of their own
    assert {"text", "ingest", "align", "store", "export", "importing", "ui"} <= packages


def test_no_module_sits_at_the_top_of_reader_unless_it_must() -> None:
    top = {path.stem for path in READER.glob("*.py")}
    assert top - TOP_LEVEL == set(), "put the module into the package whose job it does"


def test_common_modules_import_nothing_of_reader() -> None:
    for name in COMMON:
        imported = {module for module in _imports(READER / f"{name}.py") if module.startswith("reader")}
        assert imported <= {"reader"}, f"reader/{name}.py imports {sorted(imported)}"


def test_each_package_imports_only_what_the_table_allows() -> None:
    forbidden = {
        edge: modules
        for edge, modules in _unit_edges().items()
        if edge[0] in ALLOWED and edge[1] not in ALLOWED[edge[0]] and edge not in TOLERATED
    }
    assert not forbidden, "\n".join(f"{a} may not import {b}: {m[:3]}" for (a, b), m in sorted(forbidden.items()))


def test_tolerated_exceptions_are_still_needed() -> None:
    edges = _unit_edges()
    stale = [edge for edge in TOLERATED if edge not in edges]
    assert not stale, f"remove these from TOLERATED, the code no longer needs them: {stale}"


def test_packages_import_each_other_in_one_direction() -> None:
    graph: dict[str, set[str]] = {}
    for source, target in _unit_edges():
        graph.setdefault(source, set()).add(target)
    assert _cycles(graph) == []


def test_no_module_imports_itself_back_through_others() -> None:
    assert _cycles(_module_graph()) == []


def test_only_the_gui_imports_pyside6() -> None:
    offenders = [
        f"{path.relative_to(REPO)} imports {name}"
        for path in _python_files()
        if _unit_of(_module_name(path)) not in QT_PACKAGES and path.stem not in QT_PACKAGES
        for name in _imports(path)
        if name.split(".")[0] == "PySide6"
    ]
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize("package", sorted(set(ALLOWED) - QT_PACKAGES - {"__main__"}))
def test_every_module_of_a_package_imports_without_qt(package: str) -> None:
    modules = sorted(_module_name(path) for path in (READER / package).rglob("*.py"))
    if not modules:
        pytest.skip(f"reader/{package} does not exist yet")
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print('PySide6' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "False", f"importing reader/{package} pulls in PySide6"


def test_the_table_itself_has_no_circle() -> None:
    assert _cycles({source: set(targets) for source, targets in ALLOWED.items()}) == []


def test_ui_never_writes_sql() -> None:
    for path in (READER / "ui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for keyword in ("INSERT INTO", "UPDATE posts", "DELETE FROM", "CREATE TABLE", ".execute("):
            assert keyword not in text, f"{path.relative_to(REPO)} contains SQL ({keyword})"
