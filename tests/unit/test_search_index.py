"""The search index keeps no copy of the text, yet finds the same posts after imports, updates, deletions,
a migration from schema 8 and a change of stemmer."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from benchmarks.corpus import build_corpus
from reader.domain import Passage, Post, Source
from reader.importing.service import Library
from reader.store import PostFilter, Store, TimelineRow
from reader.store.bodies import Bodies
from reader.store.codec import snippet_from
from reader.store.migrations import SCHEMA_VERSION
from reader.store.query import ranked_tiers
from reader.store.search import index_text

from .conftest import keys_as_schema_11, titles_as_schema_14

SEARCHES = (
    "cooperation",
    "переговоры",
    '"foreign minister"',
    "summit -Lavrov",
    "Захарова",
    "visit lang:en",
    "министр is:unread",
    "is:bookmarked",
)
CHANNEL = Source("tg:index", "Index channel", "telegram")


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("corpus"), 400, seed=11).json_path


def _terms(database: Path) -> list[tuple[str, str, int]]:
    """Every (stem, post id, position) the index holds: what a search can find."""
    connection = sqlite3.connect(database)
    try:
        connection.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, post_fts, instance)")
        return connection.execute(
            "SELECT t.term, p.id, t.offset FROM temp.terms t JOIN posts p ON p.rowid = t.doc ORDER BY 1, 2, 3"
        ).fetchall()
    finally:
        connection.close()


def _results(store: Store) -> dict[str, list[str]]:
    return {search: store.timeline.post_ids(PostFilter(search=search)) for search in SEARCHES}


def _all_rows(store: Store) -> list[TimelineRow]:
    return store.timeline.timeline_rows([rowid for _, rowid in store.timeline.timeline_ids(PostFilter(), 10**6)])


def _as_schema_8(database: Path) -> None:
    """Turn a library back into what schema 8 wrote: a row per passage, and an FTS5 table holding its own
    copy of the stems."""
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        connection.execute("BEGIN")
        titles_as_schema_14(connection)
        connection.execute("DROP TABLE post_fts")
        connection.execute("DROP TABLE search_index")
        connection.execute(
            "CREATE TABLE passages (post_rowid INTEGER NOT NULL REFERENCES posts(rowid) ON DELETE CASCADE,"
            " idx INTEGER NOT NULL, lang TEXT, kind TEXT NOT NULL, speaker TEXT, text TEXT NOT NULL,"
            " links TEXT NOT NULL DEFAULT '[]', bold INTEGER NOT NULL DEFAULT 0,"
            " PRIMARY KEY (post_rowid, idx)) WITHOUT ROWID"
        )
        connection.executemany(
            "INSERT INTO passages VALUES (?,?,?,?,?,?,?,?)",
            [
                (rowid, index, *row)
                for rowid, body in connection.execute("SELECT post_rowid, body FROM post_bodies").fetchall()
                for index, row in enumerate(Bodies(connection).rows(body))
            ],
        )
        connection.execute("ALTER TABLE posts ADD COLUMN snippet TEXT NOT NULL DEFAULT ''")
        connection.executemany(
            "UPDATE posts SET snippet = ? WHERE rowid = ?",
            [
                (snippet_from(title, Bodies(connection).passages(body)), rowid)
                for rowid, title, body in connection.execute(
                    "SELECT p.rowid, p.title, b.body FROM posts p JOIN post_bodies b ON b.post_rowid = p.rowid"
                ).fetchall()
            ],
        )
        connection.execute("ALTER TABLE posts DROP COLUMN has_text")
        connection.execute("DROP TABLE post_bodies")
        connection.execute("CREATE VIRTUAL TABLE post_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')")
        texts: dict[int, list[str]] = {}
        for rowid, text in connection.execute("SELECT post_rowid, text FROM passages ORDER BY post_rowid, idx"):
            texts.setdefault(rowid, []).append(text)
        connection.executemany(
            "INSERT INTO post_fts (rowid, body) VALUES (?, ?)",
            [
                (rowid, index_text(title + "\n" + "\n".join(texts.get(rowid, []))))  # v8 indexed the title always
                for rowid, title in connection.execute("SELECT rowid, title FROM posts").fetchall()
            ],
        )
        keys_as_schema_11(connection)
        connection.execute("PRAGMA user_version = 8")
        connection.execute("COMMIT")
    finally:
        connection.close()


def test_a_library_of_schema_8_migrates_and_searches_the_same(export: Path, tmp_path: Path) -> None:
    library = Library(tmp_path / "data", import_workers=0)
    library.import_paths([export])
    ids = library.store.timeline.post_ids(PostFilter())
    library.store.state.set_read(ids[::3])
    library.store.state.set_bookmarked(ids[1:40:4], True)
    records = [(record.post, record.state) for record in library.store.records.iter_records(PostFilter())]
    rows = _all_rows(library.store)
    shown = library.store.timeline.post_ids(PostFilter(hide_empty=True))
    library.close()
    database = tmp_path / "data" / "library.sqlite3"
    _as_schema_8(database)
    old = Store.open(tmp_path / "data", read_only=True)  # read-only: no migration, the v8 index answers
    before = _results(old)
    old.close()
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("VACUUM")
    old_size = database.stat().st_size
    assert all(before[search] for search in SEARCHES), before

    store = Store.open(tmp_path / "data")
    after = _results(store)
    version = store.db.execute("PRAGMA main.user_version").fetchone()[0]
    tables = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master")}
    read = store.timeline.count(PostFilter(unread=True))
    migrated = [(record.post, record.state) for record in store.records.iter_records(PostFilter())]
    migrated_rows = _all_rows(store)
    migrated_shown = store.timeline.post_ids(PostFilter(hide_empty=True))
    store.close()
    new_size = database.stat().st_size  # the last connection closed: the write-ahead log is gone
    assert migrated == records  # every post as it was, passages and all, with the user's state
    assert after == before
    assert (migrated_rows, migrated_shown) == (rows, shown)  # snippets and which posts have text of their own
    assert version == SCHEMA_VERSION
    assert "post_fts_content" not in tables  # the stemmed copy of the text is gone
    assert read == len(ids) - len(ids[::3])
    assert new_size < old_size * 0.75


def test_updated_and_deleted_posts_leave_nothing_behind_in_the_index(tmp_path: Path) -> None:
    other = Source("tg:gone", "A source removed with its posts", "telegram")

    def post(source: Source, number: int, *texts: str) -> Post:
        return Post(f"{source.key}/{number}", source, tuple(Passage(text, "en") for text in texts), title=texts[0])

    kept = [
        post(CHANNEL, 2, "Переговоры в Москве", "Министры обсудили сотрудничество."),
        post(CHANNEL, 3, "Briefing", "Questions about the summit."),
    ]
    first = [post(CHANNEL, 1, "Summit in Tianjin", "The ministers discussed cooperation."), *kept]
    changed = [post(CHANNEL, 1, "Summit in Kazan", "The ministers signed a memorandum."), *kept]
    removed = [post(other, 1, "Tianjin harbour", "Cooperation in shipping.")]

    edited = Store.open(tmp_path / "edited")
    with edited.transaction():
        edited.posts.upsert_posts([(item, ()) for item in first + removed])
    with edited.transaction():
        result = edited.posts.upsert_posts([(item, ()) for item in changed])
    deleted = edited.subscriptions.remove(other.key, delete_posts=True)
    edited.close()
    assert len(result.updated_rowids) == 1 and deleted == [removed[0].id]

    fresh = Store.open(tmp_path / "fresh")
    with fresh.transaction():
        fresh.posts.upsert_posts([(item, ()) for item in changed])
    fresh.close()
    assert _terms(tmp_path / "edited" / "library.sqlite3") == _terms(tmp_path / "fresh" / "library.sqlite3")

    store = Store.open(tmp_path / "edited")
    assert store.timeline.post_ids(PostFilter(search="tianjin")) == []
    assert store.timeline.post_ids(PostFilter(search="memorandum")) == ["tg:index/1"]
    assert store.timeline.post_ids(PostFilter(search="shipping")) == []
    store.close()


def test_an_index_built_by_another_stemmer_is_rebuilt_from_the_text(export: Path, tmp_path: Path) -> None:
    library = Library(tmp_path / "data", import_workers=0)
    library.import_paths([export])
    before = _results(library.store)
    library.close()
    database = tmp_path / "data" / "library.sqlite3"
    expected = _terms(database)
    with closing(sqlite3.connect(database)) as connection, connection:
        # as if an older stemmer had built it: stems this one would never give, and its fingerprint
        connection.execute("INSERT INTO post_fts (post_fts) VALUES ('delete-all')")
        connection.execute("INSERT INTO post_fts (rowid, body) SELECT rowid, 'stale' FROM posts")
        connection.execute("UPDATE search_index SET fingerprint = 'another stemmer'")
    store = Store.open(tmp_path / "data")
    after = _results(store)
    store.close()
    assert after == before
    assert _terms(database) == expected


def test_a_search_pages_the_same_posts_walked_fetched_or_walked_then_fetched(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.store.timeline as timeline

    library = Library(tmp_path / "data", import_workers=0)
    library.import_paths([export])
    library.store.state.set_read(library.store.timeline.post_ids(PostFilter())[::2])
    library.close()
    store = Store.open(tmp_path / "data")
    linked = store.db.execute("SELECT count(*) FROM counterparts").fetchone()[0]
    common = ("ministry", "министр", '"foreign minister"', "Russia -Lavrov", "Россия lang:ru", "president is:unread")
    filters = [PostFilter(search=search) for search in common]
    filters += [PostFilter(search="cooperation", unread=True, languages=("ru",))]
    filters += [tier for item in filters for tier in ranked_tiers(item)]  # a widened search's two parts
    ways = {
        "fetched": {"WALK_DATES_HITS": 10**9},
        "walked": {"WALK_DATES_HITS": 0, "WALK_LIMIT": 10**9},
        "walked, then fetched": {"WALK_DATES_HITS": 0, "WALK_LIMIT": 7, "_WALK_PER_HIT": 0},
    }
    pages: dict[str, list[list[tuple[float, int]]]] = {}
    for way, settings in ways.items():
        for name, value in settings.items():
            monkeypatch.setattr(timeline, name, value)
        pages[way] = []
        for post_filter in filters:
            first = store.timeline.timeline_ids(post_filter, 9)
            pages[way].append(first + store.timeline.timeline_ids(post_filter, 9, after=first[-1]) if first else [])
    store.close()
    assert linked > 0  # the corpus has translations, so a hit's counterpart is found too
    assert pages["walked"] == pages["fetched"]
    assert pages["walked, then fetched"] == pages["fetched"]
    assert sum(len(page) == 18 for page in pages["fetched"]) >= len(filters) // 3  # many of two full pages
