"""Recovering from a damaged library: salvage the user's state, move the damage aside, start fresh.

Years of reading state must survive a database that a crash, a full disk or a bad sync left
damaged. When the store cannot be opened (`StoreDamagedError`) or a query finds it malformed,
`recover` first reads every state row still readable in the damaged files (reader.importing.salvage),
then moves each damaged file (the content, the state, or both) and its WAL aside to
`<name>.damaged-<timestamp>` (kept, never deleted), opens a fresh store (a healthy state database
stays in place), merges the salvage and every readable backup in `<data dir>/backups/` into it, and
returns a `RecoveryReport` that the CLI prints and the GUI shows: what was kept, per kind, and the
files to re-import.

No Qt here: the CLI runs without a display.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from reader.errors import ReaderError, StoreDamagedError, StoreError
from reader.importing.backups import BACKUP_FOLDER, backups_newest_first
from reader.importing.instance_lock import held_elsewhere
from reader.importing.salvage import salvage_state
from reader.store import Store
from reader.store.db import DATABASE_NAME, STATE_DATABASE_NAME
from reader.store.history import imported_paths
from reader.store.statefile import merge_state, read_state_file

# SQLite's own companions of a database file; moved together so the copy stays openable.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
# Messages of sqlite3.DatabaseError that mean the file itself is damaged (not busy, not a bug).
# "could not decode": a text column holding bytes that are not UTF-8 (flipped bits), which sqlite3 reports as
# an OperationalError although nothing about the environment is wrong.
_DAMAGE_MARKERS = ("malformed", "not a database", "corrupt", "file is encrypted")
_DECODE_DAMAGE = "could not decode"


@dataclass(frozen=True, slots=True)
class RecoveryReport:
    """What recovery did, for the CLI to print and the GUI to show.

    Attributes:
        data_dir: the library folder.
        reason: why the database was judged damaged.
        moved_to: where the damaged database (and its companions) now are.
        backup: the state backup restored from, if any.
        restored: how many posts have read, bookmark, note or tag state in the fresh library.
        salvaged: state still readable in the damaged file was merged in (changes since the backup).
        problems: what could not be done (no backup, unreadable backups ...).
        reimport: files and folders the damaged library had imported and that still exist.
    """

    data_dir: Path
    reason: str
    moved_to: tuple[Path, ...]
    backup: Path | None = None
    restored: int = 0
    salvaged: bool = False
    problems: tuple[str, ...] = ()
    reimport: tuple[str, ...] = field(default=())
    kept: tuple[tuple[str, int], ...] = ()  # (kind, count): read marks, bookmarks, notes, tag lists, decisions

    @property
    def summary(self) -> str:
        """One line for a status bar or a dialog title."""
        if self.restored:
            return f"The library was damaged; a fresh one was started and the state of {self.restored} posts restored."
        return "The library was damaged; a fresh one was started."

    def lines(self) -> list[str]:
        """The whole report, one line each, in the order a user needs them."""
        lines = [f"The library in {self.data_dir} was damaged ({self.reason})."]
        if self.moved_to:
            lines.append(f"The damaged file was kept as {self.moved_to[0]}; a fresh library was started.")
        sources = []
        if self.salvaged:
            sources.append("what was still readable in the damaged files")
        if self.backup is not None:
            sources.append(f"the backups (newest: {self.backup})")
        if sources:
            lines.append(
                f"Read, bookmark and note state of {self.restored} posts was restored from {' and '.join(sources)}."
            )
        if self.kept:
            lines.append("Kept: " + ", ".join(f"{count} {kind}" for kind, count in self.kept) + ".")
        lines.extend(self.problems)
        if self.reimport:
            lines.append("Re-import your files to get the posts back:")
            lines.append("  bulletin-reader import " + " ".join(_quoted(path) for path in self.reimport))
        else:
            lines.append("Re-import your files to get the posts back: bulletin-reader import PATH...")
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


def is_damage(error: BaseException) -> bool:
    """Whether an exception means the library file is damaged (rather than busy or a bug)."""
    if isinstance(error, StoreDamagedError):
        return True
    if isinstance(error, sqlite3.OperationalError) and _DECODE_DAMAGE in str(error).lower():
        return True
    # Any other OperationalError is the environment (busy, read-only, disk full, I/O): never a reason to move
    # a library aside.
    if isinstance(error, sqlite3.DatabaseError) and not isinstance(
        error, sqlite3.OperationalError | sqlite3.IntegrityError
    ):
        return any(marker in str(error).lower() for marker in _DAMAGE_MARKERS)
    return False


def open_store(data_dir: Path, *, window_lock_held: bool = False) -> tuple[Store, RecoveryReport | None]:
    """Open the library of `data_dir`, recovering it first when it is damaged.

    Returns the store and, when recovery ran, its report (None on a normal open). Other
    store errors (busy, newer schema, unwritable folder) propagate as `StoreError`. The desktop app,
    which holds the window lock itself, passes `window_lock_held`.
    """
    if _emptied(data_dir / DATABASE_NAME, data_dir):
        report = recover(data_dir, "the file is empty", window_lock_held=window_lock_held)
        return Store.open(data_dir), report
    try:
        return Store.open(data_dir), None
    except StoreDamagedError as error:
        report = recover(data_dir, _reason_of(error), window_lock_held=window_lock_held)
        return Store.open(data_dir), report


def recover(data_dir: Path, reason: str, *, window_lock_held: bool = False) -> RecoveryReport:
    """Move the damaged library aside, start a fresh one, and bring the user's state back.

    State comes from the newest readable backup in `<data dir>/backups/`, merged (last writer
    wins, field by field) with whatever state can still be read from the damaged file, so changes
    made since the last backup survive when the damage spared them. The caller must have closed
    its own connections to the damaged database first.
    """
    # The window recovers while holding the lock itself (`window_lock_held`); anyone else holding it is a
    # window that has the library open.
    if not window_lock_held and held_elsewhere(data_dir):
        # Moving the file away under an open window would leave that window writing to the damaged copy.
        raise StoreError(
            f"{data_dir / DATABASE_NAME}: the library is damaged ({reason}); close the Bulletin Reader window "
            "that has it open and run the command again to repair it"
        )
    database = data_dir / DATABASE_NAME
    state_database = data_dir / STATE_DATABASE_NAME
    reimport = _imported_paths(data_dir)
    # Everything readable is read before anything is moved, from both files (a library older than
    # schema 8 kept its state in the content database).
    salvage = salvage_state([state_database, database], scan_pages=1 if state_database.exists() else 2)
    damaged = [path for path in (database, state_database) if path.exists() and not _healthy(path)]
    if database not in damaged and state_database not in damaged:
        damaged = [database]  # the error came from a query on the content (a row that cannot be decoded)
    moved: list[Path] = []
    for path in damaged:
        try:
            moved.extend(move_aside(path))
        except OSError as error:
            raise StoreError(
                f"{path}: the library is damaged ({reason}) and could not be moved aside "
                f"({error.strerror or error}); move or delete it yourself to start a fresh library"
            ) from error
    problems: list[str] = []
    backup: Path | None = None
    store = Store.open(data_dir)
    try:
        if not salvage.empty:
            merge_state(store, salvage.snapshot())
        # Every readable backup is merged, newest first (the latest change of each field wins), so state
        # that only an older backup still holds comes back too.
        for candidate in backups_newest_first(data_dir):
            try:
                merge_state(store, read_state_file(candidate))
            except (ReaderError, RecursionError, ValueError, OverflowError, MemoryError, sqlite3.Error) as error:
                problems.append(f"The backup {candidate.name} could not be read ({_short(error)}); it was skipped.")
                continue
            backup = backup or candidate
        if backup is None and salvage.empty:
            where = data_dir / BACKUP_FOLDER
            problems.append(f"No readable state backup was found in {where}; read and bookmark state is lost.")
        restored = sum(1 for _ in store.state.iter_states())
        kept = _kept(store)
    finally:
        store.close()
    return RecoveryReport(
        data_dir,
        reason,
        tuple(moved),
        backup,
        restored,
        not salvage.empty,
        tuple(problems),
        tuple(reimport),
        kept,
    )


def _healthy(path: Path) -> bool:
    """Whether SQLite finds nothing wrong in a database file (a full quick_check: recovery is rare)."""
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            return bool(connection.execute("PRAGMA quick_check").fetchone()[0] == "ok")
    except sqlite3.Error:
        return False


def _kept(store: Store) -> tuple[tuple[str, int], ...]:
    """How much of each kind of state the recovered library holds."""
    states = [state for _, state in store.state.iter_states()]
    pairs = sum(1 for _ in store.pairs.iter_pair_decisions())
    # Counterpart decisions are stored in both directions.
    counterparts = sum(1 for _ in store.pairs.iter_counterpart_decisions()) // 2
    return (
        ("read marks", sum(state.read for state in states)),
        ("bookmarks", sum(state.bookmarked for state in states)),
        ("notes", sum(bool(state.note) for state in states)),
        ("tag lists", sum(bool(state.tags) for state in states)),
        ("pair decisions", pairs),
        ("counterpart decisions", counterparts),
    )


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 200 else text[:200] + "…"


def move_aside(database: Path, *, now: datetime | None = None) -> list[Path]:
    """Rename the database and its companions to `<name>.damaged-<timestamp>[-wal|-shm]`.

    The companions keep SQLite's naming relative to the moved file, so the copy can still be
    opened with its write-ahead log for a manual rescue. Returns the new paths, database first.
    """
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    target = database.with_name(f"{database.name}.damaged-{stamp}")
    serial = 1
    while any(Path(f"{target}{suffix}").exists() for suffix in ("", *COMPANION_SUFFIXES)):
        serial += 1
        target = database.with_name(f"{database.name}.damaged-{stamp}-{serial}")
    moved: list[Path] = []
    if database.exists():
        os.replace(database, target)
        moved.append(target)
    for suffix in COMPANION_SUFFIXES:
        companion = Path(f"{database}{suffix}")
        if companion.exists():
            destination = Path(f"{target}{suffix}")
            os.replace(companion, destination)
            moved.append(destination)
    return moved


def _emptied(database: Path, data_dir: Path) -> bool:
    # SQLite treats a zero-byte file as a new, empty database. When backups exist the library was
    # in use, so an empty file means it was lost (a crash during a copy, a bad sync), not new.
    try:
        return database.stat().st_size == 0 and bool(backups_newest_first(data_dir))
    except OSError:
        return False


def _reason_of(error: BaseException) -> str:
    text = str(error)
    if "(" in text and text.endswith(")"):
        return text[text.rfind("(") + 1 : -1]
    return text


def _imported_paths(data_dir: Path) -> list[str]:
    """The files and folders the damaged library was filled from and that still exist (offered for re-import)."""
    database = data_dir / DATABASE_NAME
    if not database.exists() or database.stat().st_size == 0:
        return []
    try:
        store = Store.open(data_dir, read_only=True)
    except ReaderError:
        return []
    try:
        return [path for path in imported_paths(store.db) if Path(path).exists()]
    except sqlite3.DatabaseError:
        return []
    finally:
        store.close()


def _quoted(path: str) -> str:
    return f"'{path}'" if any(char.isspace() for char in path) else path
