"""Tags in the window: a sidebar section with counts that filters, and a bookmarked row's note and tags."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from reader.ui.models.facets import FacetRole
from reader.ui.models.timeline import TimelineRole
from reader.ui.views.main_window import MainWindow
from reader.ui.views.note_dialog import NoteDialog
from reader.ui.views.timeline_delegate import TimelineDelegate

from .conftest import WindowFactory


def _tag_counts(window: MainWindow) -> dict[str, int]:
    model = window.filter_panel.tags_model
    return {
        model.index(row).data(FacetRole.KEY): model.index(row).data(FacetRole.TOTAL) for row in range(model.rowCount())
    }


def test_tags_get_a_sidebar_section_that_filters(windows: WindowFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    window = windows.open()
    qtbot = windows.qtbot
    panel = window.filter_panel
    assert not panel.tags_view.isVisibleTo(window)  # no tags yet, no section
    model = window.timeline_model
    tagged = [model.index(row).data(TimelineRole.POST_ID) for row in (1, 4)]

    def tag_as_brief(dialog: NoteDialog) -> int:
        dialog.note_edit.setPlainText("for Monday")
        dialog.tags_edit.setText("brief")
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(NoteDialog, "exec", tag_as_brief)
    for post_id in tagged:
        window.post_commands.edit_note(post_id)
        qtbot.waitUntil(lambda post_id=post_id: windows.store.state.states([post_id]).get(post_id) is not None)
    qtbot.waitUntil(lambda: _tag_counts(window) == {"brief": 2}, timeout=10_000)
    assert panel.tags_view.isVisibleTo(window)

    brief = panel.tags_model.index(panel.tags_model.row_of("brief"))
    panel.tags_model.setData(brief, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert {model.index(row).data(TimelineRole.POST_ID) for row in range(2)} == set(tagged)
    row = model.index(0).data(TimelineRole.ROW)
    assert row.tags == ("brief",) and row.note == "for Monday"
    assert TimelineDelegate.note_line(row) == "✎ for Monday  ·  #brief"

    windows.close(window)
    again = windows.open()  # the checked tag is remembered like the other filters
    windows.qtbot.waitUntil(lambda: again.timeline_model.rowCount() == 2)
    assert again.filter_panel.tags_model.checked_keys == ("brief",)
