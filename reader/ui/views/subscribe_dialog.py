"""File → Subscribe…: paste a link or @name, see what it is, then follow it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reader.ui.views.refresh_controller import RefreshController

if TYPE_CHECKING:
    from reader.fetch.sources import Found


class SubscribeDialog(QDialog):
    """Looks the address up on the network thread and shows the source's name, kind and newest posts.

    Subscribe is enabled only once the address was found to be a channel or a feed; the refresh that
    brings its posts in runs after the dialog closes, with progress in the status bar.
    """

    def __init__(self, controller: RefreshController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.found: Found | None = None
        self._setup_ui()
        self._connect_signals()
        self.retranslate_ui()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.address_edit = QLineEdit(self)
        self.look_up_button = QPushButton(self)
        row.addWidget(self.address_edit, 1)
        row.addWidget(self.look_up_button)
        layout.addLayout(row)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status_label)
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.every_spin = QSpinBox(self)
        self.every_spin.setRange(1, 24 * 60)
        self.every_spin.setValue(30)
        self._name_label = QLabel(self)
        self._every_label = QLabel(self)
        form.addRow(self._name_label, self.name_edit)
        form.addRow(self._every_label, self.every_spin)
        layout.addLayout(form)
        self.posts_list = QListWidget(self)
        layout.addWidget(self.posts_list, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.subscribe_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.subscribe_button.setEnabled(False)
        layout.addWidget(self.buttons)
        self.resize(560, 420)

    def _connect_signals(self) -> None:
        self.look_up_button.clicked.connect(self.look_up)
        self.address_edit.returnPressed.connect(self.look_up)
        self.address_edit.textEdited.connect(self._on_address_edited)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Subscribe"))
        self.address_edit.setPlaceholderText(self.tr("https://t.me/channel, @channel, or a feed or site address"))
        self.look_up_button.setText(self.tr("&Look up"))
        self._name_label.setText(self.tr("&Name:"))
        self._name_label.setBuddy(self.name_edit)
        self._every_label.setText(self.tr("Refresh &every (minutes):"))
        self._every_label.setBuddy(self.every_spin)
        self.subscribe_button.setText(self.tr("&Subscribe"))

    def look_up(self) -> None:
        address = self.address_edit.text().strip()
        if not address:
            return
        self.found = None
        self.subscribe_button.setEnabled(False)
        self.look_up_button.setEnabled(False)
        self.posts_list.clear()
        self.status_label.setText(self.tr("Looking up %1…").replace("%1", address))
        self._controller.look_up(address, self._on_found, self._on_not_found)

    def _on_found(self, found: Found) -> None:
        self.found = found
        self.look_up_button.setEnabled(True)
        kind = {
            "telegram": self.tr("Telegram channel"),
            "feed": self.tr("RSS/Atom feed"),
            "article": self.tr("a single article, refreshed when the page changes"),
        }.get(found.kind.value, found.kind.value)
        self.status_label.setText(f"{found.title} — {kind}\n{found.url}")
        if not self.name_edit.text():
            self.name_edit.setText(found.title)
        for post in found.preview:
            day = post.date.strftime("%Y-%m-%d") if post.date else "—"
            self.posts_list.addItem(f"{day}  {post.title or post.text[:100]}")
        if not found.preview:
            self.posts_list.addItem(self.tr("(no posts yet)"))
        self.subscribe_button.setEnabled(True)

    def _on_not_found(self, error: Exception) -> None:
        self.look_up_button.setEnabled(True)
        self.status_label.setText(str(error))

    def _on_address_edited(self, _text: str) -> None:
        self.found = None
        self.subscribe_button.setEnabled(False)

    def accept(self) -> None:
        if self.found is None:
            return
        self._controller.subscribe(self.found, self.name_edit.text().strip(), self.every_spin.value())
        super().accept()
