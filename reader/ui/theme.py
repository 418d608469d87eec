"""Looks: the system palette or a dark one, the text size and the app's style sheet."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from reader.resources import resources_path

ICON_PATH = ("icons", "bulletin-reader.svg")
STYLE_PATH = ("styles", "app.qss")


def app_icon() -> QIcon:
    path = resources_path(*ICON_PATH)
    return QIcon(str(path)) if path.is_file() else QIcon()


def dark_palette() -> QPalette:
    """A calm dark palette; every colour the app paints comes from a palette role."""
    palette = QPalette()
    # Base a little lighter than Window: Fusion outlines check boxes with a darker Window colour,
    # which would vanish on a Base darker than the window.
    window = QColor(33, 35, 38)
    base = QColor(43, 45, 49)
    text = QColor(225, 227, 230)
    disabled = QColor(128, 130, 135)
    highlight = QColor(62, 110, 180)
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor(50, 52, 57),
        QPalette.ColorRole.ToolTipBase: QColor(50, 52, 57),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor(140, 143, 148),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor(52, 54, 59),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor(255, 120, 120),
        QPalette.ColorRole.Light: QColor(70, 72, 78),
        QPalette.ColorRole.Midlight: QColor(58, 60, 65),
        QPalette.ColorRole.Mid: QColor(45, 47, 52),
        QPalette.ColorRole.Dark: QColor(20, 21, 23),
        QPalette.ColorRole.Shadow: QColor(0, 0, 0),
        QPalette.ColorRole.Highlight: highlight,
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.Link: QColor(120, 170, 240),
        QPalette.ColorRole.LinkVisited: QColor(170, 140, 230),
    }
    for role, color in roles.items():
        palette.setColor(role, color)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


class Theme:
    """Switches between the system look and dark mode, and sets the text size, without restart."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._system_palette = QPalette(QGuiApplication.palette())
        self._system_style = app.style().name() if app.style() is not None else ""
        self._base_font = QFont(app.font())
        self.dark = False
        self.text_size = round(self._base_font.pointSizeF()) if self._base_font.pointSizeF() > 0 else 10
        self._style_sheet = ""
        path = resources_path(*STYLE_PATH)
        if path.is_file():
            self._style_sheet = path.read_text(encoding="utf-8")

    def apply(self, dark: bool, text_size: int) -> None:
        self.dark = dark
        self.text_size = text_size
        if dark:
            fusion = QStyleFactory.create("Fusion")
            if fusion is not None:
                self._app.setStyle(fusion)
            self._app.setPalette(dark_palette())
        else:
            if self._system_style and self._app.style().name() != self._system_style:
                style = QStyleFactory.create(self._system_style)
                if style is not None:
                    self._app.setStyle(style)
            self._app.setPalette(self._system_palette)
        font = QFont(self._base_font)
        font.setPointSizeF(float(text_size))
        self._app.setFont(font)
        # The style sheet uses palette() colours, which are resolved when it is set.
        self._app.setStyleSheet(self._style_sheet)
