"""Issue 23, finding 3: bookmarks and read marks made in the window land while an import holds the library."""

from __future__ import annotations

import time

from reader.store import Store
from reader.ui.models.timeline import TimelineRole

from .conftest import WindowFactory


def test_window_marks_are_stored_while_another_import_writes(windows: WindowFactory) -> None:
    window = windows.open()
    model = window.timeline_model
    ids = [model.index(row).data(TimelineRole.POST_ID) for row in range(6)]
    importer = Store.open(windows.data_dir)
    try:
        with importer.transaction():  # a CLI import, minutes long, holds the content
            importer.posts.record_import(["big.json"], time.time(), 0, 0, 0)
            window.set_bookmarked(ids[:3], True)
            window.set_read(ids[3:], True)
            windows.qtbot.waitUntil(lambda: model.index(2).data(TimelineRole.BOOKMARKED) is True, timeout=8000)
            windows.qtbot.waitUntil(lambda: model.index(5).data(TimelineRole.READ) is True, timeout=8000)
            states = windows.store.state.states(ids)
            assert all(states[post_id].bookmarked for post_id in ids[:3])
            assert all(states[post_id].read for post_id in ids[3:])
            assert "Could not save" not in window.status_label.text()
    finally:
        importer.close()
