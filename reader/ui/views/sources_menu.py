"""The Sources list's context menu: refresh, rename, unsubscribe, open in the browser."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QListView, QMenu, QMessageBox, QWidget

from reader.ui.models.facets import FacetRole
from reader.ui.tasks import TaskContext, TaskRunner
from reader.ui.views.reader_pane import UrlOpener
from reader.ui.views.refresh_controller import RefreshController


class SourcesMenu(QObject):
    """Offers the actions a followed source has; an imported source gets Rename only.

    Signals:
        renamed(str): a source (by key) got the user's name for it.
    """

    renamed = Signal(str)

    def __init__(
        self, view: QListView, refreshes: RefreshController, url_opener: UrlOpener, window: QWidget, runner: TaskRunner
    ) -> None:
        super().__init__(window)
        self._runner = runner
        self._view = view
        self._refreshes = refreshes
        self._url_opener = url_opener
        self._window = window
        self.last_menu: QMenu | None = None  # the menu shown last, for tests and accessibility tools
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        # One menu for the list: the filter panel's own (Rename only) gives way to this one, which has
        # Rename too, so a right-click never opens two menus one after the other.
        view.customContextMenuRequested.disconnect()
        view.customContextMenuRequested.connect(self._on_view_menu_requested)

    def actions_for(self, key: str, name: str = "") -> list[QAction]:
        """The menu's actions for the source `key` (only those that apply)."""
        rename = QAction(self.tr("Re&name…"), self)
        rename.triggered.connect(lambda: self._ask_name(key, name))
        state = self._refreshes.states.get(key)
        if state is None:
            return [rename]
        refresh = QAction(self.tr("&Refresh"), self)
        refresh.triggered.connect(lambda: self._refreshes.refresh_sources([key]))
        unsubscribe = QAction(self.tr("&Unsubscribe…"), self)
        unsubscribe.triggered.connect(lambda: self._confirm_unsubscribe(key))
        actions = [refresh, rename, unsubscribe]
        if state.url:
            browse = QAction(self.tr("&Open in browser"), self)
            browse.triggered.connect(lambda: self._url_opener(QUrl(state.url)))
            actions.append(browse)
        return actions

    def _on_view_menu_requested(self, position: QPoint) -> None:
        index = self._view.indexAt(position)
        if not index.isValid():
            return
        actions = self.actions_for(str(index.data(FacetRole.KEY)), str(index.data(FacetRole.LABEL)))
        if not actions:
            return
        menu = QMenu(self._view)
        menu.addActions(actions)
        self.last_menu = menu
        menu.popup(self._view.viewport().mapToGlobal(position))

    def _ask_name(self, key: str, name: str) -> None:
        text, accepted = QInputDialog.getText(self._window, self.tr("Rename source"), self.tr("Name:"), text=name)
        if accepted and text.strip():
            self.rename(key, text.strip())

    def rename(self, key: str, name: str) -> None:
        """Store the user's name for a source on the write thread; later imports and refreshes keep it."""

        def body(context: TaskContext) -> str:
            from reader.operations.sources import rename_source

            rename_source(context.store, key, name)
            return key

        self._runner.write(body, self.renamed.emit)

    def _confirm_unsubscribe(self, key: str) -> None:
        answer = QMessageBox.question(
            self._window,
            self.tr("Unsubscribe"),
            self.tr("Stop following %1? Its posts stay in the library.").replace("%1", key),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._refreshes.unsubscribe(key)
