"""The SQLite connection: pragmas, explicit transactions, damage detection."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reader.errors import StoreDamagedError, StoreError
from reader.store.migrations import migrate

DATABASE_NAME = "library.sqlite3"
# The user's state (read, bookmarks, notes, tags, decisions, source names) lives in a database of its
# own beside the content, attached to every connection as schema `state`: SQLite locks each file
# separately, so a long import's write transaction on the content never holds up a bookmark.
STATE_DATABASE_NAME = "state.sqlite3"
# A no-op write takes a database's write lock, and only that one's; BEGIN IMMEDIATE would lock every
# attached database and so make state writes wait for an import again.
_LOCK_STATEMENTS = {"main": "DELETE FROM main.imports WHERE 0", "state": "DELETE FROM state.post_state WHERE 0"}


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


@dataclass(frozen=True, slots=True)
class IntegrityVerdict:
    """What SQLite's own check found in one database file.

    Attributes:
        path: the file checked.
        problems: SQLite's findings (at most a few); empty when nothing is wrong.
        finished: False when the time budget ran out before the check had read the whole file.
        seconds: how long the check took.
    """

    path: Path
    problems: tuple[str, ...]
    finished: bool
    seconds: float

    @property
    def damaged(self) -> bool:
        return bool(self.problems)


# Enough of SQLite's findings to name the damage; the rest would only lengthen the message.
_PROBLEMS_SHOWN = 3


def check_integrity(
    connection: sqlite3.Connection, schema: str, path: Path, *, full: bool = False, budget_s: float | None = None
) -> IntegrityVerdict:
    """Run `quick_check` (or, `full`, `integrity_check`) on one attached database.

    quick_check reads every page and checks the B-trees' structure; integrity_check also checks that
    every index agrees with its table, about twice the work. Both cost in proportion to the file, so a
    `budget_s` stops the check when it runs out: the verdict then says it did not finish, and nothing
    found so far is reported as damage.
    """
    pragma = "integrity_check" if full else "quick_check"
    started = time.monotonic()
    if budget_s is not None:
        deadline = started + budget_s
        connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 1000)
    try:
        rows = connection.execute(f"PRAGMA {schema}.{pragma}({_PROBLEMS_SHOWN})").fetchall()
    except sqlite3.OperationalError as error:
        if "interrupt" not in str(error).lower():
            raise
        return IntegrityVerdict(path, (), False, time.monotonic() - started)
    except sqlite3.DatabaseError as error:  # the check itself ran into the damage
        return IntegrityVerdict(path, (str(error),), True, time.monotonic() - started)
    finally:
        if budget_s is not None:
            connection.set_progress_handler(None, 0)
    # SQLite heads its findings with "*** in database main ***" and may put several on one row.
    lines = (line.strip() for row in rows for line in str(row[0]).splitlines())
    problems = tuple(line for line in lines if line and line != "ok" and not line.startswith("***"))
    return IntegrityVerdict(path, problems, True, time.monotonic() - started)


def _refuse_truncated(connection: sqlite3.Connection, schema: str, path: Path) -> None:
    """A file shorter than its header says was cut (a crash during a copy, a full disk, a bad sync).

    SQLite opens such a file and fails only when a query reaches the missing pages, so a library cut
    at 99 % kept working until then. SQLite's page count (the header's) is compared with the file's
    size: the file itself is never opened here, because closing any descriptor of a database file drops
    every lock this process holds on it, and another connection that believed itself the last then
    deleted the shared-memory file under the window's feet ("file is not a database").

    A checkpoint of another program's write-ahead log writes the header (with the new size) before the
    pages that grow the file, so while the log has frames the file may look short for a moment: that
    case is left to SQLite's check at open (reader.importing.recovery), which reads through the log.
    """
    if _has_log(path):
        return
    (pages,) = connection.execute(f"PRAGMA {schema}.page_count").fetchone()
    (page_size,) = connection.execute(f"PRAGMA {schema}.page_size").fetchone()
    try:
        size = path.stat().st_size
    except OSError:
        return  # a new database, not written yet
    if size < pages * page_size and not _has_log(path):  # again: a checkpoint may have ended meanwhile
        raise StoreDamagedError(path, f"the file is cut short: {size} of {pages * page_size} bytes")


def _has_log(path: Path) -> bool:
    try:
        return Path(f"{path}-wal").stat().st_size > 32  # more than its header: it holds frames
    except OSError:
        return False


def zeroed_notes(connection: sqlite3.Connection, schema: str) -> int:
    """How many notes of a state database read as zeroed bytes.

    A long note spills to overflow pages, and SQLite's checks miss the last page of a chain zeroed: the
    note then reads as NUL bytes, which no user types. The state is small, so it is looked at whole.
    """
    (count,) = connection.execute(
        f"SELECT count(*) FROM {schema}.post_state WHERE instr(note, char(0, 0, 0, 0, 0, 0, 0, 0)) > 0"
    ).fetchone()
    return int(count)


def _refuse_zeroed_notes(connection: sqlite3.Connection, path: Path) -> None:
    if count := zeroed_notes(connection, "state"):
        raise StoreDamagedError(path, f"{count} notes read as zeroed bytes (a page of them was lost)")


class Database:
    """One connection (use one per thread) with WAL, NORMAL sync and foreign keys.

    The connection runs in autocommit mode so that every write is explicit: `with db.transaction():`
    (content) or `with db.state_transaction():` (user state) commits the whole block or nothing.
    The state database is attached as `state`; its tables have names of their own, so queries name
    them without the schema and join them with the content as before.
    """

    def __init__(self, path: Path, *, read_only: bool = False, check_state: bool = True) -> None:
        """Open (and migrate) the library at `path`.

        `check_state=False` skips SQLite's check of the state database, for another connection of a
        process whose first connection checked it at open moments ago (the window's worker threads).
        """
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
            self.state_path = path.with_name(STATE_DATABASE_NAME)
            self.has_state = not read_only or self.state_path.exists()
            _refuse_truncated(self.connection, "main", path)
            if not read_only:
                self.connection.execute("ATTACH DATABASE ? AS state", (str(self.state_path),))
                _refuse_truncated(self.connection, "state", self.state_path)
                self.connection.execute("PRAGMA state.journal_mode = WAL")
                self.connection.execute("PRAGMA state.synchronous = NORMAL")
                migrate(self.connection, str(path), str(self.state_path))
                # The state is small and precious: check it whole at every open, so damage is repaired
                # from what is readable now, not found later when it has spread.
                if check_state:
                    verdict = check_integrity(self.connection, "state", self.state_path)
                    if verdict.damaged:
                        raise StoreDamagedError(self.state_path, f"SQLite's check found {'; '.join(verdict.problems)}")
                    _refuse_zeroed_notes(self.connection, self.state_path)
            elif self.state_path.exists():
                self.connection.execute(
                    "ATTACH DATABASE ? AS state", (f"{self.state_path.resolve().as_uri()}?mode=ro",)
                )
            # Touch the schema so a damaged file fails here, with a clear message, not mid-query.
            self.connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as error:
            self._close_quietly()
            if "could not decode" in str(error).lower():
                # Text that is not UTF-8 (flipped bits): sqlite3 calls it operational, but the file is damaged.
                raise StoreDamagedError(path, str(error)) from error
            # Busy, read-only, disk full, no permission: the environment, not a damaged file. Calling these
            # damage would send recovery to move a healthy library aside.
            raise StoreError(describe_problem(path, error)) from error
        except sqlite3.DatabaseError as error:
            self._close_quietly()
            raise StoreDamagedError(path, str(error)) from error
        except OSError as error:
            raise StoreError(f"{path}: cannot open the library ({error.strerror or error})") from error
        except StoreError:
            self._close_quietly()
            raise
        self._depth = 0
        # Run once when the connection is closed (recovery ends the process's session marker with it).
        self.on_close: list[Callable[[], None]] = []

    def check(self, *, full: bool = False, budget_s: float | None = None) -> list[IntegrityVerdict]:
        """SQLite's check of the state database (always whole: it is small), then of the content.

        `budget_s` bounds the content's check only; see `check_integrity`.
        """
        verdicts = [check_integrity(self.connection, "state", self.state_path, full=full)] if self.has_state else []
        if not (verdicts and verdicts[0].damaged):
            verdicts.append(check_integrity(self.connection, "main", self.path, full=full, budget_s=budget_s))
        return verdicts

    def _close_quietly(self) -> None:
        # Recovery moves a damaged file aside next; a connection left open would keep it (on Windows, locked).
        connection: sqlite3.Connection | None = getattr(self, "connection", None)
        if connection is not None:
            with contextlib.suppress(sqlite3.Error):
                connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction on the content (and on the state, should the block write it too).

        Nested blocks (of either kind) join the outer one.
        """
        with self._transaction("main") as connection:
            yield connection

    @contextmanager
    def state_transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction on the user's state alone: an import holding the content does not block it."""
        with self._transaction("state") as connection:
            yield connection

    @contextmanager
    def _transaction(self, schema: str) -> Iterator[sqlite3.Connection]:
        if self._depth:
            self._depth += 1
            try:
                yield self.connection
            finally:
                self._depth -= 1
            return
        self.connection.execute("BEGIN")
        try:
            self.connection.execute(_LOCK_STATEMENTS[schema])
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
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
        if schema == "state":
            self._checkpoint_state()

    def _checkpoint_state(self) -> None:
        # Copy the state's write-ahead log into its file right away (it is small): a -wal file deleted
        # or lost by a sync tool while another program holds the library then loses nothing committed.
        with contextlib.suppress(sqlite3.OperationalError):  # busy: the next commit catches up
            self.connection.execute("PRAGMA state.wal_checkpoint(PASSIVE)").fetchone()

    def execute(self, sql: str, parameters: Sequence[object] = ()) -> sqlite3.Cursor:
        return self.connection.execute(sql, parameters)

    def close(self) -> None:
        self.connection.close()
        hooks, self.on_close = self.on_close, []
        for hook in hooks:
            hook()
