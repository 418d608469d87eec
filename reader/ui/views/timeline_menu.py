"""The right-click menu of a timeline row: what a reader does to one post without opening it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from reader.store import PostFilter, TimelineRow
from reader.ui.models.timeline import TimelineRole
from reader.ui.views.post_actions import PostActions


class TimelineMenu(QObject):
    """Builds and shows the menu of the row that was right-clicked (not necessarily the current one).

    Signals:
        status_changed(str): a line for the status bar.
    """

    status_changed = Signal(str)

    def __init__(
        self,
        post_actions: PostActions,
        current_filter: Callable[[], PostFilter],
        open_original: Callable[[TimelineRow], None],
        edit_note: Callable[[str], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._post_actions = post_actions
        self._current_filter = current_filter
        self._open_original = open_original
        self._edit_note = edit_note
        self._parent = parent

    def show_for(self, index: QModelIndex, position: QPoint) -> None:
        row = index.data(TimelineRole.ROW)
        if isinstance(row, TimelineRow):
            menu = self.build(row)
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(position)

    def build(self, row: TimelineRow) -> QMenu:
        """The menu for one row; each action names itself (objectName) for tests and accessibility tools."""
        menu = QMenu(self._parent)
        ids = (row.id,)
        entries: list[tuple[str, str, Callable[[], None], bool]] = [
            (
                "toggleRead",
                self.tr("Mark as unread") if row.read else self.tr("Mark as read"),
                lambda: self._post_actions.set_read(ids, not row.read),
                True,
            ),
            ("markOlderRead", self.tr("Mark older posts as read"), lambda: self._mark_older_read(row), bool(row.date)),
            (
                "toggleBookmark",
                self.tr("Remove bookmark") if row.bookmarked else self.tr("Bookmark"),
                lambda: self._post_actions.set_bookmarked(ids, not row.bookmarked),
                True,
            ),
            ("editNote", self.tr("Note and tags…"), lambda: self._edit_note(row.id), True),
            ("copyLink", self.tr("Copy link"), lambda: self._copy_link(row), bool(row.url)),
            ("openOriginal", self.tr("Open original in browser"), lambda: self._open_original(row), bool(row.url)),
        ]
        for name, text, slot, enabled in entries:
            if name in ("editNote", "copyLink"):
                menu.addSeparator()
            action = menu.addAction(text)
            action.setObjectName(name)
            action.setEnabled(enabled)
            action.triggered.connect(slot)
        return menu

    def _mark_older_read(self, row: TimelineRow) -> None:
        # Older within what the timeline shows now: the same filter, ending where this post is.
        self._post_actions.mark_all_read(dataclasses.replace(self._current_filter(), until=row.date))

    def _copy_link(self, row: TimelineRow) -> None:
        if row.url:
            QGuiApplication.clipboard().setText(row.url)
            self.status_changed.emit(self.tr("Link copied: %1").replace("%1", row.url))
