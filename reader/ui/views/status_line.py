"""The status bar's message line: each message belongs to the part that showed it and goes with its cause."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel


class StatusLine(QObject):
    """Shows one message at a time and remembers whose it is.

    A part clears only its own message ("A phrase is missing its closing quote" goes when the search
    is fixed, not when an import reports progress), so a message never outlives its cause.
    """

    def __init__(self, label: QLabel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._label = label
        self._owner: object = None

    def show(self, text: str, owner: object = None) -> None:
        self._owner = owner
        self._label.setText(text)

    def clear(self, owner: object = None) -> None:
        """Clear the message if `owner` showed it (any message when owner is None)."""
        if owner is None or owner is self._owner:
            self._owner = None
            self._label.clear()

    @property
    def text(self) -> str:
        return self._label.text()
