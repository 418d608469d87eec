"""Daily-use details of the window: the row menu, the search box's keys, messages that go with their cause."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from reader.store import PostFilter
from reader.ui.models.timeline import TimelineRole
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
    assert model.index(3).data(TimelineRole.READ) is True
    assert _menu_action(window, 3, "toggleRead").text() == "Mark as unread"
    _menu_action(window, 3, "toggleBookmark").trigger()
    assert model.index(3).data(TimelineRole.BOOKMARKED) is True
    windows.wait(window)
    assert store.count(PostFilter(bookmarked=True)) == 1

    older_than = model.index(5).data(TimelineRole.ROW).date
    expected = store.count(PostFilter(until=older_than))
    assert 0 < expected < model.rowCount()
    with qtbot.waitSignal(window.changes.state_changed, timeout=10_000):
        _menu_action(window, 5, "markOlderRead").trigger()
    assert store.count(PostFilter(until=older_than, unread=True)) == 0
    assert model.index(5).data(TimelineRole.READ) is False  # the post itself is not older than itself
    assert window.undo_stack.canUndo()


def test_copy_link_and_open_original_from_the_row_menu(window: MainWindow, windows: WindowFactory) -> None:
    model = window.timeline_model
    row = next(number for number in range(model.rowCount()) if model.index(number).data(TimelineRole.ROW).url)
    url = model.index(row).data(TimelineRole.ROW).url
    _menu_action(window, row, "copyLink").trigger()
    assert QGuiApplication.clipboard().text() == url
    assert url in window.status_label.text()
    _menu_action(window, row, "openOriginal").trigger()
    assert windows.opener_calls == [url]
    assert model.index(row).data(TimelineRole.READ) is False


def test_without_a_browser_open_original_says_so(windows: WindowFactory) -> None:
    windows.opener_result = False
    window = windows.open()
    model = window.timeline_model
    row = next(number for number in range(model.rowCount()) if model.index(number).data(TimelineRole.ROW).url)
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
