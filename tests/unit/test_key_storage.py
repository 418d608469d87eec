"""The counterpart keys as ids into a dictionary of names: packed and read back the same, a quarter of their
size as text, and a library of schema 11 migrates with its keys, state, search results and links intact."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from reader.importing.service import Library
from reader.store import PostFilter, Store
from reader.store.keys import pack, split_length, unpack
from reader.store.migrations import SCHEMA_VERSION

from .conftest import keys_as_schema_11
from .test_linking import _channel, _links

SEARCHES = ("Lavrov", "Лавров", "Moscow", "министр")


@pytest.mark.parametrize("ids", [[], [1], [3, 1, 2, 2], [0, 65535], [65536, 1, 4_000_000_000]])
def test_packed_ids_come_back_sorted_and_distinct(ids: list[int]) -> None:
    blob = pack(ids)
    assert list(unpack(blob)) == sorted(set(ids))
    narrow = not ids or max(ids) < 65536
    assert len(blob) == 1 + len(set(ids)) * (2 if narrow else 4)


def test_the_length_key_is_split_from_the_keys() -> None:
    assert split_length(["w:lavro", "len:42", "n:2025"]) == (42, {"w:lavro", "n:2025"})
    assert split_length(["w:lavro"]) == (None, {"w:lavro"})


def _keys_by_post(store: Store) -> dict[str, tuple[int | None, frozenset[str]]]:
    rows = store.db.execute("SELECT p.id, p.rowid FROM posts p JOIN post_key_ids k ON k.post_rowid = p.rowid")
    return {str(post_id): store.pairs.stored_keys(rowid) for post_id, rowid in rows.fetchall()}


def test_a_library_of_schema_11_keeps_its_keys_state_searches_and_links(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    library = Library(data_dir)
    try:
        library.import_paths([_channel(tmp_path)])
        links = _links(library)
        keys = _keys_by_post(library.store)
        ids = library.store.timeline.post_ids(PostFilter())
        library.store.state.set_read(ids[::2])
        library.store.state.set_bookmarked(ids[1:9:3], True)
        records = [(record.post, record.state) for record in library.store.records.iter_records(PostFilter())]
        found = {search: library.store.timeline.post_ids(PostFilter(search=search)) for search in SEARCHES}
    finally:
        library.close()
    assert links and len(keys) >= 16 and all(found.values())
    with closing(sqlite3.connect(data_dir / "library.sqlite3", isolation_level=None)) as connection:
        connection.execute("BEGIN")
        keys_as_schema_11(connection)
        connection.execute("PRAGMA user_version = 11")
        connection.execute("COMMIT")

    store = Store.open(data_dir)
    try:
        assert store.db.execute("PRAGMA main.user_version").fetchone()[0] == SCHEMA_VERSION
        assert _keys_by_post(store) == keys
        assert [(record.post, record.state) for record in store.records.iter_records(PostFilter())] == records
        assert {search: store.timeline.post_ids(PostFilter(search=search)) for search in SEARCHES} == found
        tables = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master")}
        assert "post_key_sets" not in tables
    finally:
        store.close()

    # the migrated keys find the same counterparts: search every post again
    library = Library(data_dir)
    try:
        with library.store.db.transaction() as connection:
            connection.execute("DELETE FROM counterparts")
            connection.execute("INSERT INTO link_queue SELECT rowid FROM posts")
        assert library.link() is True
        assert _links(library) == links
    finally:
        library.close()


def test_keys_take_a_fraction_of_their_names(tmp_path: Path) -> None:
    library = Library(tmp_path / "data")
    try:
        library.import_paths([_channel(tmp_path)])
        stored = library.store.db.execute("SELECT sum(length(keys)) FROM post_key_ids").fetchone()[0]
        as_text = sum(len("\x1f".join(names).encode()) for _, names in _keys_by_post(library.store).values() if names)
    finally:
        library.close()
    assert stored < as_text / 3
