"""Paints one timeline row: no widgets per post, colours from the palette so dark mode works."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QDate, QLocale, QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reader.store import TimelineRow
from reader.text.media_labels import describe as describe_media
from reader.ui.i18n import translate_media_label
from reader.ui.models.timeline import TimelineRole

PADDING = 8
SPACING = 3
MAX_TOPIC_CHIPS = 3


def blend(first: QColor, second: QColor, amount: float) -> QColor:
    """`first` moved `amount` (0..1) of the way towards `second`."""
    return QColor.fromRgbF(
        first.redF() + (second.redF() - first.redF()) * amount,
        first.greenF() + (second.greenF() - first.greenF()) * amount,
        first.blueF() + (second.blueF() - first.blueF()) * amount,
    )


class TimelineDelegate(QStyledItemDelegate):
    """Date, source, title (bold while unread), a two-line snippet, badges, chips, star; day headers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # sizeHint runs for every loaded row on each layout: keep it to a dictionary lookup.
        self._heights: dict[str, tuple[int, int]] = {}
        self.topic_labels: dict[str, str] = {}  # shown instead of topic keys (the Russian UI's names)

    # ------------------------------------------------------------------ geometry

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont, QFont]:
        base = QFont(option.font)
        small = QFont(base)
        small.setPointSizeF(max(6.0, base.pointSizeF() * 0.86))
        title = QFont(base)
        title.setPointSizeF(base.pointSizeF() * 1.06)
        header = QFont(base)
        header.setBold(True)
        return base, small, title, header

    def _header_height(self, option: QStyleOptionViewItem) -> int:
        return int(QFontMetrics(self._fonts(option)[3]).height() * 1.9)

    def _body_height(self, option: QStyleOptionViewItem) -> int:
        base, small, title, _header = self._fonts(option)
        bold = QFont(title)
        bold.setBold(True)
        return (
            PADDING * 2
            + QFontMetrics(small).height()
            + QFontMetrics(bold).height()
            + QFontMetrics(base).lineSpacing() * 2
            + QFontMetrics(small).height()
            + 6
            + SPACING * 3
        )

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        # Cheap on purpose: the day comes from the model's cursors, no row is built here.
        key = option.font.key()
        heights = self._heights.get(key)
        if heights is None:
            heights = (self._body_height(option), self._header_height(option))
            self._heights[key] = heights
        height = heights[0]
        if index.row() == 0 or index.data(TimelineRole.DAY) is not None:
            height += heights[1]
        return QSize(200, height)

    # ------------------------------------------------------------------ painting

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        row: TimelineRow | None = index.data(TimelineRole.ROW)
        palette: QPalette = option.palette
        rect = QRect(option.rect)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        base, small, title_font, header_font = self._fonts(option)

        day = index.data(TimelineRole.DAY)
        if day is not None or index.row() == 0:
            header_rect = QRect(rect.left(), rect.top(), rect.width(), self._header_height(option))
            self._paint_day_header(painter, header_rect, palette, header_font, day if isinstance(day, date) else None)
            rect.setTop(header_rect.bottom() + 1)

        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_color = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        base_color = palette.color(QPalette.ColorRole.Base)
        quiet_color = (
            blend(text_color, palette.color(QPalette.ColorRole.Highlight), 0.25)
            if selected
            else blend(text_color, base_color, 0.42)
        )
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        # A hairline between rows.
        painter.setPen(blend(base_color, text_color, 0.12))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        if option.state & QStyle.StateFlag.State_HasFocus:
            pen_color = palette.color(QPalette.ColorRole.Highlight)
            if selected:
                pen_color = palette.color(QPalette.ColorRole.HighlightedText)
            painter.setPen(pen_color)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))

        if row is None:
            painter.restore()
            return

        inner = rect.adjusted(PADDING + 10, PADDING, -PADDING, -PADDING)
        if not row.read:
            dot = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(dot)
            painter.drawEllipse(QPointF(rect.left() + PADDING + 2, inner.top() + 20), 3.5, 3.5)

        # Line 1: time, source ... reactions, pair badge, star
        small_metrics = QFontMetrics(small)
        y = inner.top()
        painter.setFont(small)
        right = inner.right()
        star = "★" if row.bookmarked else "☆"
        star_width = small_metrics.horizontalAdvance(star) + 2
        star_color = QColor("#d99a00") if row.bookmarked and not selected else quiet_color
        painter.setPen(star_color)
        painter.drawText(
            QRect(right - star_width, y, star_width, small_metrics.height()), Qt.AlignmentFlag.AlignRight, star
        )
        right -= star_width + 8
        if row.has_pairs or row.has_counterpart:
            # whether the link to the other language's post was confirmed, made automatically, or is doubtful
            badge = "RU ⇄ EN" + {"confirmed": " ✓", "doubtful": " ?"}.get(row.counterpart_status, "")
            right = self._paint_badge(painter, small, badge, right, y, palette, selected, align_right=True) - 6
        if row.reactions:
            reactions = "  ".join(f"{emoji} {count}" for emoji, count in list(row.reactions.items())[:3])
            width = small_metrics.horizontalAdvance(reactions)
            painter.setPen(quiet_color)
            painter.drawText(
                QRect(right - width, y, width, small_metrics.height()), Qt.AlignmentFlag.AlignLeft, reactions
            )
            right -= width + 10
        meta = self._time_text(row.date, row.date_inferred, row.date_only)
        meta = f"{meta}   ·   {row.source_title}" if meta else row.source_title
        painter.setPen(quiet_color)
        painter.drawText(
            QRect(inner.left(), y, max(0, right - inner.left()), small_metrics.height()),
            Qt.AlignmentFlag.AlignLeft,
            small_metrics.elidedText(meta, Qt.TextElideMode.ElideRight, max(0, right - inner.left())),
        )
        y += small_metrics.height() + SPACING

        # Line 2: title, bold while unread
        bold = QFont(title_font)
        bold.setBold(not row.read)
        title_metrics = QFontMetrics(bold)
        painter.setFont(bold)
        painter.setPen(text_color)
        title = row.title or row.snippet.split("\n", 1)[0] or self._media_text(row)
        painter.drawText(
            QRect(inner.left(), y, inner.width(), title_metrics.height()),
            Qt.AlignmentFlag.AlignLeft,
            title_metrics.elidedText(title, Qt.TextElideMode.ElideRight, inner.width()),
        )
        y += title_metrics.height() + SPACING

        # Lines 3-4: the snippet
        snippet = " ".join(row.snippet.split())
        if row.title and snippet.startswith(row.title):
            snippet = snippet[len(row.title) :].lstrip(" .:-—")
        painter.setPen(blend(text_color, base_color, 0.18) if not selected else text_color)
        mine = self.note_line(row)
        if mine:
            # A bookmark's note and tags take the snippet's second line: the row keeps its height.
            metrics = QFontMetrics(base)
            painter.setFont(base)
            painter.drawText(
                QRect(inner.left(), y, inner.width(), metrics.height()),
                Qt.AlignmentFlag.AlignLeft,
                metrics.elidedText(snippet, Qt.TextElideMode.ElideRight, inner.width()),
            )
            note_font = QFont(base)
            note_font.setItalic(True)
            painter.setFont(note_font)
            painter.setPen(text_color if selected else palette.color(QPalette.ColorRole.Link))
            painter.drawText(
                QRect(inner.left(), y + metrics.lineSpacing(), inner.width(), metrics.height()),
                Qt.AlignmentFlag.AlignLeft,
                QFontMetrics(note_font).elidedText(mine, Qt.TextElideMode.ElideRight, inner.width()),
            )
            y += metrics.lineSpacing() * 2
        else:
            y = self._paint_two_lines(painter, base, snippet, inner.left(), y, inner.width())
        y += SPACING

        # Line 5: language badges and topic chips
        x = inner.left()
        for language in row.languages[:3]:
            x = self._paint_badge(painter, small, language.upper(), x, y, palette, selected, strong=True) + 4
        x += 6
        for topic in row.topics[:MAX_TOPIC_CHIPS]:
            if x > inner.right() - 40:
                break
            x = self._paint_badge(painter, small, self.topic_labels.get(topic, topic), x, y, palette, selected) + 4
        painter.restore()

    @staticmethod
    def note_line(row: TimelineRow) -> str:
        """What a bookmarked row says of the user's note and tags ("" when there is nothing to say)."""
        if not row.bookmarked or not (row.note.strip() or row.tags):
            return ""
        parts = ["✎ " + " ".join(row.note.split())] if row.note.strip() else []
        parts += [" ".join("#" + tag for tag in row.tags)] if row.tags else []
        return "  ·  ".join(parts)

    def _media_text(self, row: TimelineRow) -> str:
        if row.media:
            return describe_media(row.media, translate_media_label)  # "Photo ×3", "Video 0:14, 10.5 MB", "Poll: …"
        return self.tr("(no text)")

    def _paint_day_header(
        self, painter: QPainter, rect: QRect, palette: QPalette, font: QFont, day: date | None
    ) -> None:
        window = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        painter.fillRect(rect, blend(window, text, 0.04))
        painter.setFont(font)
        painter.setPen(blend(text, window, 0.25))
        label = self._day_text(day)
        painter.drawText(rect.adjusted(PADDING + 10, 0, -PADDING, 0), Qt.AlignmentFlag.AlignVCenter, label)

    def _day_text(self, day: date | None) -> str:
        if day is None:
            return self.tr("Undated")
        today = datetime.now().date()
        qdate = QDate(day.year, day.month, day.day)
        locale = QLocale()
        text = locale.toString(qdate, "dddd, d MMMM yyyy")
        if day == today:
            return self.tr("Today") + " — " + text
        return text[:1].upper() + text[1:]

    def _time_text(self, when: datetime | None, inferred: bool, date_only: bool = False) -> str:
        if when is None:
            return ""
        if date_only:
            # The source gives the day only: show the day, never a made-up time.
            day = when.astimezone(UTC).date()
            text = QLocale().toString(QDate(day.year, day.month, day.day), "d MMM yyyy")
        else:
            local = when.astimezone()
            text = f"{local.hour:02d}:{local.minute:02d}"
        return f"≈ {text}" if inferred else text

    def _paint_badge(
        self,
        painter: QPainter,
        font: QFont,
        text: str,
        x: int,
        y: int,
        palette: QPalette,
        selected: bool,
        strong: bool = False,
        align_right: bool = False,
    ) -> int:
        metrics = QFontMetrics(font)
        text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, 160)
        width = metrics.horizontalAdvance(text) + 12
        height = metrics.height() + 2
        left = x - width if align_right else x
        box = QRectF(left, y, width, height)
        accent = palette.color(QPalette.ColorRole.Highlight)
        base = palette.color(QPalette.ColorRole.Base)
        text_color = palette.color(QPalette.ColorRole.Text)
        if selected:
            fill = blend(accent, palette.color(QPalette.ColorRole.HighlightedText), 0.2)
            ink = palette.color(QPalette.ColorRole.HighlightedText)
        elif strong:
            fill = blend(base, accent, 0.22)
            ink = blend(text_color, accent, 0.3)
        else:
            fill = blend(base, text_color, 0.08)
            ink = blend(text_color, base, 0.2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(box, height / 2, height / 2)
        painter.setFont(font)
        painter.setPen(ink)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        return left if align_right else int(left + width)

    def _paint_two_lines(self, painter: QPainter, font: QFont, text: str, x: int, y: int, width: int) -> int:
        metrics = QFontMetrics(font)
        painter.setFont(font)
        layout = QTextLayout(text, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        # Qt's text positions count UTF-16 units: emoji and flags take two, so slice the UTF-16 form.
        utf16 = text.encode("utf-16-le")
        lines: list[str] = []
        while len(lines) < 2:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start, length = line.textStart(), line.textLength()
            if len(lines) == 1:
                rest = utf16[start * 2 :].decode("utf-16-le", errors="replace")
                lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
            else:
                lines.append(utf16[start * 2 : (start + length) * 2].decode("utf-16-le", errors="replace").rstrip())
        layout.endLayout()
        for line_text in lines:
            painter.drawText(QRect(x, y, width, metrics.height()), Qt.AlignmentFlag.AlignLeft, line_text)
            y += metrics.lineSpacing()
        return y + metrics.lineSpacing() * (2 - len(lines))
