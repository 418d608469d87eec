"""Issue 23: the user's state survives imports, crafted files and a lost write-ahead log.

Each test names the finding of issue 23 it covers; each failed before its fix.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from reader import operations
from reader.export.service import export_posts
from reader.importing.service import Library
from reader.store import PostFilter, Store
from reader.store.stateguard import import_state

REPO = Path(__file__).resolve().parents[2]
BILINGUAL = "tg:mfa_russia/100"
RUSSIAN = "tg:mid_rf/200"
ENGLISH = "tg:mfa_russia/201"
OTHER = "tg:mfa_russia/202"
YEAR_3000 = 32503680000.0

Factory = Callable[[Path], Store]


def _cli(data_dir: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "reader.cli", "--data-dir", str(data_dir), *arguments],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=environment,
        timeout=120,
    )


def test_3_marks_and_bookmarks_land_while_an_import_holds_the_library(
    tmp_path: Path, bilingual_library: Factory
) -> None:
    data_dir = tmp_path / "library"
    bilingual_library(data_dir).close()
    importer = Store.open(data_dir)
    window = Store.open(data_dir)
    with importer.transaction():  # a long import's write transaction, still open
        importer.posts.record_import(["big.json"], time.time(), 0, 0, 0)
        started = time.monotonic()
        assert operations.set_bookmarked(window, [RUSSIAN]).bookmarked == (RUSSIAN,)
        assert operations.mark_read(window, [ENGLISH]).read == (ENGLISH,)
        assert time.monotonic() - started < 5  # not the 10 s busy timeout
        command = _cli(data_dir, "mark-read", OTHER)
        assert command.returncode == 0, command.stderr
    states = window.state.states([RUSSIAN, ENGLISH, OTHER])
    assert states[RUSSIAN].bookmarked and states[ENGLISH].read and states[OTHER].read
    importer.close()
    window.close()


def test_4_a_json_export_changes_the_state_of_its_own_posts_only(tmp_path: Path, bilingual_library: Factory) -> None:
    sender = bilingual_library(tmp_path / "sender")
    sender.state.set_bookmarked([RUSSIAN], note="from the export", at=100.0)
    export = tmp_path / "export.json"
    export_posts(sender, PostFilter(bookmarked=True), "json", export)
    sender.close()
    document = json.loads(export.read_text(encoding="utf-8"))
    exported_ids = {post["id"] for post in document["posts"]}
    assert OTHER not in exported_ids
    document["state"]["posts"][OTHER] = {"note": {"value": "overwritten", "at": YEAR_3000}}
    export.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    receiver = bilingual_library(tmp_path / "receiver")
    receiver.state.set_note(OTHER, "my own note")
    library = Library(tmp_path / "receiver", store=receiver)
    summary = library.import_paths([export])
    assert receiver.state.states([OTHER])[OTHER].note == "my own note"
    assert receiver.state.states([RUSSIAN])[RUSSIAN].note == "from the export"
    assert summary.state_lines == [
        f"{export}: state carried by the file: 1 posts' state, 0 pair decisions and 0 counterpart decisions "
        "changed; 1 entries for posts not in the file were ignored"
    ]
    library.close()


def test_5_a_state_file_from_the_future_does_not_win_the_next_merge(tmp_path: Path, bilingual_library: Factory) -> None:
    store = bilingual_library(tmp_path / "library")
    state_file = tmp_path / "state.json"
    state_file.write_text(
        json.dumps(
            {
                "format": "bulletin-reader-state",
                "version": 1,
                "posts": {
                    RUSSIAN: {
                        "bookmarked": {"value": False, "at": YEAR_3000},
                        "note": {"value": "from the future", "at": YEAR_3000},
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    os.utime(state_file, (time.time() - 60, time.time() - 60))
    first = import_state(store, state_file)
    assert first.clamped == 2 and "2 changes dated in the future were dated back" in first.line()
    # The user fixes it afterwards...
    operations.set_bookmarked(store, [RUSSIAN], note="fixed")
    # ...and merging the same file again ("safe to repeat") keeps the fix.
    again = import_state(store, state_file)
    state = store.state.states([RUSSIAN])[RUSSIAN]
    assert (state.bookmarked, state.note) == (True, "fixed")
    assert again.posts == 0
    store.close()


def test_7_a_lost_write_ahead_log_loses_no_committed_bookmark(tmp_path: Path, bilingual_library: Factory) -> None:
    data_dir = tmp_path / "library"
    bilingual_library(data_dir).close()
    holder = Store.open(data_dir)  # another program keeps the library open
    assert holder.timeline.post_count() == 5
    writer = Store.open(data_dir)
    operations.set_bookmarked(writer, [RUSSIAN], note="keep me")
    writer.close()
    for wal in data_dir.glob("*-wal"):
        wal.unlink()  # a sync tool or a cleaner deletes the write-ahead logs
    reader = Store.open(data_dir)
    state = reader.state.states([RUSSIAN]).get(RUSSIAN)
    assert state is not None and state.bookmarked and state.note == "keep me"
    reader.close()
    holder.close()


def _hostile_post_library(data_dir: Path) -> Store:
    from datetime import UTC, datetime

    from reader.domain import Passage, Post, Source

    source = Source("tg:hostile", "=cmd|' /C calc'!A0", "telegram")
    posts = [
        Post(
            id=f"tg:hostile/{number}",
            source=source,
            message_id=str(number),
            passages=(Passage(text, "en"),),
            date=datetime(2025, 7, number, tzinfo=UTC),
            title=text,
            url=url,
        )
        for number, text, url in (
            (1, '=HYPERLINK("http://evil.example","click")', "javascript:alert(document.cookie)"),
            (2, "@SUM(1+1)*cmd", " JaVa\tScRiPt:alert(2)"),
            (3, "A plain post", "https://mid.ru/ru/press_service/1"),
            (4, "+a note-like title", "data:text/html;base64,PHNjcmlwdD4="),
        )
    ]
    store = Store.open(data_dir)
    with store.transaction():
        store.posts.upsert_posts((post, ()) for post in posts)
    operations.set_bookmarked(store, [post.id for post in posts], note="-2+3")
    return store


def test_15_csv_cells_that_would_be_formulas_are_quoted(tmp_path: Path) -> None:
    import csv

    store = _hostile_post_library(tmp_path / "library")
    target = tmp_path / "out.csv"
    export_posts(store, PostFilter(bookmarked=True), "csv", target)
    store.close()
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["title"] for row in rows} == {
        '\'=HYPERLINK("http://evil.example","click")',
        "'@SUM(1+1)*cmd",
        "A plain post",
        "'+a note-like title",
    }
    assert {row["note"] for row in rows} == {"'-2+3"}
    assert {row["source"] for row in rows} == {"'=cmd|' /C calc'!A0"}
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values()), row


def test_15_html_and_markdown_link_only_http_https_and_tg(tmp_path: Path) -> None:
    store = _hostile_post_library(tmp_path / "library")
    html, markdown = tmp_path / "bookmarks.html", tmp_path / "notes"
    report = export_posts(store, PostFilter(bookmarked=True), "html", html)
    export_posts(store, PostFilter(bookmarked=True), "md", markdown)
    store.close()
    written = [path for path in tmp_path.rglob("*") if path.is_file() and "library" not in path.parts]
    assert html in written and any(path.suffix == ".md" for path in written)
    for path in written:
        text = path.read_text(encoding="utf-8").lower()
        assert "javascript" not in text.replace("\t", "").replace(" ", "") and "data:text" not in text, path
    assert "https://mid.ru/ru/press_service/1" in html.read_text(encoding="utf-8")
    # the three posts with unsafe links are bookmarked through copies of their own, not through their links
    assert report.posts == 4 and report.without_own_url == 3


def test_14_symbolic_link_loops_in_an_import_folder_import_each_file_once(tmp_path: Path) -> None:
    from reader.ingest.registry import open_units

    folder = tmp_path / "exports"
    (folder / "inner").mkdir(parents=True)
    statement = REPO / "resources" / "samples" / "002_102eb12058e9e2cd.txt"
    (folder / "statement.txt").write_bytes(statement.read_bytes())
    (folder / "self").symlink_to(folder, target_is_directory=True)  # one loop back to itself
    (folder / "inner" / "up").symlink_to(folder, target_is_directory=True)  # and one through a child
    (folder / "inner" / "again.txt").symlink_to(folder / "statement.txt")

    with open_units([folder, folder / "statement.txt"]) as units:
        assert [unit.path.resolve() for unit in units] == [(folder / "statement.txt").resolve()]


def _state_file(path: Path, body: str) -> Path:
    path.write_text('{"format": "bulletin-reader-state", "version": 1, ' + body + "}", encoding="utf-8")
    return path


def test_13_hostile_state_files_and_arguments_give_one_line_and_change_nothing(
    tmp_path: Path, bilingual_library: Factory
) -> None:
    data_dir = tmp_path / "library"
    bilingual_library(data_dir).close()
    hostile = {
        "deeply nested": _state_file(tmp_path / "nested.json", '"posts": ' + "[" * 200_000 + "]" * 200_000),
        "a 400-digit time": _state_file(
            tmp_path / "digits.json", f'"posts": {{"{RUSSIAN}": {{"read": {{"value": true, "at": 1{"0" * 400}}}}}}}'
        ),
        "a 5000-digit number": _state_file(tmp_path / "huge.json", '"posts": {}, "x": 1' + "0" * 5000),
        "a lone surrogate": _state_file(
            tmp_path / "surrogate.json", f'"posts": {{"{RUSSIAN}": {{"note": {{"value": "\\ud800", "at": 1.0}}}}}}'
        ),
    }
    before = _cli(data_dir, "export-state", "-o", str(tmp_path / "before.json"))
    assert before.returncode == 0, before.stderr
    for name, path in hostile.items():
        result = _cli(data_dir, "import-state", str(path))
        assert result.returncode == 2, (name, result.stderr)
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, (name, result.stderr)
        assert str(path) in result.stderr, name
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for arguments in (
        [b"note", RUSSIAN.encode(), b"\xff\xfe bad"],
        [b"tag", RUSSIAN.encode(), b"ok", b"\xc3"],
        [b"bookmark", RUSSIAN.encode(), b"--note", b"\xff"],
        [b"mark-read", b"tg:\xff/1"],
        [b"rename-source", b"tg:mid_rf", b"\xfe"],
    ):
        result = subprocess.run(
            [sys.executable.encode(), b"-m", b"reader.cli", b"--data-dir", bytes(data_dir), *arguments],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=environment,
            timeout=120,
        )
        assert result.returncode == 2, (arguments, result.stderr)
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, (arguments, result.stderr)
    after = _cli(data_dir, "export-state", "-o", str(tmp_path / "after.json"))
    assert after.returncode == 0, after.stderr
    first = json.loads((tmp_path / "before.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "after.json").read_text(encoding="utf-8"))
    del first["exported_at"], second["exported_at"]
    assert first == second  # the library is unchanged


def test_8_a_telegram_export_with_a_huge_integer_is_refused_not_a_crash(tmp_path: Path) -> None:
    export = tmp_path / "result.json"
    export.write_text(
        '{"name": "Channel", "type": "public_channel", "id": 42, "messages": [{"id": 1, "type": "message",'
        ' "date": "2025-07-18T12:00:00", "date_unixtime": "1752840000", "views": 1'
        + "0" * 4400
        + ', "text": "hello", "text_entities": []}]}',
        encoding="utf-8",
    )
    result = _cli(tmp_path / "library", "import", str(export))
    assert result.returncode == 2, (result.returncode, result.stderr)  # not -11: a segmentation fault
    assert result.stderr.count("\n") == 1 and str(export) in result.stderr
    assert "more than 1000 digits" in result.stderr


def _zip_of_zeros(path: Path, entries: int, size: int) -> Path:
    import zipfile

    zeros = bytes(size)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for number in range(entries):
            bundle.writestr(f"zeros/{number:04}.txt", zeros)
    return path


def test_10_a_zip_of_many_small_bombs_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    import tempfile

    archive = _zip_of_zeros(tmp_path / "bomb.zip", 64, 1024 * 1024)  # 64 MiB of zeros in about 64 KB
    assert archive.stat().st_size < 1024 * 1024
    system_temp = Path(tempfile.gettempdir())
    before = {path.name for path in system_temp.glob("bulletin-reader-zip-*")}
    data_dir = tmp_path / "library"
    result = _cli(data_dir, "import", str(archive))
    assert result.returncode == 2 and "zip bomb" in result.stderr, result.stderr
    assert {path.name for path in system_temp.glob("bulletin-reader-zip-*")} == before
    assert not (data_dir / "tmp").exists() or not any((data_dir / "tmp").iterdir())


def test_11_an_import_killed_mid_way_leaves_its_unpacked_archive_for_the_next_import_to_remove(
    tmp_path: Path,
) -> None:
    from reader.importing.scratch import SCRATCH_FOLDER, scratch_folder

    data_dir = tmp_path / "library"
    # What a SIGKILLed import leaves: its folder, with a lock file nobody holds any more.
    stale = data_dir / SCRATCH_FOLDER / "import-dead"
    (stale / "bulletin-reader-zip-x").mkdir(parents=True)
    (stale / "bulletin-reader-zip-x" / "result.json").write_bytes(bytes(1024))
    (stale / ".in-use").write_bytes(b"")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    with scratch_folder(data_dir) as folder:
        assert folder is not None and folder.parent == data_dir / SCRATCH_FOLDER
        assert not stale.exists()
        # A folder in use by another import (its lock held) is left alone by a second import, however old.
        os.utime(folder, (old, old))
        with scratch_folder(data_dir) as second:
            assert second is not None and folder.exists()
    assert not (data_dir / SCRATCH_FOLDER).exists()


def test_11_an_export_killed_mid_way_leaves_no_part_file_after_the_next_export(
    tmp_path: Path, bilingual_library: Factory
) -> None:
    from reader.export.atomic import atomic_open

    store = bilingual_library(tmp_path / "library")
    target = tmp_path / "out" / "bookmarks.html"
    target.parent.mkdir()
    stale = target.parent / ".bookmarks.html.k2j4h1.part"  # what a SIGKILLed export leaves
    stale.write_bytes(b"<html>half")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    unrelated = target.parent / ".notes.md.abc.part"
    unrelated.write_bytes(b"x")
    os.utime(unrelated, (old, old))
    with atomic_open(target.parent / "other.txt", "w") as handle:
        handle.write("an export beside it, while a second one to the same file is being written")
        with atomic_open(target, "w") as inner:
            inner.write("<html>")
    store.close()
    assert not stale.exists()
    assert unrelated.exists()  # another file's leftovers are that file's export's to clear
    assert sorted(path.name for path in target.parent.iterdir()) == [
        ".notes.md.abc.part",
        "bookmarks.html",
        "other.txt",
    ]


def test_10_import_state_says_how_much_is_for_posts_the_library_does_not_hold(
    tmp_path: Path, bilingual_library: Factory
) -> None:
    store = bilingual_library(tmp_path / "library")
    path = _state_file(
        tmp_path / "state.json",
        f'"posts": {{"{RUSSIAN}": {{"read": {{"value": true, "at": 10.0}}}},'
        ' "tg:elsewhere/1": {"read": {"value": true, "at": 10.0}}}',
    )
    summary = import_state(store, path)
    store.close()
    assert summary.posts == 2 and summary.waiting == 1
    assert "1 posts' state is for posts not in this library (kept until they are imported)" in summary.line()
