"""Issue 23, finding 10: memory and disk stay bounded whatever the input.

Hostile inputs are built here, at a size CI can afford: the limits are scaled down through their
module constants, or the behaviour (nothing written, nothing built whole) is observed directly.
The full-size figures (a 200 MB message, a 60 MB one-line dump, a 1,023-entry zip of zeros, a
state file of 2 million entries) are measured by hand and given in the README.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from reader.errors import InputError
from reader.ingest import archive
from reader.ingest.registry import open_units
from tests.reliability.conftest import library_contents, run_cli


def _raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written by hand from data deflated once, so a thousand entries of zeros cost nothing to build."""
    body = io.BytesIO()
    directory = io.BytesIO()
    for name, deflated, crc, size in entries:
        encoded = name.encode()
        offset = body.tell()
        body.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(deflated), size, len(encoded), 0))
        body.write(encoded + deflated)
        header = (0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(deflated), size, len(encoded), 0, 0, 0, 0, 0o644 << 16)
        directory.write(struct.pack("<IHHHHHHIIIHHHHHII", *header, offset) + encoded)
    central = directory.getvalue()
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), body.tell(), 0)
    return body.getvalue() + central + end


def _deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _zeros_zip(path: Path, entries: int, size: int) -> Path:
    if entries > 65_535:  # past what a plain end record counts: let zipfile write the zip64 records
        with zipfile.ZipFile(path, "w") as bundle:
            for number in range(entries):
                bundle.writestr(f"export/part{number:05}.json", bytes(size))
        return path
    zeros = bytes(size)
    packed, crc = _deflated(zeros), zlib.crc32(zeros)
    path.write_bytes(_raw_zip([(f"export/part{number:05}.json", packed, crc, size) for number in range(entries)]))
    return path


class _NoExtraction:
    """Stands in for ZipFile.open: any entry opened for reading means unpacking had begun."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    def __call__(self, bundle: zipfile.ZipFile, name: object, *args: object, **kwargs: object) -> object:
        self.opened.append(str(name))
        raise AssertionError("an entry was read before the archive was refused")


def _files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


@pytest.mark.parametrize(
    ("entries", "size", "expected"),
    [
        (1023, 1024 * 1024, "zip bomb"),  # 1,023 MiB of zeros in about 1 MB: the archive, full size
        (99_999, 0, "99,999 entries; the limit is 20,000"),
    ],
)
def test_10_a_hostile_zip_is_refused_from_its_directory_before_a_byte_is_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entries: int, size: int, expected: str
) -> None:
    bundle = _zeros_zip(tmp_path / "bomb.zip", entries, size)
    assert bundle.stat().st_size < 12 * 1024 * 1024
    scratch = tmp_path / "data" / "tmp"
    scratch.mkdir(parents=True)
    guard = _NoExtraction()
    monkeypatch.setattr(zipfile.ZipFile, "open", guard)
    with pytest.raises(InputError) as refused, open_units([bundle], scratch):
        pass
    assert refused.value.path == str(bundle) and expected in refused.value.reason
    assert guard.opened == []
    assert _files_in(scratch) == []


def test_10_one_entry_past_the_entry_limit_is_refused_before_unpacking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_ENTRY_BYTES", 100_000)
    data = bytes(range(256)) * 500  # 128,000 bytes that do not pack tightly: no bomb, just too big
    bundle = tmp_path / "big.zip"
    with zipfile.ZipFile(bundle, "w", compression=zipfile.ZIP_STORED) as handle:
        handle.writestr("result.json", data)
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(InputError) as refused:
        archive.extract_zip(bundle, target)
    assert "'result.json' would expand to 128,000 bytes; the limit for one entry is 100,000" in refused.value.reason
    assert list(target.iterdir()) == []


def test_10_the_cli_refuses_the_1023_entry_zip_in_one_line_and_changes_nothing(tmp_path: Path) -> None:
    bundle = _zeros_zip(tmp_path / "bomb.zip", 1023, 1024 * 1024)
    data_dir = tmp_path / "data"
    run_cli(data_dir, "mark-read", "nothing-yet")  # creates the library; the id is unknown
    before = library_contents(data_dir)
    result = run_cli(data_dir, "import", str(bundle))
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and str(bundle) in result.stderr and "zip bomb" in result.stderr
    assert "Traceback" not in result.stderr
    assert library_contents(data_dir) == before
    assert _files_in(data_dir / "tmp") == []
