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
import json
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader.errors import ReaderError, StoreDamagedError, StoreError
from reader.importing.backups import BACKUP_FOLDER, backups_newest_first
from reader.importing.instance_lock import held_elsewhere
from reader.importing.recovery_report import COMPANION_SUFFIXES, RecoveryReport
from reader.importing.salvage_file import (
    JOURNAL_FOLDER,
    MOVED,
    PART_SUFFIX,
    SALVAGED,
    SalvageFile,
    pending_journals,
    repair_lock,
)
from reader.importing.sessions import begin_session
from reader.store import Store
from reader.store.db import DATABASE_NAME, STATE_DATABASE_NAME, IntegrityVerdict, check_integrity, zeroed_notes
from reader.store.history import imported_paths

# Messages of sqlite3.DatabaseError that mean the file itself is damaged (not busy, not a bug).
# "could not decode": a text column holding bytes that are not UTF-8 (flipped bits), which sqlite3 reports as
# an OperationalError although nothing about the environment is wrong.
_DAMAGE_MARKERS = ("malformed", "not a database", "corrupt", "file is encrypted")
_DECODE_DAMAGE = "could not decode"
# The content's quick_check at every start stops after this long (the state database is always checked
# whole). Measured warm: 0.08 s at 20,000 posts (64 MB); see the README for 100,000.
OPEN_CHECK_BUDGET_S = 1.0

log = logging.getLogger(__name__)


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
    """Open the library of `data_dir`, checked, and recovered first when it is damaged.

    Both files get SQLite's check before anything is read or written: the state database whole, the
    content a `quick_check` within `OPEN_CHECK_BUDGET_S` (a full `integrity_check`, unbounded, when the
    last program to use the library died with it open). Returns the store and, when recovery ran, its
    report (None on a normal open). Other store errors (busy, newer schema, unwritable folder) propagate
    as `StoreError`. A program that holds the window lock itself passes `window_lock_held`.
    """
    store, report, _ = _open(data_dir, window_lock_held=window_lock_held, defer_quick_check=False)
    return store, report


def open_window_store(data_dir: Path) -> tuple[Store, RecoveryReport | None, ContentCheck | None]:
    """`open_store` for the desktop app, which holds the window lock itself and shows the timeline first.

    Everything `open_store` checks is checked here too, except the content's budgeted `quick_check` on a
    clean start: that is returned as a `ContentCheck` for the window to run once its timeline has painted
    (on a worker, before any background write), and damage it finds reaches the window's repair like
    damage met while in use. After an unclean end the full check still runs here, before anything reads.
    """
    return _open(data_dir, window_lock_held=True, defer_quick_check=True)


@dataclass(frozen=True, slots=True)
class ContentCheck:
    """The content's budgeted `quick_check`, left by `open_window_store` for after the first paint."""

    budget_s: float = OPEN_CHECK_BUDGET_S

    def run(self, store: Store) -> IntegrityVerdict:
        """Check `store`'s content; raises StoreDamagedError (a damage, for the caller's repair) when it is damaged."""
        verdict = check_integrity(store.db.connection, "main", store.db.path, budget_s=self.budget_s)
        if verdict.damaged:
            raise StoreDamagedError(verdict.path, f"SQLite's check found {'; '.join(verdict.problems)}")
        if not verdict.finished:
            log.info("the check of %s stopped after %.2f s (its budget)", verdict.path, verdict.seconds)
        return verdict


def _open(
    data_dir: Path, *, window_lock_held: bool, defer_quick_check: bool
) -> tuple[Store, RecoveryReport | None, ContentCheck | None]:
    session, unclean = begin_session(data_dir)
    try:
        # A recovery killed after its salvage was written is finished before anything else reads the library.
        finished = finish_recovery(data_dir, window_lock_held=window_lock_held) if pending_journals(data_dir) else None
        deferred = defer_quick_check and not unclean
        store, report = _open_checked(data_dir, full=unclean, window_lock_held=window_lock_held, check=not deferred)
        report = report or finished
    except BaseException:
        if session is not None:
            session.end()
        raise
    if session is not None:
        store.db.on_close.append(session.end)
    # A library recovered just now is fresh: nothing is left to check in it.
    return store, report, ContentCheck() if deferred and report is None else None


def check_library(
    data_dir: Path, *, window_lock_held: bool = False
) -> tuple[list[IntegrityVerdict], RecoveryReport | None]:
    """SQLite's full `integrity_check` of both files, and recovery when it finds damage.

    For `bulletin-reader check`: the whole file, however long
    it takes. Returns the verdicts (of the damaged library when recovery ran) and the report.
    """
    if emptied := _emptied(data_dir / DATABASE_NAME, data_dir):
        return [], recover(data_dir, f"{emptied} is empty", window_lock_held=window_lock_held)
    try:
        store = Store.open(data_dir)
    except StoreDamagedError as error:
        return [], recover(data_dir, _reason_of(error), window_lock_held=window_lock_held)
    try:
        verdicts = store.db.check(full=True)
    finally:
        store.close()
    damaged = [verdict for verdict in verdicts if verdict.damaged]
    if not damaged:
        return verdicts, None
    return verdicts, recover(data_dir, _verdict_reason(damaged[0]), window_lock_held=window_lock_held)


