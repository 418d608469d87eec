"""The evaluation of `reader.align.evaluate` plus its import row: counterparts found by a real import.

    python -m reader.importing.evaluate_import [--data PATH] [--json FILE] [--seed N] [--limit N]

The align layer may not import the store or the service, so the import itself runs from here: the
case's two channels are written as Telegram Desktop JSON exports into a temporary folder and imported
with `Library.import_paths`, whose counterpart search (`reader.importing.counterpart_search`) links the posts.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from reader.align.channel_cases import ImportCase
from reader.align.evaluate import main
from reader.importing.service import Library
from reader.store import PostFilter


def search_by_import(case: ImportCase) -> tuple[dict[tuple[int, int], float], float, int]:
    """Import the case's channels; (Russian, English) post indexes linked and their scores, CPU seconds, posts."""
    with tempfile.TemporaryDirectory(prefix="reader-evaluate-") as folder:
        paths = [telegram_export(Path(folder), lang, posts) for lang, posts in case.channels.items()]
        return _imported_counterparts(Path(folder) / "library", paths)


def telegram_export(folder: Path, lang: str, posts: list[tuple[float, str, str]]) -> Path:
    """A Telegram Desktop JSON export of one channel; message ids are the indexes into `posts`."""
    path = folder / f"{lang}-channel" / "result.json"
    path.parent.mkdir(parents=True)
    messages = [
        {
            "id": index,
            "type": "message",
            "date": datetime.fromtimestamp(unixtime, UTC).strftime("%Y-%m-%dT%H:%M:%S"),
            "date_unixtime": str(int(unixtime)),
            "from": f"{lang} channel",
            "from_id": f"channel{lang}",
            "text": text,
            "text_entities": [{"type": "plain", "text": text}],
        }
        for index, (unixtime, _, text) in sorted(enumerate(posts), key=lambda item: item[1][0])
    ]
    channel_id = 7001 if lang == "ru" else 7002
    document = {"name": f"{lang} channel", "type": "public_channel", "id": channel_id, "messages": messages}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _imported_counterparts(data_dir: Path, paths: list[Path]) -> tuple[dict[tuple[int, int], float], float, int]:
    """Import both exports in one go; (Russian, English) message ids of every counterpart link found."""
    library = Library(data_dir)
    try:
        library.import_paths(paths, link=False)
        started = time.process_time()  # CPU time: what the search costs, whatever else the machine runs
        library.link()
        spent = time.process_time() - started
        records = list(library.store.records.iter_records(PostFilter()))
    finally:
        library.close()
    # each channel's title names its language; message ids index that channel's posts
    where = {record.post.id: (record.post.source.title[:2], int(record.post.message_id or -1)) for record in records}
    found: dict[tuple[int, int], float] = {}
    for record in records:
        for item in record.counterparts:
            ends = dict([where[record.post.id], where.get(item.post_id, ("", -1))])
            if "ru" in ends and "en" in ends:
                found[(ends["ru"], ends["en"])] = item.score
    return found, spent, len(records)


if __name__ == "__main__":
    sys.exit(main(import_search=search_by_import))
