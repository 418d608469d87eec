"""CSL-JSON for Zotero and other reference managers (File > Import in Zotero reads it).

Each post is an item of type "post" (a social-media or blog post in CSL): title, container-title
(the channel or site), issued date parts, URL, accessed (when bookmarked), language, the user's note,
tags as keywords, and - where the post has a counterpart - the counterpart's title as `translated-title`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.domain import PostRecord
from reader.export.atomic import atomic_open
from reader.export.entries import ExportEntry, display_title

ABSTRACT_LIMIT = 600


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
        "container-title": post.source.title,
    }
    if post.date is not None:
        item["issued"] = {"date-parts": [[post.date.year, post.date.month, post.date.day]]}
    if post.url:
        item["URL"] = post.url
    if state.bookmarked_at is not None:
        # Zotero's "Accessed": when the user saved the post, the nearest thing to a retrieval date.
        saved = datetime.fromtimestamp(state.bookmarked_at, tz=UTC)
        item["accessed"] = {"date-parts": [[saved.year, saved.month, saved.day]]}
    if post.languages:
        item["language"] = post.languages[0]
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


def _abstract(record: PostRecord) -> str:
    title = record.post.title.strip()
    body = " ".join(p.text for p in record.post.passages if p.text.strip() and p.text.strip() != title)
    body = " ".join(body.split())
    return body if len(body) <= ABSTRACT_LIMIT else body[: ABSTRACT_LIMIT - 1].rstrip() + "…"
