"""The main window: a composition of small parts, wired here and nowhere else.

WindowLayout builds the panes, WindowActions the actions and menus, ImportController runs imports,
LibraryWatcher notices other processes, PostActions runs the user's actions on posts, ChangesFanOut
hands what changed to the views, FacetsLoader counts for the filter panel, TimelineFilter turns the
filter panel and the search box into the timeline's query and TimelineNavigator moves through it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QDragEnterEvent, QDragMoveEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from reader.store import PostFilter, Store
from reader.ui.i18n import UiTranslator
from reader.ui.models.timeline import TimelineModel
from reader.ui.settings import ReaderLanguages, Settings, UiLanguage
from reader.ui.tasks import TaskContext, TaskRunner
from reader.ui.theme import Theme
from reader.ui.views.appearance import Appearance
from reader.ui.views.changes_fan_out import ChangesFanOut
from reader.ui.views.facets_loader import FacetsLoader, RussianTopicNames, TopicLabels
from reader.ui.views.import_controller import ImportController
from reader.ui.views.library_watcher import LibraryWatcher
from reader.ui.views.navigator import TimelineNavigator
from reader.ui.views.post_actions import PostActions
from reader.ui.views.post_commands import PostCommands
from reader.ui.views.reader_pane import UrlOpener
from reader.ui.views.refresh_controller import RefreshController, SourceState
from reader.ui.views.shortcuts_dialog import ShortcutsDialog
from reader.ui.views.sources_menu import SourcesMenu
from reader.ui.views.status_line import StatusLine
from reader.ui.views.timeline_filter import TimelineFilter
from reader.ui.views.timeline_menu import TimelineMenu
from reader.ui.views.window_actions import WindowActions
from reader.ui.views.window_layout import WindowLayout

if TYPE_CHECKING:
    from reader.importing.service import ImportSummary
    from reader.operations.subscriptions import RefreshReport

# The work a start leaves for after the first painted timeline begins after this long at the latest (a
# window started minimised, or a first query that failed, never paints a timeline).
AFTER_START_AT_LATEST_MS = 3000

LibraryCheck = Callable[[Store], object]
"""SQLite's check of the content left for after the first paint (reader.importing.recovery.ContentCheck.run):
run on the write thread with that thread's store; it raises a damage error when the library is damaged."""


