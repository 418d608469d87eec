"""Reading the user's state out of a damaged database, as much of it as can still be read.

Four readers, each given its chance, their rows merged (the latest change of each field wins):
a plain read-only connection that keeps every row it got before an error; the same with
`PRAGMA writable_schema=ON`, which reads past a damaged schema; when the `sqlite3` program is
installed, its `.recover` command; and our own page scan (reader.importing.pagescan), which finds
the rows by their shape when even the schema page is gone. Nothing here writes to the damaged file;
what is found goes into a salvage file (reader.importing.salvage_file), not memory.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from reader.domain import PostState
from reader.importing import pagescan
from reader.importing.salvage_file import SalvageFile
from reader.store.statefile import CounterpartDecision, PairDecision

_POST_STATE = "SELECT post_id, read, read_at, bookmarked, bookmarked_at, note, note_at, tags, tags_at FROM post_state"
_PAIR_DECISIONS = "SELECT post_id, other_post_id, ru, en, decision, decided_at FROM pair_decisions"
_COUNTERPART_DECISIONS = "SELECT post_id, other_id, decision, decided_at FROM counterpart_decisions"
RECOVER_TIMEOUT_S = 120
# What a note read across a zeroed overflow page holds: a user's note never has it (SQLite's checks do not
# see a zeroed last page of a chain, so reader.store.db's state check looks for it too).
ZEROED = "\x00" * 8
DECISIONS = ("confirmed", "rejected")


def salvage_state(paths: list[Path], salvage: SalvageFile, *, scan_pages: int = 1) -> None:
    """Every state row readable in any of `paths` (the content database of an older library held it too).

    Rows go into `salvage` as they are read (it merges them), so memory stays small whatever the
    files hold. Only the first `scan_pages` paths are also rebuilt by `sqlite3 .recover` and scanned
    page by page: the state database is small, and a content database (which can be gigabytes) has
    held no state since schema 8.
    """
    for index, path in enumerate(paths):
        try:
            if not path.is_file() or path.stat().st_size == 0:
                continue
        except OSError:
            continue
        readers: list[Callable[[Path], sqlite3.Connection]] = [_plain, _writable_schema]
        for open_connection in readers:
            with contextlib.suppress(sqlite3.Error), contextlib.closing(open_connection(path)) as connection:
                _read_into(connection, salvage)
        if index >= scan_pages:
            continue
        with _recovered_copy(path) as copy:
            if copy is not None:
                with contextlib.suppress(sqlite3.Error), contextlib.closing(_plain(copy)) as connection:
                    _read_into(connection, salvage)
        with contextlib.suppress(OSError):
            _scan_into(path, salvage)


def _scan_into(path: Path, salvage: SalvageFile) -> None:
    """Rows found on the file's pages by their shape: post_state has 9 columns, pair decisions 6, ..."""
    for record in pagescan.records(path):
        if len(record) == 9 and isinstance(record[0], str) and _is_flag(record[1]) and _is_flag(record[3]):
            if isinstance(record[5], str) and isinstance(record[7], str) and record[7].startswith("["):
                _add_post_state(salvage, record)
        elif len(record) == 6 and record[4] in DECISIONS:
            _add_pair(salvage, _pair_decision(record))
        elif len(record) == 4 and record[2] in DECISIONS:
            _add_counterpart(salvage, _counterpart_decision(record))


def _is_flag(value: object) -> bool:
    return value in (0, 1) and not isinstance(value, float)


