"""The SQLite connection: pragmas, explicit transactions, damage detection."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from reader.errors import StoreDamagedError, StoreError
from reader.store.migrations import migrate

DATABASE_NAME = "library.sqlite3"


def describe_problem(path: Path, error: sqlite3.Error) -> str:
    """One line for the user about a library that cannot be used right now, naming the file."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return f"{path}: the library is busy in another program ({error})"
    if "full" in text:
        return f"{path}: the disk is full; free some space and try again (nothing was changed)"
    if "readonly" in text or "read-only" in text:
        return f"{path}: the library is read-only (a read-only folder or disk); nothing was changed"
    if "unable to open" in text:
        return f"{path}: the library cannot be opened (its folder is missing or not writable)"
    if "i/o" in text:
        return f"{path}: the disk failed to read or write the library ({error}); nothing was changed"
    return f"{path}: the library cannot be used ({error})"


class Database:
    """One connection (use one per thread) with WAL, NORMAL sync and foreign keys.

    The connection runs in autocommit mode so that every write is explicit:
    `with db.transaction(): ...` commits the whole block or nothing.
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        try:
            if read_only:
                uri = f"{path.resolve().as_uri()}?mode=ro"
                self.connection = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self.connection.execute("PRAGMA busy_timeout = 10000")
            self.connection.execute("PRAGMA foreign_keys = ON")
            if not read_only:
                self.connection.execute("PRAGMA journal_mode = WAL")
            self.connection.execute("PRAGMA synchronous = NORMAL")
            self.connection.execute("PRAGMA cache_size = -32000")
            self.connection.execute("PRAGMA temp_store = MEMORY")
            if not read_only:
                migrate(self.connection, str(path))
            # Touch the schema so a damaged file fails here, with a clear message, not mid-query.
            self.connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as error:
            # Busy, read-only, disk full, no permission: the environment, not a damaged file. Calling these
            # damage would send recovery to move a healthy library aside.
            raise StoreError(describe_problem(path, error)) from error
        except sqlite3.DatabaseError as error:
            raise StoreDamagedError(path, str(error)) from error
        except OSError as error:
            raise StoreError(f"{path}: cannot open the library ({error.strerror or error})") from error
        self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction; nested blocks join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield self.connection
            finally:
                self._depth -= 1
            return
        self.connection.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self.connection
        except BaseException:
            self._depth = 0
            # SQLite has already rolled back after some errors (disk full, I/O): a second ROLLBACK would fail
            # and hide the real error.
            if self.connection.in_transaction:
                self.connection.execute("ROLLBACK")
            raise
        self._depth = 0
        try:
            self.connection.execute("COMMIT")
        except BaseException:
            # A failed COMMIT (disk full) leaves the transaction open; end it so this connection stays usable.
            if self.connection.in_transaction:
                self.connection.execute("ROLLBACK")
            raise

    def execute(self, sql: str, parameters: Sequence[object] = ()) -> sqlite3.Cursor:
        return self.connection.execute(sql, parameters)

    def close(self) -> None:
        self.connection.close()
