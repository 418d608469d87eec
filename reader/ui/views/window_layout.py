"""Where the main window's widgets sit: three panes in a splitter, the search toolbar, the status bar."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from reader.ui.models.timeline import TimelineModel
from reader.ui.tasks import TaskRunner
from reader.ui.theme import app_icon
from reader.ui.views.filter_banner import FilterBanner
from reader.ui.views.filter_panel import FilterPanel
from reader.ui.views.reader_pane import ReaderPane, UrlOpener
from reader.ui.views.timeline_view import TimelineView

MIN_PANE_WIDTH = 240


class Sidebar(QScrollArea):
    """The filter panel in a vertical scroll area that is never narrower than the panel needs."""

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:
        inner = self.widget()
        if inner is None:
            return super().minimumSizeHint()
        width = inner.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        return QSize(width, super().minimumSizeHint().height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # longer labels (another language, larger text) widen the sidebar
        return super().eventFilter(watched, event)


class WindowLayout(QObject):
    """Builds the panes and bars of a main window and names them; holds no behaviour of its own."""

    def __init__(
        self, window: QMainWindow, timeline_model: TimelineModel, runner: TaskRunner, url_opener: UrlOpener
    ) -> None:
        super().__init__(window)
        window.setWindowIcon(app_icon())
        window.setAcceptDrops(True)
        self.filter_panel = FilterPanel(window)
        self.timeline = TimelineView(timeline_model, window)
        self.reader = ReaderPane(runner, url_opener, window)
        # Files dropped anywhere on the window are imported, never pasted as text into a box.
        self.reader.browser.setAcceptDrops(False)
        self.filter_panel.topic_filter.setAcceptDrops(False)
        # The sidebar scrolls when the window is short or the text large, rather than squeezing its lists.
        self.sidebar = Sidebar(window)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setWidget(self.filter_panel)
        self.sidebar.setWidgetResizable(True)
        self.sidebar.setFrameShape(QFrame.Shape.NoFrame)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.filter_banner = FilterBanner(window)
        timeline_pane = QWidget(window)
        timeline_layout = QVBoxLayout(timeline_pane)
        timeline_layout.setContentsMargins(0, 0, 0, 0)
        timeline_layout.setSpacing(0)
        timeline_layout.addWidget(self.filter_banner)
        timeline_layout.addWidget(self.timeline, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, window)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(timeline_pane)
        self.splitter.addWidget(self.reader)
        for pane in (timeline_pane, self.reader):
            pane.setMinimumWidth(MIN_PANE_WIDTH)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([220, 460, 600])
        self.splitter.setChildrenCollapsible(False)
        window.setCentralWidget(self.splitter)

        self.toolbar = QToolBar(window)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        window.addToolBar(self.toolbar)
        self.search_box = QLineEdit(window)
        self.search_box.setObjectName("search")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAcceptDrops(False)
        self.search_hint_label = QLabel(window)
        self.search_hint_label.setObjectName("searchHint")
        self.search_hint_label.setWordWrap(False)

        self.status_label = QLabel(window)
        self.count_label = QLabel(window)
        self.progress_bar = QProgressBar(window)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setVisible(False)
        self.cancel_button = QPushButton(window)
        self.cancel_button.setVisible(False)
        status_bar = window.statusBar()
        status_bar.addWidget(self.status_label, 1)
        status_bar.addPermanentWidget(self.count_label)
        status_bar.addPermanentWidget(self.progress_bar)
        status_bar.addPermanentWidget(self.cancel_button)

    def restore_splitter(self, state: QByteArray) -> None:
        """Put back the remembered pane widths; a pane saved shut (an older version allowed it) reopens."""
        if state.isEmpty() or not self.splitter.restoreState(state) or 0 in self.splitter.sizes():
            self.reset_panes()

    def reset_panes(self) -> None:
        self.splitter.setSizes([220, 460, 600])

    def finish_toolbar(self) -> None:
        """The search box goes after the action buttons, which the actions add first."""
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.search_box)
        self.toolbar.addWidget(self.search_hint_label)

    def retranslate_ui(self) -> None:
        self.search_box.setPlaceholderText(self.tr("Search  (/)   e.g. саммит lang:ru -visa"))
        self.search_box.setAccessibleName(self.tr("Search posts"))
        self.search_box.setToolTip(
            self.tr(
                'Words, "phrases", -word, lang:ru, topic:ASEAN, source:name, tag:brief, is:unread, is:bookmarked, '
                "after:2025-07-01, before:2025-08-01"
            )
        )
        self.timeline.setAccessibleName(self.tr("Timeline"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel import"))
        self.progress_bar.setAccessibleName(self.tr("Import progress"))
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
