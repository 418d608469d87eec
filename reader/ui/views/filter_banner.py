"""A line above the timeline that says why it shows less than everything, with one click to show all."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class FilterBanner(QFrame):
    """Hidden until there is something to say: an empty answer, or filters restored from the last session."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.clear_button = QPushButton(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.clear_button)
        self.setVisible(False)

    def show_message(self, text: str, button_text: str) -> None:
        self.message.setText(text)
        self.clear_button.setText(button_text)
        self.setVisible(True)

    def hide_message(self) -> None:
        self.setVisible(False)
        self.message.clear()
