"""Exports are written whole or not at all, and failures say what to do."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from reader.errors import ExportError
from reader.export import atomic
from reader.export.atomic import atomic_open, write_text_atomic


def files_in(folder: Path) -> list[str]:
    return sorted(item.name for item in folder.iterdir())


def test_writes_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    write_text_atomic(path, "Привет, мир\n")
    assert path.read_text(encoding="utf-8") == "Привет, мир\n"
    assert files_in(tmp_path) == ["out.txt"]


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("keep me", encoding="utf-8")
    with pytest.raises(ExportError, match="already exists"):
        write_text_atomic(path, "new")
    assert path.read_text(encoding="utf-8") == "keep me"
    write_text_atomic(path, "new", force=True)
    assert path.read_text(encoding="utf-8") == "new"
    assert files_in(tmp_path) == ["out.txt"]


def test_disk_full_while_writing_leaves_no_partial_file(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    with pytest.raises(ExportError, match="disk is full") as caught, atomic_open(path) as handle:
        handle.write("half of the export")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert str(path) in str(caught.value)
    assert files_in(tmp_path) == []


def test_disk_full_on_flush_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "out.txt"
    path.write_text("the previous export", encoding="utf-8")

    def full_disk(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", full_disk)
    with pytest.raises(ExportError, match="disk is full"):
        write_text_atomic(path, "the new export", force=True)
    assert path.read_text(encoding="utf-8") == "the previous export"
    assert files_in(tmp_path) == ["out.txt"]


def test_permission_denied_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)
    with pytest.raises(ExportError, match="permission denied; choose a folder you can write to"):
        write_text_atomic(tmp_path / "out.txt", "text")
    assert files_in(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_is_explained(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="permission denied"):
            write_text_atomic(folder / "out.txt", "text")
    finally:
        folder.chmod(0o700)
    assert files_in(folder) == []


def test_missing_folder_and_folder_as_target(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write_text_atomic(tmp_path / "missing" / "out.txt", "text")
    with pytest.raises(ExportError, match="is a folder"):
        write_text_atomic(tmp_path, "text", force=True)


def test_an_error_in_the_writer_removes_the_temporary_file(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), atomic_open(tmp_path / "out.txt") as handle:
        handle.write("partial")
        raise RuntimeError("the exporter had a bug")
    assert files_in(tmp_path) == []
