"""The user's actions on posts (read, bookmark, note and tags, mark all read and its undo) on the write thread."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from reader import operations
from reader.domain import Changes
from reader.store import PostFilter
from reader.ui.tasks import TaskContext, TaskRunner
from reader.ui.views.changes_fan_out import ChangesFanOut

# The set the timeline looks read ids up in is built on the write thread a slice at a time: in one call
# a million ids would hold the interpreter lock, and so the GUI thread, a tenth of a second.
READ_SET_SLICE = 20_000
# SQLite already waits 10 s for a lock before it answers "busy"; after that a write is tried again a few
# times rather than dropped.
BUSY_ATTEMPTS = 5
BUSY_RETRY_MS = 2000


class MarkReadCommand(QUndoCommand):
    """Undo/redo of "mark all as read": the ids that actually changed, flipped back and forth."""

    def __init__(self, actions: PostActions, post_ids: tuple[str, ...], text: str) -> None:
        super().__init__(text)
        self._actions = actions
        self._post_ids = post_ids
        self._first = True

    def redo(self) -> None:
        if self._first:  # the worker already marked them; pushing must not do it again
            self._first = False
            return
        self._actions.set_read(self._post_ids, True)

    def undo(self) -> None:
        self._actions.set_read(self._post_ids, False)
        self._actions.status_cleared.emit()  # "Marked … as read (Ctrl+Z to undo)" is no longer true


class PostActions(QObject):
    """Runs each action (reader.operations) on the state thread and hands what it stored to the fan-out.

    Signals:
        status_changed(str): a line for the status bar.
        status_cleared(): the last line no longer holds.
    """

    status_changed = Signal(str)
    status_cleared = Signal()

    def __init__(
        self, runner: TaskRunner, fan_out: ChangesFanOut, undo_stack: QUndoStack, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._fan_out = fan_out
        self._undo_stack = undo_stack

    def set_read(self, post_ids: Sequence[str], read: bool) -> None:
        """Mark posts read or unread; the rows change once the state thread has stored it."""
        ids = tuple(post_ids)
        self._write_state(lambda context: operations.mark_read(context.store, ids, read))

    def set_bookmarked(self, post_ids: Sequence[str], bookmarked: bool) -> None:
        ids = tuple(post_ids)
        self._write_state(lambda context: operations.set_bookmarked(context.store, ids, bookmarked))

    def save_note(self, post_id: str, note: str, tags: Sequence[str]) -> None:
        """Bookmark a post with a note and tags."""
        chosen = tuple(tags)
        self._write_state(lambda context: operations.save_note(context.store, post_id, note, chosen))

    def rename_source(self, source_key: str, name: str) -> None:
        """Give a source a name of the user's own; the lists and rows show it once it is stored."""

        def body(context: TaskContext) -> Changes:
            return operations.rename_source(context.store, source_key, name)

        self._runner.write(body, succeeded=self._on_source_renamed, failed=self._on_write_failed)

    def _on_source_renamed(self, changes: Changes) -> None:
        self._fan_out.content_changed(own=True)  # titles live in rows and facets: reload both
        self._fan_out.stored(changes)

    def mark_all_read(self, post_filter: PostFilter) -> None:
        """Mark every post of a filter read; Ctrl+Z undoes it."""

        def body(context: TaskContext) -> tuple[Changes, AbstractSet[str]]:
            changes = operations.mark_all_read(context.store, post_filter)
            read: set[str] = set()
            for start in range(0, len(changes.read), READ_SET_SLICE):
                read.update(changes.read[start : start + READ_SET_SLICE])
            return changes, read

        self._runner.write_state(body, succeeded=self._on_all_marked_read, failed=self._on_write_failed)
        self.status_changed.emit(self.tr("Marking all as read…"))

    def _on_all_marked_read(self, result: tuple[Changes, AbstractSet[str]]) -> None:
        changes, read = result
        self._fan_out.show(changes, read=read)
        count = len(changes.read)
        self.status_changed.emit(self.tr("Marked %1 posts as read (Ctrl+Z to undo)").replace("%1", str(count)))
        if count:
            self._undo_stack.push(
                MarkReadCommand(self, changes.read, self.tr("Mark %1 posts as read").replace("%1", str(count)))
            )
        self._fan_out.stored(changes)

    def _write_state(self, body: Callable[[TaskContext], Changes], attempt: int = 1) -> None:
        """Store a change on the state thread; show it once stored; retry while another program holds the state."""

        def failed(error: Exception) -> None:
            if operations.is_busy(error) and attempt < BUSY_ATTEMPTS:
                self.status_changed.emit(self.tr("The library is busy; saving again…"))
                QTimer.singleShot(BUSY_RETRY_MS, lambda: self._write_state(body, attempt + 1))
            else:
                self._on_write_failed(error)

        self._runner.write_state(body, succeeded=self._on_stored, failed=failed)

    def _on_stored(self, changes: Changes) -> None:
        self._fan_out.show(changes)
        self._fan_out.stored(changes)

    def _on_write_failed(self, error: Exception) -> None:
        self.status_changed.emit(self.tr("Could not save: %1").replace("%1", str(error)))
