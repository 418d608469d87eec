"""The export, state, note and tag commands of the CLI."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from reader.cli import main
from reader.export import atomic
from reader.store import Store

Factory = Callable[[Path], Store]


@pytest.fixture()
def library(tmp_path: Path, bilingual_library: Factory) -> Path:
    folder = tmp_path / "library"
    bilingual_library(folder).close()
    return folder


def run(library: Path, *arguments: str) -> int:
    return main(["--data-dir", str(library), *arguments])


def test_note_tag_and_export_bookmarks(library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(library, "bookmark", "tg:mid_rf/200") == 0
    assert run(library, "note", "tg:mid_rf/200", "Проверить итоги") == 0
    assert run(library, "tag", "tg:mid_rf/200", "ASEAN", "саммит") == 0
    assert "tg:mid_rf/200: ASEAN, саммит" in capsys.readouterr().out
    target = tmp_path / "bookmarks.json"
    assert run(library, "export-bookmarks", "--format", "csljson", "-o", str(target)) == 0
    assert f"exported 2 posts to {target}" in capsys.readouterr().out
    items = {item["id"]: item for item in json.loads(target.read_text(encoding="utf-8"))}
    assert items["tg:mid_rf/200"]["note"] == "Проверить итоги"
    assert items["tg:mid_rf/200"]["keyword"] == "ASEAN, саммит"
    assert items["tg:mfa_russia/201"]["translated-title"] == "О встрече министров иностранных дел АСЕАН"


def test_overwrite_needs_force(library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(library, "bookmark", "tg:mfa_russia/202")
    target = tmp_path / "bookmarks.html"
    target.write_text("old", encoding="utf-8")
    assert run(library, "export-bookmarks", "--format", "html", "-o", str(target)) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and f"{target}: the file already exists; use --force" in error
    assert target.read_text(encoding="utf-8") == "old"
    assert run(library, "export-bookmarks", "--format", "html", "-o", str(target), "--force") == 0
    assert "https://t.me/MFARussia/202" in target.read_text(encoding="utf-8")


def test_all_exports_the_filtered_posts(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "posts.csv"
    assert (
        run(library, "export-bookmarks", "--all", "--format", "csv", "--search", "Middle East", "-o", str(target)) == 0
    )
    assert [line.split(",")[0] for line in target.read_text(encoding="utf-8-sig").splitlines()[1:2]] == [
        "tg:mfa_russia/202"
    ]
    assert (
        run(library, "export-bookmarks", "--all", "--format", "csv", "--lang", "en", "-o", str(target), "--force") == 0
    )
    text = target.read_text(encoding="utf-8-sig")
    # English posts, and the Russian counterpart that comes with the English one.
    assert "tg:mfa_russia/202" in text and "tg:mfa_russia/201" in text and "tg:mid_rf/200" in text


def test_no_bookmarks_says_so(library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(library, "export-bookmarks", "--format", "md", "-o", str(tmp_path / "empty.md")) == 0
    assert "no bookmarks match" in capsys.readouterr().err


def test_unknown_post_is_a_usage_error(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(library, "note", "tg:nowhere/1", "text") == 2
    assert "tg:nowhere/1: no such post" in capsys.readouterr().err
    assert run(library, "tag", "tg:nowhere/1", "x") == 2


def test_state_moves_between_libraries(tmp_path: Path, bilingual_library: Factory) -> None:
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    bilingual_library(laptop).close()
    bilingual_library(desktop).close()
    run(laptop, "mark-read", "tg:mid_rf/200")
    run(laptop, "bookmark", "tg:mid_rf/200", "--note", "с ноутбука")
    run(desktop, "tag", "tg:mfa_russia/202", "срочно")
    state_file = tmp_path / "laptop-state.json"
    assert run(laptop, "export-state", "-o", str(state_file)) == 0
    assert run(laptop, "export-state", "-o", str(state_file)) == 2  # no silent overwrite
    assert run(desktop, "import-state", str(state_file)) == 0
    assert run(desktop, "import-state", str(state_file)) == 0
    store = Store.open(desktop)
    states = store.state.states(["tg:mid_rf/200", "tg:mfa_russia/202"])
    store.close()
    assert states["tg:mid_rf/200"].read and states["tg:mid_rf/200"].note == "с ноутбука"
    assert states["tg:mfa_russia/202"].tags == ("срочно",)


def test_import_state_names_a_bad_file(library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("not json", encoding="utf-8")
    assert run(library, "import-state", str(bad)) == 2
    assert f"{bad}: not a Bulletin Reader state file" in capsys.readouterr().err


def test_commands_keep_a_daily_state_backup(library: Path) -> None:
    run(library, "bookmark", "tg:mid_rf/200")
    run(library, "list")
    backup = library / "backups" / f"state-{date.today().isoformat()}.json"
    assert json.loads(backup.read_text(encoding="utf-8"))["posts"]["tg:mid_rf/200"]["bookmarked"]["value"] is True


def test_disk_full_is_one_clear_line_and_no_file(
    library: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    run(library, "bookmark", "tg:mid_rf/200")
    capsys.readouterr()
    out = tmp_path / "out"
    out.mkdir()

    def full_disk(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", full_disk)
    assert run(library, "export-bookmarks", "--format", "md", "-o", str(out / "notes.md")) == 2
    error = capsys.readouterr().err
    target = out / "notes.md"
    assert (
        error
        == f"bulletin-reader: {target}: the disk is full; free some space and export again (nothing was written)\n"
    )
    assert list(out.iterdir()) == []
    # the day's state backup, taken before the export, met the same full disk: logged, and it stopped nothing
    assert [record.levelname for record in caplog.records] == ["WARNING"]
    assert "state backup in" in caplog.text and "the disk is full" in caplog.text
