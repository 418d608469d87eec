"""Page-level salvage: the records of every B-tree page of a database file, read without its schema.

When the schema page itself is lost, neither a connection nor `sqlite3 .recover` finds the tables any
more, but their rows still sit on their pages. This reads each page as SQLite's file format lays it
out (https://www.sqlite.org/fileformat2.html): leaf and interior cells of table and index B-trees,
records of varint serial types, a record that spills to overflow pages (a note of more than about a
kilobyte) read back along its chain. Everything readable is yielded, deleted rows on free pages
included, so the caller must merge by timestamp, never trust a record alone. The file is read a page
at a time: a content database can be gigabytes.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

DEFAULT_PAGE_SIZE = 4096
_LEAF_TABLE, _LEAF_INDEX, _INTERIOR_INDEX = 0x0D, 0x0A, 0x02
Value = int | float | str | bytes | None


def records(path: Path) -> Iterator[tuple[Value, ...]]:
    """Every record readable on the pages of the database at `path`."""
    with path.open("rb") as handle:
        header = handle.read(100)
        page_size, reserved = _page_size(header)
        pages = _Pages(handle, page_size, page_size - reserved)
        number = 0
        while True:
            number += 1
            page = pages.read(number)
            if len(page) < page_size:
                return
            yield from _page_records(page, 100 if number == 1 else 0, pages)


class _Pages:
    """Pages of the file by number (from 1), and overflow chains followed across them."""

    def __init__(self, handle: BinaryIO, page_size: int, usable: int) -> None:
        self.handle = handle
        self.page_size = page_size
        self.usable = usable
        handle.seek(0, 2)
        self.count = handle.tell() // page_size

    def read(self, number: int) -> bytes:
        self.handle.seek((number - 1) * self.page_size)
        return self.handle.read(self.page_size)

    def overflow(self, first: int, length: int) -> bytes:
        """`length` bytes of payload from the chain starting at page `first`; ValueError when it is broken."""
        pieces: list[bytes] = []
        seen: set[int] = set()
        number, missing = first, length
        while missing > 0:
            if not 1 <= number <= self.count or number in seen:
                raise ValueError("a broken overflow chain")
            seen.add(number)
            page = self.read(number)
            piece = page[4 : self.usable][:missing]
            pieces.append(piece)
            missing -= len(piece)
            number = int.from_bytes(page[:4], "big")
        return b"".join(pieces)


def _page_size(header: bytes) -> tuple[int, int]:
    """(page size, bytes reserved at the end of each page) from the file header, or the defaults."""
    if header.startswith(b"SQLite format 3\x00") and len(header) >= 100:
        size = int.from_bytes(header[16:18], "big")
        size = 65536 if size == 1 else size
        if size >= 512 and size & (size - 1) == 0 and header[20] < size // 2:
            return size, header[20]
    return DEFAULT_PAGE_SIZE, 0


def _page_records(page: bytes, header: int, pages: _Pages) -> Iterator[tuple[Value, ...]]:
    if len(page) < header + 8:
        return
    kind = page[header]
    if kind not in (_LEAF_TABLE, _LEAF_INDEX, _INTERIOR_INDEX):
        return
    cells = int.from_bytes(page[header + 3 : header + 5], "big")
    pointers = header + (12 if kind == _INTERIOR_INDEX else 8)
    for number in range(min(cells, (len(page) - pointers) // 2)):
        offset = int.from_bytes(page[pointers + 2 * number : pointers + 2 * number + 2], "big")
        try:
            record = _cell_record(page, offset, kind, pages)
        except (IndexError, ValueError, struct.error):
            continue
        if record is not None:
            yield record


def _cell_record(page: bytes, offset: int, kind: int, pages: _Pages) -> tuple[Value, ...] | None:
    if kind == _INTERIOR_INDEX:
        offset += 4  # the left child's page number
    size, offset = _varint(page, offset)
    usable = pages.usable
    if kind == _LEAF_TABLE:
        _rowid, offset = _varint(page, offset)
        most = usable - 35
    else:
        most = (usable - 12) * 64 // 255 - 23
    if size <= most:
        if offset + size > len(page):
            return None  # a cell pointer into garbage
        return _record(page[offset : offset + size])
    # The record spills: as much as SQLite's rule keeps on the page, then a chain of overflow pages.
    if size > pages.count * usable:
        return None  # longer than the whole file: garbage
    least = (usable - 12) * 32 // 255 - 23
    local = least + (size - least) % (usable - 4)
    if local > most:
        local = least
    if offset + local + 4 > len(page):
        return None
    first = int.from_bytes(page[offset + local : offset + local + 4], "big")
    return _record(page[offset : offset + local] + pages.overflow(first, size - local))


def _record(payload: bytes) -> tuple[Value, ...] | None:
    header_size, position = _varint(payload, 0)
    if not 0 < header_size <= len(payload):
        return None
    types: list[int] = []
    while position < header_size:
        serial, position = _varint(payload, position)
        types.append(serial)
    values: list[Value] = []
    body = header_size
    for serial in types:
        value, length = _value(payload, body, serial)
        body += length
        if body > len(payload):
            return None
        values.append(value)
    return tuple(values) if body == len(payload) else None


_INT_SIZES = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8}


def _value(payload: bytes, at: int, serial: int) -> tuple[Value, int]:
    if serial == 0:
        return None, 0
    if serial in _INT_SIZES:
        length = _INT_SIZES[serial]
        return int.from_bytes(payload[at : at + length], "big", signed=True), length
    if serial == 7:
        return struct.unpack(">d", payload[at : at + 8])[0], 8
    if serial in (8, 9):
        return serial - 8, 0
    if serial >= 12:
        length = (serial - 12) // 2
        raw = payload[at : at + length]
        if serial % 2:
            return raw.decode("utf-8"), length  # ValueError on bytes that are not UTF-8: the cell is skipped
        return raw, length
    raise ValueError(f"reserved serial type {serial}")


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for index in range(8):
        byte = data[at + index]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + index + 1
    return (value << 8) | data[at + 8], at + 9
