"""A post's photos in the reader: read from the library's media folder only, scaled to the pane.

The reader never loads anything remote, and of local files only the library's own media folder
(`<data folder>/media/`), where refreshes and imports keep photos. Images are read on the worker
that loads the post, and handed to the browser under `bulletin-media:N` names it alone resolves.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget

from reader.domain import MediaKind, Post

SCHEME = "bulletin-media"
MEDIA_FOLDER = "media"
MARGIN = 32


def load_photos(data_dir: Path, post: Post) -> list[QImage]:
    """The post's photos that the library keeps, decoded; runs on a worker thread."""
    root = (data_dir / MEDIA_FOLDER).resolve()
    images: list[QImage] = []
    for item in post.media:
        if item.kind is not MediaKind.PHOTO or not item.available or not item.path:
            continue
        if not item.path.startswith(f"{MEDIA_FOLDER}/"):
            continue  # an export's own path: the export may be gone, and it is not ours to read
        path = (data_dir / item.path).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            continue
        image = QImage(str(path))
        if not image.isNull():
            images.append(image)
    return images


def photo_name(index: int) -> str:
    return f"{SCHEME}:{index}"


def photos_html(images: Sequence[QImage], width: int) -> str:
    """The photos as clickable images no wider than `width` pixels (never enlarged)."""
    parts = []
    for index, image in enumerate(images):
        scale = min(1.0, max(64, width - MARGIN) / max(1, image.width()))
        shown_width, shown_height = round(image.width() * scale), round(image.height() * scale)
        name = html.escape(photo_name(index), quote=True)
        parts.append(f'<p><a href="{name}"><img src="{name}" width="{shown_width}" height="{shown_height}"></a></p>')
    return "".join(parts)


class PhotoDialog(QDialog):
    """A photo at full size, scrollable when it is larger than the screen."""

    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Photo"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        self.label = QLabel(scroll)
        self.label.setPixmap(QPixmap.fromImage(image))
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll.setWidget(self.label)
        scroll.setWidgetResizable(True)
        layout.addWidget(scroll)
        self.resize(min(image.width() + 24, 1400), min(image.height() + 24, 1000))
