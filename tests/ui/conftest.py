"""GUI fixtures: a library seeded from the bundled samples, and a main window over it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from reader.domain import Passage, Post, Source, post_id_for
from reader.store import Store
from reader.store.db import DATABASE_NAME
from reader.ui.i18n import UiTranslator
from reader.ui.settings import Settings, UiLanguage
from reader.ui.tasks import TaskRunner
from reader.ui.theme import Theme
from reader.ui.views.main_window import MainWindow

BILINGUAL_TITLE = "О визите российских школьников"


@pytest.fixture(scope="session")
def samples_library(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Path:
    """The bundled samples imported once through the real import service; tests copy the file."""
    from reader.importing.service import Library

    folder = tmp_path_factory.mktemp("samples-library")
    library = Library(folder)
    summary = library.import_paths([samples_dir])
    assert summary.new > 0
    library.close()
    return folder / DATABASE_NAME


@pytest.fixture()
def seeded_dir(data_dir: Path, samples_library: Path) -> Path:
    shutil.copy(samples_library, data_dir / DATABASE_NAME)
    return data_dir


def make_post(source: str, number: int, text: str, lang: str, day: int, title: str = "") -> Post:
    origin = Source(f"tg:{source}", source.title(), "telegram")
    return Post(
        id=post_id_for(origin.key, str(number)),
        source=origin,
        passages=(Passage(text, lang),),
        date=datetime(2025, 7, day, 9, number % 60, tzinfo=UTC),
        message_id=str(number),
        url=f"https://t.me/{source}/{number}",
        title=title or text[:40],
        topics=("ASEAN",) if "ASEAN" in text or "АСЕАН" in text else (),
    )


def seed_posts(data_dir: Path, posts: list[Post]) -> None:
    store = Store.open(data_dir)
    with store.db.transaction():
        store.posts.upsert_posts((post, ()) for post in posts)
    store.close()


class WindowFactory:
    """Opens main windows over one data folder and closes everything after the test."""

    def __init__(self, qtbot, data_dir: Path, settings_path: Path) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.data_dir = data_dir
        self.settings = Settings(QSettings(str(settings_path), QSettings.Format.IniFormat))
        self.app = QApplication.instance()
        assert isinstance(self.app, QApplication)
        self.theme = Theme(self.app)
        self.translator = UiTranslator(self.app)
        self._opened: list[tuple[MainWindow, TaskRunner, Store]] = []
        self._checks: Store | None = None
        self.opener_calls: list[str] = []
        self.opener_result = True  # what opening a URL answers: False as when no browser is set up

    def _open_url(self, url: QUrl) -> bool:
        self.opener_calls.append(url.toString())
        return self.opener_result

    @property
    def store(self) -> Store:
        """A connection of its own to the window's library, to check what was stored (as the CLI would)."""
        if self._checks is None:
            self._checks = Store.open(self.data_dir)
        return self._checks

    def wait(self, window: MainWindow) -> None:
        """Wait until the window's background work has finished and its answers were delivered."""
        for entry in self._opened:
            if entry[0] is window:
                entry[1].wait()
        QApplication.sendPostedEvents()

    def open(self) -> MainWindow:
        store = Store.open(self.data_dir)
        runner = TaskRunner(self.data_dir)
        window = MainWindow(
            store,
            runner,
            self.settings,
            self.translator,
            self.theme,
            url_opener=self._open_url,
        )
        self.qtbot.addWidget(window)
        window.show()
        window.start()
        self.qtbot.waitUntil(lambda: window.timeline_model.loaded_once and window.filter_panel.facets is not None)
        self._opened.append((window, runner, store))
        return window

    def close(self, window: MainWindow) -> None:
        for entry in list(self._opened):
            if entry[0] is window:
                window.close()
                entry[1].shutdown()
                QApplication.sendPostedEvents()  # deliver the last task results while the store is open
                entry[2].close()
                self._opened.remove(entry)

    def close_all(self) -> None:
        for window, _runner, _store in list(self._opened):
            self.close(window)
        if self._checks is not None:
            self._checks.close()
            self._checks = None
        self.translator.apply(UiLanguage.ENGLISH)
        self.theme.apply(False, self.settings.text_size)


@pytest.fixture()
def windows(qtbot, seeded_dir: Path, tmp_path: Path) -> Iterator[WindowFactory]:  # type: ignore[no-untyped-def]
    factory = WindowFactory(qtbot, seeded_dir, tmp_path / "ui.ini")
    yield factory
    factory.close_all()


@pytest.fixture()
def window(windows: WindowFactory) -> MainWindow:
    return windows.open()


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


@pytest.fixture()
def empty_windows(qtbot, data_dir: Path, tmp_path: Path) -> Iterator[WindowFactory]:  # type: ignore[no-untyped-def]
    factory = WindowFactory(qtbot, data_dir, tmp_path / "ui.ini")
    yield factory
    factory.close_all()