class MainWindow(QMainWindow):
    """The app's window. Receives everything it needs; app.py does the wiring.

    Signals:
        first_painted(): the timeline has painted its first answer (from TimelineView).
        library_checked(bool): the check left for after the first paint ended; False when it failed (damage
            found goes to the runner's damage_found as well).
    """

    library_checked = Signal(bool)

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        settings: Settings,
        translator: UiTranslator | None = None,
        theme: Theme | None = None,
        url_opener: UrlOpener | None = None,
        parent: QWidget | None = None,
        *,
        russian_topic_labels: TopicLabels | None = None,
        library_check: LibraryCheck | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._library_check = library_check
        self._after_start: list[Callable[[], object]] | None = []  # None once the after-start work began
        self.library_check_done = library_check is None
        self._settings = settings
        self._url_opener: UrlOpener = url_opener or QDesktopServices.openUrl
        self.undo_stack = QUndoStack(self)
        self.timeline_model = TimelineModel(store, runner, self)
        self.window_layout = WindowLayout(self, self.timeline_model, runner, self._url_opener)
        self.filter_panel = self.window_layout.filter_panel
        self.timeline = self.window_layout.timeline
        self.reader = self.window_layout.reader
        self.search_box = self.window_layout.search_box
        self.status_label = self.window_layout.status_label
        self.status_line = StatusLine(self.status_label, self)
        self.window_actions = WindowActions(self, self.undo_stack)
        self.window_actions.add_to_toolbar(self.window_layout.toolbar)
        self.window_layout.finish_toolbar()
        self.appearance = Appearance(settings, theme, translator, self.window_actions, self.reader, self)
        self.watcher = LibraryWatcher(store, self)
        self.facets = FacetsLoader(
            runner,
            russian_topic_labels or RussianTopicNames(),
            self.filter_panel,
            self.timeline,
            self.reader,
            self.current_filter,
            self,
        )
        self.changes = ChangesFanOut(self.timeline_model, self.reader, self.facets, self.watcher, self)
        self.post_actions = PostActions(runner, self.changes, self.undo_stack, self)
        self.imports = ImportController(runner, self.window_layout.progress_bar, self.window_layout.cancel_button, self)
        self.refreshes = RefreshController(
            runner, self.window_layout.progress_bar, self.window_layout.cancel_button, self
        )
        self.sources_menu = SourcesMenu(
            self.filter_panel.sources_view,
            self.refreshes,
            self._url_opener,
            self,
            self.filter_panel.rename_source_action,
            self.post_actions.rename_source,
        )
        self.navigator = TimelineNavigator(self.timeline, self.reader, self.post_actions, self.search_box.text, self)
        self.first_painted = self.timeline.painted_with_rows
        self.timeline_filter = TimelineFilter(
            self.filter_panel,
            self.search_box,
            self.window_layout.search_hint_label,
            self.window_layout.count_label,
            self.timeline_model,
            self.reader,
            self.navigator,
            runner,
            self.window_layout.filter_banner,
            self,
        )
        self.post_commands = PostCommands(
            runner, self.navigator, self.reader, self.post_actions, self._url_opener, self
        )
        self.timeline_menu = TimelineMenu(
            self.post_actions, self.current_filter, self.post_commands.open_original, self.post_commands.edit_note, self
        )
        self._connect_signals()
        self.retranslate_ui()
        self._restore_settings()

    def _connect_signals(self) -> None:
        actions = self.window_actions
        navigator = self.navigator
        triggered = {
            actions.subscribe_action: self.open_subscribe,
            actions.refresh_action: self.refreshes.refresh_all,
            actions.import_action: self.imports.choose_files,
            actions.import_folder_action: self.imports.choose_folder,
            actions.export_action: self.open_export,
            actions.quit_action: self.close,
            actions.find_action: self.timeline_filter.focus_search,
            actions.mark_all_read_action: self.mark_all_read,
            actions.next_action: navigator.select_next,
            actions.previous_action: navigator.select_previous,
            actions.next_unread_action: navigator.select_next_unread,
            actions.space_action: navigator.scroll_or_next,
            actions.toggle_read_action: navigator.toggle_read,
            actions.bookmark_action: navigator.toggle_bookmark,
            actions.open_original_action: lambda: self.post_commands.open_original(),
            actions.note_action: lambda: self.post_commands.edit_note(),
            actions.next_passage_action: lambda: self.reader.move_passage(1),
            actions.previous_passage_action: lambda: self.reader.move_passage(-1),
            actions.confirm_pair_action: lambda: self.reader.decide_selected_pair("confirmed"),
            actions.reject_pair_action: lambda: self.reader.decide_selected_pair("rejected"),
            actions.repair_action: self.reader.ask_repair,
            actions.shortcuts_action: self.show_shortcuts,
            actions.reset_layout_action: self.window_layout.reset_panes,
            actions.about_action: self.show_about,
        }
        for action, slot in triggered.items():
            action.triggered.connect(slot)
        actions.search_both_languages_action.toggled.connect(self._on_search_both_languages_toggled)
        # Space reads on only where reading happens (see WindowActions).
        actions.space_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.timeline.addAction(actions.space_action)
        self.reader.addAction(actions.space_action)

        self.watcher.library_changed.connect(self.library_changed)
        self.timeline_model.filter_applied.connect(self._on_filter_applied)
        self.filter_panel.source_rename_requested.connect(self.post_actions.rename_source)
        self.imports.import_finished.connect(self._on_import_finished)
        self.timeline.row_menu_requested.connect(self.timeline_menu.show_for)
        self.refreshes.refresh_finished.connect(self._on_refresh_finished)
        self.refreshes.subscribed.connect(self._on_refresh_finished)
        self.refreshes.states_changed.connect(self._on_source_states_changed)
        actions.refresh_on_start_action.toggled.connect(self._on_refresh_on_start_toggled)
        parts = (self.imports, self.post_actions, self.navigator, self.timeline_filter, self.timeline_menu)
        for part in (*parts, self.post_commands, self.refreshes):
            part.status_changed.connect(lambda text, part=part: self.status_line.show(text, part))
        for part in (self.post_actions, self.navigator, self.timeline_filter):
            part.status_cleared.connect(lambda part=part: self.status_line.clear(part))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Bulletin Reader"))
        self.window_actions.retranslate_ui()
        self.window_layout.retranslate_ui()
        self.timeline_filter.show_count()
        self.facets.update_topic_chips()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "facets"):
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ settings and life cycle

    def _restore_settings(self) -> None:
        settings = self._settings
        if not settings.geometry.isEmpty():
            self.restoreGeometry(settings.geometry)
        else:
            self.resize(1280, 800)
        self.window_layout.restore_splitter(settings.splitter_state)
        saved = settings.last_filter
        self.filter_panel.restore(saved)
        self.search_box.blockSignals(True)
        self.search_box.setText(saved.search)
        self.search_box.blockSignals(False)
        self.appearance.restore()
        self.window_actions.refresh_on_start_action.setChecked(settings.refresh_on_start)
        self.window_actions.search_both_languages_action.setChecked(settings.search_both_languages)
        self.timeline_filter.set_search_both_languages(settings.search_both_languages)
        self.timeline_filter.mark_restored()

    def _on_search_both_languages_toggled(self, checked: bool) -> None:
        self._settings.search_both_languages = checked
        self.timeline_filter.set_search_both_languages(checked)

    def save_settings(self) -> None:
        settings = self._settings
        settings.geometry = self.saveGeometry()
        settings.splitter_state = self.window_layout.splitter.saveState()
        settings.last_filter = self.filter_panel.saved(self.search_box.text())
        settings.reader_languages = ReaderLanguages(self.reader.languages)
        settings.sync()

    def start(self) -> None:
        """Load the first page; the rest of the start waits for it to be painted (see `after_start`).

        Only the first page's query runs before the first paint. Then: the filter panel's counts, watching
        the library for outside changes, the work given to `after_start`, and the content's check; once that
        has passed, the background writes: the linking an interrupted import left and the refreshes.
        """
        self.timeline_filter.apply()
        # Queued: the paint that emits it ends first.
        self.first_painted.connect(self._start_the_rest, Qt.ConnectionType.QueuedConnection)
        QTimer.singleShot(AFTER_START_AT_LATEST_MS, self, self._start_the_rest)

    def _on_filter_applied(self) -> None:
        # The counts of the first answer come with the rest of the start: counting 100,000 posts on a worker
        # would hold up the first paint (the GUI thread waits for the interpreter lock).
        if self._after_start is None:
            self.facets.refresh()

    def after_start(self, work: Callable[[], object]) -> None:
        """Run `work` on the GUI thread once the first page has painted (at once if it has already)."""
        if self._after_start is None:
            work()
        else:
            self._after_start.append(work)

    def _start_the_rest(self) -> None:
        if self._after_start is None:
            return
        waiting, self._after_start = self._after_start, None
        self.facets.refresh()
        self.watcher.start()
        self._runner.read(_load_reading_modules)
        for work in waiting:
            work()
        check = self._library_check
        if check is None:
            self._start_writing()
            return

        def body(context: TaskContext) -> object:
            return check(context.store)

        # On the write thread, so an import the user starts meanwhile waits for it too.
        self._runner.write(body, succeeded=self._on_library_check_passed, failed=self._on_library_check_failed)

    def _start_writing(self) -> None:
        """The background work that writes to the content: only into a library the check has passed."""
        self.imports.resume_linking()
        self.refreshes.start(self._settings.refresh_on_start)

    def _on_library_check_passed(self, _verdict: object) -> None:
        self.library_check_done = True
        self._start_writing()
        self.library_checked.emit(True)

    def _on_library_check_failed(self, error: Exception) -> None:
        from reader.importing.recovery import is_damage

        self.library_check_done = True
        if not is_damage(error):  # busy, say: the start goes on as after a check whose time budget ran out
            self._start_writing()
        self.library_checked.emit(False)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._after_start = None  # closed before its first paint: what waited for it never starts
        self.save_settings()
        self.timeline_filter.stop()
        self.watcher.stop()
        self.facets.stop()
        self.imports.stop()
        self.refreshes.stop()
        super().closeEvent(event)

    def library_changed(self) -> None:
        """Posts were added or changed (by our import or another process): refresh in place."""
        self.changes.content_changed()

    def _on_import_finished(self, summary: ImportSummary | None) -> None:
        if summary is not None:
            self.changes.content_changed(own=True)

    def _on_refresh_finished(self, report: RefreshReport | None) -> None:
        if report is not None and report.changes:
            # New posts slot into the open timeline; the selection and the scroll position stay.
            self.changes.content_changed(own=True)

    def _on_source_states_changed(self, states: dict[str, SourceState]) -> None:
        self.filter_panel.sources_model.set_states({key: (state.status, state.reason) for key, state in states.items()})

    def _on_refresh_on_start_toggled(self, checked: bool) -> None:
        self._settings.refresh_on_start = checked

    def open_subscribe(self) -> None:
        from reader.ui.views.subscribe_dialog import SubscribeDialog  # loaded when first asked for

        dialog = SubscribeDialog(self.refreshes, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def current_filter(self) -> PostFilter:
        return self.timeline_filter.current()

    def apply_filter(self) -> None:
        self.timeline_filter.apply()

    @property
    def search_hint(self) -> str:
        return self.timeline_filter.hint

    # ------------------------------------------------------------------ actions on posts

    def select_row(self, row: int) -> None:
        self.navigator.select_row(row)

    def set_read(self, post_ids: Sequence[str], read: bool) -> None:
        self.post_actions.set_read(post_ids, read)

    def set_bookmarked(self, post_ids: Sequence[str], bookmarked: bool) -> None:
        self.post_actions.set_bookmarked(post_ids, bookmarked)

    def mark_all_read(self) -> None:
        """Mark every post of the current filter read, on the write thread; undo with Ctrl+Z."""
        self.post_actions.mark_all_read(self.current_filter())

    # ------------------------------------------------------------------ imports

    @property
    def import_running(self) -> bool:
        return self.imports.running

    @property
    def last_import_error(self) -> str:
        return self.imports.last_error

    def start_import(self, paths: Sequence[Path]) -> None:
        self.imports.start(paths)

    def choose_import(self) -> None:
        self.imports.choose_files()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_paths(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if _local_paths(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _local_paths(event.mimeData().urls())
        if paths:
            event.acceptProposedAction()
            self.imports.start(paths)

    # ------------------------------------------------------------------ looks and language

    def set_dark_mode(self, dark: bool) -> None:
        self.appearance.set_dark_mode(dark)

    def set_ui_language(self, language: UiLanguage) -> None:
        self.appearance.set_ui_language(language)

    # ------------------------------------------------------------------ dialogs

    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(self.window_actions.shortcut_actions(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Bulletin Reader"),
            self.tr("Bulletin Reader: Russian and English foreign-ministry bulletins, offline, side by side."),
        )

    def open_export(self) -> None:
        # Imported on first use: the exporters are not needed to show the window.
        from reader.ui.views.export_dialog import ExportDialog

        current = self.navigator.current_row()
        selection = (current.id,) if current is not None else ()
        dialog = ExportDialog(self._runner, self.current_filter(), self, selection=selection)
        dialog.export_finished.connect(self._on_export_finished)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_export_finished(self, path: str, count: int, without_own_url: int) -> None:
        if count == 1:
            message = self.tr("Exported 1 post to %1").replace("%1", path)
        else:
            message = self.tr("Exported %n posts to %1", "", count).replace("%1", path)
        if without_own_url:
            message += " " + self.tr("(%n without an address of their own)", "", without_own_url)
        self.status_line.show(message)


def _load_reading_modules(_context: TaskContext) -> object:
    """Load, on a worker after the first paint, what the first search and the first post shown need.

    Left to their first use, the glossaries' forms (to widen a search to the other language) would load
    on the GUI thread at the first key typed in the search box, and the aligner with the first post.
    """
    from reader.align import evidence, linking
    from reader.align.other_forms import default_form_index
    from reader.align.translit import name_stem

    default_form_index()
    return (evidence, linking, name_stem)


def _local_paths(urls: Sequence[QUrl]) -> list[Path]:
    return [Path(url.toLocalFile()) for url in urls if url.isLocalFile() and url.toLocalFile()]
