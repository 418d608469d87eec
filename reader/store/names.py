"""Dictionaries of names (topics, counterpart keys): each name stored once, rows elsewhere holding its id.

A library repeats a few hundred topic names and some ten thousand key names across all its posts;
an id in their place takes one to three bytes instead of the name's ten to twenty, in the table and
in each of its indexes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

# Names looked up or added per statement
CHUNK = 500
# (table, name column) of each dictionary: the only ones `name_ids` fills
DICTIONARIES = frozenset({("counterpart_key_names", "key"), ("topic_names", "topic")})


def name_ids(connection: sqlite3.Connection, table: str, column: str, names: Iterable[str]) -> dict[str, int]:
    """The id of each name in the dictionary `table`, adding those not in it yet; call inside a write transaction.

    Nothing is remembered between calls: ids handed out by a transaction that is then rolled back
    must not outlive it.
    """
    if (table, column) not in DICTIONARIES:
        raise ValueError(f"not a dictionary of names: {table}.{column}")
    wanted = set(names)
    found: dict[str, int] = {}
    for chunk in chunks(sorted(wanted)):
        marks = ",".join("?" * len(chunk))
        found.update(connection.execute(f"SELECT {column}, id FROM {table} WHERE {column} IN ({marks})", chunk))
    new = sorted(wanted.difference(found))
    if new:
        last = int(connection.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])
        rows = [(last + offset, name) for offset, name in enumerate(new, start=1)]
        connection.executemany(f"INSERT INTO {table} (id, {column}) VALUES (?, ?)", rows)
        found.update((name, name_id) for name_id, name in rows)
    return found


def chunks(items: list[Any]) -> Iterator[list[Any]]:
    """`items` a statement's worth at a time."""
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