def _open_checked(
    data_dir: Path, *, full: bool, window_lock_held: bool, check: bool = True
) -> tuple[Store, RecoveryReport | None]:
    if emptied := _emptied(data_dir / DATABASE_NAME, data_dir):
        report = recover(data_dir, f"{emptied} is empty", window_lock_held=window_lock_held)
        return Store.open(data_dir), report
    try:
        store = Store.open(data_dir)
    except StoreDamagedError as error:
        report = recover(data_dir, _reason_of(error), window_lock_held=window_lock_held)
        return Store.open(data_dir), report
    if not check:
        return store, None
    try:
        verdicts = store.db.check(full=full, budget_s=None if full else OPEN_CHECK_BUDGET_S)
    except BaseException:
        store.close()
        raise
    damaged = [verdict for verdict in verdicts if verdict.damaged]
    if not damaged:
        for verdict in verdicts:
            if not verdict.finished:
                log.info("the check of %s stopped after %.2f s (its budget)", verdict.path, verdict.seconds)
        return store, None
    store.close()
    report = recover(data_dir, _verdict_reason(damaged[0]), window_lock_held=window_lock_held)
    return Store.open(data_dir), report


def _verdict_reason(verdict: IntegrityVerdict) -> str:
    return f"{verdict.path.name}: SQLite's check found {'; '.join(verdict.problems)}"


def recover(data_dir: Path, reason: str, *, window_lock_held: bool = False) -> RecoveryReport:
    """Salvage the damaged files' state, move them aside, start fresh, and bring the user's state back.

    The state comes from every row still readable in the damaged files and from every readable backup
    in `<data dir>/backups/`, merged field by field (the latest change wins), so changes made since the
    last backup survive when the damage spared them. Nothing is moved before the salvage is complete on
    disk (reader.importing.salvage_file), and a recovery killed after that is finished by the next
    start. The caller must have closed its own connections to the damaged database first.
    """
    _refuse_under_open_window(data_dir, reason, window_lock_held)
    with repair_lock(data_dir):
        return _recover(data_dir, reason, window_lock_held)


def _recover(data_dir: Path, reason: str, window_lock_held: bool) -> RecoveryReport:
    database = data_dir / DATABASE_NAME
    state_database = data_dir / STATE_DATABASE_NAME
    reimport = _imported_paths(data_dir)
    now = datetime.now(UTC)
    folder = data_dir / JOURNAL_FOLDER
    part = folder / f"salvage-{now.strftime('%Y%m%dT%H%M%S%fZ')}.sqlite3{PART_SUFFIX}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        salvage = SalvageFile(part)
    except (OSError, sqlite3.Error) as error:
        raise StoreError(
            f"{data_dir}: the library is damaged ({reason}) and no salvage could be written ({error})"
        ) from error
    from reader.importing.salvage import salvage_state  # a repair is rare: its reader loads with it

    try:
        # Everything readable is read before anything is moved, from both files (a library older than
        # schema 8 kept its state in the content database).
        salvage_state([state_database, database], salvage, scan_pages=1 if state_database.exists() else 2)
        damaged = [path for path in (database, state_database) if path.exists() and not _healthy(path)]
        if not damaged:
            damaged = [database]  # the error came from a query on the content (a row that cannot be decoded)
        salvage.plan(reason, reimport, [(path, aside_target(path, now=now)) for path in damaged])
    finally:
        salvage.close()
    os.replace(part, part.with_name(part.name.removesuffix(PART_SUFFIX)))
    return _finish(data_dir)


def finish_recovery(data_dir: Path, *, window_lock_held: bool = False) -> RecoveryReport | None:
    """Finish every recovery whose salvage is on disk: move the damaged files aside, merge, report.

    None when there was none (or another program finished it first).
    """
    _refuse_under_open_window(data_dir, "a repair was interrupted", window_lock_held)
    with repair_lock(data_dir):
        return _finish(data_dir) if pending_journals(data_dir) else None


