"""CSL-JSON for Zotero and other reference managers (File > Import in Zotero reads it).

Each post is an item of type "post" (a social-media or blog post in CSL): title, container-title
and author (the channel or site, by its readable name), issued date parts, URL, accessed (when
bookmarked), language (the title's), the user's note, tags as keywords, and - where the post has a
counterpart - the counterpart's title as `translated-title`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reader.domain import Post, PostRecord
from reader.export.atomic import atomic_open
from reader.export.entries import ExportEntry, display_title

ABSTRACT_LIMIT = 600
# A name made from a file: digits, underscores and a hash, as the scraped dumps are named.
_FILE_STEM = re.compile(r"[\w-]*[0-9a-f]{12,}[\w-]*", re.ASCII)


def csl_items(entries: Sequence[ExportEntry]) -> list[dict[str, Any]]:
    """One CSL item per post, counterparts included, each naming the other's title."""
    items: list[dict[str, Any]] = []
    for entry in entries:
        records = entry.records
        for record in records:
            partner = next((other for other in records if other is not record), None)
            items.append(_item(record, partner))
    return items


def write_csljson(entries: Sequence[ExportEntry], path: Path, *, force: bool = False) -> int:
    """Write a CSL-JSON array atomically; returns the number of items."""
    items = csl_items(entries)
    with atomic_open(path, "w", force=force) as handle:
        json.dump(items, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    return len(items)


def _item(record: PostRecord, partner: PostRecord | None) -> dict[str, Any]:
    post, state = record.post, record.state
    item: dict[str, Any] = {
        "id": post.id,
        "type": "post",
        "title": display_title(post, limit=500),
    }
    channel = readable_source_name(post)
    if channel:
        item["container-title"] = channel
        # A channel or a ministry's site speaks for itself: Zotero shows it as the author.
        item["author"] = [{"literal": channel}]
    if post.date is not None:
        item["issued"] = {"date-parts": [[post.date.year, post.date.month, post.date.day]]}
    if post.url:
        item["URL"] = post.url
    if state.bookmarked_at is not None:
        # Zotero's "Accessed": when the user saved the post, the nearest thing to a retrieval date.
        saved = datetime.fromtimestamp(state.bookmarked_at, tz=UTC)
        item["accessed"] = {"date-parts": [[saved.year, saved.month, saved.day]]}
    language = title_language(post)
    if language:
        item["language"] = language
    if state.note.strip():
        item["note"] = state.note.strip()
    if state.tags:
        item["keyword"] = ", ".join(state.tags)
    abstract = _abstract(record)
    if abstract:
        item["abstract"] = abstract
    if partner is not None:
        item["translated-title"] = display_title(partner.post, limit=500)
    return item


def title_language(post: Post) -> str | None:
    """The language of the post's title (a bilingual post is cited under its title's language)."""
    title = " ".join(display_title(post, limit=500).split())
    for passage in post.passages:
        text = " ".join(passage.text.split())
        if passage.lang and text and (title.startswith(text[:40]) or text.startswith(title[:40])):
            return passage.lang
    return post.languages[0] if post.languages else None


def readable_source_name(post: Post) -> str | None:
    """The channel or site a reader would name: never a dump's file name (000_a6b2ee9f8e8f0532)."""
    title = post.source.title.strip()
    if title and not _FILE_STEM.fullmatch(title) and not post.source.key.startswith("file:"):
        return title
    for address in (post.source.url, post.url):
        if address:
            parsed = urlsplit(address)
            parts = [part for part in parsed.path.split("/") if part]
            if parsed.hostname in ("t.me", "telegram.me") and parts:
                return "@" + (parts[1] if parts[0] == "s" and len(parts) > 1 else parts[0])
            if parsed.hostname:
                return parsed.hostname.removeprefix("www.")
    return title if title and not _FILE_STEM.fullmatch(title) else None


def _abstract(record: PostRecord) -> str:
    title = record.post.title.strip()
    body = " ".join(p.text for p in record.post.passages if p.text.strip() and p.text.strip() != title)
    body = " ".join(body.split())
    return body if len(body) <= ABSTRACT_LIMIT else body[: ABSTRACT_LIMIT - 1].rstrip() + "…"
