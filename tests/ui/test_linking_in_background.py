"""An import's posts show in the timeline before their translations are linked; badges follow the linking."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex

from reader.ui.models.timeline import TimelineRole

from .conftest import WindowFactory

WINDOW_SECONDS = 0.25  # each linking window made slow enough for the watcher (every 2 s) to see it go


def _badged(window: Any) -> int:
    model = window.timeline_model
    return sum(
        bool(model.data(model.index(row, 0, QModelIndex()), TimelineRole.HAS_PAIRS)) for row in range(model.rowCount())
    )


def test_new_posts_show_before_the_linking_ends_and_badges_appear_as_it_goes(
    empty_windows: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks.corpus import build_corpus
    from reader.importing import counterpart_search

    export = build_corpus(tmp_path / "corpus", 300, seed=3).json_path
    monkeypatch.setattr(counterpart_search, "COUNTERPART_BATCH", 10)
    reading_window = counterpart_search._WindowIndex.__init__

    def slow_window(self: object, *arguments: Any) -> None:
        time.sleep(WINDOW_SECONDS)
        reading_window(self, *arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(counterpart_search._WindowIndex, "__init__", slow_window)
    window = empty_windows.open()
    qtbot = empty_windows.qtbot
    with qtbot.waitSignal(window.imports.import_finished, timeout=120_000) as finished:
        window.start_import([export])
        # the posts are committed before the linking starts: the timeline fills while it runs
        qtbot.waitUntil(lambda: window.timeline_model.rowCount() > 0, timeout=60_000)
        assert window.import_running
        first = _badged(window)
        qtbot.waitUntil(lambda: _badged(window) > first, timeout=60_000)
        assert window.import_running, "the badges came only with the end of the import"
    assert finished.args[0] is not None and finished.args[0].new == 300 and finished.args[0].linked


def test_the_window_links_what_an_interrupted_import_left(empty_windows: WindowFactory, tmp_path: Path) -> None:
    from benchmarks.corpus import build_corpus
    from reader.importing.service import Library

    export = build_corpus(tmp_path / "corpus", 300, seed=3).json_path
    checks = Library(empty_windows.data_dir)
    try:
        checks.import_paths([export], link=False)  # as `import --no-link`, or an import killed while linking
        assert checks.links_waiting() > 0

        window = empty_windows.open()
        qtbot = empty_windows.qtbot
        qtbot.waitUntil(lambda: window.timeline_model.rowCount() > 0, timeout=60_000)
        unlinked = _badged(window)
        qtbot.waitUntil(lambda: checks.links_waiting() == 0, timeout=120_000)
        qtbot.waitUntil(lambda: _badged(window) > unlinked, timeout=60_000)  # the watcher brings the badges
    finally:
        checks.close()
