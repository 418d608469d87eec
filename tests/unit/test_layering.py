"""The domain has no Qt, and lower layers never import higher ones."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
QT_FREE = [
    "reader.domain",
    "reader.errors",
    "reader.ingest.registry",
    "reader.text",
    "reader.align",
    "reader.store",
    "reader.export",
    "reader.importing.service",
    "reader.fetch",
    "reader.cli",
]
# Each layer may import only the layers listed for it (besides itself, domain, errors, paths, resources).
ALLOWED = {
    "ingest": {"text"},
    "fetch": {"ingest", "text"},
    "text": set(),
    "align": {"text"},
    "store": {"align", "text"},
    "export": {"store", "align", "text"},
}
COMMON = {"domain", "errors", "paths", "resources"}


@pytest.mark.parametrize("module", QT_FREE)
def test_module_imports_without_qt(module: str) -> None:
    code = f"import sys, importlib; importlib.import_module({module!r}); print('PySide6' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip() == "False", f"{module} pulls in PySide6"


def _imported_layers(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    layers: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "reader" and len(parts) > 1:
                layers.add(parts[1])
            if parts[0] == "PySide6":
                layers.add("PySide6")
    return layers


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_lower_layers(layer: str) -> None:
    folder = REPO / "reader" / layer
    if not folder.is_dir():
        pytest.skip(f"reader/{layer} does not exist yet")
    for path in folder.rglob("*.py"):
        used = _imported_layers(path) - COMMON - {layer}
        assert used <= ALLOWED[layer], f"{path.relative_to(REPO)} imports {sorted(used - ALLOWED[layer])}"


def test_ui_never_writes_sql() -> None:
    for path in (REPO / "reader" / "ui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for keyword in ("INSERT INTO", "UPDATE posts", "DELETE FROM", "CREATE TABLE", ".execute("):
            assert keyword not in text, f"{path.relative_to(REPO)} contains SQL ({keyword})"
