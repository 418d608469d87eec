"""A guard for streamed JSON: refuse nesting deeper, or numbers longer, than any real export holds.

ijson tracks the path ("messages.item.text.item...") of every event, so a hostile file of a few
hundred kilobytes nested 100,000 levels deep costs quadratic time and memory (tens of gigabytes)
inside the parser, long before an importer gets control back. `DepthGuard` wraps the binary file
and measures nesting on the raw bytes as they are read, leaving string contents out, and raises
`ijson.JSONError` (which the importers already turn into a clear InputError) once the depth passes
`MAX_DEPTH`. Real Telegram and Bulletin Reader exports nest fewer than ten levels. A number of more
than `MAX_NUMBER_DIGITS` digits is refused the same way, before the parser's C code sees it.

The scan uses only bytes methods that run in C (replace, split, join, translate) and a C-level
running sum, so it adds little to an import: strings are cut out by splitting on the quotes that
remain once escaped backslashes and escaped quotes are removed.
"""

from __future__ import annotations

import itertools
import operator
import re
from typing import Protocol

import ijson

MAX_DEPTH = 500
# ijson's C backend crashes the whole process (a segmentation fault) on an integer of more than about
# 4,300 digits (Python's limit for int(str)); no real export holds a number of more than twenty.
MAX_NUMBER_DIGITS = 1000
_LONG_NUMBER = re.compile(rb"[0-9]{%d}" % (MAX_NUMBER_DIGITS + 1))

_KEEP = b"[]{}"
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in _KEEP)
# Openers count 2 and closers 0, so the running sum minus the position is the depth.
_WEIGHTS = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")


class Readable(Protocol):
    """The one method the stream filters need from a binary stream (a file, or another filter)."""

    def read(self, size: int = -1, /) -> bytes: ...


class StructureCheck:
    """Depth and number length of JSON, fed the bytes outside strings chunk by chunk, in order."""

    def __init__(self, limit: int = MAX_DEPTH) -> None:
        self._limit = limit
        self._depth = 0
        self._digits = b""  # the digits that ended the last chunk outside strings (a number cut in two)

    def check(self, outside: bytes) -> None:
        """Raise ijson.JSONError when these bytes take the nesting past the limit or hold a too long number."""
        text = self._digits + outside
        if _LONG_NUMBER.search(text):
            raise ijson.JSONError(f"the data holds a number of more than {MAX_NUMBER_DIGITS} digits")
        trailing = len(text) - len(text.rstrip(b"0123456789"))
        self._digits = text[len(text) - trailing :] if trailing else b""
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


class DepthGuard:
    """A binary file wrapper that raises ijson.JSONError when JSON nests deeper than `limit`.

    String state is carried across reads, so brackets inside texts never count, also when a
    string, or an escape in it, is split between two chunks.
    """

    def __init__(self, raw: Readable, limit: int = MAX_DEPTH) -> None:
        self._raw = raw
        self._check = StructureCheck(limit)
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
        self._check.check(outside)
