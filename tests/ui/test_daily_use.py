"""Daily-use details of the window: the row menu, the search box's keys, messages that go with their cause."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QSplitter, QWidget

from reader.domain import Media, MediaKind
from reader.resources import resources_path
from reader.store import PostFilter
from reader.text.media_labels import LABEL_TEXTS
from reader.ui.i18n import MEDIA_LABELS
from reader.ui.models.facets import FacetRole
from reader.ui.models.timeline import TimelineRole
from reader.ui.settings import UiLanguage
from reader.ui.views.export_dialog import SELECTION, ExportDialog
from reader.ui.views.main_window import MainWindow

from .conftest import WindowFactory, make_post, seed_posts


def _menu_action(window: MainWindow, row: int, name: str) -> QAction:
    menu = window.timeline_menu.build(window.timeline_model.index(row).data(TimelineRole.ROW))
    action = menu.findChild(QAction, name)
    assert action is not None, name
    return action


def test_a_right_click_offers_the_row_menu_without_opening_the_post(window: MainWindow, windows: WindowFactory) -> None:
    qtbot = windows.qtbot
    model = window.timeline_model
    rect = window.timeline.visualRect(model.index(2))
    with qtbot.waitSignal(window.timeline.row_menu_requested) as requested:
        qtbot.mouseClick(window.timeline.viewport(), Qt.MouseButton.RightButton, pos=rect.center())
        # what the platform sends after the right button (offscreen sends nothing of itself)
        viewport = window.timeline.viewport()
        menu_event = QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, rect.center(), viewport.mapToGlobal(rect.center())
        )
        QApplication.sendEvent(viewport, menu_event)
    assert requested.args[0].row() == 2
    assert model.index(2).data(TimelineRole.READ) is False  # a right-click is not a reading
    assert window.reader.document is None
    for popup in QApplication.topLevelWidgets():
        if popup.isVisible() and popup.inherits("QMenu"):
            popup.close()


def test_the_row_menu_marks_bookmarks_and_marks_older_posts_read(window: MainWindow, windows: WindowFactory) -> None:
    qtbot = windows.qtbot
    model = window.timeline_model
    store = windows.store
    _menu_action(window, 3, "toggleRead").trigger()
    # a row shows a change once the state thread has stored it (issue 23)
    qtbot.waitUntil(lambda: model.index(3).data(TimelineRole.READ) is True)
    assert _menu_action(window, 3, "toggleRead").text() == "Mark as unread"
    _menu_action(window, 3, "toggleBookmark").trigger()
    qtbot.waitUntil(lambda: model.index(3).data(TimelineRole.BOOKMARKED) is True)
    windows.wait(window)
    assert store.timeline.count(PostFilter(bookmarked=True)) == 1

    older_than = model.index(5).data(TimelineRole.ROW).date
    expected = store.timeline.count(PostFilter(until=older_than))
    assert 0 < expected < model.rowCount()
    with qtbot.waitSignal(window.changes.state_changed, timeout=10_000):
        _menu_action(window, 5, "markOlderRead").trigger()
    assert store.timeline.count(PostFilter(until=older_than, unread=True)) == 0
    assert model.index(5).data(TimelineRole.READ) is False  # the post itself is not older than itself
    assert window.undo_stack.canUndo()


def _open_with_a_linked_post(windows: WindowFactory) -> tuple[MainWindow, int, str]:
    """A window whose library also holds a channel post with its own address (t.me/desk/7)."""
    seed_posts(windows.data_dir, [make_post("desk", 7, "A bulletin with an address of its own", "en", 25)])
    window = windows.open()
    model = window.timeline_model
    row = next(number for number in range(model.rowCount()) if model.index(number).data(TimelineRole.ROW).url)
    return window, row, str(model.index(row).data(TimelineRole.ROW).url)


def test_copy_link_and_open_original_from_the_row_menu(windows: WindowFactory) -> None:
    window, row, url = _open_with_a_linked_post(windows)
    assert url == "https://t.me/desk/7"
    _menu_action(window, row, "copyLink").trigger()
    assert QGuiApplication.clipboard().text() == url
    assert url in window.status_label.text()
    _menu_action(window, row, "openOriginal").trigger()
    assert windows.opener_calls == [url]
    assert window.timeline_model.index(row).data(TimelineRole.READ) is False


def test_without_a_browser_open_original_says_so(windows: WindowFactory) -> None:
    windows.opener_result = False
    window, row, _url = _open_with_a_linked_post(windows)
    window.select_row(row)
    window.timeline.setFocus()
    windows.qtbot.keyClick(window.timeline, Qt.Key.Key_O)
    assert "No web browser" in window.status_label.text()


def test_the_search_box_hands_the_keyboard_back_to_the_list(window: MainWindow, windows: WindowFactory) -> None:
    qtbot = windows.qtbot
    window.show()
    window.activateWindow()
    for key in (Qt.Key.Key_Escape, Qt.Key.Key_Down, Qt.Key.Key_Return):
        window.window_actions.find_action.trigger()
        assert window.search_box.hasFocus()
        qtbot.keyClicks(window.search_box, "asean" if key == Qt.Key.Key_Return else "")
        qtbot.keyClick(window.search_box, key)
        assert window.timeline.hasFocus(), key
    qtbot.waitUntil(lambda: window.timeline_model.post_filter.search == "asean")
    start = window.timeline.currentIndex().row()
    qtbot.keyClick(window.timeline, Qt.Key.Key_J)  # j moves in the list, it is not typed into the box
    assert window.search_box.text() == "asean"
    assert window.timeline.currentIndex().row() >= start
    assert window.timeline_model.rowCount() > 0


def test_the_status_bar_counts_exactly_and_says_one_post(empty_windows: WindowFactory) -> None:
    posts = [make_post("desk", number, f"Bulletin {number} on trade", "en", 1 + number % 28) for number in range(314)]
    posts.append(make_post("desk", 999, "The only bulletin about ASEAN", "en", 2))
    seed_posts(empty_windows.data_dir, posts)
    window = empty_windows.open()
    qtbot = empty_windows.qtbot
    count_label = window.window_layout.count_label
    assert window.timeline_model.rowCount() < 315  # one page is loaded, not all of them
    qtbot.waitUntil(lambda: count_label.text() == "315 posts")
    window.search_box.setText("ASEAN")
    qtbot.waitUntil(lambda: count_label.text() == "1 post")


def test_messages_go_when_their_cause_goes(window: MainWindow, windows: WindowFactory) -> None:
    qtbot = windows.qtbot
    window.search_box.setText('"unclosed phrase')
    qtbot.waitUntil(lambda: bool(window.search_hint))
    assert window.status_label.text() == window.search_hint
    window.search_box.clear()
    qtbot.waitUntil(lambda: window.search_hint == "")
    assert window.status_label.text() == ""

    with qtbot.waitSignal(window.changes.state_changed, timeout=10_000):
        window.mark_all_read()
    assert "Ctrl+Z" in window.status_label.text()
    window.undo_stack.undo()
    assert window.status_label.text() == ""
    windows.wait(window)


def test_an_export_from_the_window_is_confirmed_in_the_status_bar(
    window: MainWindow, windows: WindowFactory, tmp_path: Path
) -> None:
    window.select_row(0)
    window.window_actions.export_action.trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    dialog.set_format("csv")
    dialog.set_scope(SELECTION)
    target = tmp_path / "one.csv"
    dialog.path_edit.setText(str(target))
    with windows.qtbot.waitSignal(dialog.export_finished, timeout=10_000):
        dialog.export_button.click()
    assert window.status_label.text() == f"Exported 1 post to {target}"
    assert target.is_file()


def test_dates_start_from_the_library_and_an_empty_answer_offers_to_clear(
    window: MainWindow, windows: WindowFactory
) -> None:
    qtbot = windows.qtbot
    panel = window.filter_panel
    first, last = windows.store.timeline.date_range()  # type: ignore[misc]
    assert panel.since_edit.date().toPython() == first.astimezone().date()
    assert panel.until_edit.date().toPython() == last.astimezone().date()
    panel.since_enabled.setChecked(True)  # From alone keeps every post: it starts at the first one
    qtbot.waitUntil(lambda: window.timeline_model.post_filter.since is not None)
    assert window.timeline_model.rowCount() == 14

    banner = window.window_layout.filter_banner
    assert not banner.isVisible()
    window.search_box.setText("nosuchwordanywhere")
    qtbot.waitUntil(lambda: banner.isVisible())
    assert banner.message.text() == "Nothing matches these filters."
    banner.clear_button.click()
    qtbot.waitUntil(lambda: window.timeline_model.rowCount() == 14)
    assert window.search_box.text() == "" and not panel.since_enabled.isChecked()
    assert not banner.isVisible()


def test_a_typed_date_is_used(window: MainWindow, windows: WindowFactory) -> None:
    qtbot = windows.qtbot
    panel = window.filter_panel
    panel.until_enabled.setChecked(True)
    edit = panel.until_edit
    edit.setFocus()
    edit.setCurrentSection(edit.Section.YearSection)
    first = windows.store.timeline.date_range()[0]  # type: ignore[index]
    qtbot.keyClicks(edit, str(first.year))
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.timeline_model.post_filter.until is not None)
    assert window.timeline_model.post_filter.until.year in (first.year, first.year + 1)  # type: ignore[union-attr]


def test_filters_restored_at_start_are_shown_as_such(windows: WindowFactory) -> None:
    first = windows.open()
    first.filter_panel.set_show("bookmarked")
    windows.close(first)
    second = windows.open()
    banner = second.window_layout.filter_banner
    assert second.filter_panel.show_bookmarked.isChecked()
    assert banner.isVisible()
    assert banner.message.text() == "The filters you left on last time are still on."
    banner.clear_button.click()
    windows.qtbot.waitUntil(lambda: second.timeline_model.rowCount() == 14)
    assert not banner.isVisible()


def test_a_pane_saved_shut_reopens(windows: WindowFactory) -> None:
    # A layout saved by a version that let the timeline be dragged shut.
    old = QSplitter(Qt.Orientation.Horizontal)
    for _ in range(3):
        old.addWidget(QWidget())
    old.resize(1200, 600)
    old.show()
    old.setSizes([300, 0, 900])
    assert old.sizes()[1] == 0
    windows.settings.splitter_state = old.saveState()
    old.close()
    window = windows.open()
    splitter = window.window_layout.splitter
    assert 0 not in splitter.sizes()
    splitter.setSizes([300, 0, 900])
    window.window_actions.reset_layout_action.trigger()
    assert 0 not in splitter.sizes()


def test_the_topic_box_finds_topics_in_either_language(window: MainWindow) -> None:
    panel = window.filter_panel
    proxy = panel.topics_proxy
    for typed in ("асеан", "asean"):
        panel.topic_filter.setText(typed)
        shown = {proxy.index(row, 0).data(FacetRole.KEY) for row in range(proxy.rowCount())}
        assert "ASEAN" in shown, typed


def test_the_sidebar_scrolls_instead_of_squeezing_its_lists(empty_windows: WindowFactory) -> None:
    languages = ("en", "ru", "uk", "de")
    posts = [
        make_post(f"channel{number % 10}", number, f"Bulletin {number} on ASEAN trade", languages[number % 4], 3)
        for number in range(40)
    ]
    seed_posts(empty_windows.data_dir, posts)
    empty_windows.settings.text_size = 12
    empty_windows.theme.apply(False, 12)
    window = empty_windows.open()
    window.resize(1024, 640)
    panel = window.filter_panel
    sources = panel.sources_view
    assert panel.sources_model.rowCount() == 10
    # eight sources show whole at the larger text; the ninth and tenth scroll in the list
    empty_windows.qtbot.waitUntil(lambda: sources.height() >= 8 * sources.sizeHintForRow(0))
    sidebar = window.window_layout.sidebar
    empty_windows.qtbot.waitUntil(lambda: sidebar.verticalScrollBar().maximum() > 0)  # the sidebar scrolls
    assert panel.height() > sidebar.viewport().height()
    assert sidebar.width() >= panel.minimumSizeHint().width()  # and is never cut at the side


def test_the_russian_ui_names_topics_notes_and_languages_in_russian(empty_windows: WindowFactory) -> None:
    posts = [
        make_post("mid", 1, "Лавров провёл переговоры с АСЕАН", "ru", 4),
        make_post("sofia", 2, "Среща на външните министри", "bg", 5),
    ]
    seed_posts(empty_windows.data_dir, posts)
    store = empty_windows.store
    store.state.set_bookmarked([posts[0].id], note="проверить")
    window = empty_windows.open()
    qtbot = empty_windows.qtbot
    window.set_ui_language(UiLanguage.RUSSIAN)
    qtbot.waitUntil(lambda: window.window_actions.file_menu.title() == "&Файл")
    window.select_row(window.timeline_model.row_of_post(posts[0].id))
    qtbot.waitUntil(lambda: "АСЕАН" in window.reader.browser.toPlainText())
    text = window.reader.browser.toPlainText()
    assert "Темы: АСЕАН" in text and "Ваша заметка" in text
    languages = window.filter_panel.languages_model
    label = languages.index(languages.row_of("bg")).data(FacetRole.LABEL)
    assert label.lower() == "български"
    # the search setting of the Edit menu, as the menu shows it
    assert window.window_actions.search_both_languages_action.text() == "Искать на &обоих языках"
    window.set_ui_language(UiLanguage.ENGLISH)
    qtbot.waitUntil(lambda: window.window_actions.file_menu.title() == "&File")


def test_the_russian_ui_names_a_posts_media_in_russian(empty_windows: WindowFactory) -> None:
    missing = (*(Media(MediaKind.PHOTO, available=False),) * 3, Media(MediaKind.UNKNOWN, available=False))
    post = replace(make_post("mid", 1, "x", "ru", 4), passages=(), title="", media=missing)
    seed_posts(empty_windows.data_dir, [post])
    window = empty_windows.open()
    qtbot = empty_windows.qtbot
    window.select_row(window.timeline_model.row_of_post(post.id))
    qtbot.waitUntil(lambda: "Photo ×3 · Media that is not in the export" in window.reader.browser.toPlainText())
    window.set_ui_language(UiLanguage.RUSSIAN)
    qtbot.waitUntil(
        lambda: "Фото ×3 · Медиафайл, которого нет в выгрузке" in window.reader.browser.toPlainText(), timeout=5000
    )
    window.set_ui_language(UiLanguage.ENGLISH)


def test_every_media_word_is_offered_to_the_translators() -> None:
    assert MEDIA_LABELS == LABEL_TEXTS


def _qt_tool(name: str) -> str:
    tool = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if tool is None:
        pytest.skip(f"{name} is not installed (it comes with PySide6)")
    return tool


def test_every_message_of_the_window_has_a_russian_translation(tmp_path: Path) -> None:
    """lupdate over the code finds no text the Russian catalogue lacks, and the shipped .qm is compiled from it."""
    repository = Path(__file__).resolve().parents[2]
    catalogue = tmp_path / "bulletin_reader_ru.ts"
    shutil.copy(resources_path("translations", "bulletin_reader_ru.ts"), catalogue)
    sources = sorted(str(path) for path in (repository / "reader" / "ui").rglob("*.py"))
    subprocess.run([_qt_tool("pyside6-lupdate"), *sources, "-ts", str(catalogue)], check=True, capture_output=True)
    unfinished = [
        message.findtext("source")
        for message in ElementTree.parse(catalogue).getroot().iter("message")
        if (message.find("translation") is not None and message.find("translation").get("type") == "unfinished")  # type: ignore[union-attr]
    ]
    assert unfinished == [], "translate these in resources/translations/bulletin_reader_ru.ts (make translations)"
    compiled = tmp_path / "bulletin_reader_ru.qm"
    shipped = resources_path("translations", "bulletin_reader_ru.ts")
    subprocess.run([_qt_tool("pyside6-lrelease"), str(shipped), "-qm", str(compiled)], check=True, capture_output=True)
    assert compiled.read_bytes() == resources_path("translations", "bulletin_reader_ru.qm").read_bytes(), (
        "the .qm is older than the .ts: run make translations"
    )
