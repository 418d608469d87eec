"""Netscape bookmark file: the HTML every browser, Raindrop and Pinboard import.

Every post becomes `<DT><A HREF ADD_DATE TAGS>title</A>` with its note as `<DD>`; a post's counterpart
follows it directly, so both languages land side by side in the browser. A post without an address of
its own links to its channel's address, or, when the channel has none either (a scraped dump, a
statement), to a copy of the post written as a small HTML page in a folder beside the bookmark file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from reader.domain import PostRecord
from reader.export.atomic import atomic_open
from reader.export.entries import ExportEntry, all_records, display_title, safe_url

FOLDER_TITLE = "Bulletin Reader"
COPIES_SUFFIX = "-posts"  # bookmarks.html -> bookmarks-posts/, the folder of the local copies


@dataclass(frozen=True, slots=True)
class BookmarkFile:
    """The bookmark file's text and the local copies it links to (file name -> HTML page)."""

    text: str
    count: int
    without_own_url: int
    copies: dict[str, str] = field(default_factory=dict)


def copies_folder(path: Path) -> Path:
    return path.with_name(path.stem + COPIES_SUFFIX)


def render_netscape(entries: Sequence[ExportEntry], *, now: float, copies_dir: Path) -> BookmarkFile:
    """The bookmark file for the entries; posts with no address at all link into `copies_dir`."""
    lines = [
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>",
        "<!-- This is an automatically generated file. It will be read and overwritten. DO NOT EDIT! -->",
        '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
        "<TITLE>Bookmarks</TITLE>",
        "<H1>Bookmarks</H1>",
        "<DL><p>",
        f'    <DT><H3 ADD_DATE="{int(now)}" LAST_MODIFIED="{int(now)}">{FOLDER_TITLE}</H3>',
        "    <DL><p>",
    ]
    records = all_records(entries)
    copies: dict[str, str] = {}
    without_own_url = 0
    for record in records:
        post = record.post
        # Only http(s) and tg links are written: a javascript: or data: URL from a file would run in the browser.
        href = safe_url(post.url) or safe_url(post.source.url)
        if not safe_url(post.url):
            without_own_url += 1
        if not href:
            name = copy_name(post.id)
            copies[name] = render_copy(record)
            href = (copies_dir.absolute() / name).as_uri()
        lines.extend(_bookmark(record, href))
    lines += ["    </DL><p>", "</DL><p>", ""]
    return BookmarkFile("\n".join(lines), len(records), without_own_url, copies)


def write_netscape(entries: Sequence[ExportEntry], path: Path, *, force: bool = False, now: float) -> BookmarkFile:
    """Write the copies (if any), then the bookmark file, each atomically."""
    folder = copies_folder(path)
    bookmarks = render_netscape(entries, now=now, copies_dir=folder)
    if bookmarks.copies:
        folder.mkdir(exist_ok=True)
        for name, page in bookmarks.copies.items():
            # the folder belongs to this bookmark file: a new export refreshes its copies
            with atomic_open(folder / name, "w", force=True) as handle:
                handle.write(page)
    with atomic_open(path, "w", force=force) as handle:
        handle.write(bookmarks.text)
    return bookmarks


def copy_name(post_id: str) -> str:
    """A file name for a post id that is safe on every file system (ids hold ':' and '/')."""
    return re.sub(r"[^\w.-]+", "_", post_id, flags=re.ASCII).strip("._")[:120] + ".html"


def render_copy(record: PostRecord) -> str:
    """A post as a page of its own: title, source and date, the user's note and tags, then its text."""
    post, state = record.post, record.state
    title = escape(display_title(post), quote=False)
    meta = [escape(post.source.title, quote=False)]
    if post.date is not None:
        meta.append(post.date.strftime("%Y-%m-%d %H:%M"))
    body = [f"<h1>{title}</h1>", f"<p><small>{' · '.join(meta)}</small></p>"]
    if state.tags:
        body.append(f"<p>Tags: {escape(', '.join(state.tags), quote=False)}</p>")
    if state.note.strip():
        body.append(f"<blockquote>{escape(state.note.strip(), quote=False)}</blockquote>")
    for passage in post.passages:
        if passage.text.strip():
            text = "<br>".join(escape(line, quote=False) for line in passage.text.strip().splitlines())
            body.append(f'<p lang="{escape(passage.lang or "und", quote=True)}">{text}</p>')
    if not any(passage.text.strip() for passage in post.passages) and post.media:
        body.append(f"<p><i>{len(post.media)} media item(s), not part of the export.</i></p>")
    language = escape(post.languages[0], quote=True) if post.languages else "und"
    return (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head><meta charset="utf-8"><title>{title}</title></head>\n'
        f"<body>\n{chr(10).join(body)}\n</body>\n</html>\n"
    )


def _bookmark(record: PostRecord, href: str) -> list[str]:
    post, state = record.post, record.state
    added = state.bookmarked_at or (post.date.timestamp() if post.date else None)
    attributes = [f'HREF="{escape(href, quote=True)}"']
    if added is not None:
        attributes.append(f'ADD_DATE="{int(added)}"')
    if state.tags:
        # Browsers split TAGS on commas, so a comma inside a tag would make two tags.
        tags = ",".join(tag.replace(",", " ") for tag in state.tags)
        attributes.append(f'TAGS="{escape(tags, quote=True)}"')
    languages = post.languages
    if languages:
        attributes.append(f'LANG="{escape(languages[0], quote=True)}"')
    title = display_title(post) or post.source.title
    lines = [f"        <DT><A {' '.join(attributes)}>{escape(title, quote=False)}</A>"]
    if state.note.strip():
        lines.append(f"        <DD>{escape(state.note.strip(), quote=False)}")
    return lines
