"""The salvage of a recovery, on disk: the state rows read from the damaged files, and the recovery's plan.

Recovery writes what it salvages into a scratch SQLite file in `<data dir>/recovering/` instead of
holding it in memory (a damaged library of years holds hundreds of thousands of state rows), merging
each row with what the file already holds (the latest change of each field wins). The same file is
the recovery's journal: it records which damaged files go where and how far the recovery got, so a
recovery that is killed half-way is finished by the next start, never lost:

    salvage-<time>.sqlite3.part   being written; the damaged files are untouched (thrown away, redone)
    phase "salvaged"              complete; the planned moves may be done in part
    phase "moved"                 the damaged files are aside; the salvage may be merged in part

Merging is idempotent, so finishing a merge that was already half done changes nothing twice.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from reader.domain import PostState
from reader.errors import StoreError
from reader.importing.instance_lock import try_lock_file

if TYPE_CHECKING:  # the state file's reader loads with a recovery, not with every open that looks for one
    from reader.store.statefile import CounterpartDecision, PairDecision, StateSnapshot

JOURNAL_FOLDER = "recovering"
PART_SUFFIX = ".part"
SALVAGED, MOVED = "salvaged", "moved"
_CHUNK = 2000  # posts merged per transaction: bounds the memory of the merge, not its speed

_SCHEMA = """
CREATE TABLE IF NOT EXISTS post_state (
    post_id TEXT PRIMARY KEY, read INTEGER, read_at REAL, bookmarked INTEGER, bookmarked_at REAL,
    note TEXT, note_at REAL, tags TEXT, tags_at REAL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pair_decisions (
    post_id TEXT, other_post_id TEXT, ru TEXT, en TEXT, decision TEXT, at REAL,
    PRIMARY KEY (post_id, other_post_id, ru, en)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counterpart_decisions (
    post_id TEXT, other_id TEXT, decision TEXT, at REAL, PRIMARY KEY (post_id, other_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS moves (source TEXT PRIMARY KEY, target TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class SalvageFile:
    """One recovery's salvage and plan. Writes are committed by `commit()` (one transaction while salvaging)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection = sqlite3.connect(path, isolation_level="DEFERRED")
        self._connection.executescript(_SCHEMA)

    # --------------------------------------------------------------------------------- while salvaging

    def add_post_state(self, post_id: str, state: PostState) -> None:
        found = self._connection.execute(
            "SELECT read, read_at, bookmarked, bookmarked_at, note, note_at, tags, tags_at FROM post_state"
            " WHERE post_id = ?",
            (post_id,),
        ).fetchone()
        from reader.store.statefile import merge_post_state

        merged = state if found is None else merge_post_state(_state(found), state)
        self._connection.execute(
            "INSERT OR REPLACE INTO post_state VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                post_id,
                int(merged.read),
                merged.read_at,
                int(merged.bookmarked),
                merged.bookmarked_at,
                merged.note,
                merged.note_at,
                json.dumps(list(merged.tags), ensure_ascii=False),
                merged.tags_at,
            ),
        )

    def add_pair(self, pair: PairDecision) -> None:
        key = (pair.post_id, pair.other_post_id, json.dumps(list(pair.ru)), json.dumps(list(pair.en)))
        found = self._connection.execute(
            "SELECT at, decision FROM pair_decisions WHERE post_id = ? AND other_post_id = ? AND ru = ? AND en = ?",
            key,
        ).fetchone()
        if found is None or (pair.at, pair.decision) > (found[0], found[1]):
            self._connection.execute(
                "INSERT OR REPLACE INTO pair_decisions VALUES (?, ?, ?, ?, ?, ?)", (*key, pair.decision, pair.at)
            )

    def add_counterpart(self, choice: CounterpartDecision) -> None:
        found = self._connection.execute(
            "SELECT at, decision FROM counterpart_decisions WHERE post_id = ? AND other_id = ?",
            (choice.post_id, choice.other_id),
        ).fetchone()
        if found is None or (choice.at, choice.decision) > (found[0], found[1]):
            self._connection.execute(
                "INSERT OR REPLACE INTO counterpart_decisions VALUES (?, ?, ?, ?)",
                (choice.post_id, choice.other_id, choice.decision, choice.at),
            )

    def plan(self, reason: str, reimport: list[str], moves: list[tuple[Path, Path]]) -> None:
        """What the recovery will do: why, which files go where, what to offer for re-import."""
        self._connection.executemany(
            "INSERT OR REPLACE INTO moves VALUES (?, ?)", [(str(source), str(target)) for source, target in moves]
        )
        self.set_fact("reason", reason)
        self.set_fact("reimport", json.dumps(reimport, ensure_ascii=False))
        self.set_fact("phase", SALVAGED)

    def set_fact(self, key: str, value: str) -> None:
        self._connection.execute("INSERT OR REPLACE INTO facts VALUES (?, ?)", (key, value))

    def commit(self) -> None:
        self._connection.commit()

    def close(self) -> None:
        self._connection.commit()
        self._connection.close()

    # --------------------------------------------------------------------------------- when finishing

    def fact(self, key: str, default: str = "") -> str:
        row = self._connection.execute("SELECT value FROM facts WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else default

    def moves(self) -> list[tuple[Path, Path]]:
        rows = self._connection.execute("SELECT source, target FROM moves ORDER BY rowid").fetchall()
        return [(Path(source), Path(target)) for source, target in rows]

    @property
    def empty(self) -> bool:
        return not any(
            self._connection.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
            for table in ("post_state", "pair_decisions", "counterpart_decisions")
        )

    def snapshots(self) -> Iterator[StateSnapshot]:
        """The salvage in pieces of a few thousand posts (decisions in the last piece)."""
        from reader.store.statefile import CounterpartDecision, PairDecision, StateSnapshot

        cursor = self._connection.execute(
            "SELECT post_id, read, read_at, bookmarked, bookmarked_at, note, note_at, tags, tags_at FROM post_state"
        )
        while rows := cursor.fetchmany(_CHUNK):
            yield StateSnapshot({str(row[0]): _state(row[1:]) for row in rows})
        pairs = tuple(
            PairDecision(post_id, other, tuple(json.loads(ru)), tuple(json.loads(en)), decision, at)
            for post_id, other, ru, en, decision, at in self._connection.execute("SELECT * FROM pair_decisions")
        )
        choices = tuple(
            CounterpartDecision(post_id, other, decision, at)
            for post_id, other, decision, at in self._connection.execute("SELECT * FROM counterpart_decisions")
        )
        if pairs or choices:
            yield StateSnapshot({}, pairs, choices)


def pending_journals(data_dir: Path) -> list[Path]:
    """Complete salvage files of recoveries that did not finish, oldest first."""
    try:
        entries = sorted((data_dir / JOURNAL_FOLDER).iterdir())
    except OSError:
        return []
    return [entry for entry in entries if entry.name.startswith("salvage-") and entry.name.endswith(".sqlite3")]


@contextlib.contextmanager
def repair_lock(data_dir: Path) -> Iterator[None]:
    """Held while a repair runs, so that a second program neither repairs at the same time nor clears its salvage.

    Raises:
        StoreError: another program is repairing the library right now.
    """
    folder = data_dir / JOURNAL_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = (folder / ".lock").open("a+b")
    except OSError as error:
        raise StoreError(f"{folder}: cannot write the repair's files ({error.strerror or error})") from error
    with handle:
        if not try_lock_file(handle):
            raise StoreError(f"{data_dir}: another Bulletin Reader program is repairing this library; try again soon")
        # What a kill cut short while salvaging: the damaged files were not touched, so it is simply redone.
        for entry in folder.iterdir():
            if PART_SUFFIX in entry.name:
                with contextlib.suppress(OSError):
                    entry.unlink()
        yield


def _state(row: tuple[object, ...]) -> PostState:
    read, read_at, bookmarked, bookmarked_at, note, note_at, tags, tags_at = row
    try:
        decoded = json.loads(str(tags)) if tags else []
    except ValueError:
        decoded = []
    return PostState(
        read=bool(read),
        bookmarked=bool(bookmarked),
        note=note if isinstance(note, str) else "",
        tags=tuple(tag for tag in decoded if isinstance(tag, str)) if isinstance(decoded, list) else (),
        read_at=_number(read_at),
        bookmarked_at=_number(bookmarked_at),
        note_at=_number(note_at),
        tags_at=_number(tags_at),
    )


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
