"""How the library stores the counterpart search's keys: a dictionary of key names, and per post their ids.

SQLite-specific only in its SQL. A library holds few distinct keys (13,000 at 20,000 posts: names,
international words, dates and topics recur), each carried by some forty posts on average, so each
name is stored once (`counterpart_key_names`) and a post keeps its keys' ids packed in a blob of
two bytes an id (four once the dictionary outgrows that), with its length in a column beside them:
about a quarter of the keys' size as text. The search compares ids, never names.
"""

from __future__ import annotations

import sqlite3
import sys
from array import array
from collections.abc import Iterable

from reader.store.names import chunks, name_ids

# The stored key that carries a post's length (`reader.align.counterparts.LENGTH_KEY`): kept in a column.
LENGTH_KEY = "len:"
# A key set's first byte: the width of its ids
_NARROW, _WIDE = 2, 4
_NARROW_LIMIT = 1 << 16

CREATE_TABLES = """
CREATE TABLE counterpart_key_names (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE
);
CREATE TABLE post_key_ids (
    post_rowid INTEGER PRIMARY KEY REFERENCES posts(rowid) ON DELETE CASCADE,
    length INTEGER,
    keys BLOB NOT NULL
)"""


def pack(ids: Iterable[int]) -> bytes:
    """Key ids as a blob: a width byte, then the ids in ascending order, little-endian."""
    ordered = sorted(set(ids))
    wide = bool(ordered) and ordered[-1] >= _NARROW_LIMIT
    packed = array("I" if wide else "H", ordered)
    if packed.itemsize != (_WIDE if wide else _NARROW):  # a platform whose "I" is not four bytes
        raise RuntimeError("unsupported array item size")
    if sys.byteorder == "big":
        packed.byteswap()
    return bytes((_WIDE if wide else _NARROW,)) + packed.tobytes()


def unpack(blob: bytes) -> array[int]:
    """The key ids `pack` packed, in ascending order."""
    ids = array("I" if blob[0] == _WIDE else "H")
    ids.frombytes(blob[1:])
    if sys.byteorder == "big":
        ids.byteswap()
    return ids


def split_length(keys: Iterable[str]) -> tuple[int | None, set[str]]:
    """The length a post's stored keys carry (None: none) and the keys proper."""
    length = None
    rest = set()
    for key in keys:
        if key.startswith(LENGTH_KEY):
            length = int(key[len(LENGTH_KEY) :])
        else:
            rest.add(key)
    return length, rest


def write_keys(connection: sqlite3.Connection, keyed: Iterable[tuple[int, Iterable[str]]]) -> None:
    """Store (rowid, stored keys) of posts, replacing what they had; a post without keys stores nothing.

    Call inside a write transaction.
    """
    posts = [(rowid, *split_length(keys)) for rowid, keys in keyed]
    ids = name_ids(connection, "counterpart_key_names", "key", {name for _, _, names in posts for name in names})
    connection.executemany(
        "INSERT OR REPLACE INTO post_key_ids (post_rowid, length, keys) VALUES (?, ?, ?)",
        [
            (rowid, length, pack(ids[name] for name in names))
            for rowid, length, names in posts
            if names or length is not None
        ],
    )


def names_of(connection: sqlite3.Connection, rowid: int) -> tuple[int | None, frozenset[str]]:
    """A post's stored length and key names (for checks and tests; the search reads ids)."""
    row = connection.execute("SELECT length, keys FROM post_key_ids WHERE post_rowid = ?", (rowid,)).fetchone()
    if row is None:
        return None, frozenset()
    names: set[str] = set()
    for chunk in chunks(list(unpack(row[1]))):
        marks = ",".join("?" * len(chunk))
        names.update(
            str(found[0])
            for found in connection.execute(f"SELECT key FROM counterpart_key_names WHERE id IN ({marks})", chunk)
        )
    return row[0], frozenset(names)


def migrate_key_sets(connection: sqlite3.Connection) -> None:
    """Schema 12: the keys of `post_key_sets` (names joined by a unit separator) as ids."""
    if not connection.execute("SELECT 1 FROM main.sqlite_master WHERE name = 'post_key_sets'").fetchone():
        return  # done before (a library whose version was set back)
    for statement in CREATE_TABLES.split(";\n"):
        connection.execute(statement)
    last = 0
    while True:
        rows = connection.execute(
            "SELECT post_rowid, keys FROM post_key_sets WHERE post_rowid > ? ORDER BY post_rowid LIMIT 2000", (last,)
        ).fetchall()
        if not rows:
            break
        write_keys(connection, [(int(rowid), str(keys).split("\x1f")) for rowid, keys in rows])
        last = int(rows[-1][0])
    connection.execute("DROP TABLE post_key_sets")
