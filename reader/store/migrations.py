"""Schema migrations keyed by `PRAGMA user_version`.

Content tables (sources, posts and what hangs off them) are rebuilt freely by imports; user
state (post_state, pair_decisions, counterpart_decisions, source_names) is keyed by the stable
text post id (or source key) so that it survives any re-import or re-pairing. Since schema 8 the
state lives in a database of its own (reader.store.db.STATE_DATABASE_NAME), with its own version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from itertools import groupby
from operator import itemgetter

from reader.errors import StoreTooNewError
from reader.store.bodies import CREATE_TABLE as CREATE_BODY_DICTIONARIES
from reader.store.codec import body_to_blob
from reader.store.fts import CREATE_INDEX, ensure_current
from reader.store.keys import migrate_key_sets
from reader.store.topics import migrate_topics

SCHEMA_V1 = """
CREATE TABLE sources (
    key TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    url TEXT
);
CREATE TABLE posts (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source_key TEXT NOT NULL REFERENCES sources(key),
    message_id TEXT,
    date_ts REAL,
    sort_ts REAL NOT NULL,
    date_inferred INTEGER NOT NULL DEFAULT 0,
    url TEXT,
    title TEXT NOT NULL DEFAULT '',
    snippet TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '',
    hashtags TEXT NOT NULL DEFAULT '[]',
    topics TEXT NOT NULL DEFAULT '[]',
    reactions TEXT NOT NULL DEFAULT '{}',
    media TEXT NOT NULL DEFAULT '[]',
    edited_ts REAL,
    forwarded_from TEXT,
    reply_to TEXT,
    place TEXT,
    views INTEGER,
    pair_count INTEGER NOT NULL DEFAULT 0,
    content_hash TEXT NOT NULL,
    imported_at REAL NOT NULL
);
CREATE INDEX posts_by_date ON posts(sort_ts DESC, rowid DESC);
CREATE INDEX posts_by_source ON posts(source_key, sort_ts DESC, rowid DESC);
CREATE TABLE passages (
    post_rowid INTEGER NOT NULL REFERENCES posts(rowid) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    lang TEXT,
    kind TEXT NOT NULL,
    speaker TEXT,
    text TEXT NOT NULL,
    links TEXT NOT NULL DEFAULT '[]',
    bold INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (post_rowid, idx)
) WITHOUT ROWID;
CREATE TABLE post_langs (
    lang TEXT NOT NULL,
    post_rowid INTEGER NOT NULL REFERENCES posts(rowid) ON DELETE CASCADE,
    PRIMARY KEY (lang, post_rowid)
) WITHOUT ROWID;
CREATE INDEX post_langs_by_post ON post_langs(post_rowid);
CREATE TABLE post_topics (
    topic TEXT NOT NULL,
    post_rowid INTEGER NOT NULL REFERENCES posts(rowid) ON DELETE CASCADE,
    PRIMARY KEY (topic, post_rowid)
) WITHOUT ROWID;
CREATE INDEX post_topics_by_post ON post_topics(post_rowid);
CREATE TABLE pairs (
    post_rowid INTEGER NOT NULL REFERENCES posts(rowid) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    ru TEXT NOT NULL,
    en TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (post_rowid, idx)
) WITHOUT ROWID;
CREATE TABLE post_keys (
    key TEXT NOT NULL,
    post_rowid INTEGER NOT NULL REFERENCES posts(rowid) ON DELETE CASCADE,
    PRIMARY KEY (key, post_rowid)
) WITHOUT ROWID;
CREATE INDEX post_keys_by_post ON post_keys(post_rowid);
CREATE TABLE counterparts (
    post_id TEXT NOT NULL,
    other_id TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (post_id, other_id)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE post_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE post_state (
    post_id TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    read_at REAL,
    bookmarked INTEGER NOT NULL DEFAULT 0,
    bookmarked_at REAL,
    note TEXT NOT NULL DEFAULT '',
    note_at REAL,
    tags TEXT NOT NULL DEFAULT '[]',
    tags_at REAL
) WITHOUT ROWID;
CREATE INDEX post_state_bookmarked ON post_state(bookmarked) WHERE bookmarked = 1;
CREATE TABLE pair_decisions (
    post_id TEXT NOT NULL,
    other_post_id TEXT NOT NULL DEFAULT '',
    ru TEXT NOT NULL,
    en TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected')),
    decided_at REAL NOT NULL,
    PRIMARY KEY (post_id, other_post_id, ru, en)
) WITHOUT ROWID;
CREATE TABLE counterpart_decisions (
    post_id TEXT NOT NULL,
    other_id TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected')),
    decided_at REAL NOT NULL,
    PRIMARY KEY (post_id, other_id)
) WITHOUT ROWID;
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    paths TEXT NOT NULL,
    started_at REAL NOT NULL,
    finished_at REAL NOT NULL,
    new_posts INTEGER NOT NULL,
    updated_posts INTEGER NOT NULL,
    warnings INTEGER NOT NULL
);
"""

# v2: counterpart keys move from a row per key (about forty per post, most of an import's writes) to
# one row per post, read back a window of posts at a time. They stay out of `posts`: its rows are
# read by every timeline and search query, and the keys would double their size.
SCHEMA_V2 = """
CREATE TABLE post_key_sets (
    post_rowid INTEGER PRIMARY KEY REFERENCES posts(rowid) ON DELETE CASCADE,
    keys TEXT NOT NULL
);
INSERT INTO post_key_sets (post_rowid, keys)
    SELECT post_rowid, group_concat(key, char(31)) FROM post_keys GROUP BY post_rowid;
