"""Issue 23, finding 6: a library file with flipped bytes is never used as if it were whole.

Bytes are flipped in a data page and in an index page of each database (the content's and the
state's), where SQLite's checks see them but the rows stay readable. Then `list`, `mark-read`,
`import` and the desktop app's start each either repair the library, saying what was kept of each
kind of state, or refuse with one line; before this fix `list` and `mark-read` kept working on the
damaged file. `check` runs the full integrity check on demand, and a program killed with the library
open makes the next start run it too.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from reader.domain import PostState
from reader.errors import StoreDamagedError
from reader.importing.backups import ensure_daily_backup
from reader.importing.recovery import open_store, open_window_store
from reader.importing.service import Library
from reader.importing.sessions import SESSIONS_FOLDER
from reader.store import PostFilter, Store
from reader.store.db import DATABASE_NAME, STATE_DATABASE_NAME

from .conftest import REPO_ROOT, run_cli

PAGE = 4096
# (file, table or index whose root page gets the flipped bytes)
TARGETS = {
    "content data page": (DATABASE_NAME, "posts"),
    "content index page": (DATABASE_NAME, "posts_by_date"),
    "state data page": (STATE_DATABASE_NAME, "post_state"),
    "state index page": (STATE_DATABASE_NAME, "post_state_bookmarked"),
}
COMMANDS = ("list", "mark-read", "import", "gui")
KEPT = "Kept: 7 read marks, 2 bookmarks, 2 notes, 1 tag lists, 1 pair decisions, 1 counterpart decisions."


@pytest.fixture()
def library(data_dir: Path, tmp_path: Path, write_telegram_export) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """A library with every kind of state, a backup, and changes made after the backup."""
    export = write_telegram_export(tmp_path / "exports" / "result.json", 40, channel_id=1500000002, seed=5)
    library = Library(data_dir)
    try:
        library.import_paths([export])
        store = library.store
        ids = sorted(store.timeline.post_ids(PostFilter()))
        store.state.set_read(ids[:6], at=1_700_000_100.0)
        store.state.set_bookmarked(ids[3:5], note="см. ответ / see the answer", at=1_700_000_200.0)
        store.pairs.decide_pair(ids[1], (0,), (0,), "confirmed", ids[2], at=1_700_000_250.0)
        assert ensure_daily_backup(store, data_dir, today=date(2026, 11, 22)) is not None
        store.state.set_tags(ids[4], ["ASEAN"], at=1_700_000_300.0)  # after the backup
        store.state.set_read([ids[20]], at=1_700_000_400.0)
        store.pairs.decide_counterpart(ids[6], ids[7], "rejected", at=1_700_000_500.0)
        latest = dict(store.state.iter_states())
    finally:
        library.close()
    for name in (DATABASE_NAME, STATE_DATABASE_NAME):
        with contextlib.closing(sqlite3.connect(data_dir / name)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return {"export": export, "ids": ids, "latest": latest}


def _flip(data_dir: Path, target: str) -> None:
    """Flip the page header's free-space fields: SQLite's checks object, the cells stay readable."""
    name, btree = TARGETS[target]
    path = data_dir / name
    with contextlib.closing(sqlite3.connect(path)) as connection:
        (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (btree,)).fetchone()
    data = bytearray(path.read_bytes())
    start = (root - 1) * PAGE + (100 if root == 1 else 0)
    for offset in (1, 2, 5, 6, 7):
        data[start + offset] ^= 0xFF
    path.write_bytes(bytes(data))
    with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
        assert connection.execute("PRAGMA quick_check").fetchone()[0] != "ok", "the flip did not damage the file"


def _environment(home: Path) -> dict[str, str]:
    return dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), QT_QPA_PLATFORM="offscreen")


def _run(command: str, data_dir: Path, library: dict[str, object], home: Path) -> subprocess.CompletedProcess[str]:
    if command == "gui":
        return subprocess.run(
            [sys.executable, "-m", "reader.cli", "--data-dir", str(data_dir), "gui", "--exit-after-first-paint"],
            cwd=REPO_ROOT,
            env=_environment(home),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    if command == "mark-read":
        return run_cli(data_dir, "mark-read", library["ids"][30])  # type: ignore[index]
    if command == "import":
        return run_cli(data_dir, "import", str(library["export"]))
    return run_cli(data_dir, "list")


def _states(data_dir: Path) -> dict[str, PostState]:
    store = Store.open(data_dir, read_only=True)
    try:
        return dict(store.state.iter_states())
    finally:
        store.close()


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("target", sorted(TARGETS))
def test_flipped_bytes_are_repaired_before_the_command_uses_the_file(
    target: str, command: str, data_dir: Path, tmp_path: Path, library: dict[str, object]
) -> None:
    _flip(data_dir, target)
    name = TARGETS[target][0]

    result = _run(command, data_dir, library, tmp_path / "home")
    assert "Traceback" not in result.stderr, result.stderr
    assert "damaged" in result.stderr and "SQLite's check found" in result.stderr, result.stderr
    assert KEPT in result.stderr, result.stderr  # every kind, counted; the flip spared every row
    assert list(data_dir.glob(f"{name}.damaged-*")), "the damaged file was not kept"
    if name == STATE_DATABASE_NAME:
        assert "your posts were not touched" in result.stderr and "Re-import" not in result.stderr
        assert not list(data_dir.glob(f"{DATABASE_NAME}.damaged-*")), "the healthy content was moved aside"
    else:
        assert "Re-import" in result.stderr
    if command == "mark-read" and name == DATABASE_NAME:
        assert result.returncode == 2 and "no such post" in result.stderr  # the posts are to be re-imported
    else:
        assert result.returncode == 0, result.stderr

    states = _states(data_dir)
    marked = library["ids"][30] if command == "mark-read" and name == STATE_DATABASE_NAME else None  # type: ignore[index]
    if marked is not None:
        assert states.pop(marked).read
    assert states == library["latest"]
    again = run_cli(data_dir, "list")
    assert again.returncode == 0 and "damaged" not in again.stderr, again.stderr


def test_check_runs_the_full_check_and_repairs(data_dir: Path, library: dict[str, object]) -> None:
    healthy = run_cli(data_dir, "check")
    assert healthy.returncode == 0, healthy.stderr
    assert re.search(rf"{re.escape(str(data_dir / DATABASE_NAME))}: ok \(\d+\.\d\d s\)", healthy.stdout)
    assert f"{data_dir / STATE_DATABASE_NAME}: ok" in healthy.stdout

    _flip(data_dir, "content index page")
    damaged = run_cli(data_dir, "check")
    assert damaged.returncode == 2 and "Traceback" not in damaged.stderr, damaged.stderr
    assert "SQLite's check found" in damaged.stderr and KEPT in damaged.stderr
    assert _states(data_dir) == library["latest"]
    assert run_cli(data_dir, "check").returncode == 0


def _index_entry_removed(data_dir: Path) -> None:
    """An index that disagrees with its table: only the full integrity_check notices, not quick_check."""
    path = data_dir / DATABASE_NAME
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA writable_schema = ON")
        (sql,) = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'posts_by_date'").fetchone()
        # The index is made to cover only some rows, then its definition is put back: a classic stale index.
        connection.execute(
            "UPDATE sqlite_master SET sql = ? WHERE name = 'posts_by_date'", (sql + " WHERE rowid % 2 = 0",)
        )
        connection.commit()
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("REINDEX posts_by_date")
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'posts_by_date'", (sql,))
        connection.commit()
    with contextlib.closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok"


def test_a_program_killed_with_the_library_open_makes_the_next_start_check_it_whole(
    data_dir: Path, library: dict[str, object]
) -> None:
    _index_entry_removed(data_dir)
    # Without a crash, the quick check at open does not see a stale index (it is not worth its cost).
    store, report = open_store(data_dir)
    store.close()
    assert report is None
    assert not list((data_dir / SESSIONS_FOLDER).iterdir()), "a clean close leaves no marker"

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from reader.importing.recovery import open_store;"
            " store, _ = open_store(Path(sys.argv[1])); print('open', flush=True); time.sleep(60)",
            str(data_dir),
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "open"
        # While it runs, its marker is live: another program does not take it for a crash.
        store, report = open_store(data_dir)
        store.close()
        assert report is None
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=30)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        holder.stdout.close()

    started = time.monotonic()
    store, report = open_store(data_dir)
    store.close()
    assert report is not None, "the full check after the crash did not run"
    assert "SQLite's check found" in report.reason
    assert dict(_states(data_dir)) == library["latest"]
    assert time.monotonic() - started < 60


def test_the_window_repairs_damage_it_meets_while_in_use(
    data_dir: Path, tmp_path: Path, library: dict[str, object]
) -> None:
    """Text that is not UTF-8 passes SQLite's checks; the window finds it loading rows, then repairs and reopens."""
    with contextlib.closing(sqlite3.connect(data_dir / DATABASE_NAME)) as connection:
        connection.execute("UPDATE posts SET title = CAST(x'ff00fe' AS TEXT)")
        connection.commit()
    result = _run("gui", data_dir, library, tmp_path / "home")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "turned out damaged while in use" in result.stderr, result.stderr
    assert KEPT in result.stderr and "first_paint_seconds=" in result.stdout
    assert list(data_dir.glob(f"{DATABASE_NAME}.damaged-*")), "the damaged file was not kept"
    # The repaired library was closed cleanly: nothing of the first window kept it open.
    assert not list(data_dir.glob(f"{DATABASE_NAME}-wal")) and not list((data_dir / SESSIONS_FOLDER).iterdir())
    assert _states(data_dir) == library["latest"]


