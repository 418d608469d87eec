"""Moving through the timeline from the keyboard (j, k, n, Space, m, b) and opening the chosen post."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QObject, Qt, Signal

from reader.store import TimelineRow
from reader.ui.models.timeline import TimelineModel, TimelineRole
from reader.ui.views.post_actions import PostActions
from reader.ui.views.reader_pane import ReaderPane
from reader.ui.views.timeline_view import TimelineView

# Close to the end of what is loaded, the next page is asked for before the reader gets there.
FETCH_AHEAD_ROWS = 5


class TimelineNavigator(QObject):
    """Keeps the timeline's cursor, the post the reader shows and the read marks in step.

    Signals:
        status_changed(str): a line for the status bar.
        status_cleared(): the last line no longer holds (another post was opened).
    """

    status_changed = Signal(str)
    status_cleared = Signal()

    def __init__(
        self,
        timeline: TimelineView,
        reader: ReaderPane,
        post_actions: PostActions,
        search_text: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._timeline = timeline
        model = timeline.model()
        assert isinstance(model, TimelineModel)
        self._model = model
        self._reader = reader
        self._post_actions = post_actions
        self._search_text = search_text
        timeline.selectionModel().selectionChanged.connect(self._on_timeline_selection_changed)

    def current_row(self) -> TimelineRow | None:
        """The post under the timeline's cursor, opened or not."""
        index = self._timeline.currentIndex()
        if not index.isValid():
            return None
        row = index.data(TimelineRole.ROW)
        return row if isinstance(row, TimelineRow) else None

    def _current_number(self) -> int:
        index = self._timeline.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self._model.rowCount():
            index = self._model.index(row)
            self._timeline.setCurrentIndex(index)
            self._timeline.scrollTo(index)
            if row >= self._model.rowCount() - FETCH_AHEAD_ROWS:
                self._model.fetchMore(QModelIndex())

    def select_next(self) -> None:
        row = self._current_number()
        if row >= 0 and not self._timeline.selectionModel().isSelected(self._timeline.currentIndex()):
            self.select_row(row)  # the resting cursor's post has not been opened yet
        else:
            self.select_row(row + 1)

    def select_previous(self) -> None:
        self.select_row(max(0, self._current_number() - 1))

    def select_next_unread(self) -> None:
        row = self._model.next_unread_row(self._current_number())
        if row >= 0:
            self.select_row(row)
        else:
            self.status_changed.emit(self.tr("No more unread posts here"))
            self._model.fetchMore(QModelIndex())

    def scroll_or_next(self) -> None:
        if not self._reader.scroll_page():
            self.select_next()

    def rest_on_first_row(self) -> None:
        """The cursor rests on the first post without opening it, so nothing is marked read unasked."""
        if self._model.rowCount() and not self._timeline.currentIndex().isValid():
            self._timeline.selectionModel().setCurrentIndex(
                self._model.index(0), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def focus_list(self) -> None:
        """Hand the keyboard to the timeline (from the search box), the cursor on a post."""
        self._timeline.setFocus(Qt.FocusReason.OtherFocusReason)
        self.rest_on_first_row()

    def toggle_read(self) -> None:
        current = self.current_row()
        if current is not None:
            self._post_actions.set_read((current.id,), not current.read)

    def toggle_bookmark(self) -> None:
        current = self.current_row()
        if current is not None:
            self._post_actions.set_bookmarked((current.id,), not current.bookmarked)

    def _on_timeline_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        index = indexes[0]
        post_id = index.data(TimelineRole.POST_ID)
        if not post_id:
            return
        self.status_cleared.emit()
        self._reader.show_post(post_id, self._search_text())
        if not index.data(TimelineRole.READ):
            self._post_actions.set_read((post_id,), True)
