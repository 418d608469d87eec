"""The filter panel and the search box together choose what the timeline shows; the count and hints follow."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit

from reader.store import PostFilter
from reader.store.search import QuerySyntaxError, parse_query
from reader.ui.models.timeline import TimelineModel
from reader.ui.tasks import TaskContext, TaskRunner
from reader.ui.views.filter_banner import FilterBanner
from reader.ui.views.filter_panel import FilterPanel
from reader.ui.views.navigator import TimelineNavigator
from reader.ui.views.reader_pane import ReaderPane

# Typing pauses this long before the search runs, so a word is looked up once, not at every letter.
SEARCH_DEBOUNCE_MS = 150


class TimelineFilter(QObject):
    """Turns the user's filter choices and search into the timeline's query and reports on the answer.

    Signals:
        status_changed(str): a line for the status bar (a search the query language cannot read).
        status_cleared(): that line no longer holds (the search was fixed or cleared).
    """

    status_changed = Signal(str)
    status_cleared = Signal()

    def __init__(
        self,
        filter_panel: FilterPanel,
        search_box: QLineEdit,
        hint_label: QLabel,
        count_label: QLabel,
        timeline_model: TimelineModel,
        reader: ReaderPane,
        navigator: TimelineNavigator,
        runner: TaskRunner,
        banner: FilterBanner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._panel = filter_panel
        self._search_box = search_box
        self._hint_label = hint_label
        self._count_label = count_label
        self._model = timeline_model
        self._reader = reader
        self._navigator = navigator
        self._runner = runner
        self._banner = banner
        self._restored = False  # the filters on screen are the last session's, not chosen in this one
        self._hint = ""
        # The timeline loads a page at a time; the exact count of a longer answer comes from a worker.
        self._count_generation = 0
        self._exact_count: int | None = None
        self._widen = True
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._panel.filter_changed.connect(self._on_user_changed_filter)
        self._banner.clear_button.clicked.connect(self.clear)
        self._search_box.textChanged.connect(self._on_search_box_text_changed)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self._model.query_failed.connect(self._on_model_query_failed)
        self._model.filter_applied.connect(self._on_model_filter_applied)
        self._model.refresh_finished.connect(self._on_model_refreshed)
        self._model.rowsInserted.connect(self.show_count)
        self._search_box.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter, Down and Escape hand the keyboard back to the list, so j and k move again instead of typing.
        if watched is self._search_box and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._on_search_timer_timeout()
                self._navigator.focus_list()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Escape):
                self._navigator.focus_list()
                return True
        return super().eventFilter(watched, event)

    def current(self) -> PostFilter:
        return replace(self._panel.post_filter(self._search_box.text()), widen=self._widen)

    def set_search_both_languages(self, widen: bool) -> None:
        """Whether a search word the glossaries know is also searched in the other language."""
        if widen != self._widen:
            self._widen = widen
            self.apply()

    def apply(self) -> None:
        self._model.set_filter(self.current())

    def mark_restored(self) -> None:
        """The filters were put back from the last session: say so until the user changes them."""
        self._restored = self.current() != PostFilter()

    def clear(self) -> None:
        """Show every post: no filter, no search."""
        self._restored = False
        self._search_box.blockSignals(True)
        self._search_box.clear()
        self._search_box.blockSignals(False)
        self._reader.set_search("")
        self._panel.clear()  # emits filter_changed, which applies the cleared filter

    def _on_user_changed_filter(self) -> None:
        self._restored = False
        self.apply()

    def _update_banner(self) -> None:
        if self._restored:  # first: it also explains an empty timeline at start
            self._banner.show_message(
                self.tr("The filters you left on last time are still on."), self.tr("Show all posts")
            )
        elif self._model.rowCount() == 0 and self._model.post_filter != PostFilter() and not self._hint:
            self._banner.show_message(self.tr("Nothing matches these filters."), self.tr("Clear filters"))
        else:
            self._banner.hide_message()

    @property
    def hint(self) -> str:
        """Why the last search could not run ("" when it ran)."""
        return self._hint

    def widened_hint(self) -> str:
        """What the search also looked for in the other language ("" when nothing was added)."""
        current = self.current()
        if not current.widen or not current.search.strip():
            return ""
        try:
            widened = parse_query(current.search).widened
        except QuerySyntaxError:
            return ""
        if not widened:
            return ""
        forms = ", ".join(dict.fromkeys(form for item in widened for form in item.shown))
        return self.tr("Also in the other language: {forms} (type ={word} for the word alone)").format(
            forms=forms, word=widened[0].word
        )

    def focus_search(self) -> None:
        self._search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._search_box.selectAll()

    def stop(self) -> None:
        self._search_timer.stop()

    def show_count(self, *_args: object) -> None:
        count = self._model.rowCount()
        if self._model.canFetchMore(QModelIndex()):
            if self._exact_count is None:
                self._count_label.setText(self.tr("%1+ posts").replace("%1", str(count)))
                return
            count = self._exact_count
        self._count_label.setText(self.tr("1 post") if count == 1 else self.tr("%n posts", "", count))

    def _count_exactly(self) -> None:
        self._count_generation += 1
        self._exact_count = None
        if self._model.canFetchMore(QModelIndex()):
            generation = self._count_generation
            post_filter = self._model.post_filter

            def body(context: TaskContext) -> tuple[int, int]:
                return generation, context.store.timeline.count(post_filter)

            self._runner.read(body, succeeded=self._on_counted)
        self.show_count()

    def _on_counted(self, answer: tuple[int, int]) -> None:
        generation, count = answer
        if generation == self._count_generation:
            self._exact_count = count
            self.show_count()

    def _on_search_box_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_search_timer_timeout(self) -> None:
        self._restored = False
        self._search_timer.stop()
        self.apply()
        self._reader.set_search(self._search_box.text())

    def _on_model_query_failed(self, hint: str) -> None:
        self._count_generation += 1  # a count of the previous filter must not show for this one
        self._hint = hint
        self._hint_label.setText(hint)
        self._hint_label.setToolTip(hint)
        self.status_changed.emit(hint)

    def _on_model_filter_applied(self) -> None:
        if self._hint:
            self._hint = ""
            self.status_cleared.emit()
        widened = self.widened_hint()
        self._hint_label.setText(widened)
        self._hint_label.setToolTip(widened)
        self._count_exactly()
        self._update_banner()
        self._navigator.rest_on_first_row()

    def _on_model_refreshed(self) -> None:
        self._count_exactly()
        self._update_banner()
        self._navigator.rest_on_first_row()
