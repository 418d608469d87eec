"""The one place a `Changes` reaches the models and panes; each decides there whether to refresh."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from PySide6.QtCore import QObject, Signal

from reader.domain import Changes
from reader.ui.models.timeline import TimelineModel
from reader.ui.views.facets_loader import FacetsLoader
from reader.ui.views.library_watcher import LibraryWatcher
from reader.ui.views.reader_pane import ReaderPane


class ChangesFanOut(QObject):
    """Hands what a user action or an import changed to every view that shows it.

    A change is first *shown* (the rows flip at once, before the write thread has stored it), then
    *stored* (the write committed: counts are recounted, our own write is not mistaken for another
    process's). Content changes (an import, another process) refresh the timeline in place.

    Signals:
        state_changed(Changes): a change was stored.
    """

    state_changed = Signal(Changes)

    def __init__(
        self,
        timeline_model: TimelineModel,
        reader: ReaderPane,
        facets: FacetsLoader,
        watcher: LibraryWatcher,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._timeline_model = timeline_model
        self._reader = reader
        self._facets = facets
        self._watcher = watcher

    def show(self, changes: Changes, *, read: AbstractSet[str] | None = None) -> None:
        """Show a change before it is stored. `read`: `changes.read` as a set, when built off the GUI thread."""
        self._timeline_model.apply_changes(changes, read=read)
        if self._shows_any(changes.bookmarked, changes.unbookmarked):
            self._reader.reload()

    def stored(self, changes: Changes) -> None:
        """The write thread has stored a change that was shown already."""
        self._watcher.acknowledge_own_write()
        if self._shows_any(changes.noted):
            self._reader.reload()
        if changes.noted:
            self._timeline_model.refresh()  # a bookmarked row shows its note and tags
        self._facets.refresh_soon()
        self.state_changed.emit(changes)

    def content_changed(self, *, own: bool = False) -> None:
        """Posts were added or updated, by our import (`own`) or by another process."""
        if own:
            self._watcher.acknowledge_own_write()
        self._timeline_model.refresh()
        self._facets.refresh()

    def _shows_any(self, *post_ids: tuple[str, ...]) -> bool:
        document = self._reader.document
        return document is not None and any(document.record.post.id in ids for ids in post_ids)
