"""`import --no-link` returns with the posts readable; `link` links their translations afterwards."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run(data_dir: Path, *arguments: str | Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    environment.pop("BULLETIN_READER_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(data_dir), *map(str, arguments)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=environment,
        timeout=300,
    )


def linked_posts(data_dir: Path) -> tuple[int, int]:
    """(posts listed, posts listed with a counterpart)."""
    listed = run(data_dir, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    posts = [json.loads(line) for line in listed.stdout.splitlines()]
    return len(posts), sum(1 for post in posts if post["counterparts"])


def test_import_without_linking_then_link(tmp_path: Path) -> None:
    from benchmarks.corpus import build_corpus

    export = build_corpus(tmp_path / "corpus", 200, seed=3).json_path
    later, at_once = tmp_path / "later", tmp_path / "at-once"

    imported = run(later, "import", "--no-link", export)
    assert imported.returncode == 0, imported.stderr
    assert "posts wait for their translations to be linked: bulletin-reader link" in imported.stdout
    posts, with_counterparts = linked_posts(later)
    assert posts == 200 and with_counterparts == 0

    linking = run(later, "link")
    assert linking.returncode == 0, linking.stderr
    assert linking.stdout.startswith("linked: ")
    assert run(later, "link").stdout.strip() == "nothing to link"

    plain = run(at_once, "import", export)
    assert plain.returncode == 0, plain.stderr
    assert "wait for their translations" not in plain.stdout
    assert linked_posts(later) == linked_posts(at_once)
    assert linked_posts(at_once)[1] > 0