def test_the_window_checks_the_content_after_its_first_paint_and_repairs_what_it_finds(
    data_dir: Path, tmp_path: Path, library: dict[str, object]
) -> None:
    """The content's check waits for the first painted timeline (issue 21); what it finds is repaired as before."""
    _flip(data_dir, "content data page")
    result = subprocess.run(
        [sys.executable, "-m", "reader.cli", "--data-dir", str(data_dir), "gui", "--exit-after-first-paint"],
        cwd=REPO_ROOT,
        env=_environment(tmp_path / "home"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # one stream, in the order things happened
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout
    assert result.returncode == 0 and "Traceback" not in output, output
    painted = [found.start() for found in re.finditer("first_paint_seconds=", output)]
    assert len(painted) == 2, output  # the damaged library's window, then the repaired one's
    damage = output.index("turned out damaged while in use")
    assert painted[0] < damage < painted[1], output
    assert "SQLite's check found" in output[damage:] and KEPT in output, output
    assert list(data_dir.glob(f"{DATABASE_NAME}.damaged-*")), "the damaged file was not kept"
    assert _states(data_dir) == library["latest"]


def test_the_window_open_leaves_the_quick_check_for_later_but_not_the_full_one(
    data_dir: Path, library: dict[str, object]
) -> None:
    _flip(data_dir, "content index page")
    store, report, check = open_window_store(data_dir)
    try:
        assert report is None and check is not None, "the window's open ran the content's check"
        with pytest.raises(StoreDamagedError, match="SQLite's check found"):
            check.run(store)
    finally:
        store.close()

    # After a program died with the library open, the full check runs at open, before anything reads.
    sessions = data_dir / SESSIONS_FOLDER
    sessions.mkdir(exist_ok=True)
    (sessions / "4242-0badc0de.session").write_bytes(b"")  # nobody holds it: its program died
    store, report, check = open_window_store(data_dir)
    store.close()
    assert check is None
    assert report is not None and "SQLite's check found" in report.reason
    assert _states(data_dir) == library["latest"]

    # The state database is small and precious: it is still checked whole before the window opens.
    _flip(data_dir, "state data page")
    store, report, check = open_window_store(data_dir)
    store.close()
    assert report is not None and check is None and STATE_DATABASE_NAME in report.reason


class _Killed(BaseException):
    """Stands in for a SIGKILL: nothing after it runs, no cleanup of ours either."""


def test_a_repair_killed_after_its_salvage_is_finished_by_the_next_start(
    data_dir: Path, library: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.store import statefile  # recovery imports what it merges with when it runs

    _flip(data_dir, "content data page")
    merges = 0
    real_merge = statefile.merge_state

    def merge_then_die(store: Store, snapshot: object) -> object:
        nonlocal merges
        merges += 1
        if merges == 2:  # half-way through merging the salvage and the backups
            raise _Killed
        return real_merge(store, snapshot)  # type: ignore[arg-type]

    monkeypatch.setattr(statefile, "merge_state", merge_then_die)
    with pytest.raises(_Killed):
        open_store(data_dir)
    monkeypatch.setattr(statefile, "merge_state", real_merge)
    assert list((data_dir / "recovering").glob("salvage-*.sqlite3")), "the salvage was not kept for the next start"

    store, report = open_store(data_dir)
    store.close()
    assert report is not None and KEPT in str(report)
    assert _states(data_dir) == library["latest"]
    assert not list((data_dir / "recovering").glob("salvage-*")), "the finished salvage was left behind"


def test_a_repair_killed_while_salvaging_is_redone(
    data_dir: Path, library: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.importing import salvage  # recovery imports its salvage when it runs

    _flip(data_dir, "state data page")
    monkeypatch.setattr(salvage, "salvage_state", lambda *args, **kwargs: (_ for _ in ()).throw(_Killed()))
    with pytest.raises(_Killed):
        open_store(data_dir)
    assert list((data_dir / "recovering").glob("*.part")), "the cut salvage should be what a kill leaves"
    assert not list(data_dir.glob("*.damaged-*")), "nothing may be moved before the salvage is complete"
    monkeypatch.undo()

    store, report = open_store(data_dir)
    store.close()
    assert report is not None and KEPT in str(report)
    assert _states(data_dir) == library["latest"]
    assert not list((data_dir / "recovering").glob("*.part"))
