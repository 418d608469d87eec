"""PDF reading pack: posts with Russian and English in two columns, made with Qt's own PDF writer.

Qt (QTextDocument laid out on a QPdfWriter) does the typesetting and font embedding, so no
browser or external tool is needed and Cyrillic text stays searchable in the PDF. The export
layer has no Qt, so this writer lives in the desktop package; the CLI imports it lazily for
`--format pdf` and a QGuiApplication on the offscreen platform is created when none exists.
The PDF is rendered into memory first and then written atomically like every other export.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from reader.domain import PostRecord
from reader.export.atomic import check_destination, write_bytes_atomic
from reader.export.entries import ExportEntry, collect_entries, display_title, side_by_side
from reader.store import PostFilter, Store

POSTS_PER_PAGE = 3
RESOLUTION_DPI = 300
_cli_application: QGuiApplication | None = None  # kept alive for the process when the CLI made it


def ensure_gui_application() -> None:
    """Make sure a Qt GUI application exists (fonts need one); the CLI gets an offscreen one."""
    global _cli_application
    if QGuiApplication.instance() is None:
        _cli_application = QGuiApplication(["bulletin-reader", "-platform", "offscreen"])


def export_pdf(
    store: Store,
    post_filter: PostFilter,
    path: Path,
    *,
    force: bool = False,
    posts_per_page: int = POSTS_PER_PAGE,
) -> int:
    """Write the reading pack of a filter's posts (with their counterparts); returns the number of posts.

    Raises:
        ExportError: the file exists without force, missing folder, disk full, permission denied.
    """
    check_destination(path, force=force)
    ensure_gui_application()
    entries = collect_entries(store, post_filter)
    write_bytes_atomic(path, render_pdf(entries, posts_per_page=posts_per_page), force=force)
    return sum(len(entry.records) for entry in entries)


def render_pdf(entries: Sequence[ExportEntry], *, posts_per_page: int = POSTS_PER_PAGE) -> bytes:
    """The PDF bytes of a reading pack: a new page every `posts_per_page` entries (long posts run on)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION_DPI)
    writer.setTitle("Bulletin Reader — reading pack")
    writer.setCreator("Bulletin Reader")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    document = QTextDocument()
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    font.setPointSizeF(9.5)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    document.setDefaultFont(font)
    document.setHtml(render_html(entries, posts_per_page=posts_per_page))
    document.print_(writer)
    del writer  # finishes the PDF into the buffer
    buffer.close()
    return bytes(data.data())


def render_html(entries: Sequence[ExportEntry], *, posts_per_page: int = POSTS_PER_PAGE) -> str:
    """The Qt rich-text HTML of the pack (Qt supports a subset of HTML 4 and CSS)."""
    parts = [
        "<html><head><meta charset='utf-8'><style>",
        "h2 { font-size: 13pt; margin-bottom: 2pt; }",
        ".meta { color: #555555; font-size: 8pt; }",
        ".note { background-color: #fff6d5; }",
        "td { padding: 3pt; vertical-align: top; }",
        "th { background-color: #eeeeee; text-align: left; padding: 3pt; }",
        "</style></head><body>",
    ]
    for number, entry in enumerate(entries):
        page_break = number > 0 and number % max(1, posts_per_page) == 0
        parts.append(_entry_html(entry, page_break))
    parts.append("</body></html>")
    return "\n".join(parts)


def _entry_html(entry: ExportEntry, page_break: bool) -> str:
    style = ' style="page-break-before: always"' if page_break else ""
    titles = " / ".join(escape(display_title(record.post)) for record in entry.records)
    lines = [f"<h2{style}>{titles}</h2>"]
    lines.extend(f"<p class='meta'>{_meta(record)}</p>" for record in entry.records)
    state = entry.record.state
    if state.note.strip():
        lines.append(f"<p class='note'>{escape(state.note.strip())}</p>")
    rows = side_by_side(entry)
    if rows is not None:
        lines.append("<table width='100%' cellspacing='0' border='1' style='border-collapse: collapse'>")
        lines.append("<tr><th width='50%'>Русский</th><th width='50%'>English</th></tr>")
        for row in rows:
            lines.append(
                f"<tr><td width='50%'>{_paragraphs(row.ru)}</td><td width='50%'>{_paragraphs(row.en)}</td></tr>"
            )
        lines.append("</table>")
    else:
        for record in entry.records:
            lines.extend(f"<p>{escape(p.labelled_text)}</p>" for p in record.post.passages if p.text.strip())
    return "\n".join(lines)


def _meta(record: PostRecord) -> str:
    post, state = record.post, record.state
    items = [escape(post.source.title)]
    if post.date is not None:
        items.append(post.date.strftime("%Y-%m-%d"))
    if post.languages:
        items.append("+".join(post.languages))
    if state.tags:
        items.append("#" + " #".join(escape(tag) for tag in state.tags))
    if post.url:
        items.append(f"<a href='{escape(post.url, quote=True)}'>{escape(post.url)}</a>")
    return " · ".join(items)


def _paragraphs(text: str) -> str:
    return "<br>".join(escape(line) for line in text.splitlines() if line.strip())
