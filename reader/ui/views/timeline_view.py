"""The timeline list: a QListView that keeps its place when the library changes underneath it."""

from __future__ import annotations

from PySide6.QtCore import QPersistentModelIndex, QPoint, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from reader.ui.models.timeline import TimelineModel
from reader.ui.views.timeline_delegate import TimelineDelegate


class TimelineView(QListView):
    """Signals:
    painted_with_rows(): the first paint that showed at least one row (or an answered empty timeline).
    """

    painted_with_rows = Signal()

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

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted and self._timeline.loaded_once:
            self._painted = True
            self.painted_with_rows.emit()