def _plain(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    # A flipped bit in one note must not end the read of every row after it.
    connection.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
    return connection


def _writable_schema(path: Path) -> sqlite3.Connection:
    connection = _plain(path)
    connection.execute("PRAGMA writable_schema = ON")
    return connection


@contextlib.contextmanager
def _recovered_copy(path: Path) -> Iterator[Path | None]:
    """The database rebuilt page by page by `sqlite3 FILE .recover`, in a temporary file; None without the tool.

    The dump streams from one `sqlite3` into another that loads it: never all of it in memory, and a
    statement that fails is skipped rather than ending the load.
    """
    program = shutil.which("sqlite3")
    if program is None:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="bulletin-reader-salvage-", dir=path.parent) as folder:
        copy = Path(folder) / "recovered.sqlite3"
        quiet = subprocess.DEVNULL
        try:
            with (
                subprocess.Popen([program, str(path), ".recover"], stdout=subprocess.PIPE, stderr=quiet) as dump,
                subprocess.Popen([program, str(copy)], stdin=dump.stdout, stdout=quiet, stderr=quiet) as load,
            ):
                if dump.stdout is not None:
                    dump.stdout.close()  # the loader holds the pipe now
                try:
                    load.wait(timeout=RECOVER_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    dump.kill()
                    load.kill()
                    raise
        except (OSError, subprocess.SubprocessError):
            yield None
            return
        yield copy


def _read_into(connection: sqlite3.Connection, salvage: SalvageFile) -> None:
    for row in _rows(connection, _POST_STATE):
        _add_post_state(salvage, row)
    for row in _rows(connection, _PAIR_DECISIONS):
        _add_pair(salvage, _pair_decision(row))
    for row in _rows(connection, _COUNTERPART_DECISIONS):
        _add_counterpart(salvage, _counterpart_decision(row))


def _add_post_state(salvage: SalvageFile, row: tuple[object, ...]) -> None:
    state = _post_state(row[1:])
    if isinstance(row[0], str) and state is not None:
        salvage.add_post_state(row[0], state)


def _add_pair(salvage: SalvageFile, pair: PairDecision | None) -> None:
    if pair is not None:
        salvage.add_pair(pair)


def _add_counterpart(salvage: SalvageFile, choice: CounterpartDecision | None) -> None:
    if choice is not None:
        salvage.add_counterpart(choice)


def _rows(connection: sqlite3.Connection, sql: str) -> Iterator[tuple[object, ...]]:
    """The rows of a query up to the first error (damage ends a scan; what came before it is kept)."""
    try:
        cursor = connection.execute(sql)
        while True:
            row = cursor.fetchone()
            if row is None:
                return
            yield tuple(row)
    except (sqlite3.Error, UnicodeDecodeError):
        return


def _number(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def _post_state(row: tuple[object, ...]) -> PostState | None:
    read, read_at, bookmarked, bookmarked_at, note, note_at, tags, tags_at = row
    if isinstance(note, str) and ZEROED in note:
        note, note_at = None, None  # a zeroed overflow page: the note is lost here, an older copy may hold it
    try:
        decoded = json.loads(str(tags)) if tags is not None else []
    except ValueError:
        decoded, tags_at = [], None
    if not isinstance(decoded, list):
        decoded, tags_at = [], None
    state = PostState(
        read=bool(read),
        bookmarked=bool(bookmarked),
        note=note if isinstance(note, str) else "",
        tags=tuple(sorted({tag for tag in decoded if isinstance(tag, str)})),
        read_at=_number(read_at),
        bookmarked_at=_number(bookmarked_at),
        note_at=_number(note_at) if isinstance(note, str) else None,
        tags_at=_number(tags_at),
    )
    return state if state != PostState() else None


def _indexes(value: object) -> tuple[int, ...] | None:
    try:
        items = json.loads(str(value))
    except ValueError:
        return None
    if isinstance(items, list) and all(isinstance(item, int) and not isinstance(item, bool) for item in items):
        return tuple(items)
    return None


def _pair_decision(row: tuple[object, ...]) -> PairDecision | None:
    post_id, other, ru, en, decision, at = row
    ru_indexes, en_indexes, moment = _indexes(ru), _indexes(en), _number(at)
    if not isinstance(post_id, str) or decision not in DECISIONS or moment is None:
        return None
    if ru_indexes is None or en_indexes is None:
        return None
    return PairDecision(post_id, other if isinstance(other, str) else "", ru_indexes, en_indexes, str(decision), moment)


def _counterpart_decision(row: tuple[object, ...]) -> CounterpartDecision | None:
    post_id, other, decision, at = row
    moment = _number(at)
    if not (isinstance(post_id, str) and isinstance(other, str)) or decision not in DECISIONS:
        return None
    if moment is None:
        return None
    return CounterpartDecision(post_id, other, str(decision), moment)
