"""Zip archives of exports: imported as one action, hostile ones refused before writing anything."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from reader.errors import InputError
from reader.ingest import archive
from reader.ingest.registry import open_units

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def _zip(path: Path, entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as bundle:
        for name, data in entries.items():
            bundle.writestr(name, data)
    return path


def _files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*")}


def test_zip_of_exports_imports_as_one_action_and_the_folder_lives_until_the_end(tmp_path: Path) -> None:
    html = DATA / "export_html"
    bundle = _zip(
        tmp_path / "exports.zip",
        {
            "ChatExport/messages.html": (html / "messages.html").read_bytes(),
            "ChatExport/messages2.html": (html / "messages2.html").read_bytes(),
            "feeds/tiny.rss": (DATA / "tiny.rss").read_bytes(),
            "feeds/readme.txt~": b"\x00\x01 not importable",
        },
    )
    with open_units([bundle]) as units:
        assert [unit.importer.name for unit in units] == ["telegram-html", "feed"]
        assert [unit.label for unit in units] == [f"{bundle}/ChatExport", f"{bundle}/feeds/tiny.rss"]
        posts = [post for unit in units for post in unit.importer.parse(unit.path, [])]
        assert len(posts) == 4 + 2
        unpacked = units[0].path
        assert unpacked.is_dir()
    assert not unpacked.exists()  # the temporary folder is gone once the import is over


def test_a_zip_with_a_real_sample(shared_dir: Path, tmp_path: Path) -> None:
    sample = shared_dir / "data" / "telegram-json" / "result.json"
    bundle = _zip(tmp_path / "export.zip", {"Telegram/result.json": sample.read_bytes()})
    with open_units([bundle]) as units:
        (unit,) = units
        assert unit.importer.name == "telegram-json"
        assert sum(1 for _ in unit.importer.parse(unit.path, [])) > 500


@pytest.mark.parametrize("name", ["../evil.txt", "a/../../evil.txt", "/tmp/evil.txt", "C:/evil.txt", "..\\evil.txt"])
def test_entries_outside_the_target_are_refused_and_nothing_is_written(tmp_path: Path, name: str) -> None:
    bundle = tmp_path / "in" / "bad.zip"
    bundle.parent.mkdir()
    _zip(bundle, {"ok.json": b"{}", name: b"pwned"})
    target = tmp_path / "out" / "target"
    target.mkdir(parents=True)
    before = _files_under(tmp_path)
    with pytest.raises(InputError) as raised:
        archive.extract_zip(bundle, target)
    assert raised.value.path == str(bundle) and "unsafe entry" in raised.value.reason
    assert _files_under(tmp_path) == before


def test_hand_made_traversal_zip_in_test_data_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="outside the archive"), open_units([DATA / "traversal.zip"]):
        pass
    assert not (DATA.parent / "evil.txt").exists()


def test_symlink_entries_are_refused(tmp_path: Path) -> None:
    bundle = tmp_path / "link.zip"
    info = zipfile.ZipInfo("link")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(bundle, "w") as handle:
        handle.writestr(info, "/etc/passwd")
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(InputError, match="symbolic links"):
        archive.extract_zip(bundle, target)
    assert list(target.iterdir()) == []


def test_zip_bomb_is_refused_before_extracting(tmp_path: Path) -> None:
    # 64 MB of zeros packs to about 64 KB: a ratio of ~1000, far beyond any real export.
    bundle = tmp_path / "bomb.zip"
    with (
        zipfile.ZipFile(bundle, "w", compression=zipfile.ZIP_DEFLATED) as handle,
        handle.open("zeros.json", "w") as entry,
    ):
        block = b"\0" * (1024 * 1024)
        for _ in range(64):
            entry.write(block)
    assert bundle.stat().st_size < 1024 * 1024
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(InputError, match="zip bomb"):
        archive.extract_zip(bundle, target)
    assert list(target.iterdir()) == []


def test_declared_size_past_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 10_000)
    bundle = _zip(tmp_path / "big.zip", {f"part{i}.txt": bytes(range(256)) * 20 for i in range(3)}, zipfile.ZIP_STORED)
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(InputError, match="would expand to 15,360 bytes"):
        archive.extract_zip(bundle, target)
    assert list(target.iterdir()) == []


def test_damaged_or_empty_archives_are_named(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(InputError) as raised, open_units([damaged]):
        pass
    assert raised.value.path == str(damaged) and "zip" in raised.value.reason
    empty = _zip(tmp_path / "empty.zip", {"notes.bin": b"\x00\x01\x02"})
    with pytest.raises(InputError, match="nothing Bulletin Reader can import"), open_units([empty]):
        pass
