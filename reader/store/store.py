"""The store: one SQLite library, reached through focused parts that share one connection.

    store.posts     content writes (imports): posts, sources, counterparts, the import history
    store.timeline  timeline pages, rows, counts and facets
    store.records   whole posts and records (content + state + counterparts)
    store.state     the user's read marks, bookmarks, notes, tags and source names
    store.pairs     counterparts, pair decisions, and what the counterpart search reads
    store.subscriptions  followed sources: address, interval, how the refreshes went

Where SQLite shows (the seams a second backend, e.g. PostgreSQL, would replace): the connection,
its pragmas and `transaction()` (reader.store.db); the schema with its FTS5 table and WITHOUT ROWID
tables (reader.store.migrations); search queries in FTS5 syntax (reader.store.search); the upserts
and FTS rows of `PostWriter` (reader.store.posts); `INSERT OR REPLACE`/`ON CONFLICT` in the state and
pairing parts; `PRAGMA data_version` (Timeline.data_version). Everything above the store sees
only these parts' methods and the domain's dataclasses.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path

from reader.store.db import DATABASE_NAME, Database
from reader.store.pairs import Pairing
from reader.store.posts import PostWriter
from reader.store.records import Records
from reader.store.state import UserState
from reader.store.subscriptions import Subscriptions
from reader.store.timeline import Timeline


class Store:
    """Content and user state of one data folder. Use one Store per thread."""

    def __init__(self, database: Database) -> None:
        self.db = database
        self.posts = PostWriter(database)
        self.timeline = Timeline(database)
        self.state = UserState(database)
        self.pairs = Pairing(database)
        self.records = Records(database, self.timeline, self.state, self.pairs)
        self.subscriptions = Subscriptions(database)

    @classmethod
    def open(cls, data_dir: Path, *, read_only: bool = False, check_state: bool = True) -> Store:
        """The library of `data_dir`; `check_state=False`: see `Database`."""
        return cls(Database(data_dir / DATABASE_NAME, read_only=read_only, check_state=check_state))

    def close(self) -> None:
        self.db.close()

    def transaction(self) -> AbstractContextManager[object]:
        """One write transaction on the content around several calls of the parts (nested calls join it)."""
        return self.db.transaction()

    def state_transaction(self) -> AbstractContextManager[object]:
        """One write transaction on the user's state alone; a running import does not block it."""
        return self.db.state_transaction()
