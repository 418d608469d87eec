"""The counterpart search's to-do list: posts stored but not yet linked with their translations.

Kept in the library, so linking survives what interrupts it: a window's links and the removal of its
posts from the list commit together, and the next run takes what is left. An import stores its posts
without their counterpart keys (they cost as much as the rest of a post's preparation, and nobody
reads them before the linking); the linking computes the keys of the waiting posts first.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

from reader.store.db import Database
from reader.store.keys import write_keys


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

    def unkeyed(self, languages: Iterable[str]) -> array[int]:
        """The waiting posts mainly in one of `languages` that have no counterpart keys stored, by rowid.

        A post whose keys came out empty has none stored either, so it is listed again until it leaves
        the queue: recomputing the few of them after an interruption is cheaper than marking them.
        """
        firsts = sorted(set(languages))
        if not firsts:
            return array("q")
        # `languages` holds the post's languages most used first, separated by spaces
        tests = " OR ".join("(p.languages = ? OR p.languages LIKE ?)" for _ in firsts)
        parameters = [value for lang in firsts for value in (lang, lang + " %")]
        return array(
            "q",
            (
                row[0]
                for row in self._db.execute(
                    "SELECT q.post_rowid FROM link_queue q JOIN posts p ON p.rowid = q.post_rowid"
                    " WHERE NOT EXISTS (SELECT 1 FROM post_key_ids k WHERE k.post_rowid = q.post_rowid)"
                    f" AND ({tests}) ORDER BY 1",
                    parameters,
                )
            ),
        )

    def set_keys(self, keys: Iterable[tuple[int, Iterable[str]]]) -> None:
        """Store the counterpart keys of posts (rowid, keys, the length key among them); an empty set stores nothing."""
        with self._db.transaction() as connection:
            write_keys(connection, keys)

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM link_queue").fetchone()[0])
