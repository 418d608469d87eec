"""Imports started from the window: file choosers, progress and Cancel in the status bar, the result."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressBar, QPushButton, QWidget

from reader.errors import ImportCancelledError, ReaderError
from reader.ui.tasks import ProgressContext, TaskHandle, TaskRunner

if TYPE_CHECKING:  # the import service pulls in the whole pipeline; it loads on the first import
    from reader.importing.service import ImportProgress, ImportSummary


class ImportController(QObject):
    """Runs one import at a time on the write thread and tells the user how it went.

    Signals:
        import_finished(object): an import ended; the ImportSummary, or None when it failed or was cancelled.
        status_changed(str): a line for the status bar.
    """

    import_finished = Signal(object)
    status_changed = Signal(str)

    def __init__(
        self, runner: TaskRunner, progress_bar: QProgressBar, cancel_button: QPushButton, window: QWidget
    ) -> None:
        super().__init__(window)
        self._runner = runner
        self._progress_bar = progress_bar
        self._cancel_button = cancel_button
        self._window = window
        self._handle: TaskHandle[ImportSummary] | None = None
        self._linking: TaskHandle[bool] | None = None  # finishing what an interrupted import left
        self.last_summary: ImportSummary | None = None
        self.last_error = ""
        cancel_button.clicked.connect(self.cancel)

    @property
    def running(self) -> bool:
        return self._handle is not None

    def choose_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self._window,
            self.tr("Import bulletins"),
            "",
            self.tr("Exports and dumps (*.json *.html *.htm *.txt *.csv *.xml *.rss *.atom *.zip);;All files (*)"),
        )
        if paths:
            self.start([Path(path) for path in paths])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._window, self.tr("Import a folder"))
        if folder:
            self.start([Path(folder)])

    def start(self, paths: Sequence[Path]) -> None:
        """Import files and folders on the write thread, with progress and Cancel in the status bar."""
        if self._handle is not None:
            self.status_changed.emit(self.tr("An import is already running"))
            return
        chosen = list(paths)
        if self._linking is not None:  # the import links everything waiting, this leftover included
            self._linking.cancel()

        def body(context: ProgressContext[ImportProgress]) -> ImportSummary:
            return context.library.import_paths(chosen, progress=context.report, is_cancelled=context.is_cancelled)

        self.last_error = ""
        self._handle = self._runner.write_reporting(
            body, progressed=self.show_progress, succeeded=self._on_succeeded, failed=self._on_failed
        )
        self._progress_bar.setRange(0, 0)
        self._progress_bar.setVisible(True)
        self._cancel_button.setVisible(True)
        self._cancel_button.setEnabled(True)
        self.status_changed.emit(self.tr("Importing %1…").replace("%1", ", ".join(path.name for path in chosen)))

    def resume_linking(self) -> None:
        """Link, on the write thread, the posts an interrupted import left (a crash, a cancel, `--no-link`).

        Shows its progress like an import's linking; a new import cancels it and takes the rest over.
        """
        if self._handle is not None or self._linking is not None:
            return

        def body(context: ProgressContext[ImportProgress]) -> bool:
            from reader.importing.service import ImportProgress

            def linked(done: int, total: int) -> None:
                context.report(ImportProgress("", 0, 1, 0, 0, 0, done, total))

            return context.library.link(context.is_cancelled, linked)

        self._linking = self._runner.write_reporting(
            body, progressed=self._show_linking, succeeded=self._on_linked, failed=self._on_linking_failed
        )

    def _show_linking(self, progress: ImportProgress) -> None:
        if self._handle is None:  # an import took over: its own progress is shown
            self._progress_bar.setVisible(True)
            self.show_progress(progress)

    def _on_linked(self, _finished: bool) -> None:
        self._linking = None
        if self._handle is None and self._progress_bar.isVisible():
            self._progress_bar.setVisible(False)
            self.status_changed.emit("")

    def _on_linking_failed(self, error: Exception) -> None:
        # the links stay waiting in the library; the next import or start tries again
        self._on_linked(False)
        self.status_changed.emit(self.tr("Import failed: %1").replace("%1", str(error)))

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._cancel_button.setEnabled(False)
            self.status_changed.emit(self.tr("Cancelling the import…"))

    def show_progress(self, progress: ImportProgress) -> None:
        if progress.linking_total > 0:
            # the posts are read; finding their translations in the other language can take as long again
            self._progress_bar.setRange(0, 1000)
            self._progress_bar.setValue(int(1000 * min(1.0, progress.linking_done / progress.linking_total)))
            self.status_changed.emit(
                self.tr("Linking translations: %1 of %2 posts")
                .replace("%1", str(progress.linking_done))
                .replace("%2", str(progress.linking_total))
            )
            return
        if progress.bytes_total > 0:
            self._progress_bar.setRange(0, 1000)
            self._progress_bar.setValue(int(1000 * min(1.0, progress.bytes_done / progress.bytes_total)))
        self.status_changed.emit(self.tr("Importing: %1 posts read").replace("%1", str(progress.posts_done)))

    def _end(self) -> None:
        self._handle = None
        self._progress_bar.setVisible(False)
        self._cancel_button.setVisible(False)

    def _on_succeeded(self, summary: ImportSummary) -> None:
        self._end()
        self.last_summary = summary
        message = self.tr("Import finished: %1 new, %2 updated, %3 warnings").replace("%1", str(summary.new))
        message = message.replace("%2", str(summary.updated)).replace("%3", str(len(summary.warnings)))
        self.status_changed.emit(message)
        details = [source.line() for source in summary.sources]
        details += summary.state_lines  # what the state carried by a Bulletin Reader export changed
        details += [str(warning) for warning in summary.warnings[:500]]
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Import finished"), message, parent=self._window)
        if details:
            box.setDetailedText("\n".join(details))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.import_finished.emit(summary)

    def _on_failed(self, error: Exception) -> None:
        self._end()
        if isinstance(error, ImportCancelledError):
            message = self.tr("Import cancelled; the library is unchanged.")
        elif isinstance(error, ReaderError):
            message = self.tr("Import failed: %1").replace("%1", str(error))
        else:
            message = self.tr("Import failed unexpectedly: %1").replace("%1", repr(error))
        self.last_error = message
        self.status_changed.emit(message)
        if not isinstance(error, ImportCancelledError):
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Import failed"), message, parent=self._window)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        self.import_finished.emit(None)

    def stop(self) -> None:
        """The window closes: a running import is cancelled (its posts' transaction rolls back; linking
        that has begun keeps what it committed and the rest waits in the library)."""
        if self._handle is not None:
            self._handle.cancel()
        if self._linking is not None:
            self._linking.cancel()
