"""CSV for spreadsheets: UTF-8 with a byte order mark so Excel and LibreOffice show Cyrillic.

One row per post; a post's counterpart follows it on the next row, and each row names its
counterpart (id, title, URL) so a filtered sheet still shows both languages.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from reader.domain import PostRecord
from reader.export.atomic import atomic_open
from reader.export.entries import ExportEntry, display_title

COLUMNS = (
    "id",
    "date",
    "source",
    "url",
    "title",
    "languages",
    "bookmarked",
    "read",
    "note",
    "tags",
    "topics",
    "counterpart_id",
    "counterpart_title",
    "counterpart_url",
    "text",
)


def write_csv(entries: Sequence[ExportEntry], path: Path, *, force: bool = False) -> int:
    """Write the CSV atomically; returns the number of rows (posts, counterparts included)."""
    count = 0
    with atomic_open(path, "w", force=force, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, dialect="excel")
        writer.writerow(COLUMNS)
        for entry in entries:
            records = entry.records
            for record in records:
                partner = next((other for other in records if other is not record), None)
                writer.writerow([_cell(value) for value in _row(record, partner)])
                count += 1
    return count


# OWASP's rule against CSV injection: a cell a spreadsheet would read as a formula starts with a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _row(record: PostRecord, partner: PostRecord | None) -> list[str]:
    post, state = record.post, record.state
    return [
        post.id,
        post.date.isoformat() if post.date else "",
        post.source.title,
        post.url or "",
        display_title(post),
        " ".join(post.languages),
        "yes" if state.bookmarked else "",
        "yes" if state.read else "",
        state.note,
        ", ".join(state.tags),
        ", ".join(post.topics),
        partner.post.id if partner else "",
        display_title(partner.post) if partner else "",
        (partner.post.url or "") if partner else "",
        "\n\n".join(passage.labelled_text for passage in post.passages),
    ]
