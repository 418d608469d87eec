"""Netscape bookmark file: the HTML every browser, Raindrop and Pinboard import.

Each post with a web address becomes `<DT><A HREF ADD_DATE TAGS>title</A>` with its note as `<DD>`;
a post's counterpart follows it directly, so both languages land side by side in the browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from reader.domain import PostRecord
from reader.export.atomic import atomic_open
from reader.export.entries import ExportEntry, all_records, display_title

FOLDER_TITLE = "Bulletin Reader"


def render_netscape(entries: Sequence[ExportEntry], *, now: float) -> tuple[str, int]:
    """The bookmark file text and the number of bookmarks in it (posts without a URL are left out)."""
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
    count = 0
    for record in all_records(entries):
        line = _bookmark(record)
        if line is None:
            continue
        lines.extend(line)
        count += 1
    lines += ["    </DL><p>", "</DL><p>", ""]
    return "\n".join(lines), count


def write_netscape(entries: Sequence[ExportEntry], path: Path, *, force: bool = False, now: float) -> int:
    """Write the bookmark file atomically; returns how many bookmarks it holds."""
    text, count = render_netscape(entries, now=now)
    with atomic_open(path, "w", force=force) as handle:
        handle.write(text)
    return count


def _bookmark(record: PostRecord) -> list[str] | None:
    post, state = record.post, record.state
    if not post.url:
        return None
    added = state.bookmarked_at or (post.date.timestamp() if post.date else None)
    attributes = [f'HREF="{escape(post.url, quote=True)}"']
    if added is not None:
        attributes.append(f'ADD_DATE="{int(added)}"')
    if state.tags:
        # Browsers split TAGS on commas, so a comma inside a tag would make two tags.
        tags = ",".join(tag.replace(",", " ") for tag in state.tags)
        attributes.append(f'TAGS="{escape(tags, quote=True)}"')
    languages = post.languages
    if languages:
        attributes.append(f'LANG="{escape(languages[0], quote=True)}"')
    lines = [f"        <DT><A {' '.join(attributes)}>{escape(display_title(post), quote=False)}</A>"]
    if state.note.strip():
        lines.append(f"        <DD>{escape(state.note.strip(), quote=False)}")
    return lines
