"""The counterpart search's to-do list: posts stored but not yet linked with their translations.

Kept in the library, so linking survives what interrupts it: a window's links and the removal of its
posts from the list commit together, and the next run takes what is left.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

from reader.store.db import Database


class LinkQueue:
    """The posts waiting for the counterpart search, by rowid. Writes join the caller's transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, rowids: Iterable[int]) -> None:
        with self._db.transaction() as connection:
            connection.executemany("INSERT OR IGNORE INTO link_queue VALUES (?)", ((rowid,) for rowid in rowids))

    def remove(self, rowids: Iterable[int]) -> None:
        with self._db.transaction() as connection:
            connection.executemany("DELETE FROM link_queue WHERE post_rowid = ?", ((rowid,) for rowid in rowids))

    def waiting(self) -> array[int]:
        """Every post still to link, by rowid."""
        return array("q", (row[0] for row in self._db.execute("SELECT post_rowid FROM link_queue ORDER BY 1")))

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM link_queue").fetchone()[0])
