"""A note and tags written in the reader are saved, shown and kept across windows."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from reader.store import PostFilter, Store
from reader.ui.models.timeline import TimelineRole
from reader.ui.views.main_window import MainWindow
from reader.ui.views.note_dialog import NoteDialog

from .conftest import WindowFactory


def test_note_dialog_reads_comma_separated_tags(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = NoteDialog("Title", "old note", ("brief",))
    qtbot.addWidget(dialog)
    assert dialog.note == "old note" and dialog.tags == ("brief",)
    dialog.note_edit.setPlainText("  Follow the ASEAN track  ")
    dialog.tags_edit.setText("brief, follow-up, , brief")
    assert dialog.note == "Follow the ASEAN track"
    assert dialog.tags == ("brief", "follow-up")


def test_note_and_tags_are_saved_shown_and_kept(windows: WindowFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    window: MainWindow = windows.open()
    window.timeline.setFocus()
    window.select_row(1)
    post_id = window.timeline_model.index(1).data(TimelineRole.POST_ID)
    windows.qtbot.waitUntil(lambda: window.reader.document is not None)

    def fill_and_accept(dialog: NoteDialog) -> int:
        dialog.note_edit.setPlainText("Brief the desk on Monday")
        dialog.tags_edit.setText("brief, asean")
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(NoteDialog, "exec", fill_and_accept)
    window.window_actions.note_action.trigger()
    windows.wait(window)
    windows.qtbot.waitUntil(lambda: "Brief the desk on Monday" in window.reader.browser.toPlainText())
    assert window.timeline_model.index(1).data(TimelineRole.BOOKMARKED) is True
    windows.close(window)

    store = Store.open(windows.data_dir)
    record = store.records.get_record(post_id)
    assert record is not None
    assert record.state.bookmarked and record.state.note == "Brief the desk on Monday"
    assert record.state.tags == ("asean", "brief")
    assert store.timeline.post_ids(PostFilter(bookmarked=True)) == [post_id]
    store.close()
