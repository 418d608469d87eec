"""Recovering from a damaged library: move it aside, start fresh, restore the user's state.

Years of reading state must survive a database that a crash, a full disk or a bad sync left
damaged. When the store cannot be opened (`StoreDamagedError`) or a query finds it malformed,
`recover` moves the database and its WAL aside to `<name>.damaged-<timestamp>` (kept, never
deleted, so nothing is lost for good), creates a fresh store, restores read/bookmark/note state
from the newest usable backup in `<data dir>/backups/`, and returns a `RecoveryReport` that the
CLI prints and the GUI shows, offering to re-import the files the library held.

No Qt here: the CLI runs without a display.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from reader.errors import ReaderError, StoreDamagedError, StoreError
from reader.importing.backups import BACKUP_FOLDER, backups_newest_first
from reader.store import Store
from reader.store.db import DATABASE_NAME
from reader.store.history import imported_paths
from reader.store.statefile import StateSnapshot, merge_state, parse_state_document, read_state_file, state_document

# The desktop app's single-instance lock (a QLockFile: process id on the first line); see reader.app.
WINDOW_LOCK_NAME = "gui.lock"
# SQLite's own companions of a database file; moved together so the copy stays openable.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
# Messages of sqlite3.DatabaseError that mean the file itself is damaged (not busy, not a bug).
_DAMAGE_MARKERS = ("malformed", "not a database", "corrupt", "file is encrypted")


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
        if self.backup is not None:
            sources.append(f"the backup {self.backup}")
        if self.salvaged:
            sources.append("what was still readable in the damaged file")
        if sources:
            lines.append(
                f"Read, bookmark and note state of {self.restored} posts was restored from {' and '.join(sources)}."
            )
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
    # OperationalError is the environment (busy, read-only, disk full, I/O): never a reason to move a library aside.
    if isinstance(error, sqlite3.DatabaseError) and not isinstance(
        error, sqlite3.OperationalError | sqlite3.IntegrityError
    ):
        return any(marker in str(error).lower() for marker in _DAMAGE_MARKERS)
    return False


def open_store(data_dir: Path) -> tuple[Store, RecoveryReport | None]:
    """Open the library of `data_dir`, recovering it first when it is damaged.

    Returns the store and, when recovery ran, its report (None on a normal open). Other
    store errors (busy, newer schema, unwritable folder) propagate as `StoreError`.
    """
    if _emptied(data_dir / DATABASE_NAME, data_dir):
        report = recover(data_dir, "the file is empty")
        return Store.open(data_dir), report
    try:
        return Store.open(data_dir), None
    except StoreDamagedError as error:
        report = recover(data_dir, _reason_of(error))
        return Store.open(data_dir), report


def recover(data_dir: Path, reason: str) -> RecoveryReport:
    """Move the damaged library aside, start a fresh one, and bring the user's state back.

    State comes from the newest readable backup in `<data dir>/backups/`, merged (last writer
    wins, field by field) with whatever state can still be read from the damaged file, so changes
    made since the last backup survive when the damage spared them. The caller must have closed
    its own connections to the damaged database first.
    """
    window = _window_holding(data_dir)
    if window is not None:
        # Moving the file away under an open window would leave that window writing to the damaged copy.
        raise StoreError(
            f"{data_dir / DATABASE_NAME}: the library is damaged ({reason}); close the Bulletin Reader window "
            f"(process {window}) and run the command again to repair it"
        )
    reimport, salvaged = _salvage(data_dir)
    database = data_dir / DATABASE_NAME
    try:
        moved = move_aside(database)
    except OSError as error:
        raise StoreError(
            f"{database}: the library is damaged ({reason}) and could not be moved aside "
            f"({error.strerror or error}); move or delete it yourself to start a fresh library"
        ) from error
    problems: list[str] = []
    backup: Path | None = None
    store = Store.open(data_dir)
    try:
        candidates = backups_newest_first(data_dir)
        for candidate in candidates:
            try:
                snapshot = read_state_file(candidate)
            except ReaderError as error:
                problems.append(f"The backup {candidate.name} could not be read ({error}); trying an older one.")
                continue
            merge_state(store, snapshot)
            backup = candidate
            break
        if salvaged is not None:
            merge_state(store, salvaged)
        elif backup is None:
            where = data_dir / BACKUP_FOLDER
            problems.append(f"No readable state backup was found in {where}; read and bookmark state is lost.")
        restored = sum(1 for _ in store.state.iter_states())
    finally:
        store.close()
    return RecoveryReport(
        data_dir, reason, tuple(moved), backup, restored, salvaged is not None, tuple(problems), tuple(reimport)
    )


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


def _window_holding(data_dir: Path) -> int | None:
    """The process id of another live program holding the desktop app's lock on this library, if any."""
    try:
        first_line = (data_dir / WINDOW_LOCK_NAME).read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
        pid = int(first_line)
    except (OSError, ValueError):
        return None
    if pid <= 0 or pid == os.getpid():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None  # a lock left by a crashed window
    except PermissionError:
        return pid  # alive, owned by someone else
    return pid


def _reason_of(error: BaseException) -> str:
    text = str(error)
    if "(" in text and text.endswith(")"):
        return text[text.rfind("(") + 1 : -1]
    return text


def _salvage(data_dir: Path) -> tuple[list[str], StateSnapshot | None]:
    """What can still be read from the damaged library: its import history and the user's state.

    Either part is given up silently when the damage reaches it; the backup covers the state then.
    """
    database = data_dir / DATABASE_NAME
    if not database.exists() or database.stat().st_size == 0:
        return [], None
    try:
        store = Store.open(data_dir, read_only=True)
    except ReaderError:
        return [], None
    paths: list[str] = []
    snapshot: StateSnapshot | None = None
    try:
        try:
            paths = [path for path in imported_paths(store.db) if Path(path).exists()]
        except sqlite3.DatabaseError:
            paths = []
        try:
            snapshot = parse_state_document(state_document(store), str(database))
        except (sqlite3.DatabaseError, ReaderError):
            snapshot = None
    finally:
        store.close()
    return paths, snapshot


def _quoted(path: str) -> str:
    return f"'{path}'" if any(char.isspace() for char in path) else path
