"""An HTML page read as a stream of the elements inside one container, a batch at a time.

A Telegram Desktop export page of a million messages took 3.4 GB parsed whole. `ContainerStream`
reads the page in 1 MB pieces, follows the nesting of `<div>` tags on the raw bytes, and hands out
the top-level elements of the container (`div.history`: messages, day separators) as byte strings,
in batches of about `BATCH_BYTES` for the HTML parser, so memory follows the largest message, not
the page. An element longer than `max_element` bytes is cut there (the parser closes what it left
open) and the bytes dropped until it closes are counted, for the marker of reader.text.limits.

The scan trusts the exporter's markup: `<div` and `</div>` in a message's text are escaped by
Telegram (`&lt;div`), and a page with unbalanced tags only changes where batches are split.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from reader.text import limits

READ_BYTES = 1024 * 1024
BATCH_BYTES = 512 * 1024
_DIV = re.compile(rb"<(/?)div\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Element:
    """One top-level element of the container: its bytes and how many bytes were cut from its end."""

    data: bytes
    cut: int = 0


class ContainerStream:
    """The head of a page (up to and with the container's opening tag), then its elements in batches."""

    def __init__(self, handle: BinaryIO, opening: re.Pattern[bytes], *, max_element: int | None = None) -> None:
        self._handle = handle
        self._opening = opening
        self._max = 2 * limits.MAX_STREAMED_BYTES if max_element is None else max_element
        self.head = b""  # the page up to the container's opening tag: the page header, the chat name
        self.first_bytes = b""  # the page's first bytes, whatever they hold
        self._rest: bytes | None = None

    def open(self) -> bool:
        """Read the page up to the container's opening tag; False when it has none."""
        self._rest = self._find_container()
        return self._rest is not None

    def batches(self) -> Iterator[list[Element]]:
        """The container's elements, a batch at a time; call `open` first."""
        buffer, self._rest = self._rest, None
        if buffer is None:
            return
        depth = 0
        start = -1  # where the open top-level element begins in `buffer`
        scan = 0
        cut = 0  # bytes dropped from the open element once it passed the limit
        batch: list[Element] = []
        size = 0
        while True:
            for match in _DIV.finditer(buffer, scan):
                closing = bool(match.group(1))
                if not closing:
                    if depth == 0:
                        start, cut = match.start(), 0
                    depth += 1
                    continue
                if depth == 0:  # the container itself closes
                    if batch:
                        yield batch
                    return
                depth -= 1
                if depth == 0 and start >= 0:
                    element = self._element(buffer[start : match.end()], cut)
                    batch.append(element)
                    size += len(element.data)
                    start = -1
            scan = _resume_at(buffer, scan)
            if size >= BATCH_BYTES:
                yield batch
                batch, size = [], 0
            # Keep what is still needed: the open element, and a tag cut in two by the read.
            keep_from = start if start >= 0 else scan
            if start >= 0 and scan - start > self._max:
                # The element passed the limit: keep its first `_max` bytes, count the rest until it closes.
                cut += scan - start - self._max
                buffer = buffer[start : start + self._max] + buffer[scan:]
                scan, start = self._max, 0
            else:
                buffer, scan, start = buffer[keep_from:], scan - keep_from, (0 if start >= 0 else -1)
            chunk = self._handle.read(READ_BYTES)
            if not chunk:
                if start >= 0:
                    batch.append(self._element(buffer, cut))
                if batch:
                    yield batch
                return
            buffer += chunk

    def _element(self, data: bytes, cut: int) -> Element:
        if cut and len(data) > self._max:
            cut += len(data) - self._max
            data = data[: self._max]
        return Element(data, cut)

    def _find_container(self) -> bytes | None:
        """Read up to the container's opening tag; the bytes after it, or None when the page has none."""
        buffer = b""
        searched = 0
        while True:
            chunk = self._handle.read(READ_BYTES)
            if not self.first_bytes:
                self.first_bytes = chunk[: 64 * 1024]
            if not chunk:
                return None
            buffer += chunk
            found = self._opening.search(buffer, max(0, searched - 256))
            if found is not None:
                self.head = buffer[: found.end()]
                return buffer[found.end() :]
            searched = len(buffer)
            if len(buffer) > self._max:  # no container in the page's first megabytes: not an export page
                return None


def _resume_at(buffer: bytes, scan: int) -> int:
    """Where the next scan starts: at a `<` whose tag the read cut in two, else at the end."""
    last = buffer.rfind(b"<", scan)
    if last >= 0 and buffer.find(b">", last) < 0:
        return last
    return len(buffer)
