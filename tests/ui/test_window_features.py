"""Import by drag and drop, UI language, dark mode, text size, settings, shortcuts sheet."""

from __future__ import annotations

import re
import shutil
import warnings
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from reader.ui.models.facets import FacetRole
from reader.ui.settings import UiLanguage
from reader.ui.views.main_window import MainWindow

from .conftest import WindowFactory, is_dark


def _drop(window: MainWindow, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    position = QPointF(window.width() / 2, window.height() / 2)
    with warnings.catch_warnings():  # PySide marks the only QDragEnterEvent constructor deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            position.toPoint(),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        position, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, drop)


def test_dropping_files_imports_them_with_a_summary(
    empty_windows: WindowFactory, samples_dir: Path, tmp_path: Path
) -> None:
    window = empty_windows.open()
    qtbot = empty_windows.qtbot
    assert window.timeline_model.rowCount() == 0
    dropped = tmp_path / "dropped"
    dropped.mkdir()
    for sample in samples_dir.iterdir():
        shutil.copy(sample, dropped / sample.name)
    with qtbot.waitSignal(window.imports.import_finished, timeout=60_000) as finished:
        _drop(window, [dropped])
        assert window.import_running
        assert window.window_layout.cancel_button.isVisible()
    summary = finished.args[0]
    assert summary is not None and summary.new == 14
    qtbot.waitUntil(lambda: window.timeline_model.rowCount() == 14)
    assert "14 new" in window.status_label.text()
    assert not window.window_layout.cancel_button.isVisible()

    # the same files again: nothing new, and the timeline keeps its selection
    window.select_row(3)
    selected = window.timeline.currentIndex().data()
    with qtbot.waitSignal(window.imports.import_finished, timeout=60_000) as again:
        _drop(window, [dropped])
    assert again.args[0].new == 0
    qtbot.waitUntil(lambda: window.timeline_model.rowCount() == 14)
    assert window.timeline.currentIndex().data() == selected


def test_a_cancelled_import_leaves_the_library_unchanged(empty_windows: WindowFactory, samples_dir: Path) -> None:
    window = empty_windows.open()
    qtbot = empty_windows.qtbot
    with qtbot.waitSignal(window.imports.import_finished, timeout=60_000) as finished:
        window.start_import([samples_dir])
        window.imports.cancel()
    if finished.args[0] is None:  # cancelled before the end (a fast machine may finish first)
        assert "cancelled" in window.last_import_error
        assert empty_windows.store.timeline.is_empty()


def test_an_unreadable_file_gives_a_clear_message(empty_windows: WindowFactory, tmp_path: Path) -> None:
    window = empty_windows.open()
    bad = tmp_path / "broken.json"
    bad.write_bytes(b"\x00\x01\x02binary\xff\xfe")
    with empty_windows.qtbot.waitSignal(window.imports.import_finished, timeout=30_000) as finished:
        window.start_import([bad])
    assert finished.args[0] is None
    assert "broken.json" in window.last_import_error
    assert empty_windows.store.timeline.is_empty()


def test_the_ui_language_switches_without_restart(window: MainWindow, windows: WindowFactory) -> None:
    assert window.window_actions.file_menu.title() == "&File"
    window.set_ui_language(UiLanguage.RUSSIAN)
    windows.qtbot.waitUntil(lambda: window.window_actions.file_menu.title() == "&Файл")  # LanguageChange is posted
    assert window.filter_panel.show_unread.text().startswith("&Непрочитанные")
    assert window.reader._language_buttons["ru"].text() == "Русский"
    topics = window.filter_panel.topics_model
    assert topics.index(topics.row_of("ASEAN")).data(FacetRole.LABEL) == "АСЕАН"
    window.filter_panel.topic_filter.setText("асеан")
    assert window.filter_panel.topics_proxy.rowCount() >= 1
    window.filter_panel.topic_filter.clear()
    assert window.timeline.itemDelegate().topic_labels.get("ASEAN") == "АСЕАН"  # the timeline's chips
    assert windows.settings.ui_language == UiLanguage.RUSSIAN
    window.set_ui_language(UiLanguage.ENGLISH)
    windows.qtbot.waitUntil(lambda: window.window_actions.file_menu.title() == "&File")
    assert window.filter_panel.show_unread.text().startswith("&Unread")
    assert topics.index(topics.row_of("ASEAN")).data(FacetRole.LABEL) == "ASEAN"


def test_dark_mode_and_text_size(window: MainWindow, windows: WindowFactory) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light_base = app.palette().color(app.palette().ColorRole.Base)
    window.set_dark_mode(True)
    assert is_dark(app.palette())
    assert windows.settings.dark_mode is True
    image = window.timeline.grab().toImage()
    assert image.pixelColor(image.width() // 2, image.height() - 5).lightnessF() < 0.5
    window.set_dark_mode(False)
    assert app.palette().color(app.palette().ColorRole.Base) == light_base

    size = windows.settings.text_size
    window.timeline.setFocus()
    windows.qtbot.keyClick(window.timeline, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert windows.settings.text_size == size + 1
    assert round(app.font().pointSizeF()) == size + 1
    windows.qtbot.keyClick(window.timeline, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert windows.settings.text_size == size


def test_splitters_and_filters_are_remembered(windows: WindowFactory) -> None:
    first = windows.open()
    first.window_layout.splitter.setSizes([300, 500, 480])
    sizes = first.window_layout.splitter.sizes()
    first.filter_panel.languages_model.set_checked_keys(["ru"], notify=True)
    windows.close(first)
    second = windows.open()
    assert second.window_layout.splitter.sizes()[0] == sizes[0]  # the filter panel keeps its width
    assert second.filter_panel.languages_model.checked_keys == ("ru",)
    windows.qtbot.waitUntil(lambda: second.timeline_model.rowCount() == 1)


def test_the_shortcuts_sheet_lists_every_key(window: MainWindow) -> None:
    window.show_shortcuts()
    from reader.ui.views.shortcuts_dialog import ShortcutsDialog

    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None
    cells = [line.strip() for line in dialog.sheet.toPlainText().splitlines() if line.strip()]
    shown = dict(zip(cells[1::2], cells[0::2], strict=True))  # label -> keys
    assert shown["Next post"] == "j" and shown["Next unread post"] == "n"  # typed in lower case
    assert shown["Bookmark"] == "b, Ctrl+D" and shown["Search"] == "/, Ctrl+F"
    assert shown["Undo"] == "Ctrl+Z" and "Redo" in shown  # no F14, no dedicated Undo key
    assert shown["Keyboard shortcuts"] == "F1"
    for label, keys in (
        ("Import a folder", "Ctrl+Shift+I"),
        ("Normal text size", "Ctrl+0"),
        ("Export bookmarks", "Ctrl+E"),
    ):
        assert shown[label] == keys
    dialog.close()


def test_accessible_names_on_controls(window: MainWindow) -> None:
    for widget in (window.search_box, window.timeline, window.reader.browser, window.filter_panel.topics_view):
        assert widget.accessibleName()


def test_the_ui_language_follows_the_system_locale_unless_chosen() -> None:
    from PySide6.QtCore import QLocale

    from reader.ui.i18n import resolve_language

    assert resolve_language(UiLanguage.SYSTEM, QLocale("ru_RU")) == "ru"
    assert resolve_language(UiLanguage.SYSTEM, QLocale("de_DE")) == "en"  # no German catalogue: English
    assert resolve_language(UiLanguage.ENGLISH, QLocale("ru_RU")) == "en"


def test_settings_have_defaults_and_tolerate_junk(tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from reader.ui.settings import DEFAULT_TEXT_SIZE, MAX_TEXT_SIZE, Settings

    backend = QSettings(str(tmp_path / "junk.ini"), QSettings.Format.IniFormat)
    settings = Settings(backend)
    assert settings.dark_mode is False and settings.text_size == DEFAULT_TEXT_SIZE
    assert settings.ui_language == UiLanguage.SYSTEM and settings.last_filter.show == "all"
    backend.setValue("looks/text_size", "huge")
    backend.setValue("looks/ui_language", "klingon")
    backend.setValue("filters/last", "{not json")
    assert settings.text_size == DEFAULT_TEXT_SIZE
    assert settings.ui_language == UiLanguage.SYSTEM
    assert settings.last_filter.sources == []
    settings.text_size = 99
    assert settings.text_size == MAX_TEXT_SIZE


def test_a_large_export_is_imported_by_worker_processes_from_the_window(
    empty_windows: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks.corpus import build_corpus
    from reader.importing import prepare

    export = build_corpus(tmp_path / "corpus", 300, seed=3).json_path
    monkeypatch.setattr(prepare, "PARALLEL_MIN_BYTES", 0)  # this small export goes to the workers as well
    monkeypatch.setattr(prepare, "available_cores", lambda: 2)
    started: list[int] = []

    class CountedPreparer(prepare.ParallelPreparer):
        def __iter__(self):  # type: ignore[no-untyped-def]
            started.append(self.started_workers)
            return super().__iter__()

    monkeypatch.setattr(prepare, "ParallelPreparer", CountedPreparer)
    window = empty_windows.open()
    with empty_windows.qtbot.waitSignal(window.imports.import_finished, timeout=120_000) as finished:
        window.start_import([export])
    assert finished.args[0] is not None and finished.args[0].new == 300
    assert started == [1]
    empty_windows.qtbot.waitUntil(lambda: window.timeline_model.rowCount() > 0)
    assert "300 new" in window.status_label.text()


def test_after_reading_the_posts_the_window_shows_the_linking_of_translations(
    empty_windows: WindowFactory, tmp_path: Path
) -> None:
    from benchmarks.corpus import build_corpus

    export = build_corpus(tmp_path / "corpus", 300, seed=3).json_path
    window = empty_windows.open()
    shown: list[tuple[str, int]] = []
    show_progress = window.imports.show_progress

    def recorded(progress: object) -> None:
        show_progress(progress)
        shown.append((window.status_label.text(), window.window_layout.progress_bar.value()))

    window.imports.show_progress = recorded  # type: ignore[method-assign]
    with empty_windows.qtbot.waitSignal(window.imports.import_finished, timeout=120_000):
        window.start_import([export])
    texts = [text for text, _ in shown]
    reading = [index for index, text in enumerate(texts) if text.startswith("Importing:")]
    linking = [index for index, text in enumerate(texts) if text.startswith("Linking translations:")]
    assert reading and linking and max(reading) < min(linking)
    assert texts[max(reading)] == "Importing: 300 posts read"
    last = re.fullmatch(r"Linking translations: (\d+) of (\d+) posts", texts[-1])
    assert last is not None and last.group(1) == last.group(2) and int(last.group(2)) > 200
    assert shown[-1][1] == 1000
