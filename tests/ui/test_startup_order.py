"""The window's start: only the first page's query runs before the first paint.

The content's integrity check, the filter panel's counts and the linking an interrupted import left all
start after it (issue 21: the first painted timeline at 100,000 posts within 0.5 s), and damage that the
check finds then still reaches the repair.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from reader.importing.recovery import ContentCheck
from reader.importing.service import Library
from reader.store import Store
from reader.store.db import DATABASE_NAME
from reader.store.timeline import Timeline
from reader.ui.i18n import UiTranslator
from reader.ui.settings import Settings
from reader.ui.tasks import TaskRunner
from reader.ui.theme import Theme
from reader.ui.views.main_window import MainWindow

PAGE = 4096


class Events:
    """What happened, in order, on any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.seen: list[str] = []

    def add(self, name: str) -> None:
        with self._lock:
            self.seen.append(name)

    def index(self, name: str) -> int:
        with self._lock:
            return self.seen.index(name)

    def __contains__(self, name: object) -> bool:
        with self._lock:
            return name in self.seen


@pytest.fixture()
def events(monkeypatch: pytest.MonkeyPatch) -> Events:
    """Records the first page's query, the counts, the linking and the refreshes, wherever they run."""
    from reader.operations import subscriptions

    found = Events()

    def recorded(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*arguments: Any, **keywords: Any) -> Any:
            found.add(name)
            return real(*arguments, **keywords)

        return call

    monkeypatch.setattr(Timeline, "timeline_ids", recorded("page", Timeline.timeline_ids))
    monkeypatch.setattr(Timeline, "facets", recorded("counts", Timeline.facets))
    monkeypatch.setattr(Library, "link", recorded("linking", Library.link))
    monkeypatch.setattr(subscriptions, "refresh", recorded("refresh", subscriptions.refresh))
    return found


@pytest.fixture()
def opened(qtbot, tmp_path: Path) -> Iterator[Callable[[Path, Events], tuple[MainWindow, TaskRunner]]]:  # type: ignore[no-untyped-def]
    """Opens a main window (refreshing on start, the default) whose content check is recorded."""
    made: list[tuple[MainWindow, TaskRunner, Store]] = []

    def open_window(data_dir: Path, events: Events) -> tuple[MainWindow, TaskRunner]:
        check = ContentCheck()

        def library_check(store: Store) -> object:
            events.add("check")
            return check.run(store)

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        store = Store.open(data_dir)
        runner = TaskRunner(data_dir)
        settings = Settings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
        window = MainWindow(
            store,
            runner,
            settings,
            UiTranslator(app),
            Theme(app),
            url_opener=lambda url: None,
            library_check=library_check,
        )
        qtbot.addWidget(window)
        window.first_painted.connect(lambda: events.add("paint"))
        made.append((window, runner, store))
        window.show()
        window.start()
        return window, runner

    yield open_window
    for window, runner, store in made:
        window.close()
        runner.shutdown()
        QApplication.sendPostedEvents()
        store.close()


def test_only_the_first_page_comes_before_the_first_paint(  # type: ignore[no-untyped-def]
    qtbot, seeded_dir: Path, events: Events, opened
) -> None:
    window, _runner = opened(seeded_dir, events)
    checked: list[bool] = []
    window.library_checked.connect(checked.append)
    qtbot.waitUntil(lambda: all(name in events for name in ("linking", "counts", "refresh")), timeout=20_000)
    assert events.seen[:2] == ["page", "paint"], events.seen
    assert events.index("paint") < events.index("check") < events.index("linking"), events.seen
    assert events.index("check") < events.index("refresh"), events.seen  # the refresh on start writes too
    assert events.index("paint") < events.index("counts"), events.seen
    assert checked == [True] and window.library_check_done
    qtbot.waitUntil(lambda: window.filter_panel.facets is not None)


def _flip_index_root(data_dir: Path) -> None:
    """Flip the free-space fields of the date index's root page: SQLite's check objects, rows stay readable."""
    path = data_dir / DATABASE_NAME
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'posts_by_date'").fetchone()
    data = bytearray(path.read_bytes())
    start = (root - 1) * PAGE
    for offset in (1, 2, 5, 6, 7):
        data[start + offset] ^= 0xFF
    path.write_bytes(bytes(data))
    with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
        assert connection.execute("PRAGMA quick_check").fetchone()[0] != "ok", "the flip did not damage the file"


def test_damage_the_check_finds_after_the_first_paint_reaches_the_repair(  # type: ignore[no-untyped-def]
    qtbot, seeded_dir: Path, events: Events, opened
) -> None:
    _flip_index_root(seeded_dir)
    damages: list[str] = []
    checked: list[bool] = []
    window, runner = opened(seeded_dir, events)
    runner.signals.damage_found.connect(damages.append)  # what reader.app repairs (see test_integrity_at_open)
    window.library_checked.connect(checked.append)
    qtbot.waitUntil(lambda: bool(damages) and bool(checked), timeout=20_000)
    assert "SQLite's check found" in damages[0], damages
    assert checked == [False]
    assert events.index("paint") < events.index("check"), events.seen
    assert "linking" not in events, "linking wrote to a library the check found damaged"
    assert "refresh" not in events, "a refresh wrote to a library the check found damaged"
