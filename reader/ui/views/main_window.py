"""The main window: filter panel, timeline and reader in remembered splitters, keyboard first."""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QLocale, QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolBar,
    QWidget,
)

from reader.domain import Changes
from reader.errors import ImportCancelledError, ReaderError
from reader.store import Facets, PostFilter, Store
from reader.store.history import latest_import_id
from reader.ui.i18n import UiTranslator
from reader.ui.models.timeline import TimelineModel, TimelineRole
from reader.ui.settings import ReaderLanguages, Settings, UiLanguage
from reader.ui.tasks import TaskContext, TaskHandle, TaskRunner
from reader.ui.theme import Theme, app_icon
from reader.ui.views.filter_panel import FilterPanel
from reader.ui.views.note_dialog import NoteDialog
from reader.ui.views.reader_pane import ReaderPane, UrlOpener
from reader.ui.views.shortcuts_dialog import ShortcutsDialog
from reader.ui.views.timeline_delegate import TimelineDelegate
from reader.ui.views.timeline_view import TimelineView

log = logging.getLogger(__name__)

SEARCH_DEBOUNCE_MS = 150
DATA_VERSION_POLL_MS = 2000
FACETS_DEBOUNCE_MS = 600
SAFE_SCHEMES = ("http", "https", "tg")
EXPORT_DIALOG_MODULE = "reader.ui.views.export_dialog"


class MarkReadCommand(QUndoCommand):
    """Undo/redo of "mark all as read": the ids that actually changed, flipped back and forth."""

    def __init__(self, window: MainWindow, post_ids: tuple[str, ...], text: str) -> None:
        super().__init__(text)
        self._window = window
        self._post_ids = post_ids
        self._first = True

    def redo(self) -> None:
        if self._first:  # the worker already marked them; pushing must not do it again
            self._first = False
            return
        self._window.set_read(self._post_ids, True)

    def undo(self) -> None:
        self._window.set_read(self._post_ids, False)