DROP TABLE post_keys
"""

# v3: the posts of a topic, found by the topic as the filter panel and `topic:` spell it (any case).
# A rare topic's first page came from walking the date index and testing every post (25 ms at
# 100,000 posts); fetching its few posts and sorting them takes a fraction of a millisecond.
SCHEMA_V3 = """
CREATE INDEX post_topics_by_topic ON post_topics(topic COLLATE NOCASE, post_rowid)
"""

# v4: followed sources (issue 19): where each is fetched, how often, how its refreshes went, and the
# server's validators for a conditional GET. Keyed by the source key its posts carry.
SCHEMA_V4 = """
CREATE TABLE subscriptions (
    source_key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    every_minutes INTEGER NOT NULL,
    backfill INTEGER NOT NULL,
    created_at REAL NOT NULL,
    last_refresh REAL,
    last_attempt REAL,
    last_error TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    next_refresh REAL,
    etag TEXT,
    last_modified TEXT,
    cursor TEXT
) WITHOUT ROWID
"""

# v5: the posts still to link with their translations. An import commits its posts first and links
# them after, a window at a time, each window removing its posts from here as it commits; whatever is
# left (a crash, a cancel, `import --no-link`) is linked by the next import or `bulletin-reader link`.
SCHEMA_V5 = """
CREATE TABLE link_queue (
    post_rowid INTEGER PRIMARY KEY REFERENCES posts(rowid) ON DELETE CASCADE
)
"""

# v6: posts whose source gives only the day are marked, so no one is shown a made-up 12:00. Such posts
# were stored at noon UTC by the importers of text dumps and statements; those are marked here.
SCHEMA_V6 = """
ALTER TABLE posts ADD COLUMN date_only INTEGER NOT NULL DEFAULT 0;
UPDATE posts SET date_only = 1
    WHERE date_ts IS NOT NULL AND CAST(date_ts AS INTEGER) % 86400 = 43200
    AND source_key IN (SELECT key FROM sources WHERE kind IN ('scrape', 'statement'))
