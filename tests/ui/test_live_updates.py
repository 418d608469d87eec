"""Posts written by another process appear in place: selection and scroll position are kept."""

from __future__ import annotations

from PySide6.QtCore import QPoint

from reader.store import Store
from reader.ui.models.timeline import TimelineRole
from reader.ui.views.main_window import MainWindow

from .conftest import WindowFactory, make_post


def test_posts_imported_elsewhere_appear_without_losing_the_place(
    window: MainWindow, windows: WindowFactory, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    qtbot = windows.qtbot
    model = window.timeline_model
    qtmodeltester.check(model)  # keeps checking every insert below
    window.resize(1000, 500)
    window.select_row(6)
    selected_id = window.timeline.currentIndex().data(TimelineRole.POST_ID)
    window.timeline.scrollTo(window.timeline.currentIndex())
    top_before = window.timeline.indexAt(QPoint(4, 4)).data(TimelineRole.POST_ID)
    assert top_before != model.index(0).data(TimelineRole.POST_ID)  # scrolled away from the top

    # Another process (the CLI, say) adds three newer posts and one in the middle of the list.
    newest = [make_post("other", number, f"Fresh bulletin number {number}", "en", 30) for number in (1, 2, 3)]
    middle_day = model.index(8).data(TimelineRole.ROW).date.day
    middle = make_post("other", 4, "A bulletin from the middle of the list", "en", middle_day)
    other = Store.open(windows.data_dir)
    with other.db.transaction():
        other.posts.upsert_posts((post, ()) for post in [*newest, middle])
    other.close()

    window.watcher.check()  # what the 2-second poll of data_version does
    qtbot.waitUntil(lambda: model.rowCount() == 18)
    ids = [model.index(row).data(TimelineRole.POST_ID) for row in range(model.rowCount())]
    assert ids[:3] == [post.id for post in sorted(newest, key=lambda post: post.date, reverse=True)]
    assert middle.id in ids
    assert window.timeline.currentIndex().data(TimelineRole.POST_ID) == selected_id
    assert window.timeline.indexAt(QPoint(4, 4)).data(TimelineRole.POST_ID) == top_before
    qtbot.waitUntil(lambda: window.filter_panel.facets is not None and window.filter_panel.facets.total == 18)


def test_posts_that_leave_the_filter_are_removed_on_refresh(
    window: MainWindow, windows: WindowFactory, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    qtbot = windows.qtbot
    model = window.timeline_model
    window.filter_panel.set_show("unread")
    qtbot.waitUntil(lambda: model.rowCount() == 14 and model.post_filter.unread)
    qtmodeltester.check(model)
    gone = [model.index(row).data(TimelineRole.POST_ID) for row in (2, 3, 9)]
    kept = model.index(5).data(TimelineRole.POST_ID)
    window.timeline.selectionModel().setCurrentIndex(
        model.index(5), window.timeline.selectionModel().SelectionFlag.NoUpdate
    )
    other = Store.open(windows.data_dir)
    other.state.set_read(gone, True)  # read in another window or from the CLI
    other.close()
    window.watcher.check()
    qtbot.waitUntil(lambda: model.rowCount() == 11)
    ids = [model.index(row).data(TimelineRole.POST_ID) for row in range(model.rowCount())]
    assert not set(gone) & set(ids)
    assert window.timeline.currentIndex().data(TimelineRole.POST_ID) == kept
