"""The dialog that edits a bookmark's note and the user's tags of one post."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class NoteDialog(QDialog):
    """Note and comma-separated tags; saving them also bookmarks the post."""

    def __init__(self, title: str, note: str, tags: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._setup_ui(title, note, tags)

    def _setup_ui(self, title: str, note: str, tags: Sequence[str]) -> None:
        self.setWindowTitle(self.tr("Note and tags"))
        self.note_edit = QPlainTextEdit(note)
        self.note_edit.setAccessibleName(self.tr("Note"))
        self.note_edit.setPlaceholderText(self.tr("Why this post matters, what to follow up…"))
        self.tags_edit = QLineEdit(", ".join(tags))
        self.tags_edit.setAccessibleName(self.tr("Tags"))
        self.tags_edit.setPlaceholderText(self.tr("comma-separated, e.g. brief, follow-up"))
        form = QFormLayout()
        form.addRow(self.tr("Note:"), self.note_edit)
        form.addRow(self.tr("Tags:"), self.tags_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if title:
            self.setWindowTitle(self.tr("Note and tags: %1").replace("%1", title[:60]))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, 300)

    @property
    def note(self) -> str:
        return self.note_edit.toPlainText().strip()

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(tag.strip() for tag in self.tags_edit.text().split(",") if tag.strip()))
