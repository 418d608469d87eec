"""What the reader does to one post from a dialog or the browser: its note and tags, its original page."""

from __future__ import annotations

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtWidgets import QDialog, QWidget

from reader.domain import PostRecord
from reader.store import TimelineRow
from reader.ui.tasks import TaskContext, TaskRunner
from reader.ui.views.navigator import TimelineNavigator
from reader.ui.views.post_actions import PostActions
from reader.ui.views.reader_pane import ReaderPane, UrlOpener

SAFE_SCHEMES = ("http", "https", "tg")


class PostCommands(QObject):
    """Edit a note, open the original: on the current post (the keys) or on any row (its menu).

    Signals:
        status_changed(str): a line for the status bar.
    """

    status_changed = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        navigator: TimelineNavigator,
        reader: ReaderPane,
        post_actions: PostActions,
        url_opener: UrlOpener,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._runner = runner
        self._navigator = navigator
        self._reader = reader
        self._post_actions = post_actions
        self._url_opener = url_opener
        self._window = window

    def edit_note(self, post_id: str | None = None) -> None:
        """Edit a post's note and tags (the current post's by default); saving bookmarks the post."""
        if post_id is None:
            current = self._navigator.current_row()
            if current is None:
                return
            post_id = current.id
        document = self._reader.document
        if document is not None and document.record.post.id == post_id:
            self._open_note_dialog(post_id, document.record)
            return
        chosen = post_id

        def body(context: TaskContext) -> PostRecord | None:
            return context.store.records.get_record(chosen)

        self._runner.read(body, succeeded=lambda record: self._open_note_dialog(chosen, record))

    def _open_note_dialog(self, post_id: str, record: PostRecord | None) -> None:
        from reader.ui.views.note_dialog import NoteDialog  # loaded with the first note edited

        dialog = NoteDialog(
            record.post.title if record else "",
            record.state.note if record else "",
            record.state.tags if record else (),
            self._window,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._post_actions.save_note(post_id, dialog.note, dialog.tags)

    def open_original(self, row: TimelineRow | None = None) -> None:
        """Open a post's own address (the current post's by default) in the web browser."""
        row = row or self._navigator.current_row()
        if row is None or not row.url:
            self.status_changed.emit(self.tr("This post has no original link"))
            return
        url = QUrl(row.url)
        if url.scheme().lower() not in SAFE_SCHEMES:
            self.status_changed.emit(self.tr("This link is not a web address: %1").replace("%1", row.url))
        elif self._url_opener(url) is False:
            # QDesktopServices says False when no browser is set up; without this the key did nothing.
            self.status_changed.emit(self.tr("No web browser could be opened for %1").replace("%1", row.url))
