"""The message shown after a damaged library was recovered, offering to re-import the user's files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from reader.importing.recovery_report import RecoveryReport


class RecoveryDialog(QMessageBox):
    """Says what recovery did (file kept aside, state restored) and offers to import again.

    The dialog is window-modal and opened with `open()`, so it never blocks the event loop.

    Signals:
        reimport_requested(list): the user asked to re-import; the paths the damaged library had
            imported and that still exist (empty when they are unknown: ask for files then).
    """

    reimport_requested = Signal(list)

    def __init__(self, report: RecoveryReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._report = report
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Library recovered"))
        self.setText(self._report.summary)
        # The CLI prints the same lines; the re-import command line is left out here, the button does it.
        lines = [line for line in self._report.lines()[1:] if not line.lstrip().startswith("bulletin-reader import")]
        lines = [line for line in lines if not line.startswith("Re-import your files")]
        self.setInformativeText("\n\n".join(lines))
        if self._report.reimport:
            label = self.tr("Re-import %n file(s)", "", len(self._report.reimport))
            self.setDetailedText("\n".join(self._report.reimport))
        else:
            label = self.tr("Import files…")
        self.reimport_button = self.addButton(label, QMessageBox.ButtonRole.AcceptRole)
        self.close_button = self.addButton(QMessageBox.StandardButton.Close)
        self.setDefaultButton(self.reimport_button)

    def _connect_signals(self) -> None:
        self.reimport_button.clicked.connect(self._on_reimport_button_clicked)

    def _on_reimport_button_clicked(self) -> None:
        self.reimport_requested.emit([Path(path) for path in self._report.reimport])
