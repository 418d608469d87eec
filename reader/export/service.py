"""One entry point for every file export the GUI and CLI offer (PDF lives in reader.ui.pdf_export)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from reader.errors import ExportError
from reader.export.atomic import check_destination
from reader.export.csljson import write_csljson
from reader.export.csvexport import write_csv
from reader.export.entries import collect_entries
from reader.export.jsonexport import write_json
from reader.export.markdown import write_markdown_file, write_markdown_folder
from reader.export.netscape import write_netscape
from reader.store import PostFilter, Store
from reader.store.statefile import state_document

# Format name -> (description, usual file suffix; "" for a folder). "pdf" is written with Qt, outside this layer.
FORMATS: dict[str, tuple[str, str]] = {
    "html": ("Netscape bookmark file (browsers, Raindrop)", ".html"),
    "md": ("Markdown notes, one per post with YAML front matter (a folder, for Obsidian)", ""),
    "md-file": ("Markdown, every post in one file (to paste)", ".md"),
    "json": ("Bulletin Reader JSON (full fidelity, re-importable)", ".json"),
    "csv": ("CSV for spreadsheets (UTF-8 with BOM)", ".csv"),
    "csljson": ("CSL-JSON for Zotero", ".json"),
    "pdf": ("PDF reading pack, both languages in columns", ".pdf"),
}
QT_FORMATS = frozenset({"pdf"})
FOLDER_FORMATS = frozenset(key for key, (_description, suffix) in FORMATS.items() if not suffix)


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What an export wrote.

    Attributes:
        posts: posts written (counterparts included); for html, bookmarks.
        without_own_url: of them, posts with no address of their own (html links them to their
            channel or to a local copy written beside the file).
    """

    posts: int
    without_own_url: int = 0


def export_posts(
    store: Store, post_filter: PostFilter, fmt: str, path: Path, force: bool = False, *, now: float | None = None
) -> ExportReport:
    """Export the posts of a filter - each with its counterpart in the other language - to a file.

    Args:
        store: the library to read.
        post_filter: which posts (e.g. PostFilter(bookmarked=True) for the bookmarks).
        fmt: one of html, md, json, csv, csljson ("pdf" is reader.ui.pdf_export.export_pdf).
        path: destination file, written atomically (for md, a folder of notes, each written atomically).
        force: overwrite an existing file (add to a folder that is not empty).
        now: export time in unix seconds (the current time by default).

    Returns:
        How many posts (or, for html, bookmarks) were written, and how many had no address of their own.

    Raises:
        ExportError: unknown format, the file exists without force, missing folder, disk full,
            permission denied. No partial file is left in any case.
    """
    if fmt in QT_FORMATS:
        raise ExportError(f"{fmt}: this format is written by the desktop layer (reader.ui.pdf_export)")
    if fmt not in FORMATS:
        raise ExportError(f"{fmt}: unknown export format (choose one of {', '.join(FORMATS)})")
    # Fail before reading the library when the destination is already known to be unusable.
    if fmt not in FOLDER_FORMATS:
        check_destination(path, force=force)
    moment = time.time() if now is None else now
    entries = collect_entries(store, post_filter)
    if fmt == "html":
        bookmarks = write_netscape(entries, path, force=force, now=moment)
        return ExportReport(bookmarks.count, bookmarks.without_own_url)
    if fmt == "md":
        return ExportReport(write_markdown_folder(entries, path, force=force))
    if fmt == "md-file":
        return ExportReport(write_markdown_file(entries, path, force=force))
    if fmt == "csv":
        return ExportReport(write_csv(entries, path, force=force))
    if fmt == "csljson":
        return ExportReport(write_csljson(entries, path, force=force))
    post_ids = [record.post.id for entry in entries for record in entry.records]
    return ExportReport(write_json(entries, state_document(store, post_ids, now=moment), path, force=force, now=moment))
