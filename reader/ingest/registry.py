"""Pick the importer for a path by its content, and expand folders into import units."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from reader.errors import InputError
from reader.ingest.archive import extract_zip, is_zip
from reader.ingest.base import HEAD_BYTES, Importer


def all_importers() -> list[Importer]:
    """Every known format, most specific sniffer first.

    Each importer module exposes `IMPORTER`; the list is explicit so a broken module fails loudly.
    """
    importers: list[Importer] = []
    # Importer modules add themselves here, one line each:
    from reader.ingest import feeds, telegram_html, telegram_json, tme_web

    importers += [telegram_json.IMPORTER, telegram_html.IMPORTER, telegram_html.PAGE_IMPORTER]
    importers += [tme_web.IMPORTER, feeds.IMPORTER]
    from reader.ingest import bulletin_json

    importers.append(bulletin_json.IMPORTER)
    from reader.ingest import scraped, statement

    importers += [scraped.IMPORTER, statement.IMPORTER]
    from reader.ingest import csv_dump, document, web_statement

    importers += [csv_dump.IMPORTER, web_statement.IMPORTER, document.IMPORTER]
    return sorted(importers, key=lambda item: -item.priority)


@dataclass(frozen=True, slots=True)
class ImportUnit:
    """One thing to import as a whole: a file, or a folder for folder formats."""

    path: Path
    importer: Importer
    shown_as: str = ""  # for units unpacked from a zip: "<archive>/<path inside it>", not the temporary path

    @property
    def label(self) -> str:
        """How to name this unit to the user."""
        return self.shown_as or str(self.path)


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES)
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from error


def importer_for_file(path: Path) -> Importer:
    """The importer whose sniffer accepts this file; InputError when none does."""
    head = _read_head(path)
    if not head.strip():
        raise InputError(path, "the file is empty")
    for importer in all_importers():
        if not importer.handles_folders and importer.sniff(path, head):
            return importer
    raise InputError(
        path,
        "not a format Bulletin Reader knows (expected a Telegram export, t.me page, "
        "RSS/Atom feed, bulletin text dump, statement, CSV of posts with text and date columns, "
        "web page, text document or Bulletin Reader JSON)",
    )


def importer_for_folder(path: Path) -> Importer | None:
    for importer in all_importers():
        if importer.handles_folders and importer.sniff(path, b""):
            return importer
    return None


def expand(paths: list[Path], seen: set[tuple[int, int]] | None = None) -> Iterator[ImportUnit]:
    """Import units for files and folders, in a stable order, each file once; InputError for bad paths."""
    seen = set() if seen is None else seen
    for path in paths:
        if not path.exists():
            raise InputError(path, "no such file or folder")
        if path.is_dir():
            yield from _expand_folder(path, seen)
        elif _first_visit(path, seen):
            yield ImportUnit(path, importer_for_file(path))


def _first_visit(path: Path, seen: set[tuple[int, int]]) -> bool:
    """False for a file or folder reached before: a symbolic link back up the tree would otherwise
    import the same files forty times over (until the system's link limit) or never end."""
    try:
        status = path.stat()
    except OSError:
        return False  # a dangling or looping link
    identity = (status.st_dev, status.st_ino)
    if identity in seen:
        return False
    seen.add(identity)
    return True


def _expand_folder(folder: Path, seen: set[tuple[int, int]]) -> Iterator[ImportUnit]:
    if not _first_visit(folder, seen):
        return
    folder_importer = importer_for_folder(folder)
    if folder_importer is not None:
        yield ImportUnit(folder, folder_importer)
        return
    for child in sorted(folder.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            yield from _expand_folder(child, seen)
            continue
        if not _first_visit(child, seen):
            continue
        try:
            importer = importer_for_file(child)
        except InputError:
            # Export folders hold photos, stylesheets and scripts next to the data: skip what we cannot read.
            continue
        yield ImportUnit(child, importer)


@contextmanager
def open_units(paths: list[Path], temp_root: Path | None = None) -> Iterator[list[ImportUnit]]:
    """All import units of the given paths, valid while the block runs.

    Everything is recognised before anything is parsed, so a bad path fails the whole
    import up front. Archives are unpacked into temporary folders (inside `temp_root`, else the
    system's) that live until the block ends.
    """
    with ExitStack() as temporary:
        units: list[ImportUnit] = []
        seen: set[tuple[int, int]] = set()
        for path in paths:
            if path.is_file() and is_zip(_read_head(path)):
                units.extend(_archive_units(path, temporary, temp_root))
            else:
                units.extend(expand([path], seen))
        yield units


def _archive_units(archive: Path, temporary: ExitStack, temp_root: Path | None) -> list[ImportUnit]:
    """Unpack a zip archive safely (see reader.ingest.archive) and recognise what is inside."""
    folder = Path(temporary.enter_context(tempfile.TemporaryDirectory(prefix="bulletin-reader-zip-", dir=temp_root)))
    extract_zip(archive, folder)
    units = [
        ImportUnit(unit.path, unit.importer, f"{archive}/{unit.path.relative_to(folder).as_posix()}")
        for unit in _expand_folder(folder, set())
    ]
    if not units:
        raise InputError(archive, "the zip archive holds nothing Bulletin Reader can import")
    return units
