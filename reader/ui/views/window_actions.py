"""The main window's actions and menus: what each shortcut is called and where it is listed.

The actions only exist and are named here; MainWindow connects them to what they do, so this module
knows nothing of the store or the panes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from reader.ui.settings import ReaderLanguages, UiLanguage
from reader.ui.views.shortcuts_dialog import SHEET_KEYS


class WindowActions(QObject):
    """Every QAction of the main window, its shortcuts, the menu bar and the toolbar's buttons.

    The actions are added to the window, so their shortcuts work wherever the focus is in it.
    """

    def __init__(self, window: QMainWindow, undo_stack: QUndoStack) -> None:
        super().__init__(window)
        self._window = window
        self.subscribe_action = self._action(["Ctrl+N"])
        self.refresh_action = self._action(["F5"])
        self.refresh_on_start_action = self._action([])
        self.refresh_on_start_action.setCheckable(True)
        self.import_action = self._action(["Ctrl+I"])
        self.import_folder_action = self._action(["Ctrl+Shift+I"])
        self.export_action = self._action(["Ctrl+E"])
        self.quit_action = self._action([QKeySequence.StandardKey.Quit])
        self.undo_action = undo_stack.createUndoAction(self)
        self._set_shortcuts(self.undo_action, [QKeySequence.StandardKey.Undo])
        self.redo_action = undo_stack.createRedoAction(self)
        self._set_shortcuts(self.redo_action, [QKeySequence.StandardKey.Redo])
        window.addAction(self.undo_action)
        window.addAction(self.redo_action)
        self.find_action = self._action(["/", "Ctrl+F"])
        self.search_both_languages_action = self._action([])
        self.search_both_languages_action.setCheckable(True)
        self.search_both_languages_action.setChecked(True)
        self.mark_all_read_action = self._action(["Shift+Ctrl+R"])
        self.next_action = self._action(["J"])
        self.previous_action = self._action(["K"])
        self.next_unread_action = self._action(["N"])
        # Space reads on only from the timeline and the reader (MainWindow adds it there): elsewhere it
        # presses buttons and ticks the filter check boxes, as keyboard users expect.
        self.space_action = self._action(["Space"])
        window.removeAction(self.space_action)
        self.toggle_read_action = self._action(["M"])
        self.bookmark_action = self._action(["B", "Ctrl+D"])
        self.open_original_action = self._action(["O"])
        self.note_action = self._action(["Ctrl+Shift+N"])
        # Passages of the side-by-side view; Up and Down do the same inside the text (ReaderPane), not here,
        # where they would take the arrows from the timeline.
        self.next_passage_action = self._action(["]"])
        self.previous_passage_action = self._action(["["])
        self.confirm_pair_action = self._action(["C"])
        self.reject_pair_action = self._action(["X"])
        self.repair_action = self._action(["P"])
        self.russian_action = self._action(["Ctrl+1"])
        self.english_action = self._action(["Ctrl+2"])
        self.both_action = self._action(["Ctrl+3"])
        self.reader_language_group = QActionGroup(self)
        for action in (self.russian_action, self.english_action, self.both_action):
            action.setCheckable(True)
            self.reader_language_group.addAction(action)
        self.both_action.setChecked(True)
        self.dark_mode_action = self._action(["Ctrl+Shift+D"])
        self.dark_mode_action.setCheckable(True)
        self.bigger_text_action = self._action(["Ctrl+=", "Ctrl++"])
        self.smaller_text_action = self._action(["Ctrl+-"])
        self.reset_text_action = self._action(["Ctrl+0"])
        self.reset_layout_action = self._action([])
        self.ui_language_group = QActionGroup(self)
        self.ui_language_actions: dict[UiLanguage, QAction] = {}
        for language in UiLanguage:
            action = self._action([])
            action.setCheckable(True)
            self.ui_language_group.addAction(action)
            self.ui_language_actions[language] = action
        self.shortcuts_action = self._action([QKeySequence.StandardKey.HelpContents])
        self.about_action = self._action([])
        self._build_menus()

    def _action(self, shortcuts: Sequence[str | QKeySequence.StandardKey]) -> QAction:
        action = QAction(self)
        self._set_shortcuts(action, shortcuts)
        self._window.addAction(action)
        return action

    @staticmethod
    def _set_shortcuts(action: QAction, shortcuts: Sequence[str | QKeySequence.StandardKey]) -> None:
        keys: list[QKeySequence] = []
        shown: list[str] = []
        for shortcut in shortcuts:
            if isinstance(shortcut, QKeySequence.StandardKey):
                bindings = QKeySequence.keyBindings(shortcut)
                keys.extend(bindings)
                # The platform's first binding is the one its users know; the rest (Alt+Backspace, F14,
                # a dedicated Undo key) work but would only clutter the shortcuts sheet.
                shown.extend(binding.toString() for binding in bindings[:1])
            else:
                keys.append(QKeySequence(shortcut))
                shown.append(QKeySequence(shortcut).toString())
        action.setShortcuts(keys)
        action.setProperty(SHEET_KEYS, shown)

    def _build_menus(self) -> None:
        menu_bar = self._window.menuBar()
        self.file_menu = menu_bar.addMenu("")
        self.file_menu.addActions([self.subscribe_action, self.refresh_action, self.refresh_on_start_action])
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.import_action, self.import_folder_action, self.export_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = menu_bar.addMenu("")
        self.edit_menu.addActions([self.undo_action, self.redo_action])
        self.edit_menu.addSeparator()
        self.edit_menu.addActions([self.find_action, self.search_both_languages_action, self.mark_all_read_action])
        self.go_menu = menu_bar.addMenu("")
        self.go_menu.addActions([self.next_action, self.previous_action, self.next_unread_action, self.space_action])
        self.go_menu.addSeparator()
        self.go_menu.addActions(
            [self.toggle_read_action, self.bookmark_action, self.note_action, self.open_original_action]
        )
        self.go_menu.addSeparator()
        self.go_menu.addActions(
            [
                self.next_passage_action,
                self.previous_passage_action,
                self.confirm_pair_action,
                self.reject_pair_action,
                self.repair_action,
            ]
        )
        self.view_menu = menu_bar.addMenu("")
        self.view_menu.addActions([self.russian_action, self.english_action, self.both_action])
        self.view_menu.addSeparator()
        self.view_menu.addActions(
            [self.dark_mode_action, self.bigger_text_action, self.smaller_text_action, self.reset_text_action]
        )
        self.view_menu.addAction(self.reset_layout_action)
        self.language_menu: QMenu = self.view_menu.addMenu("")
        self.language_menu.addActions(list(self.ui_language_actions.values()))
        self.help_menu = menu_bar.addMenu("")
        self.help_menu.addActions([self.shortcuts_action, self.about_action])

    def add_to_toolbar(self, toolbar: QToolBar) -> None:
        toolbar.addAction(self.import_action)
        toolbar.addAction(self.mark_all_read_action)
        toolbar.addAction(self.bookmark_action)

    def reader_language_action(self, languages: ReaderLanguages) -> QAction:
        return {ReaderLanguages.RUSSIAN: self.russian_action, ReaderLanguages.ENGLISH: self.english_action}.get(
            languages, self.both_action
        )

    def shortcut_actions(self) -> list[QAction]:
        """The actions the shortcuts sheet lists, in the order a reader meets them."""
        return [
            self.next_action,
            self.previous_action,
            self.next_unread_action,
            self.space_action,
            self.toggle_read_action,
            self.bookmark_action,
            self.note_action,
            self.open_original_action,
            self.next_passage_action,
            self.previous_passage_action,
            self.confirm_pair_action,
            self.reject_pair_action,
            self.repair_action,
            self.find_action,
            self.mark_all_read_action,
            self.undo_action,
            self.redo_action,
            self.import_action,
            self.import_folder_action,
            self.export_action,
            self.russian_action,
            self.english_action,
            self.both_action,
            self.bigger_text_action,
            self.smaller_text_action,
            self.reset_text_action,
            self.dark_mode_action,
            self.shortcuts_action,
        ]

    def retranslate_ui(self) -> None:
        texts = {
            self.subscribe_action: self.tr("&Subscribe…"),
            self.refresh_action: self.tr("&Refresh all sources"),
            self.refresh_on_start_action: self.tr("Refresh sources on s&tart"),
            self.import_action: self.tr("&Import files…"),
            self.import_folder_action: self.tr("Import a &folder…"),
            self.export_action: self.tr("&Export bookmarks…"),
            self.quit_action: self.tr("&Quit"),
            self.find_action: self.tr("&Search"),
            self.search_both_languages_action: self.tr("Search in &both languages"),
            self.mark_all_read_action: self.tr("Mark all as &read"),
            self.next_action: self.tr("&Next post"),
            self.previous_action: self.tr("&Previous post"),
            self.next_unread_action: self.tr("Next &unread post"),
            self.space_action: self.tr("Scroll, then next post"),
            self.toggle_read_action: self.tr("Toggle &read"),
            self.bookmark_action: self.tr("&Bookmark"),
            self.note_action: self.tr("&Note and tags…"),
            self.open_original_action: self.tr("&Open original in browser"),
            self.next_passage_action: self.tr("Next passage side by side (Down in the text)"),
            self.previous_passage_action: self.tr("Previous passage side by side (Up in the text)"),
            self.confirm_pair_action: self.tr("&Confirm the selected passage pair"),
            self.reject_pair_action: self.tr("Re&ject the selected passage pair"),
            self.repair_action: self.tr("Pair the selected passage with the other side's passage number…"),
            self.russian_action: self.tr("&Russian side"),
            self.english_action: self.tr("&English side"),
            self.both_action: self.tr("&Both sides"),
            self.dark_mode_action: self.tr("&Dark mode"),
            self.bigger_text_action: self.tr("&Bigger text"),
            self.smaller_text_action: self.tr("&Smaller text"),
            self.reset_text_action: self.tr("&Normal text size"),
            self.reset_layout_action: self.tr("Reset the &panes"),
            self.shortcuts_action: self.tr("&Keyboard shortcuts"),
            self.about_action: self.tr("&About Bulletin Reader"),
            self.ui_language_actions[UiLanguage.SYSTEM]: self.tr("System language"),
            self.ui_language_actions[UiLanguage.ENGLISH]: "English",
            self.ui_language_actions[UiLanguage.RUSSIAN]: "Русский",
            self.undo_action: self.tr("&Undo"),
            self.redo_action: self.tr("&Redo"),
        }
        for action, text in texts.items():
            action.setText(text)
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.go_menu.setTitle(self.tr("&Go"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("Interface &language"))
        self.help_menu.setTitle(self.tr("&Help"))
