"""A full disk or a read-only folder: a clear message, nothing half-written, the library still whole.

Tests run as root, where chmod does not stop writes, so the real cases use a small tmpfs mounted
for the test (full when small, read-only when remounted so); they are skipped where mounting is
not allowed. Simulated cases (an OSError from the file system, SQLite's own page limit and
query-only mode) run everywhere.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.cli import main as cli_main
from reader.domain import PostState
from reader.errors import ExportError
from reader.export.service import export_posts
from reader.importing.service import Library
from reader.store import PostFilter, Store
from reader.store.db import DATABASE_NAME, STATE_DATABASE_NAME, Database

from .conftest import library_contents, run_cli


class Mount:
    """A tmpfs mounted for one test: resize it, fill it, or make it read-only."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def remount(self, options: str) -> None:
        subprocess.run(["mount", "-o", f"remount,{options}", str(self.path)], check=True, capture_output=True)

    def fill(self, leave_bytes: int) -> None:
        """Take all the free space but `leave_bytes` with a filler file."""
        free = shutil.disk_usage(self.path).free
        with (self.path / "filler").open("wb") as handle:
            handle.truncate(0)
            handle.write(b"\0" * max(0, free - leave_bytes))


@pytest.fixture()
def tmpfs(tmp_path: Path) -> Iterator[Mount]:
    point = tmp_path / "tmpfs"
    point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0755", "tmpfs", str(point)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.decode().strip() or 'not permitted'})")
    try:
        yield Mount(point)
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)


def _library_with_state(data_dir: Path, export: Path) -> tuple[set[str], dict[str, PostState]]:
    assert run_cli(data_dir, "import", str(export)).returncode == 0
    ids = sorted(library_contents(data_dir)[0])
    assert run_cli(data_dir, "mark-read", *ids[:4]).returncode == 0
    assert run_cli(data_dir, "bookmark", ids[2], "--note", "keep").returncode == 0
    return library_contents(data_dir)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------------------------------ real: tmpfs


def test_an_import_that_fills_the_disk_changes_nothing(tmpfs: Mount, tmp_path: Path, write_telegram_export) -> None:  # type: ignore[no-untyped-def]
    data_dir = tmpfs.path / "library"
    before = _library_with_state(data_dir, write_telegram_export(tmp_path / "small.json", 10, seed=31))
    big = write_telegram_export(tmp_path / "big.json", 400, channel_id=1300000002, seed=32)
    tmpfs.fill(leave_bytes=300_000)

    result = run_cli(data_dir, "import", str(big))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2
    assert "disk is full" in result.stderr and str(data_dir) in result.stderr
    assert library_contents(data_dir) == before, "a failed import must leave the library as it was"

    (tmpfs.path / "filler").unlink()  # space freed: the same import now goes through
    assert run_cli(data_dir, "import", str(big)).returncode == 0
    posts, states = library_contents(data_dir)
    assert len(posts) == len(before[0]) + 400 and states == before[1]


def test_a_connection_stays_usable_after_a_commit_fails_on_a_full_disk(  # type: ignore[no-untyped-def]
    tmpfs: Mount, tmp_path: Path, write_telegram_export
) -> None:
    """The app's write thread keeps one connection: a failed COMMIT must not leave it inside a transaction."""
    data_dir = tmpfs.path / "library"
    before = _library_with_state(data_dir, write_telegram_export(tmp_path / "small.json", 10, seed=33))
    big = write_telegram_export(tmp_path / "big.json", 400, channel_id=1300000003, seed=34)
    tmpfs.fill(leave_bytes=300_000)
    library = Library(data_dir)
    try:
        with pytest.raises(sqlite3.OperationalError, match="full"):
            library.import_paths([big])
        assert not library.store.db.connection.in_transaction
        (tmpfs.path / "filler").unlink()
        target = sorted(before[0])[-1]
        library.store.state.set_read([target])  # the same connection writes again
        assert library.store.state.states([target])[target].read
    finally:
        library.close()


def test_a_read_only_library_gives_a_clear_message_and_stays_untouched(  # type: ignore[no-untyped-def]
    tmpfs: Mount, tmp_path: Path, write_telegram_export
) -> None:
    data_dir = tmpfs.path / "library"
    _library_with_state(data_dir, write_telegram_export(tmp_path / "small.json", 10, seed=35))
    digest = _digest(data_dir / DATABASE_NAME)
    # the library and its state, and lock files its processes keep (linking.lock)
    before = sorted(path.name for path in data_dir.iterdir())
    assert {"backups", DATABASE_NAME, STATE_DATABASE_NAME} <= set(before)
    tmpfs.remount("ro")

    for arguments in (["list"], ["import", str(tmp_path / "small.json")], ["mark-read", "tg:1700000001/1"]):
        result = run_cli(data_dir, *arguments)
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 2, (arguments, result.stderr)
        assert str(data_dir) in result.stderr and ("read-only" in result.stderr or "not writable" in result.stderr)
        # A read-only library is not a damaged one: nothing may be moved aside or "recovered".
        assert "damaged" not in result.stderr
    assert _digest(data_dir / DATABASE_NAME) == digest
    assert sorted(path.name for path in data_dir.iterdir()) == before
    # `sessions/` holds the markers of programs using the library (reader.importing.sessions): none is left.
    assert not list((data_dir / "sessions").iterdir())


