"""The UI language: Qt translation files compiled from .ts sources, switchable without restart."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from reader.resources import resources_path
from reader.text.limits import size_parts
from reader.ui.settings import UiLanguage

CATALOG = "bulletin_reader"
AVAILABLE = ("en", "ru")


def resolve_language(choice: UiLanguage, system_locale: QLocale | None = None) -> str:
    """The language code to show: the user's choice, or the system's when it is one we have."""
    if choice != UiLanguage.SYSTEM:
        return choice.value
    locale = system_locale if system_locale is not None else QLocale.system()
    code = locale.name().split("_", 1)[0]
    return code if code in AVAILABLE else "en"


class UiTranslator:
    """Installs the app's and Qt's own translators; installing sends LanguageChange to every widget."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._installed: list[QTranslator] = []
        self.language = "en"

    def apply(self, choice: UiLanguage) -> str:
        language = resolve_language(choice)
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed = []
        if language != "en":
            own = QTranslator(self._app)
            if own.load(str(resources_path("translations", f"{CATALOG}_{language}.qm"))):
                self._app.installTranslator(own)
                self._installed.append(own)
            qt_own = QTranslator(self._app)
            if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                self._app.installTranslator(qt_own)
                self._installed.append(qt_own)
        QLocale.setDefault(QLocale(language))
        self.language = language
        return language


MEDIA_CONTEXT = "MediaLabels"
# The words media lines are made of (reader.text.media_labels.LABEL_TEXTS), listed here so lupdate
# collects them into the catalogue; a test keeps the two lists the same.
MEDIA_LABELS = (
    QT_TRANSLATE_NOOP("MediaLabels", "Photo"),
    QT_TRANSLATE_NOOP("MediaLabels", "Video"),
    QT_TRANSLATE_NOOP("MediaLabels", "Video message"),
    QT_TRANSLATE_NOOP("MediaLabels", "GIF"),
    QT_TRANSLATE_NOOP("MediaLabels", "Audio"),
    QT_TRANSLATE_NOOP("MediaLabels", "Voice message"),
    QT_TRANSLATE_NOOP("MediaLabels", "File"),
    QT_TRANSLATE_NOOP("MediaLabels", "Sticker"),
    QT_TRANSLATE_NOOP("MediaLabels", "Poll"),
    QT_TRANSLATE_NOOP("MediaLabels", "Location"),
    QT_TRANSLATE_NOOP("MediaLabels", "Place"),
    QT_TRANSLATE_NOOP("MediaLabels", "Contact"),
    QT_TRANSLATE_NOOP("MediaLabels", "Game"),
    QT_TRANSLATE_NOOP("MediaLabels", "Dice"),
    QT_TRANSLATE_NOOP("MediaLabels", "Invoice"),
    QT_TRANSLATE_NOOP("MediaLabels", "Media"),
    QT_TRANSLATE_NOOP("MediaLabels", "Media that is not in the export"),
)


def translate_media_label(label: str) -> str:
    """A media line's English word in the window's language."""
    return QCoreApplication.translate(MEDIA_CONTEXT, label)


CUT_CONTEXT = "CutMarker"
# The marker reader.text.limits puts where a too long text was cut, and the units of its size.
CUT_TEXTS = (
    QT_TRANSLATE_NOOP("CutMarker", "[… text cut: %1 over the limit]"),
    QT_TRANSLATE_NOOP("CutMarker", "bytes"),
    QT_TRANSLATE_NOOP("CutMarker", "KB"),
    QT_TRANSLATE_NOOP("CutMarker", "MB"),
    QT_TRANSLATE_NOOP("CutMarker", "GB"),
)


def translate_cut_marker(size: int) -> str:
    """The cut marker for `size` bytes in the window's language: the stored text keeps the English one."""
    number, unit = size_parts(size)
    amount = (
        f"{QLocale().toString(float(number), 'f', number.count('.'))} {QCoreApplication.translate(CUT_CONTEXT, unit)}"
    )
    return QCoreApplication.translate(CUT_CONTEXT, "[… text cut: %1 over the limit]").replace("%1", amount)
