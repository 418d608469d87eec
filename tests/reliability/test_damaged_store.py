"""A damaged library file: a clear message, the file kept aside, the user's state back, re-import offered.

The library is truncated or overwritten the ways real damage looks (a crash during a copy, a bad
sync, a full disk, a stray write). Whether SQLite notices on open or only in the middle of a
command, the CLI must not show a traceback, must keep the damaged file, and after re-importing
the same export the user must find their read, bookmark and note state again.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from reader.domain import PostState
from reader.importing.backups import ensure_daily_backup
from reader.importing.recovery import open_store, recover
from reader.importing.service import Library
from reader.store import PostFilter, Store
from reader.store.db import DATABASE_NAME, STATE_DATABASE_NAME

from .conftest import run_cli

PAGE = 4096

Damage = Callable[[bytes], bytes]


def _truncate_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _truncate_to_header_page(data: bytes) -> bytes:
    return data[:PAGE]


def _overwrite_header(data: bytes) -> bytes:
    return random.Random(1).randbytes(100) + data[100:]


def _overwrite_everything(data: bytes) -> bytes:
    return random.Random(2).randbytes(len(data))


def _empty(data: bytes) -> bytes:
    return b""


def _truncate_to_99_percent(data: bytes) -> bytes:
    return data[: len(data) * 99 // 100]


# Damage SQLite notices when the library is opened.
DAMAGE_ON_OPEN: dict[str, Damage] = {
    "truncated to half": _truncate_half,
    "truncated to its first page": _truncate_to_header_page,
    "header overwritten": _overwrite_header,
    "overwritten with noise": _overwrite_everything,
    "emptied": _empty,
    "truncated to 99 %": _truncate_to_99_percent,
}


def _posts_table_page(data_dir: Path) -> int:
    store = Store.open(data_dir, read_only=True)
    try:
        (page,) = store.db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'posts'").fetchone()
        return int(page)
    finally:
        store.close()


@pytest.fixture()
def library(data_dir: Path, tmp_path: Path, write_telegram_export) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """A library in use: an import, state, a daily backup, and one change made after the backup."""
    export = write_telegram_export(tmp_path / "exports" / "result.json", 40, channel_id=1500000001, seed=3)
    library = Library(data_dir)
    try:
        library.import_paths([export])
        store = library.store
        ids = sorted(store.timeline.post_ids(PostFilter()))
        store.state.set_read(ids[:6], at=1_700_000_100.0)
        store.state.set_bookmarked(ids[3:5], note="см. ответ / see the answer", at=1_700_000_200.0)
        store.state.set_tags(ids[4], ["ASEAN"], at=1_700_000_300.0)
        backup = ensure_daily_backup(store, data_dir, today=date(2026, 11, 22))
        assert backup is not None and backup.is_file()
        backed_up = dict(store.state.iter_states())
        store.state.set_read([ids[20]], at=1_700_000_400.0)  # after the backup
        latest = dict(store.state.iter_states())
    finally:
        library.close()
    return {"export": export, "ids": ids, "backup": backup, "backed_up": backed_up, "latest": latest}


def _damage(data_dir: Path, damage: Damage) -> bytes:
    database = data_dir / DATABASE_NAME
    damaged = damage(database.read_bytes())
    database.write_bytes(damaged)
    return damaged


def _damage_posts_table(data_dir: Path) -> bytes:
    """Overwrite the root page of the posts table: the file opens, reading posts fails, state is spared."""
    page = _posts_table_page(data_dir)
    database = data_dir / DATABASE_NAME
    data = bytearray(database.read_bytes())
    data[(page - 1) * PAGE : page * PAGE] = random.Random(3).randbytes(PAGE)
    database.write_bytes(bytes(data))
    return bytes(data)


def _states(data_dir: Path) -> dict[str, PostState]:
    store = Store.open(data_dir)
    try:
        return dict(store.state.iter_states())
    finally:
        store.close()


@pytest.mark.parametrize("kind", sorted(DAMAGE_ON_OPEN))
def test_opening_a_damaged_library_recovers_it(kind: str, data_dir: Path, library: dict[str, object]) -> None:
    damaged = _damage(data_dir, DAMAGE_ON_OPEN[kind])

    store, report = open_store(data_dir)
    try:
        assert report is not None, "the damage went unnoticed"
        assert store.timeline.post_count() == 0
        # Issue 23, finding 1: the state changed after the last backup is back too, not only the backup's.
        assert dict(store.state.iter_states()) == library["latest"]
    finally:
        store.close()
    kept = report.moved_to[0]
    assert kept.name.startswith(f"{DATABASE_NAME}.damaged-") and kept.read_bytes() == damaged
    assert report.backup == library["backup"]
    text = str(report)
    assert "damaged" in text and str(kept) in text and str(library["backup"]) in text
    assert "Re-import" in text
    assert "Kept: 7 read marks, 2 bookmarks, 2 notes, 1 tag lists, 0 pair decisions, 0 counterpart decisions." in text

    # The recovered library is an ordinary one: opening it again needs no recovery.
    store, again = open_store(data_dir)
    store.close()
    assert again is None


def test_a_damaged_table_is_found_at_open_not_mid_command(data_dir: Path, library: dict[str, object]) -> None:
    """Issue 23, finding 6: the file opens, but the check at open finds the damaged table before any command."""
    _damage_posts_table(data_dir)
    store, report = open_store(data_dir)
    store.close()
    assert report is not None, "the damaged posts table went unnoticed"
    assert "SQLite's check found" in report.reason
    assert _states(data_dir) == library["latest"]
    assert report.reimport == (str(library["export"]),)


def test_damage_found_mid_command_keeps_state_changed_after_the_backup(
    data_dir: Path, library: dict[str, object]
) -> None:
    # Text that is not UTF-8 is invisible to SQLite's checks: only reading it finds it.
    with contextlib.closing(sqlite3.connect(data_dir / DATABASE_NAME)) as connection:
        connection.execute("UPDATE posts SET title = CAST(x'ff00fe' AS TEXT)")
        connection.commit()
    store, report = open_store(data_dir)
    with pytest.raises(sqlite3.OperationalError, match="decode"):
        list(store.records.iter_records(PostFilter()))
    store.close()
    assert report is None

    report = recover(data_dir, "Could not decode to UTF-8 column 'title'")
    assert report.salvaged
    assert _states(data_dir) == library["latest"]
    # The damaged file still names what it was filled from, so re-import can be offered exactly.
    assert report.reimport == (str(library["export"]),)
    assert f"bulletin-reader import {library['export']}" in str(report)


def test_every_readable_backup_is_merged_and_a_broken_one_skipped(data_dir: Path, library: dict[str, object]) -> None:
    backups = data_dir / "backups"
    older = backups / "state-2026-11-20.json"
    older.write_text(
        '{"format": "bulletin-reader-state", "version": 1, "posts": {"tg:1500000001/1": '
        '{"read": {"value": true, "at": 1600000000.0}}}}',
        encoding="utf-8",
    )
    os.utime(older, (1_600_000_000, 1_600_000_000))
    newest = backups / "state-2026-11-23.json"
    newest.write_text('{"format": "bulletin-reader-state", "vers', encoding="utf-8")  # cut off mid-write
    _damage(data_dir, _truncate_half)

    store, report = open_store(data_dir)
    store.close()
    assert report is not None and report.backup == library["backup"]
    assert any(newest.name in problem for problem in report.problems)
    assert _states(data_dir) == library["latest"]


def test_no_backup_still_gives_a_working_library_with_the_state(data_dir: Path, library: dict[str, object]) -> None:
    for backup in (data_dir / "backups").iterdir():
        backup.unlink()
    _damage(data_dir, _overwrite_header)

    store, report = open_store(data_dir)
    store.close()
    assert report is not None and report.backup is None
    assert "state is lost" not in str(report)
    assert _states(data_dir) == library["latest"]


def _cli_damage_cases() -> list[str]:
    return [*sorted(DAMAGE_ON_OPEN), "posts table overwritten"]


@pytest.mark.parametrize("kind", _cli_damage_cases())
def test_cli_on_a_damaged_library_explains_and_recovers(kind: str, data_dir: Path, library: dict[str, object]) -> None:
    if kind in DAMAGE_ON_OPEN:
        _damage(data_dir, DAMAGE_ON_OPEN[kind])
    else:
        _damage_posts_table(data_dir)

    first = run_cli(data_dir, "list", "--json")
    assert "Traceback" not in first.stderr, first.stderr
    assert first.returncode in (0, 2), first.stderr
    assert "damaged" in first.stderr and "Re-import" in first.stderr
    assert list(data_dir.glob(f"{DATABASE_NAME}.damaged-*")), "the damaged file was not kept"

    second = run_cli(data_dir, "list", "--json")
    assert second.returncode == 0 and "damaged" not in second.stderr, second.stderr

    # Re-importing the export brings the posts back with the user's state on them.
    assert run_cli(data_dir, "import", str(library["export"])).returncode == 0
    listed = run_cli(data_dir, "list", "--json", "--bookmarked")
    assert listed.returncode == 0
    expected = library["latest"]
    bookmarked = {post_id for post_id, state in expected.items() if state.bookmarked}  # type: ignore[attr-defined]
    assert {json.loads(line)["id"] for line in listed.stdout.splitlines()} == bookmarked
    assert _states(data_dir) == expected


def test_a_damaged_library_is_not_moved_from_under_an_open_window(data_dir: Path, library: dict[str, object]) -> None:
    """The CLI must not repair a library a window still has open: it would keep writing to the moved file."""
    window = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from reader.importing.instance_lock import InstanceLock;"
            " lock = InstanceLock(Path(sys.argv[1])); assert lock.acquire();"
            " print('locked', flush=True); time.sleep(60)",
            str(data_dir),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert window.stdout is not None and window.stdout.readline().strip() == "locked"
    try:
        damaged = _damage(data_dir, _truncate_half)
        result = run_cli(data_dir, "list")
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert "close the Bulletin Reader window" in result.stderr
        assert (data_dir / DATABASE_NAME).read_bytes() == damaged
        assert not list(data_dir.glob(f"{DATABASE_NAME}.damaged-*"))
    finally:
        window.kill()
        window.wait()
        window.stdout.close()
    # Once the window is gone, the next command repairs the library.
    result = run_cli(data_dir, "list")
    assert result.returncode == 0 and "damaged" in result.stderr, result.stderr


def _state_file_pages(data_dir: Path) -> tuple[int, int]:
    """(pages of the state database, the page holding the post_state rows) after a checkpoint."""
    with contextlib.closing(sqlite3.connect(data_dir / STATE_DATABASE_NAME)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'post_state'").fetchone()
        (pages,) = connection.execute("PRAGMA page_count").fetchone()
    return int(pages), int(root)


def test_1_any_page_of_the_state_zeroed_keeps_every_readable_row(
    data_dir: Path, tmp_path: Path, library: dict[str, object]
) -> None:
    pages, root = _state_file_pages(data_dir)
    pristine = tmp_path / "pristine"
    shutil.copytree(data_dir, pristine)
    for page in range(1, pages + 1):
        shutil.rmtree(data_dir)
        shutil.copytree(pristine, data_dir)
        state_file = data_dir / STATE_DATABASE_NAME
        data = bytearray(state_file.read_bytes())
        data[(page - 1) * PAGE : page * PAGE] = bytes(PAGE)
        state_file.write_bytes(bytes(data))

        store, report = open_store(data_dir)
        store.close()
        assert report is not None, f"page {page}: the damage went unnoticed"
        states = _states(data_dir)
        if page != root:
            # The rows' own page is intact: all of them are back, the ones newer than the backup too.
            assert states == library["latest"], f"page {page}"
        else:
            assert states == library["backed_up"], f"page {page}"  # the backup still holds these
        assert "Kept: " in str(report)
        assert list(data_dir.glob(f"{STATE_DATABASE_NAME}.damaged-*")), "the damaged state file was not kept"


def test_2_a_backup_that_breaks_the_parser_is_skipped_and_older_ones_used(
    data_dir: Path, library: dict[str, object]
) -> None:
    backups = data_dir / "backups"
    nested = backups / "state-2026-11-23.json"
    nested.write_text('{"format": "bulletin-reader-state", "version": 1, "posts": ' + "[" * 100_000, encoding="utf-8")
    huge = backups / "state-2026-11-24.json"
    huge.write_text(
        '{"format": "bulletin-reader-state", "version": 1, "posts": {"x": {"read": {"value": true, "at": 1'
        + "0" * 5000
        + "}}}}",
        encoding="utf-8",
    )
    (data_dir / STATE_DATABASE_NAME).write_bytes(b"")  # the state itself is lost: only the backups can help
    _damage(data_dir, _truncate_half)

    store, report = open_store(data_dir)
    store.close()
    assert report is not None and report.backup == library["backup"]
    assert any(nested.name in problem for problem in report.problems)
    assert any(huge.name in problem for problem in report.problems)
    assert _states(data_dir) == library["backed_up"]


def test_6_a_text_that_cannot_be_decoded_sends_the_cli_to_recovery(data_dir: Path, library: dict[str, object]) -> None:
    with contextlib.closing(sqlite3.connect(data_dir / DATABASE_NAME)) as connection:
        connection.execute("UPDATE posts SET title = CAST(x'ff00fe' AS TEXT) WHERE rowid = 1")
        connection.commit()
    result = run_cli(data_dir, "list")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "damaged" in result.stderr and "run it again" in result.stderr
    again = run_cli(data_dir, "list")
    assert again.returncode == 0, again.stderr
    assert _states(data_dir) == library["latest"]
