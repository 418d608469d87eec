"""Zip archives of exports: checked whole, then unpacked safely into a temporary folder.

An archive is refused from its central directory, before anything is written, when it declares
more than `MAX_ENTRIES` entries, more than `MAX_TOTAL_BYTES` in all or `MAX_ENTRY_BYTES` in one
entry, an entry (or the whole) packed more tightly than `MAX_RATIO` (a zip bomb), an encrypted
entry, or a name that would land outside the target folder (`..`, an absolute path, a drive
letter) or a symbolic link. While unpacking, the bytes actually written are counted again, so a
header that lies about sizes cannot get past the limits either.
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

from reader.errors import InputError

MAX_TOTAL_BYTES = 1024**3
# One result.json of a million messages is about 600 MB; a bigger entry is not an export.
MAX_ENTRY_BYTES = 768 * 1024 * 1024
# A Telegram export is its pages (1,000 messages each) and media files; past 1 GB in all there is no
# room for more than about 20,000 of them, so more entries are a flood of empty files, not an export.
MAX_ENTRIES = 20_000
MAX_RATIO = 200  # real exports (JSON, HTML, photos) pack 1-30x; bombs pack 1000x and more
RATIO_FLOOR_BYTES = 1024 * 1024  # tiny entries may pack tightly without harm
TOTAL_RATIO_FLOOR_BYTES = 16 * 1024 * 1024
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, or an empty archive's end record
_COPY_CHUNK = 1024 * 1024


def is_zip(head: bytes) -> bool:
    """Whether the first bytes of a file are those of a zip archive."""
    return head.startswith(_ZIP_MAGIC)


def _safe_parts(archive: Path, info: zipfile.ZipInfo) -> tuple[str, ...]:
    name = info.filename.replace("\\", "/")
    pure = PurePosixPath(name)
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in pure.parts:
        raise InputError(archive, f"unsafe entry {info.filename!r}: its path points outside the archive")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise InputError(archive, f"unsafe entry {info.filename!r}: symbolic links are not unpacked")
    return tuple(part for part in pure.parts if part not in ("", "."))


def check_archive(archive: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive whose declared contents are too big, bomb-like or unsafe; writes nothing.

    Raises:
        InputError: naming the archive and the first problem found.
    """
    if len(infos) > MAX_ENTRIES:
        raise InputError(archive, f"the archive holds {len(infos):,} entries; the limit is {MAX_ENTRIES:,}")
    total = 0
    for info in infos:
        _safe_parts(archive, info)
        if info.flag_bits & 0x1:
            raise InputError(archive, f"entry {info.filename!r} is encrypted; unpack it yourself first")
        total += info.file_size
        if info.file_size > MAX_ENTRY_BYTES:
            raise InputError(
                archive,
                f"entry {info.filename!r} would expand to {info.file_size:,} bytes; the limit for one entry "
                f"is {MAX_ENTRY_BYTES:,}",
            )
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(
                archive,
                f"entry {info.filename!r} would expand {info.file_size // max(info.compress_size, 1):,} times "
                f"(to {info.file_size:,} bytes): refused as a zip bomb",
            )
    if total > MAX_TOTAL_BYTES:
        raise InputError(archive, f"the archive would expand to {total:,} bytes; the limit is {MAX_TOTAL_BYTES:,}")
    # Many entries each just under the per-entry floor (a thousand megabytes of zeros) are a bomb as a whole.
    packed = sum(info.compress_size for info in infos)
    if total > TOTAL_RATIO_FLOOR_BYTES and total > MAX_RATIO * max(packed, 1):
        raise InputError(
            archive,
            f"the archive would expand {total // max(packed, 1):,} times (to {total:,} bytes): refused as a zip bomb",
        )


def extract_zip(archive: Path, target: Path) -> Path:
    """Check `archive` whole, then unpack it into the existing folder `target` and return `target`.

    Raises:
        InputError: the file is not a readable zip, or it is refused by `check_archive`,
            or unpacking failed (disk full, damaged data); `target` may then hold part of it.
    """
    root = target.resolve()
    try:
        with zipfile.ZipFile(archive) as bundle:
            infos = bundle.infolist()
            check_archive(archive, infos)
            written = 0
            for info in infos:
                parts = _safe_parts(archive, info)
                if not parts:
                    continue
                destination = root.joinpath(*parts)
                if root not in destination.resolve().parents:
                    # Belt and braces: a name that resolves outside (e.g. through an existing link).
                    raise InputError(archive, f"unsafe entry {info.filename!r}: its path points outside the archive")
                if info.is_dir():
                    destination.mkdir(parents=True, exist_ok=True)
                    continue
                destination.parent.mkdir(parents=True, exist_ok=True)
                with bundle.open(info) as source, destination.open("wb") as sink:
                    entry = 0
                    while chunk := source.read(_COPY_CHUNK):
                        written += len(chunk)
                        entry += len(chunk)
                        if written > MAX_TOTAL_BYTES:
                            raise InputError(archive, f"the archive expands past {MAX_TOTAL_BYTES:,} bytes")
                        if entry > MAX_ENTRY_BYTES:
                            raise InputError(archive, f"entry {info.filename!r} expands past {MAX_ENTRY_BYTES:,} bytes")
                        sink.write(chunk)
    except zipfile.BadZipFile as error:
        raise InputError(archive, f"not a readable zip archive ({error})") from error
    except (zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        raise InputError(archive, f"the zip archive cannot be unpacked ({error})") from error
    except OSError as error:
        raise InputError(archive, f"the zip archive could not be unpacked ({error.strerror or error})") from error
    return target