def _finish(data_dir: Path) -> RecoveryReport:
    from reader.store.statefile import merge_state, read_state_file

    journals = pending_journals(data_dir)
    moved: list[Path] = []
    reasons: list[str] = []
    reimport: list[str] = []
    for journal in journals:
        with contextlib.closing(SalvageFile(journal)) as salvage:
            reasons.append(salvage.fact("reason"))
            reimport.extend(path for path in json.loads(salvage.fact("reimport", "[]")) if path not in reimport)
            for source, target in salvage.moves():
                if salvage.fact("phase") == SALVAGED:
                    _move_with_companions(source, target, salvage.fact("reason"))
                moved.extend(path for path in _with_companions(target) if path.exists())
            salvage.set_fact("phase", MOVED)
            salvage.commit()
    problems: list[str] = []
    backup: Path | None = None
    salvaged = False
    store = Store.open(data_dir)
    try:
        for journal in journals:
            with contextlib.closing(SalvageFile(journal)) as salvage:
                salvaged = salvaged or not salvage.empty
                for snapshot in salvage.snapshots():
                    merge_state(store, snapshot)
        # Every readable backup is merged, newest first (the latest change of each field wins), so state
        # that only an older backup still holds comes back too.
        for candidate in backups_newest_first(data_dir):
            try:
                merge_state(store, read_state_file(candidate))
            except (ReaderError, RecursionError, ValueError, OverflowError, MemoryError, sqlite3.Error) as error:
                problems.append(f"The backup {candidate.name} could not be read ({_short(error)}); it was skipped.")
                continue
            backup = backup or candidate
        if backup is None and not salvaged:
            where = data_dir / BACKUP_FOLDER
            problems.append(f"No readable state backup was found in {where}; read and bookmark state is lost.")
        restored = sum(1 for _ in store.state.iter_states())
        kept = _kept(store)
    finally:
        store.close()
    for journal in journals:  # merged: the state is in the library now, and the damaged files are kept
        for path in (journal, Path(f"{journal}-journal")):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    reason = "; ".join(dict.fromkeys(reasons)) or "a repair was interrupted"
    return RecoveryReport(
        data_dir, reason, tuple(moved), backup, restored, salvaged, tuple(problems), tuple(reimport), kept
    )


def _refuse_under_open_window(data_dir: Path, reason: str, window_lock_held: bool) -> None:
    # The window recovers while holding the lock itself (`window_lock_held`); anyone else holding it is a
    # window that has the library open.
    if not window_lock_held and held_elsewhere(data_dir):
        # Moving the file away under an open window would leave that window writing to the damaged copy.
        raise StoreError(
            f"{data_dir / DATABASE_NAME}: the library is damaged ({reason}); close the Bulletin Reader window "
            "that has it open and run the command again to repair it"
        )


def _healthy(path: Path) -> bool:
    """Whether SQLite finds nothing wrong in a database file (a full quick_check: recovery is rare).

    An empty file is not: a library in use never has one (see `_emptied`).
    """
    try:
        if path.stat().st_size == 0:
            return False
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return False
            return path.name != STATE_DATABASE_NAME or not zeroed_notes(connection, "main")
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


def aside_target(database: Path, *, now: datetime | None = None) -> Path:
    """A free name `<name>.damaged-<timestamp>[-N]` for a damaged database and its companions."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    target = database.with_name(f"{database.name}.damaged-{stamp}")
    serial = 1
    while any(path.exists() for path in _with_companions(target)):
        serial += 1
        target = database.with_name(f"{database.name}.damaged-{stamp}-{serial}")
    return target


def move_aside(database: Path, *, now: datetime | None = None) -> list[Path]:
    """Rename the database and its companions to `<name>.damaged-<timestamp>[-wal|-shm]`.

    The companions keep SQLite's naming relative to the moved file, so the copy can still be
    opened with its write-ahead log for a manual rescue. Returns the new paths, database first.
    """
    target = aside_target(database, now=now)
    _move_with_companions(database, target, "")
    return [path for path in _with_companions(target) if path.exists()]


def _with_companions(path: Path) -> list[Path]:
    return [path, *(Path(f"{path}{suffix}") for suffix in COMPANION_SUFFIXES)]


def _move_with_companions(source: Path, target: Path, reason: str) -> None:
    """Move what is still there (a recovery killed half-way moved the rest)."""
    for origin, destination in zip(_with_companions(source), _with_companions(target), strict=True):
        try:
            if origin.exists():
                os.replace(origin, destination)
        except OSError as error:
            raise StoreError(
                f"{source}: the library is damaged ({reason}) and could not be moved aside "
                f"({error.strerror or error}); move or delete it yourself to start a fresh library"
            ) from error


def _emptied(database: Path, data_dir: Path) -> str:
    """The name of a library file that was emptied, or "".

    SQLite treats a zero-byte file as a new, empty database. Both files are made together with their
    schema, so a zero-byte one beside a file that is not, or in a folder with backups, was in use and
    has been lost (a crash during a copy, a bad sync), not new.
    """
    files = (database, database.with_name(STATE_DATABASE_NAME))
    sizes = []
    for path in files:
        try:
            sizes.append(path.stat().st_size)
        except OSError:
            sizes.append(-1)  # missing: a new library, or one from before the state had a file of its own
    for path, size in zip(files, sizes, strict=True):
        if size == 0 and (max(sizes) > 0 or backups_newest_first(data_dir)):
            return path.name
    return ""


def _reason_of(error: BaseException) -> str:
    if isinstance(error, StoreDamagedError):
        return f"{Path(error.path).name}: {error.reason}"
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
