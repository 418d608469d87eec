"""The Sources list's context menu: refresh, rename, refresh interval, unsubscribe, open in the browser."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QListView, QMenu, QMessageBox, QWidget

from reader.ui.models.facets import FacetRole
from reader.ui.views.reader_pane import UrlOpener
from reader.ui.views.refresh_controller import RefreshController

MAX_INTERVAL_MINUTES = 7 * 24 * 60  # a week: a source followed less often than that is not followed


class SourcesMenu(QObject):
    """Offers the actions a followed source has; an imported source gets Rename only.

    Renaming goes the one way the Sources list has: `rename_action` (the list's F2 action, which asks
    for the name of the current row) and `rename_source` (which stores it and tells the views).
    """

    def __init__(
        self,
        view: QListView,
        refreshes: RefreshController,
        url_opener: UrlOpener,
        window: QWidget,
        rename_action: QAction,
        rename_source: Callable[[str, str], None],
    ) -> None:
        super().__init__(window)
        self._view = view
        self._refreshes = refreshes
        self._url_opener = url_opener
        self._window = window
        self._rename_action = rename_action
        self._rename_source = rename_source
        self.last_menu: QMenu | None = None  # the menu shown last, for tests and accessibility tools
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._on_view_menu_requested)

    def actions_for(self, key: str, name: str = "") -> list[QAction]:
        """The menu's actions for the source `key` (only those that apply)."""
        rename = QAction(self.tr("Re&name…"), self)
        rename.triggered.connect(self._rename_action.trigger)
        state = self._refreshes.states.get(key)
        if state is None:
            return [rename]
        refresh = QAction(self.tr("&Refresh"), self)
        refresh.triggered.connect(lambda: self._refreshes.refresh_sources([key]))
        interval = QAction(self.tr("Refresh &every…"), self)
        interval.triggered.connect(lambda: self._ask_interval(key, name or key, state.every_minutes))
        unsubscribe = QAction(self.tr("&Unsubscribe…"), self)
        unsubscribe.triggered.connect(lambda: self._confirm_unsubscribe(key))
        actions = [refresh, rename, interval, unsubscribe]
        if state.url:
            browse = QAction(self.tr("&Open in browser"), self)
            browse.triggered.connect(lambda: self._url_opener(QUrl(state.url)))
            actions.append(browse)
        return actions

    def _on_view_menu_requested(self, position: QPoint) -> None:
        index = self._view.indexAt(position)
        if not index.isValid():
            return
        self._view.setCurrentIndex(index)  # the rename action asks for the current row's name
        actions = self.actions_for(str(index.data(FacetRole.KEY)), str(index.data(FacetRole.LABEL)))
        if not actions:
            return
        menu = QMenu(self._view)
        menu.addActions(actions)
        self.last_menu = menu
        menu.popup(self._view.viewport().mapToGlobal(position))

    def rename(self, key: str, name: str) -> None:
        """Store the user's name for a source; later imports and refreshes keep it."""
        self._rename_source(key, name)

    def _ask_interval(self, key: str, name: str, current: int) -> None:
        minutes, accepted = QInputDialog.getInt(
            self._window,
            self.tr("Refresh interval"),
            self.tr("Refresh %1 every (minutes):").replace("%1", name),
            max(1, current),
            1,
            MAX_INTERVAL_MINUTES,
        )
        if accepted and minutes != current:
            self._refreshes.set_interval(key, minutes)

    def _confirm_unsubscribe(self, key: str) -> None:
        answer = QMessageBox.question(
            self._window,
            self.tr("Unsubscribe"),
            self.tr("Stop following %1? Its posts stay in the library.").replace("%1", key),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._refreshes.unsubscribe(key)
