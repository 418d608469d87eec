"""Full-fidelity JSON export, versioned and re-importable with `bulletin-reader import`.

Layout (one post per line so large exports diff and stream well)::

    {"format": "bulletin-reader", "version": 1, "exported_at": "...",
     "state": {... the export-state document for these posts ...},
     "posts": [ {... record_to_dict(record) plus the fields needed to rebuild the post ...}, ... ]}

`reader.ingest.bulletin_json` reads it back: the posts as content, the "state" block merged
into the user state (last writer wins per field), so an export moves bookmarks between machines.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader import __version__
from reader.domain import PostRecord
from reader.export.atomic import atomic_open
from reader.export.entries import ExportEntry, all_records
from reader.export.records import record_to_dict

FORMAT_NAME = "bulletin-reader"
FORMAT_VERSION = 1


def post_to_export_dict(record: PostRecord) -> dict[str, Any]:
    """The `list --json` shape of a post plus what is needed to rebuild it exactly."""
    post = record.post
    data = record_to_dict(record)
    data["source_kind"] = post.source.kind
    data["source_url"] = post.source.url
    data["message_id"] = post.message_id
    data["media_items"] = [item.to_dict() for item in post.media]
    for entry, passage in zip(data["passages"], post.passages, strict=True):
        if passage.links:
            entry["link_spans"] = [[link.url, link.start, link.end] for link in passage.links]
        if passage.bold:
            entry["bold"] = True
    return data


def write_json(
    entries: Sequence[ExportEntry],
    state: Mapping[str, Any],
    path: Path,
    *,
    force: bool = False,
    now: float,
) -> int:
    """Write the export atomically; returns the number of posts (counterparts included).

    Args:
        entries: the posts to export, grouped with their counterparts.
        state: the state document of these posts (reader.store.statefile.state_document).
        path: destination file.
        force: overwrite an existing file.
        now: export time (unix seconds), recorded in the file.
    """
    records = all_records(entries)
    header = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "generator": f"bulletin-reader {__version__}",
        "exported_at": datetime.fromtimestamp(now, tz=UTC).isoformat(),
        "state": state,
    }
    with atomic_open(path, "w", force=force) as handle:
        # The header first, so the importer recognises the file from its first bytes.
        handle.write(json.dumps(header, ensure_ascii=False)[:-1])
        handle.write(', "posts": [\n')
        for number, record in enumerate(records):
            if number:
                handle.write(",\n")
            handle.write(json.dumps(post_to_export_dict(record), ensure_ascii=False))
        handle.write("\n]}\n")
    return len(records)
