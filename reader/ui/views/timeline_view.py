"""The timeline list: a QListView that keeps its place when the library changes underneath it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QMouseEvent, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from reader.ui.models.timeline import TimelineModel
from reader.ui.views.timeline_delegate import TimelineDelegate


class TimelineView(QListView):
    """Signals:
    painted_with_rows(): the first paint that showed at least one row (or an answered empty timeline).
    row_menu_requested(QModelIndex, QPoint): a right-click or the menu key on a row, at a global position.
    """

    painted_with_rows = Signal()
    row_menu_requested = Signal(QModelIndex, QPoint)

    def __init__(self, model: TimelineModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timeline = model
        self._anchor: QPersistentModelIndex | None = None
        self._anchor_top = 0
        self._painted = False
        self.setModel(model)
        self.setItemDelegate(TimelineDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(self.horizontalScrollBarPolicy().ScrollBarAlwaysOff)
        self.setUniformItemSizes(False)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.setMouseTracking(False)
        self.setWordWrap(False)
        self.setObjectName("timeline")
        self.verticalScrollBar().setSingleStep(24)
        model.refresh_started.connect(self._on_model_refresh_started)
        model.refresh_finished.connect(self._on_model_refresh_finished)

    def _on_model_refresh_started(self) -> None:
        top = self.indexAt(QPoint(4, 4))
        self._anchor = QPersistentModelIndex(top) if top.isValid() else None
        self._anchor_top = self.visualRect(top).top() if top.isValid() else 0

    def _on_model_refresh_finished(self) -> None:
        anchor = self._anchor
        self._anchor = None
        if anchor is None or not anchor.isValid():
            return
        self.doItemsLayout()
        rect = self.visualRect(self.model().index(anchor.row(), 0))
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - self._anchor_top)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # A right-click asks for the row's menu; selecting would open the post and mark it read.
        if event.button() == Qt.MouseButton.RightButton:
            event.accept()
            return
        super().mousePressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            index = self.indexAt(event.pos())
            position = event.globalPos()
        else:  # the menu key or Shift+F10: the row under the keyboard cursor
            index = self.currentIndex()
            position = self.viewport().mapToGlobal(self.visualRect(index).center())
        if index.isValid():
            self.row_menu_requested.emit(index, position)
            event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted and self._timeline.loaded_once:
            self._painted = True
            self.painted_with_rows.emit()
