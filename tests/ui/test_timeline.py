"""The timeline: imported posts show, opening marks read, bookmarks persist, keyboard, mark-all + undo."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from reader.store import PostFilter
from reader.ui.models.timeline import TimelineRole
from reader.ui.views.main_window import MainWindow

from .conftest import BILINGUAL_TITLE, WindowFactory


def _titles(window: MainWindow) -> list[str]:
    model = window.timeline_model
    return [model.index(row).data(TimelineRole.ROW).title for row in range(model.rowCount())]


def _row_of_title(window: MainWindow, prefix: str) -> int:
    return next(number for number, title in enumerate(_titles(window)) if title.startswith(prefix))


def test_timeline_shows_the_imported_posts(window: MainWindow) -> None:
    model = window.timeline_model
    store_total = window.filter_panel.facets.total  # type: ignore[union-attr]
    assert model.rowCount() == store_total == 14
    assert any(title.startswith(BILINGUAL_TITLE) for title in _titles(window))
    dates = [model.index(row).data(TimelineRole.ROW).date for row in range(model.rowCount())]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert model.index(0).data(TimelineRole.DAY) is not None  # the first row opens a day


def test_selecting_a_post_marks_it_read_and_shows_it(window: MainWindow, windows: WindowFactory) -> None:
    row = _row_of_title(window, BILINGUAL_TITLE)
    index = window.timeline_model.index(row)
    post_id = index.data(TimelineRole.POST_ID)
    assert index.data(TimelineRole.READ) is False
    window.timeline.setCurrentIndex(index)
    # The row shows the mark once the state thread has stored it (issue 23: never a change that was not saved).
    windows.qtbot.waitUntil(lambda: window.timeline_model.index(row).data(TimelineRole.READ) is True)
    window.qtbot = windows.qtbot
    windows.qtbot.waitUntil(lambda: window.reader.document is not None)
    assert window.reader.document.record.post.id == post_id  # type: ignore[union-attr]
    assert BILINGUAL_TITLE in window.reader.browser.toPlainText()
    windows.qtbot.waitUntil(lambda: windows.store.state.states([post_id]).get(post_id) is not None)
    assert windows.store.state.states([post_id])[post_id].read


def test_bookmark_survives_closing_and_reopening_the_window(windows: WindowFactory) -> None:
    first = windows.open()
    first.timeline.setFocus()
    first.select_row(2)
    post_id = first.timeline_model.index(2).data(TimelineRole.POST_ID)
    windows.qtbot.keyClick(first.timeline, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    windows.qtbot.waitUntil(lambda: first.timeline_model.index(2).data(TimelineRole.BOOKMARKED) is True)
    windows.wait(first)
    windows.close(first)

    second = windows.open()
    row = second.timeline_model.row_of_post(post_id)
    assert second.timeline_model.index(row).data(TimelineRole.BOOKMARKED) is True
    assert second.filter_panel.facets.bookmarked == 1  # type: ignore[union-attr]


def test_keyboard_navigation_read_and_bookmark_keys(window: MainWindow, windows: WindowFactory) -> None:
    qtbot = windows.qtbot
    view = window.timeline
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_J)  # opens the post the cursor rests on
    assert view.currentIndex().row() == 0
    qtbot.keyClick(view, Qt.Key.Key_J)
    qtbot.keyClick(view, Qt.Key.Key_J)
    assert view.currentIndex().row() == 2
    qtbot.keyClick(view, Qt.Key.Key_K)
    assert view.currentIndex().row() == 1
    qtbot.waitUntil(lambda: view.currentIndex().data(TimelineRole.READ) is True)  # shown once stored
    qtbot.keyClick(view, Qt.Key.Key_M)  # toggle read
    qtbot.waitUntil(lambda: view.currentIndex().data(TimelineRole.READ) is False)
    qtbot.keyClick(view, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: view.currentIndex().data(TimelineRole.BOOKMARKED) is True)
    qtbot.waitUntil(lambda: window.timeline_model.index(2).data(TimelineRole.READ) is True)
    # n skips the posts already read (rows 0 and 2) and lands on the next unread one: row 3.
    window.select_row(2)
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert view.currentIndex().row() == 3
    # o opens the original link, through the injected opener (never a real browser in tests)
    window.select_row(3)
    qtbot.keyClick(view, Qt.Key.Key_O)
    url = view.currentIndex().data(TimelineRole.URL)
    assert windows.opener_calls == ([url] if url else [])
    # / moves the focus to the search box
    qtbot.keyClick(view, Qt.Key.Key_Slash)
    assert window.search_box.hasFocus()
    # letters typed in the search box are text, not shortcuts
    qtbot.keyClicks(window.search_box, "jk")
    assert window.search_box.text() == "jk"
    assert view.currentIndex().row() == 3


def test_space_scrolls_the_reader_then_moves_on(window: MainWindow, windows: WindowFactory) -> None:
    window.resize(900, 400)
    window.timeline.setFocus()
    window.select_row(0)
    windows.qtbot.waitUntil(lambda: window.reader.document is not None)
    start = window.timeline.currentIndex().row()
    for _ in range(200):
        windows.qtbot.keyClick(window.timeline, Qt.Key.Key_Space)
        if window.timeline.currentIndex().row() != start:
            break
    assert window.timeline.currentIndex().row() == start + 1

    # In the filter panel Space ticks the current check box instead.
    languages = window.filter_panel.languages_view
    languages.setFocus()
    languages.setCurrentIndex(languages.model().index(0, 0))
    windows.qtbot.keyClick(languages, Qt.Key.Key_Space)
    assert window.filter_panel.languages_model.checked_keys
    assert window.timeline.currentIndex().row() == start + 1


def test_mark_all_read_applies_to_the_filter_and_undoes(window: MainWindow, windows: WindowFactory) -> None:
    qtbot = windows.qtbot
    store = windows.store
    english_total = store.timeline.count(PostFilter(languages=("en",)))
    window.filter_panel.languages_model.set_checked_keys(["en"], notify=True)
    qtbot.waitUntil(lambda: window.timeline_model.rowCount() == english_total)
    with qtbot.waitSignal(window.changes.state_changed, timeout=10_000):
        window.mark_all_read()
    assert store.timeline.count(PostFilter(languages=("en",), unread=True)) == 0
    # Posts outside the filter are untouched.
    assert store.timeline.count(PostFilter(unread=True)) == 14 - english_total
    model = window.timeline_model
    assert all(model.index(row).data(TimelineRole.READ) for row in range(model.rowCount()))
    assert window.undo_stack.canUndo()

    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    windows.wait(window)
    assert store.timeline.count(PostFilter(unread=True)) == 14
    assert not any(model.index(row).data(TimelineRole.READ) for row in range(model.rowCount()))
    window.undo_stack.redo()
    windows.wait(window)
    assert store.timeline.count(PostFilter(languages=("en",), unread=True)) == 0


def test_timeline_model_passes_the_model_tester(window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(window.timeline_model)
    assert window.timeline_model.canFetchMore(QModelIndex()) is False
