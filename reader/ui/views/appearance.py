"""How the window looks and speaks: dark mode, text size, the UI language and the reader's languages."""

from __future__ import annotations

from PySide6.QtCore import QObject

from reader.ui.i18n import UiTranslator
from reader.ui.settings import DEFAULT_TEXT_SIZE, ReaderLanguages, Settings, UiLanguage
from reader.ui.theme import Theme
from reader.ui.views.reader_pane import ReaderPane
from reader.ui.views.window_actions import WindowActions


class Appearance(QObject):
    """Applies the View menu's choices, keeps its check marks true and remembers them in the settings."""

    def __init__(
        self,
        settings: Settings,
        theme: Theme | None,
        translator: UiTranslator | None,
        actions: WindowActions,
        reader: ReaderPane,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._theme = theme
        self._translator = translator
        self._actions = actions
        self._reader = reader
        self._connect_signals()

    def _connect_signals(self) -> None:
        actions = self._actions
        actions.russian_action.triggered.connect(lambda: self._reader.set_languages(ReaderLanguages.RUSSIAN))
        actions.english_action.triggered.connect(lambda: self._reader.set_languages(ReaderLanguages.ENGLISH))
        actions.both_action.triggered.connect(lambda: self._reader.set_languages(ReaderLanguages.BOTH))
        actions.dark_mode_action.triggered.connect(lambda: self.set_dark_mode(actions.dark_mode_action.isChecked()))
        actions.bigger_text_action.triggered.connect(lambda: self.change_text_size(+1))
        actions.smaller_text_action.triggered.connect(lambda: self.change_text_size(-1))
        actions.reset_text_action.triggered.connect(lambda: self.change_text_size(0))
        for language, action in actions.ui_language_actions.items():
            action.triggered.connect(lambda _checked=False, language=language: self.set_ui_language(language))
        self._reader.languages_changed.connect(self._on_reader_languages_changed)

    def restore(self) -> None:
        """Show the remembered choices (the theme and translator were applied before the window was built)."""
        settings = self._settings
        self._actions.dark_mode_action.setChecked(settings.dark_mode)
        self._actions.ui_language_actions[settings.ui_language].setChecked(True)
        self._actions.reader_language_action(settings.reader_languages).setChecked(True)
        self._reader.set_languages(settings.reader_languages.value)

    def set_dark_mode(self, dark: bool) -> None:
        self._actions.dark_mode_action.setChecked(dark)
        self._settings.dark_mode = dark
        if self._theme is not None:
            self._theme.apply(dark, self._settings.text_size)

    def change_text_size(self, step: int) -> None:
        """One step bigger (+1) or smaller (-1), or back to the normal size (0)."""
        self._settings.text_size = DEFAULT_TEXT_SIZE if step == 0 else self._settings.text_size + step
        if self._theme is not None:
            self._theme.apply(self._settings.dark_mode, self._settings.text_size)

    def set_ui_language(self, language: UiLanguage) -> None:
        self._settings.ui_language = language
        self._actions.ui_language_actions[language].setChecked(True)
        if self._translator is not None:
            self._translator.apply(language)

    def _on_reader_languages_changed(self, languages: str) -> None:
        chosen = ReaderLanguages(languages)
        self._actions.reader_language_action(chosen).setChecked(True)
        self._settings.reader_languages = chosen
