"""The reader: the selected post as sanitised rich text, or its Russian and English sides aligned."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDesktopServices,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
    QTextTable,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.ui.settings import ReaderLanguages
from reader.ui.tasks import TaskContext, TaskRunner
from reader.ui.views.passage_keys import ReasonText, repair_rows, step_passage
from reader.ui.views.post_document import (
    SAFE_SCHEMES,
    AlignedRow,
    Colors,
    HtmlBuilder,
    ReaderDocument,
    RenderState,
    load_document,
)
from reader.ui.views.post_photos import SCHEME, PhotoDialog, load_photos, photos_html
from reader.ui.views.timeline_delegate import blend

if TYPE_CHECKING:
    from reader.align.evidence import PassageReason

UrlOpener = Callable[[QUrl], object]

_BLANK_IMAGE = QImage(1, 1, QImage.Format.Format_ARGB32)
_BLANK_IMAGE.fill(0)


class PostBrowser(QTextBrowser):
    """A QTextBrowser that never fetches anything and reports clicks and context menus on table cells.

    Signals:
        cell_clicked(int, int): a click without a text selection inside table cell (row, column).
        cell_menu_requested(int, int, QPoint): a context menu over table cell (row, column).
        passage_step_requested(int, int): an arrow key in the side-by-side view: (rows, sides) to move.
    """

    cell_clicked = Signal(int, int)
    cell_menu_requested = Signal(int, int, QPoint)
    passage_step_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.passage_keys = False  # in the side-by-side view the arrows move between passages
        self.photos: list[QImage] = []  # the shown post's photos, read from the library by the pane

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Down: (1, 0),
            Qt.Key.Key_Up: (-1, 0),
            Qt.Key.Key_Right: (0, 1),
            Qt.Key.Key_Left: (0, -1),
        }
        step = steps.get(Qt.Key(event.key())) if self.passage_keys and not event.modifiers() else None
        if step is None:
            super().keyPressEvent(event)
            return
        event.accept()
        self.passage_step_requested.emit(*step)

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        # Remote images, stylesheets and the like are never loaded: the document is text and the post's
        # own photos, which the pane read from the library's media folder and names bulletin-media:N.
        # Never None or an empty image: Qt then reads local files and data: URLs itself.
        if kind == QTextDocument.ResourceType.ImageResource:
            name = url.toString() if isinstance(url, QUrl) else str(url)
            scheme, _, number = name.partition(":")
            if scheme == SCHEME and number.isdigit() and int(number) < len(self.photos):
                return self.photos[int(number)]
            return _BLANK_IMAGE
        return QByteArray()

    def cell_at(self, position: QPoint) -> tuple[int, int] | None:
        cursor: QTextCursor = self.cursorForPosition(position)
        table = cursor.currentTable()
        if table is None:
            return None
        cell = table.cellAt(cursor)
        if not cell.isValid():
            return None
        return cell.row(), cell.column()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self.textCursor().hasSelection() or self.anchorAt(event.position().toPoint()):
            return
        cell = self.cell_at(event.position().toPoint())
        if cell is not None:
            self.cell_clicked.emit(*cell)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        cell = self.cell_at(event.pos())
        if cell is None:
            super().contextMenuEvent(event)
            return
        self.cell_menu_requested.emit(cell[0], cell[1], event.globalPos())


class ReaderPane(QWidget):
    """Shows one post; loads it on a worker and renders it with the palette's colours.

    Signals:
        post_shown(str): the post with this id is on screen.
        languages_changed(str): the Russian / English / Both switch moved ("ru", "en", "both").
        pair_decided(str): a pair decision for this post id was saved.
    """

    post_shown = Signal(str)
    languages_changed = Signal(str)
    pair_decided = Signal(str)

    def __init__(self, runner: TaskRunner, url_opener: UrlOpener | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._url_opener: UrlOpener = url_opener or QDesktopServices.openUrl
        self._document: ReaderDocument | None = None
        self._state = RenderState()
        self._cells: dict[tuple[int, int], tuple[int, int]] = {}
        self._generation = 0
        self._reason = ReasonText(self)
        self._photos_width = 0  # the browser width the photos were last scaled to
        self.photo_dialog: PhotoDialog | None = None  # the full-size photo shown last
        self._setup_ui()
        self._connect_signals()
        self.retranslate_ui()

    # ------------------------------------------------------------------ construction

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self._switch_bar = QWidget(self)
        bar = QHBoxLayout(self._switch_bar)
        bar.setContentsMargins(8, 4, 8, 4)
        self._switch_label = QLabel(self._switch_bar)
        bar.addWidget(self._switch_label)
        self._language_group = QButtonGroup(self)
        self._language_group.setExclusive(True)
        self._language_buttons: dict[str, QToolButton] = {}
        for key in (ReaderLanguages.RUSSIAN, ReaderLanguages.ENGLISH, ReaderLanguages.BOTH):
            button = QToolButton(self._switch_bar)
            button.setCheckable(True)
            button.setAutoRaise(True)
            self._language_group.addButton(button)
            self._language_buttons[key.value] = button
            bar.addWidget(button)
        self._language_buttons["both"].setChecked(True)
        bar.addStretch(1)
        self._switch_bar.setVisible(False)
        layout.addWidget(self._switch_bar)
        self.browser = PostBrowser(self)
        self.browser.setObjectName("reader")
        self.browser.document().setDocumentMargin(14)
        layout.addWidget(self.browser)

    def _connect_signals(self) -> None:
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        self.browser.cell_clicked.connect(self._on_browser_cell_clicked)
        self.browser.cell_menu_requested.connect(self._on_browser_cell_menu_requested)
        self.browser.passage_step_requested.connect(self._on_browser_passage_step_requested)
        for key, button in self._language_buttons.items():
            button.clicked.connect(lambda _checked=False, key=key: self.set_languages(key))

    def retranslate_ui(self) -> None:
        self._switch_label.setText(self.tr("Show:"))
        self._language_buttons["ru"].setText(self.tr("Russian"))
        self._language_buttons["en"].setText(self.tr("English"))
        self._language_buttons["both"].setText(self.tr("Both"))
        self._language_buttons["ru"].setToolTip(self.tr("Only the Russian side (Ctrl+1)"))
        self._language_buttons["en"].setToolTip(self.tr("Only the English side (Ctrl+2)"))
        self._language_buttons["both"].setToolTip(self.tr("Russian and English side by side (Ctrl+3)"))
        self.browser.setAccessibleName(self.tr("Post text"))
        self.setAccessibleName(self.tr("Reader"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._render()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Photos are scaled to the pane: a real change of width lays them out again.
        if self.browser.photos and abs(self._photo_room() - self._photos_width) > 16:
            self._render()

    def _photo_room(self) -> int:
        """The width photos may take: the browser's, less a scroll bar that a tall photo brings along."""
        return self.browser.viewport().width() - self.browser.verticalScrollBar().sizeHint().width()

    # ------------------------------------------------------------------ API

    @property
    def document(self) -> ReaderDocument | None:
        return self._document

    @property
    def languages(self) -> str:
        return self._state.languages

    @property
    def selected_passage(self) -> tuple[int, int] | None:
        """(row, side) of the passage the user selected in the side-by-side view."""
        return self._state.selected

    def show_post(self, post_id: str, search: str = "") -> None:
        """Load a post on a worker and show it; a newer call wins."""
        self._generation += 1
        generation = self._generation
        self._state.search = search

        data_dir = self._runner.data_dir

        def body(context: TaskContext) -> tuple[int, ReaderDocument | None, list[QImage]]:
            document = load_document(context.store, post_id)
            return generation, document, load_photos(data_dir, document.record.post) if document else []

        self._runner.read(body, succeeded=self._on_document_loaded)

    def set_search(self, search: str) -> None:
        self._state.search = search
        self._render()

    def clear(self) -> None:
        self._generation += 1
        self._document = None
        self._switch_bar.setVisible(False)
        self._show_placeholder()

    def _show_placeholder(self) -> None:
        quiet = blend(
            self.palette().color(QPalette.ColorRole.Text), self.palette().color(QPalette.ColorRole.Base), 0.45
        )
        self.browser.setHtml(
            f'<p style="color:{quiet.name()};" align="center"><br><br>'
            + html.escape(self.tr("Select a post to read it. j / k move, n jumps to the next unread post."))
            + "</p>"
        )

    def reload(self) -> None:
        if self._document is not None:
            self.show_post(self._document.record.post.id, self._state.search)

    def set_topic_labels(self, labels: dict[str, str]) -> None:
        """Topic names in the UI language for the header (the timeline's chips use the same)."""
        if labels != self._state.topic_labels:
            self._state.topic_labels = dict(labels)
            self._render()

    def set_languages(self, languages: str) -> None:
        """Russian only, English only or both sides of a paired post."""
        languages = ReaderLanguages(languages).value
        self._language_buttons[languages].setChecked(True)
        if languages == self._state.languages:
            return
        self._state.languages = languages
        self._render()
        self.languages_changed.emit(languages)

    def select_passage(self, row: int, side: int) -> None:
        """Select a passage of the side-by-side view; its counterpart is highlighted too."""
        self._state.selected = (row, side)
        self._render()

    def move_passage(self, rows: int, sides: int = 0) -> bool:
        """Select the passage `rows` rows down (up when negative) or on the other side; False if none is there.

        The first move selects the first passage (the last one going up) of the side being read.
        """
        document = self._document
        if document is None or not document.paired:
            return False
        target = step_passage(document, self._state.selected, self._state.languages, rows, sides)
        if target is not None:
            self.select_passage(*target)
        return target is not None

    def decide_selected_pair(self, decision: str) -> None:
        """Confirm or reject the pair of the selected passage (the keyboard's C and X)."""
        if self._state.selected is not None:
            self.decide_pair(self._state.selected[0], decision)

    def ask_repair(self) -> None:
        """Ask for the number of the other side's passage to pair the selected one with."""
        document, selected = self._document, self._state.selected
        if document is None or not document.paired or selected is None:
            return
        number, accepted = QInputDialog.getInt(
            self,
            self.tr("Pair passages"),
            self.tr("Pair the selected passage with the passage numbered:"),
            selected[0] + 1,
            1,
            len(document.rows),
        )
        if accepted:
            self.repair_selected(number)

    def repair_selected(self, number: int) -> bool:
        """Pair the selected passage with the other side's passage on row `number` (as numbered on screen)."""
        document, selected = self._document, self._state.selected
        if document is None or selected is None:
            return False
        rows = repair_rows(document, selected, number)
        if rows is not None:
            self.pair_passages(*rows)
        return rows is not None

    def counterpart_of_selection(self) -> tuple[int, int] | None:
        """(row, side) of the passage paired with the selected one, or None."""
        document = self._document
        selected = self._state.selected
        if document is None or selected is None or not document.paired:
            return None
        row = document.rows[selected[0]]
        return (selected[0], 1 - selected[1]) if row.paired else None

    def scroll_page(self) -> bool:
        """Scroll the text one page down; False when it was already at the end."""
        bar = self.browser.verticalScrollBar()
        if bar.value() >= bar.maximum():
            return False
        bar.setValue(bar.value() + max(20, bar.pageStep() - 40))
        return True

    def decide_pair(self, row_number: int, decision: str) -> None:
        """Confirm or reject the pair on a row (user state: survives re-import and re-pairing)."""
        document = self._document
        if document is None or not 0 <= row_number < len(document.rows):
            return
        row = document.rows[row_number]
        if not (row.left and row.right):
            return
        self._save_decision(document, row.left, row.right, decision)

    def pair_passages(self, left_row: int, right_row: int) -> None:
        """Pair the left passage of one row with the right passage of another (a user re-pairing)."""
        document = self._document
        if document is None:
            return
        left = document.rows[left_row].left
        right = document.rows[right_row].right
        if left and right:
            self._save_decision(document, left, right, "confirmed")

    def decide_counterpart(self, decision: str) -> None:
        """Confirm or reject that the post shown beside this one says the same (user state)."""
        document = self._document
        if document is None or not document.other_post_id or document.left is None or document.right is None:
            return
        ru_id, en_id = document.left.id, document.right.id

        def body(context: TaskContext) -> str:
            from reader import operations

            operations.decide_counterpart(context.store, ru_id, en_id, decision)
            return ru_id

        self._runner.write_state(body, succeeded=self._on_decision_saved)

    def _save_decision(self, document: ReaderDocument, ru: tuple[int, ...], en: tuple[int, ...], decision: str) -> None:
        post_id = document.decision_post_id
        other = document.other_post_id if document.left is not None and document.left.id == post_id else ""
        if document.other_post_id and document.left is not None and document.right is not None:
            other = document.right.id

        def body(context: TaskContext) -> str:
            from reader import operations

            operations.decide_pair(context.store, post_id, ru, en, decision, other)
            return post_id

        self._runner.write_state(body, succeeded=self._on_decision_saved)

    # ------------------------------------------------------------------ slots

    def _on_decision_saved(self, post_id: str) -> None:
        self._state.selected = None
        self.reload()
        self.pair_decided.emit(post_id)

    def _on_browser_passage_step_requested(self, rows: int, sides: int) -> None:
        self.move_passage(rows, sides)

    def _on_document_loaded(self, answer: tuple[int, ReaderDocument | None, list[QImage]]) -> None:
        generation, document, photos = answer
        if generation != self._generation:
            return
        self.browser.photos = photos
        previous = self._document.record.post.id if self._document else None
        self._document = document
        if document is None:
            self.browser.clear()
            self._switch_bar.setVisible(False)
            return
        if previous != document.record.post.id:
            self._state.selected = None
        self._switch_bar.setVisible(document.paired)
        self._render(keep_scroll=previous == document.record.post.id)
        self.post_shown.emit(document.record.post.id)

    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == SCHEME and url.path().isdigit() and int(url.path()) < len(self.browser.photos):
            dialog = PhotoDialog(self.browser.photos[int(url.path())], self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.photo_dialog = dialog
            dialog.open()
            return
        # Links open only when clicked, and only in the user's browser, and only for safe schemes.
        if url.scheme().lower() in SAFE_SCHEMES:
            self._url_opener(url)

    def _on_browser_cell_clicked(self, table_row: int, column: int) -> None:
        cell = self._cells.get((table_row, column))
        if cell is not None:
            self.select_passage(*cell)

    def _on_browser_cell_menu_requested(self, table_row: int, column: int, position: QPoint) -> None:
        cell = self._cells.get((table_row, column))
        document = self._document
        if cell is None or document is None:
            return
        row_number, side = cell
        row: AlignedRow = document.rows[row_number]
        menu = QMenu(self)
        if row.paired:
            menu.addAction(self.tr("Confirm this pair"), lambda: self.decide_pair(row_number, "confirmed"))
            menu.addAction(self.tr("Reject this pair"), lambda: self.decide_pair(row_number, "rejected"))
        selected = self._state.selected
        if selected is not None and selected[1] != side and selected[0] != row_number:
            left_row, right_row = (selected[0], row_number) if side == 1 else (row_number, selected[0])
            menu.addAction(self.tr("Pair with the selected passage"), lambda: self.pair_passages(left_row, right_row))
        if document.other_post_id:
            menu.addSeparator()
            menu.addAction(
                self.tr("Confirm that the two posts say the same"), lambda: self.decide_counterpart("confirmed")
            )
            menu.addAction(
                self.tr("These posts are not translations of each other"), lambda: self.decide_counterpart("rejected")
            )
        if not menu.actions():
            menu.addAction(self.tr("Select a passage on the other side first to pair them")).setEnabled(False)
        menu.exec(position)

    # ------------------------------------------------------------------ rendering

    def _colors(self) -> Colors:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        dark = base.lightnessF() < 0.5
        return Colors(
            text=text.name(),
            quiet=blend(text, base, 0.4).name(),
            link=palette.color(QPalette.ColorRole.Link).name(),
            hit="#6b5a00" if dark else "#fff0a0",
            hit_text="#ffffff" if dark else "#000000",
            selected=blend(base, highlight, 0.15).name(),
            counterpart=blend(base, highlight, 0.38).name(),
            rule=blend(base, text, 0.2).name(),
            warning="#e0a040" if dark else "#9a5800",
        )

    def _texts(self) -> dict[str, str]:
        return {
            "open_original": self.tr("Open original"),
            "bookmarked": self.tr("Bookmarked"),
            "topics": self.tr("Topics"),
            "tags": self.tr("Your tags"),
            "note": self.tr("Your note"),
            "counterpart": self.tr("Shown with its counterpart in the other language."),
            "media": self.tr("Not in the export: %1"),
            "forwarded": self.tr("Forwarded from %1"),
            "reply": self.tr("In reply to %1"),
            "reply_missing": self.tr("In reply to a message that is not in the library"),
            "russian": self.tr("Russian"),
            "english": self.tr("English"),
            "confirmed": self.tr("confirmed by you"),
            "low_confidence": self.tr("low confidence"),
            "reason": self._reason.describe(self._document.reason) if self._document is not None else "",
            "passage_reason": self._reason.describe_passages(self._selected_reason()),
        }

    def _selected_reason(self) -> PassageReason | None:
        document, selected = self._document, self._state.selected
        if document is None or selected is None or not 0 <= selected[0] < len(document.passage_reasons):
            return None
        return document.passage_reasons[selected[0]]

    def _render(self, keep_scroll: bool = True) -> None:
        document = self._document
        if document is None:
            self._show_placeholder()
            return
        self._state.colors = self._colors()
        builder = HtmlBuilder(self._state, self._texts())
        if document.paired:
            text, self._cells = builder.side_by_side_html(document)
        else:
            text, self._cells = builder.single_html(document), {}
        if self.browser.photos:
            self._photos_width = self._photo_room()
            text += photos_html(self.browser.photos, self._photos_width)
        bar = self.browser.verticalScrollBar()
        position = bar.value() if keep_scroll else 0
        self.browser.document().setDefaultStyleSheet(
            f"a {{ color: {self._state.colors.link}; }} p {{ margin-bottom: 8px; }}"
        )
        self.browser.setHtml(text)
        self.browser.passage_keys = document.paired
        bar.setValue(position)
        self._show_selected()

    def _show_selected(self) -> None:
        """Scroll the selected passage into view (moving by keyboard may leave the screen)."""
        selected = self._state.selected
        cell = next((key for key, value in self._cells.items() if value == selected), None)
        if cell is None:
            return
        for child in self.browser.document().rootFrame().childFrames():
            if isinstance(child, QTextTable) and cell[0] < child.rows() and cell[1] < child.columns():
                self.browser.setTextCursor(child.cellAt(cell[0], cell[1]).firstCursorPosition())
                self.browser.ensureCursorVisible()
                return
