"""Cosmetic UI state in QSettings, behind a typed wrapper with defaults.

User data (read, bookmarks, pair decisions) lives in the store; only how the window looks and
what the panels were last set to is kept here.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from PySide6.QtCore import QByteArray, QSettings

DEFAULT_TEXT_SIZE = 10
MIN_TEXT_SIZE = 7
MAX_TEXT_SIZE = 28


class UiLanguage(StrEnum):
    SYSTEM = "system"
    ENGLISH = "en"
    RUSSIAN = "ru"


class ReaderLanguages(StrEnum):
    """Which side of a paired post the reader shows."""

    RUSSIAN = "ru"
    ENGLISH = "en"
    BOTH = "both"


@dataclass(slots=True)
class SavedFilter:
    """The filter panel as last left; keys of sources, languages, tags and topics that were checked."""

    sources: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    show: str = "all"  # "all", "unread" or "bookmarked"
    search: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SavedFilter:
        try:
            raw = json.loads(text)
        except (TypeError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        return cls(
            sources=[str(item) for item in raw.get("sources", []) if isinstance(item, str)],
            languages=[str(item) for item in raw.get("languages", []) if isinstance(item, str)],
            topics=[str(item) for item in raw.get("topics", []) if isinstance(item, str)],
            tags=[str(item) for item in raw.get("tags", []) if isinstance(item, str)],
            show=str(raw.get("show")) if raw.get("show") in ("all", "unread", "bookmarked") else "all",
            search=str(raw.get("search", "")),
        )


class Settings:
    """Typed access to the app's QSettings; every getter has a default and tolerates junk."""

    def __init__(self, backend: QSettings | None = None) -> None:
        # Named explicitly: with no organisation Qt would file the settings under "Unknown Organization".
        self._backend = (
            backend
            if backend is not None
            else QSettings(
                QSettings.Format.NativeFormat, QSettings.Scope.UserScope, "bulletin-reader", "bulletin-reader"
            )
        )

    def sync(self) -> None:
        self._backend.sync()

    # --- window
    @property
    def geometry(self) -> QByteArray:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._backend.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._backend.setValue("window/state", value)

    @property
    def splitter_state(self) -> QByteArray:
        return self._bytes("window/splitter")

    @splitter_state.setter
    def splitter_state(self, value: QByteArray) -> None:
        self._backend.setValue("window/splitter", value)

    # --- looks
    @property
    def dark_mode(self) -> bool:
        return self._bool("looks/dark_mode", False)

    @dark_mode.setter
    def dark_mode(self, value: bool) -> None:
        self._backend.setValue("looks/dark_mode", bool(value))

    @property
    def search_both_languages(self) -> bool:
        """A search word the glossaries know is also searched in the other language (=word turns it off)."""
        return self._bool("search/both_languages", True)

    @search_both_languages.setter
    def search_both_languages(self, value: bool) -> None:
        self._backend.setValue("search/both_languages", bool(value))

    @property
    def text_size(self) -> int:
        size = self._int("looks/text_size", DEFAULT_TEXT_SIZE)
        return min(MAX_TEXT_SIZE, max(MIN_TEXT_SIZE, size))

    @text_size.setter
    def text_size(self, value: int) -> None:
        self._backend.setValue("looks/text_size", int(min(MAX_TEXT_SIZE, max(MIN_TEXT_SIZE, value))))

    @property
    def ui_language(self) -> UiLanguage:
        value = str(self._backend.value("looks/ui_language", UiLanguage.SYSTEM.value))
        try:
            return UiLanguage(value)
        except ValueError:
            return UiLanguage.SYSTEM

    @ui_language.setter
    def ui_language(self, value: UiLanguage) -> None:
        self._backend.setValue("looks/ui_language", UiLanguage(value).value)

    @property
    def reader_languages(self) -> ReaderLanguages:
        value = str(self._backend.value("reader/languages", ReaderLanguages.BOTH.value))
        try:
            return ReaderLanguages(value)
        except ValueError:
            return ReaderLanguages.BOTH

    @reader_languages.setter
    def reader_languages(self, value: ReaderLanguages) -> None:
        self._backend.setValue("reader/languages", ReaderLanguages(value).value)

    # --- filters
    @property
    def last_filter(self) -> SavedFilter:
        return SavedFilter.from_json(str(self._backend.value("filters/last", "")))

    @last_filter.setter
    def last_filter(self, value: SavedFilter) -> None:
        self._backend.setValue("filters/last", value.to_json())

    # --- helpers: QSettings returns strings from INI files, so convert defensively
    # --- followed sources
    @property
    def refresh_on_start(self) -> bool:
        """Refresh the followed sources that are due when the window opens."""
        return self._bool("sources/refresh_on_start", True)

    @refresh_on_start.setter
    def refresh_on_start(self, value: bool) -> None:
        self._backend.setValue("sources/refresh_on_start", bool(value))

    def _bytes(self, key: str) -> QByteArray:
        value = self._backend.value(key)
        return value if isinstance(value, QByteArray) else QByteArray()

    def _bool(self, key: str, default: bool) -> bool:
        value = self._backend.value(key, default)
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        return bool(value)

    def _int(self, key: str, default: int) -> int:
        raw = self._backend.value(key, default)
        if not isinstance(raw, (int, float, str)):
            return default
        try:
            return int(raw)
        except ValueError:
            return default
