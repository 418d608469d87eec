"""A post's topics stored as ids into a dictionary of topic names (in `post_topic_ids` and in the post's row):
filters (in any case), facets and records give what the names gave, and a library of schema 12 (names
everywhere) migrates with them intact."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from benchmarks.corpus import build_corpus
from reader.importing.service import Library
from reader.store import PostFilter, Store
from reader.store.migrations import SCHEMA_VERSION


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("corpus"), 300, seed=5).json_path


def _answers(store: Store) -> dict[str, object]:
    facets = store.timeline.facets()
    topics = [facet.key for facet in facets.topics]
    some = [topics[0], topics[len(topics) // 2], topics[-1]]
    answers: dict[str, object] = {"facets": facets.topics}
    for topic in some:
        for spelled in (topic, topic.upper(), topic.lower()):
            answers[f"ids {spelled}"] = store.timeline.post_ids(PostFilter(topics=(spelled,)))
            answers[f"page {spelled}"] = store.timeline.timeline_ids(PostFilter(topics=(spelled,)), 50)
            answers[f"count {spelled}"] = store.timeline.count(PostFilter(topics=(spelled,), languages=("en",)))
        answers[f"within {topic}"] = store.timeline.facets(PostFilter(topics=(topic,)))
        answers[f"search {topic}"] = store.timeline.post_ids(PostFilter(search=f'topic:"{topic}"'))
    answers["records"] = [record.post for record in store.records.iter_records(PostFilter())]
    return answers


def _as_schema_12(database: Path) -> None:
    """The topics as schema 12 stored them: a row per topic name and post, with its two indexes."""
    with closing(sqlite3.connect(database, isolation_level=None)) as connection:
        connection.execute("BEGIN")
        connection.execute(
            "CREATE TABLE post_topics (topic TEXT NOT NULL, post_rowid INTEGER NOT NULL,"
            " PRIMARY KEY (topic, post_rowid)) WITHOUT ROWID"
        )
        connection.execute(
            "INSERT INTO post_topics SELECT n.topic, t.post_rowid FROM post_topic_ids t"
            " JOIN topic_names n ON n.id = t.topic_id"
        )
        connection.execute("CREATE INDEX post_topics_by_post ON post_topics(post_rowid)")
        connection.execute("CREATE INDEX post_topics_by_topic ON post_topics(topic COLLATE NOCASE, post_rowid)")
        # the rows' own lists by name (schema 15 lists ids)
        names = dict(connection.execute("SELECT id, topic FROM topic_names").fetchall())
        rows = connection.execute("SELECT rowid, topics FROM posts").fetchall()
        assert any(text != "[]" for _, text in rows) and all(isinstance(i, int) for _, t in rows for i in json.loads(t))
        connection.executemany(
            "UPDATE posts SET topics = ? WHERE rowid = ?",
            [(json.dumps([names[i] for i in json.loads(text)], ensure_ascii=False), rowid) for rowid, text in rows],
        )
        connection.execute("DROP TABLE post_topic_ids")
        connection.execute("DROP TABLE topic_names")
        connection.execute("PRAGMA user_version = 12")
        connection.execute("COMMIT")


def test_a_library_of_schema_12_keeps_its_topics(export: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    library = Library(data_dir, import_workers=0)
    try:
        library.import_paths([export], link=False)
        before = _answers(library.store)
    finally:
        library.close()
    assert len(before["facets"]) >= 10  # type: ignore[arg-type]
    assert any(isinstance(value, list) and value for key, value in before.items() if key.startswith("ids "))
    database = data_dir / "library.sqlite3"
    _as_schema_12(database)

    store = Store.open(data_dir)
    try:
        assert store.db.execute("PRAGMA main.user_version").fetchone()[0] == SCHEMA_VERSION
        assert _answers(store) == before
        tables = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master")}
        assert "post_topics" not in tables and "post_topics_by_topic" not in tables
    finally:
        store.close()


def test_updated_and_removed_posts_leave_no_topic_rows(export: Path, tmp_path: Path) -> None:
    library = Library(tmp_path / "data", import_workers=0)
    try:
        library.import_paths([export], link=False)
        db = library.store.db
        rows = db.execute("SELECT count(*) FROM post_topic_ids").fetchone()[0]
        with db.transaction() as connection:
            connection.execute("DELETE FROM posts WHERE rowid IN (SELECT post_rowid FROM post_topic_ids LIMIT 10)")
        orphans = db.execute(
            "SELECT count(*) FROM post_topic_ids WHERE post_rowid NOT IN (SELECT rowid FROM posts)"
        ).fetchone()[0]
        after = db.execute("SELECT count(*) FROM post_topic_ids").fetchone()[0]
    finally:
        library.close()
    assert rows > 100 and orphans == 0 and after < rows
