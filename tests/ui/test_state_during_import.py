"""Issue 23, finding 3: bookmarks and read marks made in the window land while an import holds the library."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from reader.export.service import export_posts
from reader.store import PostFilter, Store
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


def test_the_import_dialog_says_what_an_exports_state_changed(
    windows: WindowFactory, tmp_path: Path, bilingual_library: Callable[[Path], Store]
) -> None:
    sender = bilingual_library(tmp_path / "sender")
    sender.state.set_bookmarked(["tg:mid_rf/200"], note="from the laptop", at=100.0)
    export = tmp_path / "export.json"
    export_posts(sender, PostFilter(bookmarked=True), "json", export)
    sender.close()
    window = windows.open()
    with windows.qtbot.waitSignal(window.imports.import_finished, timeout=60_000):
        window.start_import([export])
    boxes = [box for box in window.findChildren(QMessageBox) if box.detailedText()]
    assert boxes, "no import summary was shown"
    assert "state carried by the file: 1 posts' state" in boxes[-1].detailedText()
    assert windows.store.state.states(["tg:mid_rf/200"])["tg:mid_rf/200"].note == "from the laptop"
