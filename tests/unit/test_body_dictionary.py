"""Post bodies compressed with a dictionary trained on the library's first posts: read back exactly as
written, smaller, and never read with another dictionary."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from benchmarks.corpus import build_corpus
from reader.domain import Post
from reader.importing.service import Library
from reader.store import PostFilter, Store, TimelineRow, bodies
from reader.store.bodies import Bodies
from reader.store.codec import body_to_blob
from reader.store.migrations import SCHEMA_VERSION

POSTS = 400


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("corpus"), POSTS, seed=7).json_path


def _import(data_dir: Path, export: Path) -> tuple[list[Post], list[TimelineRow], int, int]:
    library = Library(data_dir, import_workers=0)
    try:
        library.import_paths([export], link=False)
        store = library.store
        records = [record.post for record in store.records.iter_records(PostFilter())]
        rows = store.timeline.timeline_rows([rowid for _, rowid in store.timeline.timeline_ids(PostFilter(), 10**6)])
        size = int(store.db.execute("SELECT sum(length(body)) FROM post_bodies").fetchone()[0])
        dictionaries = int(store.db.execute("SELECT count(*) FROM body_dictionaries").fetchone()[0])
    finally:
        library.close()
    return records, list(rows), size, dictionaries


def test_bodies_with_a_dictionary_read_back_as_without_and_are_smaller(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records, rows, size, dictionaries = _import(tmp_path / "with", export)
    monkeypatch.setattr(bodies, "TRAIN_POSTS", 10**9)  # never enough posts to train one
    plain_records, plain_rows, plain_size, no_dictionaries = _import(tmp_path / "without", export)
    assert (dictionaries, no_dictionaries) == (1, 0)
    assert records == plain_records and len(records) > 300
    assert rows == plain_rows  # snippets too
    assert size < plain_size * 0.85


def test_a_small_library_stays_plain_until_a_batch_can_train_one(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    try:
        connection = store.db.connection
        coder = Bodies(connection)
        few = [[(0, "en", "body", None, f"Post number {number} about the summit.", "[]", 0)] for number in range(5)]
        with store.db.transaction():
            plain = coder.blobs(few)
        assert plain == [body_to_blob(passages) for passages in few]
        many = [
            [(0, "en", "body", None, f"Minister Lavrov met his counterpart, meeting {number}.", "[]", 0)]
            for number in range(bodies.TRAIN_POSTS)
        ]
        with store.db.transaction():
            trained = coder.blobs(many)
        assert all(blob[0] == 1 for blob in trained)
        reader = Bodies(connection)  # another reader of the same library: finds the dictionary in it
        assert [reader.texts(blob) for blob in trained + plain] == [[p[0][4]] for p in many + few]
        assert sum(map(len, trained)) < sum(len(body_to_blob(passages)) for passages in many)
    finally:
        store.close()


def test_a_dictionary_trained_in_a_rolled_back_import_is_not_used(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    try:
        coder = Bodies(store.db.connection)
        first = [[(0, "en", "body", None, f"First import, post {number}.", "[]", 0)] for number in range(300)]
        with pytest.raises(RuntimeError), store.db.transaction():
            coder.blobs(first)
            raise RuntimeError("the import failed")
        assert store.db.execute("SELECT count(*) FROM body_dictionaries").fetchone()[0] == 0
        second = [[(0, "ru", "body", None, f"Второй импорт, пост {number}.", "[]", 0)] for number in range(300)]
        with store.db.transaction():
            blobs = coder.blobs(second)
        assert [coder.texts(blob)[0] for blob in blobs] == [passages[0][4] for passages in second]
        # a body naming a dictionary the library lacks is refused, not read with another one
        with pytest.raises(sqlite3.DatabaseError):
            coder.texts(bytes((1,)) + (12345).to_bytes(4, "little") + blobs[0][5:])
    finally:
        store.close()


def test_a_library_of_schema_13_migrates_and_reads_old_and_new_bodies(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    with monkeypatch.context() as patched:
        patched.setattr(bodies, "TRAIN_POSTS", 10**9)  # bodies as schema 13 wrote them: plain zlib
        records, rows, _, _ = _import(data_dir, export)
    library = Library(data_dir, import_workers=0)
    try:
        ids = library.store.timeline.post_ids(PostFilter())
        library.store.state.set_read(ids[::4])
        found = library.store.timeline.post_ids(PostFilter(search="cooperation"))
    finally:
        library.close()
    with closing(sqlite3.connect(data_dir / "library.sqlite3", isolation_level=None)) as connection:
        connection.execute("BEGIN")
        connection.execute("DROP TABLE body_dictionaries")
        connection.execute("DROP INDEX posts_by_date")
        connection.execute("DROP INDEX posts_by_source")
        connection.execute("CREATE INDEX posts_by_date ON posts(sort_ts DESC, rowid DESC)")
        connection.execute("CREATE INDEX posts_by_source ON posts(source_key, sort_ts DESC, rowid DESC)")
        connection.execute("PRAGMA user_version = 13")
        connection.execute("COMMIT")

    # the same posts as another channel's: all new
    document = json.loads(export.read_text(encoding="utf-8"))
    document.update(id=int(document["id"]) + 1, name=f"{document['name']} (mirror)")
    more = tmp_path / "mirror" / "result.json"
    more.parent.mkdir()
    more.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    library = Library(data_dir, import_workers=0)
    try:
        store = library.store
        assert store.db.execute("PRAGMA main.user_version").fetchone()[0] == SCHEMA_VERSION
        indexes = dict(store.db.execute("SELECT name, sql FROM sqlite_master WHERE name LIKE 'posts_by_%'").fetchall())
        assert all("DESC" not in sql for sql in indexes.values()) and len(indexes) == 2
        assert [record.post for record in store.records.iter_records(PostFilter())] == records
        assert store.timeline.post_ids(PostFilter(search="cooperation")) == found and found
        assert store.timeline.count(PostFilter(unread=True)) == len(ids) - len(ids[::4])
        summary = library.import_paths([more], link=False)
        assert store.db.execute("SELECT count(*) FROM body_dictionaries").fetchone()[0] == 1
        everything = [record.post for record in store.records.iter_records(PostFilter())]
        page = store.timeline.timeline_rows([rowid for _, rowid in store.timeline.timeline_ids(PostFilter(), 10**6)])
    finally:
        library.close()
    assert summary.new > 300 and len(everything) == len(records) + summary.new
    old = {post.id for post in records}
    shown = [(row.id, row.title, row.snippet) for row in page if row.id in old]
    assert shown == [(row.id, row.title, row.snippet) for row in rows]
