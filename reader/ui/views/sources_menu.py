"""The Sources list's context menu: refresh, unsubscribe, open in the browser."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QListView, QMenu, QMessageBox, QWidget

from reader.ui.models.facets import FacetRole
from reader.ui.views.reader_pane import UrlOpener
from reader.ui.views.refresh_controller import RefreshController


class SourcesMenu(QObject):
    """Offers the actions a followed source has; an imported source only gets what applies to it."""

    def __init__(self, view: QListView, refreshes: RefreshController, url_opener: UrlOpener, window: QWidget) -> None:
        super().__init__(window)
        self._view = view
        self._refreshes = refreshes
        self._url_opener = url_opener
        self._window = window
        self.last_menu: QMenu | None = None  # the menu shown last, for tests and accessibility tools
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._on_view_menu_requested)

    def actions_for(self, key: str) -> list[QAction]:
        """The menu's actions for the source `key` (only those that apply)."""
        state = self._refreshes.states.get(key)
        if state is None:
            return []
        refresh = QAction(self.tr("&Refresh"), self)
        refresh.triggered.connect(lambda: self._refreshes.refresh_sources([key]))
        unsubscribe = QAction(self.tr("&Unsubscribe…"), self)
        unsubscribe.triggered.connect(lambda: self._confirm_unsubscribe(key))
        actions = [refresh, unsubscribe]
        if state.url:
            browse = QAction(self.tr("&Open in browser"), self)
            browse.triggered.connect(lambda: self._url_opener(QUrl(state.url)))
            actions.append(browse)
        return actions

    def _on_view_menu_requested(self, position: QPoint) -> None:
        index = self._view.indexAt(position)
        if not index.isValid():
            return
        actions = self.actions_for(str(index.data(FacetRole.KEY)))
        if not actions:
            return
        menu = QMenu(self._view)
        menu.addActions(actions)
        self.last_menu = menu
        menu.popup(self._view.viewport().mapToGlobal(position))

    def _confirm_unsubscribe(self, key: str) -> None:
        answer = QMessageBox.question(
            self._window,
            self.tr("Unsubscribe"),
            self.tr("Stop following %1? Its posts stay in the library.").replace("%1", key),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._refreshes.unsubscribe(key)
