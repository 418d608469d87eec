"""A guard for streamed JSON: refuse nesting deeper than any real export before the parser sees it.

ijson tracks the path ("messages.item.text.item...") of every event, so a hostile file of a few
hundred kilobytes nested 100,000 levels deep costs quadratic time and memory (tens of gigabytes)
inside the parser, long before an importer gets control back. `DepthGuard` wraps the binary file
and measures nesting on the raw bytes as they are read, leaving string contents out, and raises
`ijson.JSONError` (which the importers already turn into a clear InputError) once the depth passes
`MAX_DEPTH`. Real Telegram and Bulletin Reader exports nest fewer than ten levels.

The scan uses only bytes methods that run in C (replace, split, join, translate) and a C-level
running sum, so it adds little to an import: strings are cut out by splitting on the quotes that
remain once escaped backslashes and escaped quotes are removed.
"""

from __future__ import annotations

import itertools
import operator
from typing import IO

import ijson

MAX_DEPTH = 500

_KEEP = b"[]{}"
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in _KEEP)
# Openers count 2 and closers 0, so the running sum minus the position is the depth.
_WEIGHTS = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")


class DepthGuard:
    """A binary file wrapper that raises ijson.JSONError when JSON nests deeper than `limit`.

    String state is carried across reads, so brackets inside texts never count, also when a
    string, or an escape in it, is split between two chunks.
    """

    def __init__(self, raw: IO[bytes], limit: int = MAX_DEPTH) -> None:
        self._raw = raw
        self._limit = limit
        self._depth = 0
        self._in_string = False
        self._carry = b""  # a backslash that escapes the first byte of the next chunk

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        if data:
            self._scan(data)
        return data

    def _scan(self, data: bytes) -> None:
        text = self._carry + data
        # Backslashes only occur inside strings; an odd run at the end escapes the next chunk's first byte.
        run = len(text) - len(text.rstrip(b"\\"))
        self._carry = b"\\" if run % 2 else b""
        if self._carry:
            text = text[:-1]
        text = text.replace(b"\\\\", b"").replace(b'\\"', b"")
        pieces = text.split(b'"')
        outside = b"".join(pieces[1::2] if self._in_string else pieces[0::2])
        if len(pieces) % 2 == 0:
            self._in_string = not self._in_string
        brackets = outside.translate(None, _NOT_BRACKETS)
        if not brackets:
            return
        opened = brackets.count(b"[") + brackets.count(b"{")
        if self._depth + opened > self._limit:
            sums = itertools.accumulate(brackets.translate(_WEIGHTS))
            deepest = max(map(operator.sub, sums, itertools.count(1)))
            if self._depth + deepest > self._limit:
                raise ijson.JSONError(f"the data is nested more than {self._limit} levels deep")
        self._depth += 2 * opened - len(brackets)