class MainWindow(QMainWindow):
    """The app's window. Receives everything it needs; app.py does the wiring.

    Signals:
        import_finished(object): an import ended; the ImportSummary, or None when it failed or was cancelled.
        state_changed(object): read or bookmark state changed (a Changes).
        first_painted(): the timeline has painted its first answer.
    """

    import_finished = Signal(object)
    state_changed = Signal(object)
    first_painted = Signal()

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        settings: Settings,
        translator: UiTranslator | None = None,
        theme: Theme | None = None,
        url_opener: UrlOpener | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._runner = runner
        self._settings = settings
        self._translator = translator
        self._theme = theme
        self._url_opener: UrlOpener = url_opener or QDesktopServices.openUrl
        self._import_handle: TaskHandle | None = None
        self._facets_generation = 0
        self._data_version = store.data_version()
        # Own writes are acknowledged in _acknowledge_own_write, which would also swallow another process's
        # import committed just before; the import log catches that one.
        self._latest_import = latest_import_id(store.db)
        self._search_hint = ""
        self._russian_topic_labels: dict[str, str] = {}
        self.last_import_summary: Any = None
        self.last_import_error = ""
        self.undo_stack = QUndoStack(self)
        self.timeline_model = TimelineModel(store, runner, self)
        self._setup_ui()
        self._setup_actions()
        self._connect_signals()
        self.retranslate_ui()
        self._restore_settings()

    # ------------------------------------------------------------------ construction

    def _setup_ui(self) -> None:
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.filter_panel = FilterPanel(self)
        self.timeline = TimelineView(self.timeline_model, self)
        self.reader = ReaderPane(self._runner, self._url_opener, self)
        # Files dropped anywhere on the window are imported, never pasted as text into a box.
        self.reader.browser.setAcceptDrops(False)
        self.filter_panel.topic_filter.setAcceptDrops(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.filter_panel)
        self.splitter.addWidget(self.timeline)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([220, 460, 600])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("search")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAcceptDrops(False)
        self.search_hint_label = QLabel(self)
        self.search_hint_label.setObjectName("searchHint")
        self.search_hint_label.setWordWrap(False)

        self.status_label = QLabel(self)
        self.count_label = QLabel(self)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setVisible(False)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setVisible(False)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.progress_bar)
        self.statusBar().addPermanentWidget(self.cancel_button)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._facets_timer = QTimer(self)
        self._facets_timer.setSingleShot(True)
        self._facets_timer.setInterval(FACETS_DEBOUNCE_MS)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(DATA_VERSION_POLL_MS)

    def _action(self, shortcuts: Sequence[str | QKeySequence.StandardKey], slot: Callable[..., Any]) -> QAction:
        action = QAction(self)
        keys: list[QKeySequence] = []
        for shortcut in shortcuts:
            if isinstance(shortcut, QKeySequence.StandardKey):
                keys.extend(QKeySequence.keyBindings(shortcut))
            else:
                keys.append(QKeySequence(shortcut))
        action.setShortcuts(keys)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _setup_actions(self) -> None:
        self.import_action = self._action(["Ctrl+I"], self.choose_import)
        self.import_folder_action = self._action(["Ctrl+Shift+I"], self.choose_import_folder)
        self.export_action = self._action(["Ctrl+E"], self.open_export)
        self.quit_action = self._action([QKeySequence.StandardKey.Quit], self.close)
        self.undo_action = self.undo_stack.createUndoAction(self)
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.redo_action = self.undo_stack.createRedoAction(self)
        self.redo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        self.find_action = self._action(["/", "Ctrl+F"], self.focus_search)
        self.mark_all_read_action = self._action(["Shift+Ctrl+R"], self.mark_all_read)
        self.next_action = self._action(["J"], self.select_next)
        self.previous_action = self._action(["K"], self.select_previous)
        self.next_unread_action = self._action(["N"], self.select_next_unread)
        self.space_action = self._action(["Space"], self.scroll_or_next)
        # Space reads on only from the timeline and the reader: elsewhere it presses buttons and
        # ticks the filter check boxes, as keyboard users expect.
        self.removeAction(self.space_action)
        self.space_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.timeline.addAction(self.space_action)
        self.reader.addAction(self.space_action)
        self.toggle_read_action = self._action(["M"], self.toggle_read)
        self.bookmark_action = self._action(["B", "Ctrl+D"], self.toggle_bookmark)
        self.open_original_action = self._action(["O"], self.open_original)
        self.note_action = self._action(["Ctrl+Shift+N"], self.edit_note)
        self.russian_action = self._action(["Ctrl+1"], lambda: self.reader.set_languages("ru"))
        self.english_action = self._action(["Ctrl+2"], lambda: self.reader.set_languages("en"))
        self.both_action = self._action(["Ctrl+3"], lambda: self.reader.set_languages("both"))
        self.reader_language_group = QActionGroup(self)
        for action in (self.russian_action, self.english_action, self.both_action):
            action.setCheckable(True)
            self.reader_language_group.addAction(action)
        self.both_action.setChecked(True)
        self.dark_mode_action = self._action(["Ctrl+Shift+D"], self._on_dark_mode_toggled)
        self.dark_mode_action.setCheckable(True)
        self.bigger_text_action = self._action(["Ctrl+=", "Ctrl++"], lambda: self.change_text_size(+1))
        self.smaller_text_action = self._action(["Ctrl+-"], lambda: self.change_text_size(-1))
        self.reset_text_action = self._action(["Ctrl+0"], lambda: self.change_text_size(0))
        self.ui_language_group = QActionGroup(self)
        self.ui_language_actions: dict[UiLanguage, QAction] = {}
        for language in UiLanguage:
            action = self._action([], lambda _checked=False, language=language: self.set_ui_language(language))
            action.setCheckable(True)
            self.ui_language_group.addAction(action)
            self.ui_language_actions[language] = action
        self.shortcuts_action = self._action([QKeySequence.StandardKey.HelpContents], self.show_shortcuts)
        self.about_action = self._action([], self.show_about)
        # Only whether the export dialog exists: importing it (and the exporters) waits for first use.
        self.export_available = importlib.util.find_spec(EXPORT_DIALOG_MODULE) is not None
        self.export_action.setEnabled(self.export_available)

        menu_bar = self.menuBar()
        self.file_menu = menu_bar.addMenu("")
        self.file_menu.addActions([self.import_action, self.import_folder_action, self.export_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = menu_bar.addMenu("")
        self.edit_menu.addActions([self.undo_action, self.redo_action])
        self.edit_menu.addSeparator()
        self.edit_menu.addActions([self.find_action, self.mark_all_read_action])
        self.go_menu = menu_bar.addMenu("")
        self.go_menu.addActions([self.next_action, self.previous_action, self.next_unread_action, self.space_action])
        self.go_menu.addSeparator()
        self.go_menu.addActions(
            [self.toggle_read_action, self.bookmark_action, self.note_action, self.open_original_action]
        )
        self.view_menu = menu_bar.addMenu("")
        self.view_menu.addActions([self.russian_action, self.english_action, self.both_action])
        self.view_menu.addSeparator()
        self.view_menu.addActions(
            [self.dark_mode_action, self.bigger_text_action, self.smaller_text_action, self.reset_text_action]
        )
        self.language_menu = self.view_menu.addMenu("")
        self.language_menu.addActions(list(self.ui_language_actions.values()))
        self.help_menu = menu_bar.addMenu("")
        self.help_menu.addActions([self.shortcuts_action, self.about_action])

        self.toolbar.addAction(self.import_action)
        self.toolbar.addAction(self.mark_all_read_action)
        self.toolbar.addAction(self.bookmark_action)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.search_box)
        self.toolbar.addWidget(self.search_hint_label)

    def _connect_signals(self) -> None:
        self.filter_panel.filter_changed.connect(self._on_filter_panel_changed)
        self.search_box.textChanged.connect(self._on_search_box_text_changed)
        self.search_box.returnPressed.connect(self._on_search_timer_timeout)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self._facets_timer.timeout.connect(self.refresh_facets)
        self._poll_timer.timeout.connect(self._on_poll_timer_timeout)
        self.timeline_model.query_failed.connect(self._on_timeline_query_failed)
        self.timeline_model.filter_applied.connect(self._on_timeline_filter_applied)
        self.timeline_model.refresh_finished.connect(self._on_timeline_refreshed)
        self.timeline_model.rowsInserted.connect(self._show_count)
        self.timeline.selectionModel().selectionChanged.connect(self._on_timeline_selection_changed)
        self.timeline.painted_with_rows.connect(self.first_painted)
        self.reader.languages_changed.connect(self._on_reader_languages_changed)
        self.cancel_button.clicked.connect(self.cancel_import)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Bulletin Reader"))
        texts = {
            self.import_action: self.tr("&Import files…"),
            self.import_folder_action: self.tr("Import a &folder…"),
            self.export_action: self.tr("&Export bookmarks…"),
            self.quit_action: self.tr("&Quit"),
            self.find_action: self.tr("&Search"),
            self.mark_all_read_action: self.tr("Mark all as &read"),
            self.next_action: self.tr("&Next post"),
            self.previous_action: self.tr("&Previous post"),
            self.next_unread_action: self.tr("Next &unread post"),
            self.space_action: self.tr("Scroll, then next post"),
            self.toggle_read_action: self.tr("Toggle &read"),
            self.bookmark_action: self.tr("&Bookmark"),
            self.note_action: self.tr("&Note and tags…"),
            self.open_original_action: self.tr("&Open original in browser"),
            self.russian_action: self.tr("&Russian side"),
            self.english_action: self.tr("&English side"),
            self.both_action: self.tr("&Both sides"),
            self.dark_mode_action: self.tr("&Dark mode"),
            self.bigger_text_action: self.tr("&Bigger text"),
            self.smaller_text_action: self.tr("&Smaller text"),
            self.reset_text_action: self.tr("&Normal text size"),
            self.shortcuts_action: self.tr("&Keyboard shortcuts"),
            self.about_action: self.tr("&About Bulletin Reader"),
            self.ui_language_actions[UiLanguage.SYSTEM]: self.tr("System language"),
            self.ui_language_actions[UiLanguage.ENGLISH]: "English",
            self.ui_language_actions[UiLanguage.RUSSIAN]: "Русский",
        }
        for action, text in texts.items():
            action.setText(text)
        self.undo_action.setText(self.tr("&Undo"))
        self.redo_action.setText(self.tr("&Redo"))
        if not self.export_available:
            self.export_action.setToolTip(self.tr("Export is not available in this build"))
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.go_menu.setTitle(self.tr("&Go"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("Interface &language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.search_box.setPlaceholderText(self.tr("Search  (/)   e.g. саммит lang:ru -visa"))
        self.search_box.setAccessibleName(self.tr("Search posts"))
        self.search_box.setToolTip(
            self.tr(
                'Words, "phrases", -word, lang:ru, topic:ASEAN, source:name, is:unread, is:bookmarked, '
                "after:2025-07-01, before:2025-08-01"
            )
        )
        self.timeline.setAccessibleName(self.tr("Timeline"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel import"))
        self.progress_bar.setAccessibleName(self.tr("Import progress"))
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        self._show_count()
        if hasattr(self, "timeline"):
            self._update_topic_chips()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ settings

    def _restore_settings(self) -> None:
        settings = self._settings
        if not settings.geometry.isEmpty():
            self.restoreGeometry(settings.geometry)
        else:
            self.resize(1280, 800)
        if not settings.splitter_state.isEmpty():
            self.splitter.restoreState(settings.splitter_state)
        saved = settings.last_filter
        self.filter_panel.restore(saved)
        self.search_box.blockSignals(True)
        self.search_box.setText(saved.search)
        self.search_box.blockSignals(False)
        self.dark_mode_action.setChecked(settings.dark_mode)
        self.ui_language_actions[settings.ui_language].setChecked(True)
        languages = settings.reader_languages
        {"ru": self.russian_action, "en": self.english_action}.get(languages.value, self.both_action).setChecked(True)
        self.reader.set_languages(languages.value)

    def save_settings(self) -> None:
        settings = self._settings
        settings.geometry = self.saveGeometry()
        settings.splitter_state = self.splitter.saveState()
        settings.last_filter = self.filter_panel.saved(self.search_box.text())
        settings.reader_languages = ReaderLanguages(self.reader.languages)
        settings.sync()

    # ------------------------------------------------------------------ start

    def start(self) -> None:
        """Load the first page and the facets; start watching the library for outside changes."""
        self.apply_filter()
        self.refresh_facets()
        self._poll_timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        for timer in (self._poll_timer, self._facets_timer, self._search_timer):
            timer.stop()
        if self._import_handle is not None:
            self._import_handle.cancel()
        super().closeEvent(event)

    # ------------------------------------------------------------------ filter and search

    def current_filter(self) -> PostFilter:
        return self.filter_panel.post_filter(self.search_box.text())

    def apply_filter(self) -> None:
        self.timeline_model.set_filter(self.current_filter())

    def refresh_facets(self) -> None:
        self._facets_generation += 1
        generation = self._facets_generation

        def body(context: TaskContext) -> tuple[int, Facets, dict[str, str]]:
            facets = context.store.facets()
            return generation, facets, _russian_topic_labels([facet.key for facet in facets.topics])

        # Bound methods (not lambdas) so Qt drops the answer if the window is already gone.
        self._runner.read(body, succeeded=self._on_facets_loaded)

    def _on_facets_loaded(self, answer: tuple[int, Facets, dict[str, str]]) -> None:
        generation, facets, russian_labels = answer
        if generation == self._facets_generation:
            self._russian_topic_labels = russian_labels
            self.filter_panel.set_topic_labels(russian_labels)
            self.filter_panel.set_facets(facets)
            self._update_topic_chips()

    def _update_topic_chips(self) -> None:
        delegate = self.timeline.itemDelegate()
        if isinstance(delegate, TimelineDelegate):
            russian = QLocale().language() == QLocale.Language.Russian
            delegate.topic_labels = self._russian_topic_labels if russian else {}
            self.timeline.viewport().update()

    def _on_filter_panel_changed(self) -> None:
        self.apply_filter()

    def _on_search_box_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_search_timer_timeout(self) -> None:
        self._search_timer.stop()
        self.apply_filter()
        self.reader.set_search(self.search_box.text())

    def _on_timeline_query_failed(self, hint: str) -> None:
        self._search_hint = hint
        self.search_hint_label.setText(hint)
        self.search_hint_label.setToolTip(hint)
        self.status_label.setText(hint)

    def _on_timeline_filter_applied(self) -> None:
        self._search_hint = ""
        self.search_hint_label.clear()
        self._show_count()
        self._put_focus_on_first_row()

    def _on_timeline_refreshed(self) -> None:
        self._show_count()
        self._put_focus_on_first_row()

    def _put_focus_on_first_row(self) -> None:
        # The cursor rests on the first post without opening it, so nothing is marked read unasked.
        if self.timeline_model.rowCount() and not self.timeline.currentIndex().isValid():
            self.timeline.selectionModel().setCurrentIndex(
                self.timeline_model.index(0), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    @property
    def search_hint(self) -> str:
        return self._search_hint

    def _show_count(self, *_args: object) -> None:
        if not hasattr(self, "timeline_model"):
            return
        count = self.timeline_model.rowCount()
        more = "+" if self.timeline_model.canFetchMore(QModelIndex()) else ""
        self.count_label.setText(self.tr("%1 posts").replace("%1", f"{count}{more}"))

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    # ------------------------------------------------------------------ navigation

    def _current_row(self) -> int:
        index = self.timeline.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.timeline_model.rowCount():
            index = self.timeline_model.index(row)
            self.timeline.setCurrentIndex(index)
            self.timeline.scrollTo(index)
            if row >= self.timeline_model.rowCount() - 5:
                self.timeline_model.fetchMore(QModelIndex())

    def select_next(self) -> None:
        row = self._current_row()
        if row >= 0 and not self.timeline.selectionModel().isSelected(self.timeline.currentIndex()):
            self.select_row(row)  # the resting cursor's post has not been opened yet
        else:
            self.select_row(row + 1)

    def select_previous(self) -> None:
        self.select_row(max(0, self._current_row() - 1))

    def select_next_unread(self) -> None:
        row = self.timeline_model.next_unread_row(self._current_row())
        if row >= 0:
            self.select_row(row)
        else:
            self.status_label.setText(self.tr("No more unread posts here"))
            self.timeline_model.fetchMore(QModelIndex())

    def scroll_or_next(self) -> None:
        if not self.reader.scroll_page():
            self.select_next()

    def _on_timeline_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        index = indexes[0]
        post_id = index.data(TimelineRole.POST_ID)
        if not post_id:
            return
        self.reader.show_post(post_id, self.search_box.text())
        if not index.data(TimelineRole.READ):
            self.set_read((post_id,), True)

    def _current_post(self) -> tuple[str, bool, bool, str | None] | None:
        index = self.timeline.currentIndex()
        if not index.isValid():
            return None
        row = index.data(TimelineRole.ROW)
        if row is None:
            return None
        return row.id, row.read, row.bookmarked, row.url

    # ------------------------------------------------------------------ state changes

    def set_read(self, post_ids: Sequence[str], read: bool) -> None:
        """Mark posts read or unread: the rows change at once, the store on the write thread."""
        ids = tuple(post_ids)
        self._apply_changes(Changes(read=ids) if read else Changes(unread=ids))

        def body(context: TaskContext) -> Changes:
            return context.store.set_read(ids, read)

        self._write(body)

    def set_bookmarked(self, post_ids: Sequence[str], bookmarked: bool) -> None:
        ids = tuple(post_ids)
        self._apply_changes(Changes(bookmarked=ids) if bookmarked else Changes(unbookmarked=ids))

        def body(context: TaskContext) -> Changes:
            return context.store.set_bookmarked(ids, bookmarked)

        self._write(body)

    def _write(self, body: Callable[[TaskContext], Any]) -> TaskHandle:
        handle = self._runner.write(body, succeeded=self._on_state_written, failed=self._on_task_failed)
        return handle

    def _on_state_written(self, changes: object) -> None:
        self._acknowledge_own_write()
        if isinstance(changes, Changes):
            self.state_changed.emit(changes)
            document = self.reader.document
            if changes.noted and document is not None and document.record.post.id in changes.noted:
                self.reader.reload()
        self._facets_timer.start()

    def _on_task_failed(self, error: object) -> None:
        self.status_label.setText(self.tr("Could not save: %1").replace("%1", str(error)))

    def _apply_changes(self, changes: Changes) -> None:
        self.timeline_model.apply_changes(changes)
        document = self.reader.document
        if document is not None and (
            document.record.post.id in changes.bookmarked or document.record.post.id in changes.unbookmarked
        ):
            self.reader.reload()

    def toggle_read(self) -> None:
        current = self._current_post()
        if current is not None:
            self.set_read((current[0],), not current[1])

    def edit_note(self) -> None:
        """Edit the current post's note and tags in a dialog; saving bookmarks the post."""
        current = self._current_post()
        if current is None:
            return
        post_id = current[0]
        document = self.reader.document
        record = document.record if document is not None and document.record.post.id == post_id else None
        dialog = NoteDialog(
            record.post.title if record else "",
            record.state.note if record else "",
            record.state.tags if record else (),
            self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.save_note(post_id, dialog.note, dialog.tags)

    def save_note(self, post_id: str, note: str, tags: Sequence[str]) -> None:
        """Bookmark a post with a note and tags (user state, on the write thread)."""
        ids = (post_id,)
        chosen = tuple(tags)
        self._apply_changes(Changes(bookmarked=ids))

        def body(context: TaskContext) -> Changes:
            context.store.set_bookmarked(ids, True, note=note)
            context.store.set_tags(post_id, chosen)
            return Changes(bookmarked=ids, noted=ids)

        self._write(body)

    def toggle_bookmark(self) -> None:
        current = self._current_post()
        if current is not None:
            self.set_bookmarked((current[0],), not current[2])

    def open_original(self) -> None:
        current = self._current_post()
        if current is None or not current[3]:
            self.status_label.setText(self.tr("This post has no original link"))
            return
        url = QUrl(current[3])
        if url.scheme().lower() in SAFE_SCHEMES:
            self._url_opener(url)

    def mark_all_read(self) -> None:
        """Mark every post of the current filter read, on the write thread; undo with Ctrl+Z."""
        post_filter = self.current_filter()

        def body(context: TaskContext) -> tuple[Changes, AbstractSet[str]]:
            ids = context.store.post_ids(post_filter)
            changes = context.store.set_read(ids, True)
            # The set the timeline looks ids up in is built here, and a slice at a time: in one call
            # a million ids would hold the interpreter lock, and so the GUI thread, a tenth of a second.
            read: set[str] = set()
            for start in range(0, len(changes.read), 20_000):
                read.update(changes.read[start : start + 20_000])
            return changes, read

        self._runner.write(body, succeeded=self._on_all_marked_read, failed=self._on_task_failed)
        self.status_label.setText(self.tr("Marking all as read…"))

    def _on_all_marked_read(self, result: tuple[Changes, AbstractSet[str]]) -> None:
        changes, read = result
        self._acknowledge_own_write()
        self.timeline_model.apply_changes(changes, read=read)
        self._facets_timer.start()
        count = len(changes.read)
        self.status_label.setText(self.tr("Marked %1 posts as read (Ctrl+Z to undo)").replace("%1", str(count)))
        if count:
            self.undo_stack.push(
                MarkReadCommand(self, changes.read, self.tr("Mark %1 posts as read").replace("%1", str(count)))
            )
        self.state_changed.emit(changes)

    # ------------------------------------------------------------------ library changes

    def _acknowledge_own_write(self) -> None:
        # Our own writes come from another connection; note the version so the poll ignores them.
        if not self.isVisible():
            return
        self._data_version = self._store.data_version()

    def _on_poll_timer_timeout(self) -> None:
        version = self._store.data_version()
        latest_import = latest_import_id(self._store.db)
        if version != self._data_version or latest_import != self._latest_import:
            self._data_version = version
            self._latest_import = latest_import
            self.library_changed()

    def library_changed(self) -> None:
        """Posts were added or changed (by our import or another process): refresh in place."""
        self.timeline_model.refresh()
        self.refresh_facets()

    # ------------------------------------------------------------------ import

    def choose_import(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import bulletins"),
            "",
            self.tr("Exports and dumps (*.json *.html *.htm *.txt *.csv *.xml *.rss *.atom *.zip);;All files (*)"),
        )
        if paths:
            self.start_import([Path(path) for path in paths])

    def choose_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import a folder"))
        if folder:
            self.start_import([Path(folder)])

    @property
    def import_running(self) -> bool:
        return self._import_handle is not None

    def start_import(self, paths: Sequence[Path]) -> None:
        """Import files and folders on the write thread, with progress and Cancel in the status bar."""
        if self._import_handle is not None:
            self.status_label.setText(self.tr("An import is already running"))
            return
        chosen = list(paths)

        def body(context: TaskContext) -> Any:
            return context.library.import_paths(chosen, progress=context.report, is_cancelled=context.is_cancelled)

        self.last_import_error = ""
        handle = self._runner.write(
            body,
            progressed=self._on_import_progressed,
            succeeded=self._on_import_succeeded,
            failed=self._on_import_failed,
        )
        self._import_handle = handle
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setVisible(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.status_label.setText(self.tr("Importing %1…").replace("%1", ", ".join(path.name for path in chosen)))

    def cancel_import(self) -> None:
        if self._import_handle is not None:
            self._import_handle.cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(self.tr("Cancelling the import…"))

    def _on_import_progressed(self, progress: Any) -> None:
        linking_total = int(getattr(progress, "linking_total", 0))
        if linking_total > 0:
            # the posts are read; finding their translations in the other language can take as long again
            linking_done = int(getattr(progress, "linking_done", 0))
            self.progress_bar.setRange(0, 1000)
            self.progress_bar.setValue(int(1000 * min(1.0, linking_done / linking_total)))
            self.status_label.setText(
                self.tr("Linking translations: %1 of %2 posts")
                .replace("%1", str(linking_done))
                .replace("%2", str(linking_total))
            )
            return
        total = int(getattr(progress, "bytes_total", 0))
        if total > 0:
            self.progress_bar.setRange(0, 1000)
            self.progress_bar.setValue(int(1000 * min(1.0, getattr(progress, "bytes_done", 0) / total)))
        self.status_label.setText(
            self.tr("Importing: %1 posts read").replace("%1", str(getattr(progress, "posts_done", 0)))
        )

    def _end_import(self) -> None:
        self._import_handle = None
        self.progress_bar.setVisible(False)
        self.cancel_button.setVisible(False)

    def _on_import_succeeded(self, summary: Any) -> None:
        self._end_import()
        self.last_import_summary = summary
        self._acknowledge_own_write()
        self.library_changed()
        message = self.tr("Import finished: %1 new, %2 updated, %3 warnings").replace("%1", str(summary.new))
        message = message.replace("%2", str(summary.updated)).replace("%3", str(len(summary.warnings)))
        self.status_label.setText(message)
        details = [source.line() for source in summary.sources]
        details += [str(warning) for warning in summary.warnings[:500]]
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Import finished"), message, parent=self)
        if details:
            box.setDetailedText("\n".join(details))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.import_finished.emit(summary)

    def _on_import_failed(self, error: object) -> None:
        self._end_import()
        if isinstance(error, ImportCancelledError):
            message = self.tr("Import cancelled; the library is unchanged.")
        elif isinstance(error, ReaderError):
            message = self.tr("Import failed: %1").replace("%1", str(error))
        else:
            message = self.tr("Import failed unexpectedly: %1").replace("%1", repr(error))
        self.last_import_error = message
        self.status_label.setText(message)
        if not isinstance(error, ImportCancelledError):
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Import failed"), message, parent=self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        self.import_finished.emit(None)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_paths(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        if _local_paths(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _local_paths(event.mimeData().urls())
        if paths:
            event.acceptProposedAction()
            self.start_import(paths)

    # ------------------------------------------------------------------ looks and language

    def _on_dark_mode_toggled(self, checked: bool) -> None:
        self.set_dark_mode(bool(checked))

    def set_dark_mode(self, dark: bool) -> None:
        self.dark_mode_action.setChecked(dark)
        self._settings.dark_mode = dark
        if self._theme is not None:
            self._theme.apply(dark, self._settings.text_size)

    def change_text_size(self, step: int) -> None:
        from reader.ui.settings import DEFAULT_TEXT_SIZE

        size = DEFAULT_TEXT_SIZE if step == 0 else self._settings.text_size + step
        self._settings.text_size = size
        if self._theme is not None:
            self._theme.apply(self._settings.dark_mode, self._settings.text_size)

    def set_ui_language(self, language: UiLanguage) -> None:
        self._settings.ui_language = language
        self.ui_language_actions[language].setChecked(True)
        if self._translator is not None:
            self._translator.apply(language)

    def _on_reader_languages_changed(self, languages: str) -> None:
        {"ru": self.russian_action, "en": self.english_action}.get(languages, self.both_action).setChecked(True)
        self._settings.reader_languages = ReaderLanguages(languages)

    # ------------------------------------------------------------------ dialogs

    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(self._shortcut_actions(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _shortcut_actions(self) -> list[QAction]:
        return [
            self.next_action,
            self.previous_action,
            self.next_unread_action,
            self.space_action,
            self.toggle_read_action,
            self.bookmark_action,
            self.note_action,
            self.open_original_action,
            self.find_action,
            self.mark_all_read_action,
            self.undo_action,
            self.import_action,
            self.export_action,
            self.russian_action,
            self.english_action,
            self.both_action,
            self.bigger_text_action,
            self.smaller_text_action,
            self.dark_mode_action,
            self.shortcuts_action,
        ]

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Bulletin Reader"),
            self.tr("Bulletin Reader: Russian and English foreign-ministry bulletins, offline, side by side."),
        )

    def open_export(self) -> None:
        dialog_class = _find_export_dialog()
        if dialog_class is None:
            return
        current = self._current_post()
        selection = (current[0],) if current is not None else ()
        dialog = dialog_class(self._store.db.path.parent, self.current_filter(), self, selection=selection)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()


_GLOSSARY: list[Any] = []  # loaded once, on the first worker that needs it


def _russian_topic_labels(keys: Sequence[str]) -> dict[str, str]:
    """Russian names of glossary topics, for the filter panel in the Russian UI (runs on a worker)."""
    if not _GLOSSARY:
        from reader.text.topics import Glossary

        try:
            _GLOSSARY.append(Glossary.load())
        except ReaderError:
            _GLOSSARY.append(None)
    glossary = _GLOSSARY[0]
    if glossary is None:
        return {}
    labels = {key: glossary.topic(key).label_ru for key in keys}
    return {key: label for key, label in labels.items() if label}


def _find_export_dialog() -> Any:
    """The export engineer's dialog, when it is part of this build."""
    try:
        module = importlib.import_module(EXPORT_DIALOG_MODULE)
    except ImportError:
        return None
    return getattr(module, "ExportDialog", None)


def _local_paths(urls: Sequence[QUrl]) -> list[Path]:
    return [Path(url.toLocalFile()) for url in urls if url.isLocalFile() and url.toLocalFile()]