"""

# v7: names the user gave sources (user state, keyed by the stable source key). An import that sees
# the source again keeps the user's name instead of the one in the file.
SCHEMA_V7 = """
CREATE TABLE source_names (
    source_key TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    renamed_at REAL NOT NULL
) WITHOUT ROWID
"""

MIGRATIONS: tuple[str, ...] = (SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, SCHEMA_V6, SCHEMA_V7)
# v8 moves the user's state out to its own database (see STATE_SCHEMA and _move_state_out).
STATE_MOVED_OUT = len(MIGRATIONS) + 1

# v9: the search index keeps no copy of the text (a contentless FTS5 table, see reader.store.fts): the
# stemmed copy inside it was as big as the text itself. The new index is filled from the stored text by
# `fts.ensure_current`, which finds no fingerprint in the new `search_index` table.
# The date indexes since schema 14 (v1 made them descending)
DATE_INDEXES = (
    "CREATE INDEX posts_by_date ON posts(sort_ts, rowid)",
    "CREATE INDEX posts_by_source ON posts(source_key, sort_ts, rowid)",
)

SCHEMA_V9 = f"""
DROP TABLE post_fts;
{CREATE_INDEX};
DROP TABLE IF EXISTS search_index;
CREATE TABLE search_index (fingerprint TEXT NOT NULL)
"""


def _compress_bodies(connection: sqlite3.Connection) -> None:
    """v10: a post's passages in one compressed row (`codec.body_to_blob`) instead of a row each.

    The text is most of a library: compressed a post at a time it takes 0.55 of its size as rows.
    """
    if not connection.execute("SELECT 1 FROM main.sqlite_master WHERE name = 'passages'").fetchone():
        return  # done before (a library whose version was set back)
    connection.execute(
        "CREATE TABLE post_bodies ("
        " post_rowid INTEGER PRIMARY KEY REFERENCES posts(rowid) ON DELETE CASCADE, body BLOB NOT NULL)"
    )
    rows = connection.execute(
        "SELECT post_rowid, idx, lang, kind, speaker, text, links, bold FROM passages ORDER BY post_rowid, idx"
    )
    batch: list[tuple[int, bytes]] = []
    for rowid, passages in groupby(rows, key=itemgetter(0)):
        batch.append((rowid, body_to_blob([row[1:] for row in passages])))
        if len(batch) >= 1000:
            connection.executemany("INSERT INTO post_bodies VALUES (?, ?)", batch)
            batch = []
    connection.executemany("INSERT INTO post_bodies VALUES (?, ?)", batch)
    # posts without passages (media only) get an empty body, as an import writes them
    connection.execute(
        "INSERT INTO post_bodies SELECT rowid, ? FROM posts WHERE rowid NOT IN (SELECT post_rowid FROM post_bodies)",
        (body_to_blob([]),),
    )
    connection.execute("DROP TABLE passages")


def _drop_snippets(connection: sqlite3.Connection) -> None:
    """v11: the timeline's snippet (up to 240 characters of the text, a tenth of a library) is no longer
    stored: it is cut from the post's body when a page of rows is read. A mark says whether there is one."""
    columns = {row[1] for row in connection.execute("PRAGMA main.table_info(posts)")}
    if "snippet" not in columns:
        return  # done before (a library whose version was set back)
    connection.execute("ALTER TABLE posts ADD COLUMN has_text INTEGER NOT NULL DEFAULT 0")
    connection.execute("UPDATE posts SET has_text = 1 WHERE snippet <> ''")
    connection.execute("ALTER TABLE posts DROP COLUMN snippet")


def _compact_rows(connection: sqlite3.Connection) -> None:
    """v14: the table of the dictionary new bodies are compressed with (`reader.store.bodies`; bodies
    stored before stay as they are, readable as ever), and the date indexes in ascending order.

    Posts come in date order, and SQLite fills an index that grows at its start (a descending one)
    only half: the two date indexes took twice their size. Scanned backwards, an ascending index
    gives the newest first as well.
    """
    connection.execute(CREATE_BODY_DICTIONARIES)
    for statement in DATE_INDEXES:
        name = statement.split()[2]
        connection.execute(f"DROP INDEX IF EXISTS {name}")
        connection.execute(statement)


def _title_cuts(connection: sqlite3.Connection) -> None:
    """v15: a title that starts the post's first passage is stored as its length alone (`codec.title_cut`).

    Posts stored before keep their titles as text (nothing to convert: an open stays quick).
    """
    columns = {row[1] for row in connection.execute("PRAGMA main.table_info(posts)")}
    if "title_cut" not in columns:  # else done before (a library whose version was set back)
        connection.execute("ALTER TABLE posts ADD COLUMN title_cut INTEGER")


# Migrations after v8, in order (SQL, or a function run inside the migration's transaction); their
# numbers follow STATE_MOVED_OUT. v12 (`keys.migrate_key_sets`): the counterpart keys as ids into a
# dictionary of their names, a quarter of their size as text. v13 (`topics.migrate_topics`): a post's
# topics as ids into a dictionary of topic names.
LATER_MIGRATIONS: tuple[str | Callable[[sqlite3.Connection], None], ...] = (
    SCHEMA_V9,
    _compress_bodies,
    _drop_snippets,
    migrate_key_sets,
    migrate_topics,
    _compact_rows,
    _title_cuts,
)
SCHEMA_VERSION = STATE_MOVED_OUT + len(LATER_MIGRATIONS)
# A library migrated from before this version is compacted once (VACUUM): the migrations freed 40 % of it.
_COMPACT_BELOW = STATE_MOVED_OUT + 3
STATE_TABLES = ("post_state", "pair_decisions", "counterpart_decisions", "source_names")

