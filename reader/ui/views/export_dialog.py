"""The export dialog (Ctrl+E): format, scope and destination; the export runs on a worker thread."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reader.export.service import FOLDER_FORMATS, FORMATS, QT_FORMATS, ExportReport, export_posts
from reader.store import PostFilter
from reader.ui.tasks import TaskContext, TaskHandle, TaskRunner

BOOKMARKS, CURRENT_FILTER, SELECTION = "bookmarks", "filter", "selection"


class ExportDialog(QDialog):
    """Export bookmarks, the posts of the current filter or the selected posts to a file.

    An existing file is replaced only after the user agrees; the export itself runs on a worker
    thread (with its own store connection) so the window stays responsive.

    Signals:
        export_finished(str, int, int): the file (or folder) written, the number of posts (or bookmarks)
            in it, and how many of them have no address of their own.
        export_failed(str): the message shown to the user when the export failed.
    """

    export_finished = Signal(str, int, int)
    export_failed = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        current_filter: PostFilter | None = None,
        parent: QWidget | None = None,
        *,
        selection: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self._current_filter = current_filter or PostFilter()
        self._selection = tuple(selection)
        self._runner = runner
        self._handle: TaskHandle[ExportReport] | None = None
        self._setup_ui()
        self._connect_signals()
        self.retranslate_ui()
        self._on_format_changed()

    # ------------------------------------------------------------------ construction

    def _setup_ui(self) -> None:
        self.format_box = QComboBox(self)
        for key in FORMATS:
            self.format_box.addItem("", key)
        self._scope_group = QButtonGroup(self)
        self.scope_bookmarks = QRadioButton(self)
        self.scope_filter = QRadioButton(self)
        self.scope_selection = QRadioButton(self)
        for button in (self.scope_bookmarks, self.scope_filter, self.scope_selection):
            self._scope_group.addButton(button)
        self.scope_bookmarks.setChecked(True)
        self.scope_selection.setEnabled(bool(self._selection))
        scope_box = QVBoxLayout()
        scope_box.addWidget(self.scope_bookmarks)
        scope_box.addWidget(self.scope_filter)
        scope_box.addWidget(self.scope_selection)
        self.path_edit = QLineEdit(self)
        self.path_edit.setText(str(self._default_folder() / f"bulletin-bookmarks-{date.today().isoformat()}"))
        self.browse_button = QPushButton(self)
        destination = QHBoxLayout()
        destination.addWidget(self.path_edit, 1)
        destination.addWidget(self.browse_button)
        self.form = QFormLayout()
        self.form.addRow("", self.format_box)
        self.form.addRow("", scope_box)
        self.form.addRow("", destination)
        self.note_label = QLabel(self)
        self.note_label.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # an export has no useful fraction; show activity
        self.progress.setVisible(False)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.note_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def _connect_signals(self) -> None:
        self.format_box.currentIndexChanged.connect(self._on_format_changed)
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Export"))
        labels = {
            "html": self.tr("Browser bookmarks (HTML, for Firefox, Chrome, Raindrop)"),
            "md": self.tr("Markdown notes, one per post, in a folder (Obsidian)"),
            "md-file": self.tr("Markdown, all posts in one file (to paste)"),
            "json": self.tr("Bulletin Reader JSON (complete, can be imported again)"),
            "csv": self.tr("Spreadsheet (CSV, UTF-8)"),
            "csljson": self.tr("Zotero (CSL-JSON)"),
            "pdf": self.tr("PDF reading pack, both languages in columns"),
        }
        for row in range(self.format_box.count()):
            key = self.format_box.itemData(row)
            self.format_box.setItemText(row, labels.get(key, FORMATS[key][0]))
        self.scope_bookmarks.setText(self.tr("Bookmarks"))
        self.scope_filter.setText(self.tr("Posts of the current filter"))
        self.scope_selection.setText(self.tr("Selected posts (%1)").replace("%1", str(len(self._selection))))
        self.browse_button.setText(self.tr("Choose…"))
        self.export_button.setText(self.tr("Export"))
        self.note_label.setText(self.tr("Posts are exported together with their translation when one is known."))
        self._set_row_labels()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _set_row_labels(self) -> None:
        for row, text in enumerate((self.tr("Format:"), self.tr("Export:"), self.tr("Save to:"))):
            item = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel):
                widget.setText(text)

    # ------------------------------------------------------------------ choices

    def selected_format(self) -> str:
        return str(self.format_box.currentData())

    def set_format(self, key: str) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(key))

    def set_scope(self, scope: str) -> None:
        {BOOKMARKS: self.scope_bookmarks, CURRENT_FILTER: self.scope_filter, SELECTION: self.scope_selection}[
            scope
        ].setChecked(True)

    def destination(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def export_filter(self) -> PostFilter:
        """The posts the chosen scope covers."""
        if self.scope_selection.isChecked() and self._selection:
            return PostFilter(post_ids=self._selection)
        if self.scope_filter.isChecked():
            return self._current_filter
        return PostFilter(bookmarked=True)

    def _on_format_changed(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            return
        suffix = FORMATS[self.selected_format()][1]
        path = Path(text)
        known = {item[1] for item in FORMATS.values()}
        stem = path.with_suffix("") if path.suffix in known else path
        self.path_edit.setText(str(stem) + suffix)

    def _on_browse_clicked(self) -> None:
        suffix = FORMATS[self.selected_format()][1]
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export to"),
            str(self.destination()),
            f"*{suffix}",
            options=QFileDialog.Option.DontConfirmOverwrite,  # start_export asks, once, in our words
        )
        if chosen:
            self.path_edit.setText(chosen if Path(chosen).suffix else chosen + suffix)

    def _default_folder(self) -> Path:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(folder) if folder and Path(folder).is_dir() else Path.home()

    # ------------------------------------------------------------------ export

    def ask_overwrite(self, path: Path) -> bool:
        """Ask before replacing an existing file."""
        answer = QMessageBox.question(
            self,
            self.tr("Replace file?"),
            self.tr("%1 already exists. Replace it?").replace("%1", str(path)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_add_to_folder(self, path: Path) -> bool:
        """Ask before writing notes into a folder that holds files already."""
        answer = QMessageBox.question(
            self,
            self.tr("Add to folder?"),
            self.tr("%1 is not empty. Add the notes to it (notes of the same name are replaced)?").replace(
                "%1", str(path)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def start_export(self) -> None:
        """Check the destination, ask before overwriting, then run the export on a worker thread."""
        if self._handle is not None:
            return
        if not self.path_edit.text().strip():
            self._show_error(self.tr("Choose where to save the export."))
            return
        path = self.destination()
        fmt = self.selected_format()
        force = False
        if fmt in FOLDER_FORMATS and path.is_dir() and any(path.iterdir()):
            if not self.ask_add_to_folder(path):
                return
            force = True
        elif fmt not in FOLDER_FORMATS and path.exists() and not path.is_dir():
            if not self.ask_overwrite(path):
                return
            force = True
        post_filter = self.export_filter()

        def body(context: TaskContext) -> ExportReport:
            if fmt in QT_FORMATS:
                from reader.ui.pdf_export import export_pdf

                return ExportReport(export_pdf(context.store, post_filter, path, force=force))
            return export_posts(context.store, post_filter, fmt, path, force=force)

        self._set_busy(True)
        self.status_label.setText(self.tr("Exporting…"))
        self._handle = self._runner.read(
            body, succeeded=lambda report: self._on_export_succeeded(path, report), failed=self._on_export_failed
        )

    def wait(self, msecs: int = -1) -> bool:
        """Wait for a running export (tests and shutdown)."""
        return self._runner.wait(msecs)

    def _on_export_succeeded(self, path: Path, report: ExportReport) -> None:
        self._handle = None
        self._set_busy(False)
        self.status_label.setText(
            self.tr("Exported %1 posts to %2").replace("%1", str(report.posts)).replace("%2", str(path))
        )
        self.export_finished.emit(str(path), report.posts, report.without_own_url)
        self.accept()

    def _on_export_failed(self, error: Exception) -> None:
        self._handle = None
        self._set_busy(False)
        self._show_error(str(error))
        self.export_failed.emit(str(error))

    def _show_error(self, message: str) -> None:
        self.status_label.setText(message)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        for widget in (self.format_box, self.path_edit, self.browse_button, self.export_button):
            widget.setEnabled(not busy)
        for button in self._scope_group.buttons():
            button.setEnabled(not busy and (button is not self.scope_selection or bool(self._selection)))

    def done(self, result: int) -> None:
        if self._handle is not None:
            # The file is being written; closing now would leave the user unsure whether it exists.
            self.status_label.setText(self.tr("Still exporting… the dialog closes when the file is written."))
            return
        super().done(result)
