"""Help → Keyboard shortcuts: a sheet built from the window's actions, so it never goes stale."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget


class ShortcutsDialog(QDialog):
    def __init__(self, actions: Sequence[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actions = list(actions)
        self._setup_ui()
        self.retranslate_ui()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.sheet = QTextBrowser(self)
        layout.addWidget(self.sheet)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 560)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.sheet.setAccessibleName(self.tr("Keyboard shortcuts"))
        rows = []
        for action in self._actions:
            keys = ",  ".join(
                shortcut.toString(QKeySequence.SequenceFormat.NativeText) for shortcut in action.shortcuts()
            )
            label = action.text().replace("&", "").rstrip("…")
            rows.append(f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(label)}</td></tr>")
        self.sheet.setHtml(f'<table cellpadding="5">{"".join(rows)}</table>')

    def actions_listed(self) -> list[QAction]:
        return list(self._actions)
