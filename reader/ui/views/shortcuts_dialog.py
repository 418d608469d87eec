"""Help → Keyboard shortcuts: a sheet built from the window's actions, so it never goes stale."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

SHEET_KEYS = "sheet_keys"
"""The QAction property naming the shortcuts the sheet lists (portable text), when not all of them."""


def key_text(sequence: QKeySequence) -> str:
    """A shortcut as a reader types it: letters alone in lower case (j, not J), modifiers as usual."""
    text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
    return text.lower() if len(text) == 1 and text.isalpha() else text


def sheet_keys(action: QAction) -> list[QKeySequence]:
    shown = action.property(SHEET_KEYS)
    if isinstance(shown, list):
        return [QKeySequence(str(text)) for text in shown]
    return list(action.shortcuts())


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
        self.resize(460, 600)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.sheet.setAccessibleName(self.tr("Keyboard shortcuts"))
        rows = []
        for action in self._actions:
            keys = ",  ".join(key_text(shortcut) for shortcut in sheet_keys(action))
            if not keys:
                continue
            label = action.text().replace("&", "").rstrip("…")
            rows.append(f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(label)}</td></tr>")
        self.sheet.setHtml(f'<table cellpadding="5">{"".join(rows)}</table>')

    def actions_listed(self) -> list[QAction]:
        return list(self._actions)