# The state database (attached as `state`), versioned by its own user_version.
STATE_SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS state.post_state (
    post_id TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    read_at REAL,
    bookmarked INTEGER NOT NULL DEFAULT 0,
    bookmarked_at REAL,
    note TEXT NOT NULL DEFAULT '',
    note_at REAL,
    tags TEXT NOT NULL DEFAULT '[]',
    tags_at REAL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS state.post_state_bookmarked ON post_state(bookmarked) WHERE bookmarked = 1;
CREATE TABLE IF NOT EXISTS state.pair_decisions (
    post_id TEXT NOT NULL,
    other_post_id TEXT NOT NULL DEFAULT '',
    ru TEXT NOT NULL,
    en TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected')),
    decided_at REAL NOT NULL,
    PRIMARY KEY (post_id, other_post_id, ru, en)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS state.counterpart_decisions (
    post_id TEXT NOT NULL,
    other_id TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected')),
    decided_at REAL NOT NULL,
    PRIMARY KEY (post_id, other_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS state.source_names (
    source_key TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    renamed_at REAL NOT NULL
) WITHOUT ROWID
"""
STATE_MIGRATIONS: tuple[str, ...] = (STATE_SCHEMA_V1,)
STATE_SCHEMA_VERSION = len(STATE_MIGRATIONS)


def migrate(connection: sqlite3.Connection, path: str, state_path: str) -> None:
    """Bring both schemas to their versions; refuse a database written by a newer version."""
    version = connection.execute("PRAGMA main.user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise _too_new(path, version, SCHEMA_VERSION)
    state_version = connection.execute("PRAGMA state.user_version").fetchone()[0]
    if state_version > STATE_SCHEMA_VERSION:
        raise _too_new(state_path, state_version, STATE_SCHEMA_VERSION)
    for number in range(version, len(MIGRATIONS)):
        _run(connection, MIGRATIONS[number], f"PRAGMA main.user_version = {number + 1}")
    for number in range(state_version, STATE_SCHEMA_VERSION):
        _run(connection, STATE_MIGRATIONS[number], f"PRAGMA state.user_version = {number + 1}")
    if version < STATE_MOVED_OUT:
        _move_state_out(connection)
    for index, step in enumerate(LATER_MIGRATIONS):
        number = STATE_MOVED_OUT + index + 1
        if version < number:
            _run(connection, step, f"PRAGMA main.user_version = {number}")
    ensure_current(connection)
    if 0 < version < _COMPACT_BELOW:
        _compact(connection)


def _compact(connection: sqlite3.Connection) -> None:
    """Give the pages a migration freed back to the disk; best effort (another program may be reading)."""
    temp_store = connection.execute("PRAGMA temp_store").fetchone()[0]
    try:
        # VACUUM copies the database into a temporary one: on disk, not in memory (a million posts' worth)
        connection.execute("PRAGMA temp_store = FILE")
        connection.execute("VACUUM main")
    except sqlite3.OperationalError:
        pass  # busy: the freed pages are reused by the next imports instead
    finally:
        connection.execute(f"PRAGMA temp_store = {int(temp_store)}")


def _move_state_out(connection: sqlite3.Connection) -> None:
    """Schema 8: copy the state tables of the content database into the state database, then drop them.

    Two transactions, copy first: SQLite commits attached WAL databases one by one, so a crash between
    them must leave the state in both places (the copy is repeated and ignores what is there), never
    in neither.
    """
    present = [
        table
        for table in STATE_TABLES
        if connection.execute("SELECT 1 FROM main.sqlite_master WHERE type='table' AND name=?", (table,)).fetchone()
    ]
    statements = [f"INSERT OR IGNORE INTO state.{table} SELECT * FROM main.{table}" for table in present]
    _run(connection, ";\n".join(statements), None)
    drops = [f"DROP TABLE main.{table}" for table in present]
    _run(connection, ";\n".join(drops), f"PRAGMA main.user_version = {STATE_MOVED_OUT}")


def _run(
    connection: sqlite3.Connection, step: str | Callable[[sqlite3.Connection], None], version_pragma: str | None
) -> None:
    # executescript would commit implicitly; run statements one by one inside our transaction.
    connection.execute("BEGIN IMMEDIATE")
    try:
        if callable(step):
            step(connection)
        for statement in _statements(step) if isinstance(step, str) else ():
            connection.execute(statement)
        if version_pragma is not None:
            connection.execute(version_pragma)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _too_new(path: str, version: int, known: int) -> StoreTooNewError:
    return StoreTooNewError(
        f"{path}: this library was written by a newer Bulletin Reader (schema {version}, "
        f"this version knows {known}); please update the app"
    )


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";\n") if part.strip()]
