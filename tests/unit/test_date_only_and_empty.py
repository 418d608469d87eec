"""Posts whose source gives only the day keep it that way; posts with only missing media can be hidden."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from reader.domain import Media, MediaKind, Passage, PassageKind, Post, Source
from reader.export.records import record_to_dict
from reader.importing.service import Library
from reader.store import PostFilter, Store
from reader.store.migrations import MIGRATIONS, SCHEMA_V6

REPO = Path(__file__).resolve().parents[2]
DUMP = REPO / "resources" / "samples" / "000_a6b2ee9f8e8f0532.txt"
CHANNEL = Source("tg:test", "Test channel", "telegram")


def test_a_dump_s_posts_have_days_not_a_made_up_noon(tmp_path: Path) -> None:
    library = Library(tmp_path / "library", import_workers=0)
    library.import_paths([DUMP])
    records = list(library.store.records.iter_records(PostFilter()))
    library.close()
    dated = [record for record in records if record.post.date is not None]
    assert dated and all(record.post.date_only for record in dated)
    for record in dated:
        date = record_to_dict(record)["date"]
        assert isinstance(date, str) and len(date) == 10 and date[4] == "-"  # YYYY-MM-DD, no 12:00


def _post(number: int, passages: tuple[Passage, ...], media: tuple[Media, ...]) -> Post:
    return Post(
        id=f"tg:test/{number}",
        source=CHANNEL,
        passages=passages,
        date=datetime(2025, 3, 6, 10, number, tzinfo=UTC),
        message_id=str(number),
        media=media,
    )


def test_hide_empty_leaves_out_posts_with_only_missing_media(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "library")
    missing = (Media(MediaKind.VIDEO, available=False, duration=14),)
    store.posts.upsert_posts(
        (post, ())
        for post in [
            _post(1, (), missing),  # only a video that is not in the export: empty
            _post(2, (Passage("Caption"),), missing),  # text of its own
            _post(3, (), (Media(MediaKind.PHOTO, "photos/1.jpg", True),)),  # the photo is there
            _post(4, (Passage("Poll?", kind=PassageKind.MEDIA),), (Media(MediaKind.POLL, name="Poll?"),)),
        ]
    )
    everything = store.timeline.post_ids(PostFilter())
    shown = store.timeline.post_ids(PostFilter(hide_empty=True))
    store.close()
    assert set(everything) == {"tg:test/1", "tg:test/2", "tg:test/3", "tg:test/4"}
    assert set(shown) == {"tg:test/2", "tg:test/3", "tg:test/4"}


def test_the_migration_marks_day_only_posts_of_older_libraries(tmp_path: Path) -> None:
    library = Library(tmp_path / "library", import_workers=0)
    library.import_paths([DUMP])
    library.close()
    database = tmp_path / "library" / "library.sqlite3"
    with sqlite3.connect(database) as connection:
        # As a library written before v4 holds it: no date_only marks, schema one version older.
        connection.execute("UPDATE posts SET date_only = 0")
        connection.execute("ALTER TABLE posts DROP COLUMN date_only")
        connection.execute(f"PRAGMA user_version = {MIGRATIONS.index(SCHEMA_V6)}")  # just before v6
    store = Store.open(tmp_path / "library")
    records = list(store.records.iter_records(PostFilter()))
    store.close()
    dated = [record.post for record in records if record.post.date is not None]
    assert dated and all(post.date_only for post in dated)
