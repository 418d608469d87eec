"""The search index: a contentless FTS5 table of stems, kept in step with the stored text.

SQLite-specific here: FTS5's 'delete' and 'delete-all' commands. The index keeps no copy of what it
was given (`content=''`): the text is stored once, in `posts.title` and `post_bodies`, and the stems
it was indexed with are computed again from there (`reader.store.search.index_document`) whenever a
post's entry must go. SQLite 3.43's `contentless_delete` would spare that, but the SQLite of Debian 12
and of our wheels is older. The stemmer's fingerprint is stored beside the index; an open that finds
another one (an upgraded PyStemmer, a changed `index_document`) rebuilds the index from the text, since
removing entries with different stems would leave the old ones behind.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

from reader.store.bodies import Bodies
from reader.store.codec import title_from
from reader.store.search import INDEX_FINGERPRINT, index_document

# Stems of a post in one column. The per-post token counts stay (about 10 bytes a post): without them
# (`columnsize=0`) a contentless table cannot be scanned, and a dump of the library (Python's
# `iterdump`, which the CLI tests use) fails on it.
CREATE_INDEX = "CREATE VIRTUAL TABLE post_fts USING fts5(body, content='', tokenize = 'unicode61 remove_diacritics 2')"
_CHUNK = 500


def documents(connection: sqlite3.Connection, rowids: Sequence[int]) -> Iterator[tuple[int, str]]:
    """(rowid, the stems the index holds for it) of the given posts that exist, 500 at a time."""
    bodies = Bodies(connection)
    for start in range(0, len(rowids), _CHUNK):
        chunk = list(rowids[start : start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        titles = {
            int(row[0]): (str(row[1]), row[2])
            for row in connection.execute(f"SELECT rowid, title, title_cut FROM posts WHERE rowid IN ({marks})", chunk)
        }
        texts = {
            int(rowid): bodies.texts(body)
            for rowid, body in connection.execute(
                f"SELECT post_rowid, body FROM post_bodies WHERE post_rowid IN ({marks})", chunk
            )
        }
        for rowid, (title, cut) in titles.items():
            passages = texts.get(rowid, [])
            yield rowid, index_document(title_from(title, cut, passages[0] if passages else None), passages)


def unindex(connection: sqlite3.Connection, rowids: Sequence[int]) -> None:
    """Remove posts from the search index; call before their title or passages change or go."""
    connection.executemany(
        "INSERT INTO post_fts (post_fts, rowid, body) VALUES ('delete', ?, ?)", documents(connection, rowids)
    )


def ensure_current(connection: sqlite3.Connection) -> bool:
    """Rebuild the index if it was built with another stemmer; True if it was rebuilt.

    Runs its own write transaction: call outside one (at open, after the migrations).
    """
    if _stored_fingerprint(connection) == INDEX_FINGERPRINT:
        return False
    connection.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have rebuilt it while this one waited for the lock.
        rebuilt = _stored_fingerprint(connection) != INDEX_FINGERPRINT
        if rebuilt:
            _rebuild(connection)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return rebuilt


def _stored_fingerprint(connection: sqlite3.Connection) -> str:
    row = connection.execute("SELECT fingerprint FROM search_index").fetchone()
    return "" if row is None else str(row[0])


def _rebuild(connection: sqlite3.Connection) -> None:
    connection.execute("INSERT INTO post_fts (post_fts) VALUES ('delete-all')")
    last = 0
    while True:
        # a window of rowids at a time: a million posts' stems never sit in memory together
        rowids = [
            int(row[0])
            for row in connection.execute(
                "SELECT rowid FROM posts WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, _CHUNK * 10)
            )
        ]
        if not rowids:
            break
        connection.executemany("INSERT INTO post_fts (rowid, body) VALUES (?, ?)", list(documents(connection, rowids)))
        last = rowids[-1]
    connection.execute("DELETE FROM search_index")
    connection.execute("INSERT INTO search_index (fingerprint) VALUES (?)", (INDEX_FINGERPRINT,))