def test_an_export_to_a_full_disk_leaves_no_file(
    tmpfs: Mount, data_dir: Path, tmp_path: Path, write_telegram_export
) -> None:  # type: ignore[no-untyped-def]
    _library_with_state(data_dir, write_telegram_export(tmp_path / "small.json", 40, seed=36))
    tmpfs.fill(leave_bytes=2048)
    before = sorted(path.name for path in tmpfs.path.iterdir())

    for fmt in ("md", "json", "csv"):
        result = run_cli(data_dir, "export-bookmarks", "--format", fmt, "-o", str(tmpfs.path / f"bookmarks.{fmt}"))
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 2, result.stderr
        assert "disk is full" in result.stderr
        assert sorted(path.name for path in tmpfs.path.iterdir()) == before, "a partial or temporary file was left"


def test_an_export_to_a_read_only_folder_says_so(
    tmpfs: Mount, data_dir: Path, tmp_path: Path, write_telegram_export
) -> None:  # type: ignore[no-untyped-def]
    _library_with_state(data_dir, write_telegram_export(tmp_path / "small.json", 10, seed=37))
    tmpfs.remount("ro")
    result = run_cli(data_dir, "export-bookmarks", "--format", "md", "-o", str(tmpfs.path / "bookmarks.md"))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2
    assert "bookmarks.md" in result.stderr and "nothing was written" in result.stderr
    assert list(tmpfs.path.iterdir()) == []


# ------------------------------------------------------------------------------------------ simulated: everywhere


@pytest.fixture()
def small_library(data_dir: Path, tmp_path: Path, write_telegram_export) -> tuple[set[str], dict[str, PostState]]:  # type: ignore[no-untyped-def]
    return _library_with_state(data_dir, write_telegram_export(tmp_path / "small.json", 12, seed=38))


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.EROFS])
def test_an_export_whose_write_fails_leaves_nothing(  # type: ignore[no-untyped-def]
    code: int, small_library, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    destination = tmp_path / "out" / "bookmarks.json"
    destination.parent.mkdir()
    destination.write_text("the previous export\n", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", refuse)
    store = Store.open(data_dir)
    try:
        with pytest.raises(ExportError) as raised:
            export_posts(store, PostFilter(bookmarked=True), "json", destination, force=True)
    finally:
        store.close()
    message = str(raised.value)
    assert "bookmarks.json" in message and "nothing was written" in message
    assert ("disk is full" in message) == (code == errno.ENOSPC)
    assert destination.read_text(encoding="utf-8") == "the previous export\n", "the old file must survive"
    assert [path.name for path in destination.parent.iterdir()] == ["bookmarks.json"]


def _limit_pages(monkeypatch: pytest.MonkeyPatch, setting: str) -> None:
    """Every library connection opened from now on gets `setting` (SQLite's own full-disk or read-only switch)."""
    original = Database.__init__

    def opened(self: Database, path: Path, **options: bool) -> None:
        original(self, path, **options)
        if setting == "full":
            pages = self.connection.execute("PRAGMA page_count").fetchone()[0]
            self.connection.execute(f"PRAGMA max_page_count = {pages + 2}")
        else:
            self.connection.execute("PRAGMA query_only = ON")

    monkeypatch.setattr(Database, "__init__", opened)


def test_cli_import_when_sqlite_finds_the_disk_full(  # type: ignore[no-untyped-def]
    small_library, data_dir: Path, tmp_path: Path, write_telegram_export, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    big = write_telegram_export(tmp_path / "big.json", 300, channel_id=1300000009, seed=39)
    _limit_pages(monkeypatch, "full")
    assert cli_main(["--data-dir", str(data_dir), "import", str(big)]) == 2
    assert "disk is full" in capsys.readouterr().err
    monkeypatch.undo()
    assert library_contents(data_dir) == small_library


def test_cli_writes_to_a_read_only_library(  # type: ignore[no-untyped-def]
    small_library, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    target = sorted(small_library[0])[-1]
    _limit_pages(monkeypatch, "read-only")
    for arguments in (["mark-read", target], ["bookmark", target, "--note", "x"]):
        assert cli_main(["--data-dir", str(data_dir), *arguments]) == 2
        error = capsys.readouterr().err
        assert "read-only" in error and "Traceback" not in error
    monkeypatch.undo()
    assert library_contents(data_dir) == small_library


def test_12_a_read_only_data_folder_is_not_called_already_open_by_the_window(  # type: ignore[no-untyped-def]
    tmpfs: Mount, tmp_path: Path, write_telegram_export
) -> None:
    data_dir = tmpfs.path / "library"
    _library_with_state(data_dir, write_telegram_export(tmp_path / "small.json", 10, seed=36))
    tmpfs.remount("ro")
    result = run_cli(data_dir, "gui", "--exit-after-first-paint")
    assert result.returncode == 1, result.stderr
    assert "already open" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert str(data_dir) in result.stderr and "not writable" in result.stderr
