"""Cut long JSON strings on the raw bytes, before the parser builds them.

ijson's C backend gathers a whole string token before it hands it over, and then the importer
builds the whole message: one 200 MB Telegram message took 6.8 GB. `StringCut` wraps the binary
file and, as bytes are read, cuts

- any string longer than `max_string` bytes (reader.text.limits.MAX_STREAMED_BYTES), and
- every string of a record (an object inside the array at depth `record_depth`: a message) once
  the record's strings together pass `max_record` bytes (twice that: Telegram writes a message's
  text twice, as `text` and as `text_entities`),

dropping the rest (its bytes are counted, never kept) and putting a token where the cut is.
A record's cut takes the rest of the array or object it began in (a text's list of pieces);
the record's later strings are emptied without a count (Telegram's `text_entities` repeats the
`text`, and its emptied key lets the importer fall back to the cut `text`). `resolve` turns the
tokens of a built message into the visible marker of reader.text.limits, with the number of
bytes cut, known by then because the record has ended. A token carries a random nonce, so a file
cannot forge one.

The common case costs a few C-level byte operations per 4 MB read: escaped quotes and
backslashes are neutralised (same length, so offsets hold), the chunk is split on quotes, and
only a chunk in which a string or a record may pass its limit is walked piece by piece.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

from reader.text import limits
from reader.text.json_guard import MAX_DEPTH, Readable, StructureCheck
from reader.text.limits import cut_marker

# Reads well under the string limit, so one read alone never needs the slow path.
READ_BYTES = 1024 * 1024
_OPENERS = frozenset(b"[{")
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")
_BACKSLASH = 0x5C
_HIGH_SURROGATE = re.compile(rb"\\u[dD][89abAB][0-9a-fA-F]{2}")
_UNRESOLVED_FOR = 1000  # resolves after which a token never found (a cut key) is forgotten
_SILENT = -1  # the `_dropping` of a string emptied without a count


class StringCut:
    """A binary file wrapper that cuts over-long JSON strings and records while they stream by."""

    def __init__(
        self,
        raw: Readable,
        *,
        max_string: int | None = None,
        max_record: int | None = None,
        record_depth: int | None = None,
        max_depth: int = MAX_DEPTH,
    ) -> None:
        self._raw = raw
        self._check = StructureCheck(max_depth)  # reader.text.json_guard's checks, on the same scan
        # Read at each file, not bound at import, so tests can scale the limits down.
        self._max_string = limits.MAX_STREAMED_BYTES if max_string is None else max_string
        self._max_record = 2 * limits.MAX_STREAMED_BYTES if max_record is None else max_record
        self._record_depth = record_depth
        self._nonce = secrets.token_hex(6)
        self.cuts: dict[int, int] = {}  # cut number -> bytes dropped
        self._unresolved: dict[int, int] = {}  # cut number -> resolves since it was made
        self._escape = False  # the first byte of the next chunk is escaped by a backslash
        self._escape_rest = 0  # bytes at the start of the next chunk that finish an escape (`\u00e9`)
        self._neutral_chunk = b""  # the chunk being walked, neutralised, and its escape rest
        self._rest = 0
        self._open_tail = False  # a cut kept its string to the chunk's end, maybe mid-escape or character
        self._in_string = False
        self._string = 0  # bytes of the open string kept so far
        self._depth = 0
        self._record = 0  # string bytes of the open record kept so far
        self._dropping: int | None = None  # the cut that takes the bytes of the open string
        self._token_due = False  # the open string is where `_dropping` began: its token goes at its end
        self._record_cut: int | None = None  # the cut that takes the rest of the container it began in
        self._cut_depth = 0  # the depth of that container
        self._exhausted = False  # the open record passed its limit: its later strings are emptied

    def read(self, size: int = -1, /) -> bytes:
        if size == 0:
            return b""  # ijson probes the stream's type with read(0)
        while True:
            data = self._raw.read(READ_BYTES if size < 0 else min(size, READ_BYTES))
            if not data:
                return b""
            streaming = self._dropping is None and self._record_cut is None and not self._exhausted
            out = data if streaming and self._fast(data) else self._walk(data)
            if out:
                return out

    # ------------------------------------------------------------------ scanning

    def _neutral(self, data: bytes) -> bytes:
        """`data`, the same length, with no quote left inside an escape and a backslash only where one begins.

        An escaped backslash or quote becomes `\\x`; the byte escaped from the last chunk becomes `x`.
        """
        body = data[1:] if self._escape else data
        body = body.replace(b"\\\\", b"\\x").replace(b'\\"', b"\\x")
        return b"x" + body if self._escape else body

    def _fast(self, data: bytes) -> bool:
        """Take `data` whole when no string or record in it can pass its limit; False to walk it."""
        neutral = self._neutral(data)
        pieces = neutral.split(b'"')
        outside = b"".join(pieces[1::2] if self._in_string else pieces[0::2])
        inside_bytes = len(data) - len(outside) - (len(pieces) - 1)
        # Cheap bounds first: with reads shorter than the limits, the sums decide without a walk.
        if self._string + inside_bytes > self._max_string:
            inside = pieces[0::2] if self._in_string else pieces[1::2]
            if self._string + max(map(len, inside)) > self._max_string:
                return False
        if self._record_depth is not None and self._record + inside_bytes > self._max_record:
            return False
        self._check.check(outside)
        brackets = outside.translate(None, _NOT_BRACKETS)
        change = 2 * (brackets.count(b"[") + brackets.count(b"{")) - len(brackets)
        if self._record_depth is not None:
            self._record = self._record_after(pieces, self._depth + change)
        self._depth += change
        quotes = len(pieces) - 1
        ends_inside = self._in_string == (quotes % 2 == 0)
        if ends_inside:
            self._string = self._string + len(data) if quotes == 0 else len(pieces[-1])
        else:
            self._string = 0
        self._in_string = ends_inside
        self._end_chunk(data, neutral)
        return True

    def _end_chunk(self, data: bytes, neutral: bytes) -> None:
        rest = self._rest_at_start(data)
        self._escape = _ends_escaping(data, self._escape)
        backslash = neutral.rfind(b"\\", max(0, len(neutral) - 6))
        after = 0
        if backslash >= 0 and backslash < len(data) - 1:
            length = 6 if data[backslash + 1 : backslash + 2] == b"u" else 2
            after = max(0, backslash + length - len(data))
        self._escape_rest = max(after, rest - len(data))

    def _rest_at_start(self, data: bytes) -> int:
        """How many bytes at the start of `data` belong to an escape begun in an earlier chunk."""
        if self._escape:
            return 5 if data[:1] == b"u" else 1
        return self._escape_rest

    def _record_after(self, pieces: list[bytes], level: int) -> int:
        """The string bytes of the record still open after these pieces (`level` deep), walked back to its start."""
        assert self._record_depth is not None
        limit = self._record_depth
        if level <= limit:
            return 0
        total = 0
        for index in range(len(pieces) - 1, -1, -1):
            piece = pieces[index]
            if (index % 2 == 0) == self._in_string:
                total += len(piece)
                continue
            for byte in reversed(piece.translate(None, _NOT_BRACKETS)):
                level += -1 if byte in _OPENERS else 1
                if level <= limit:
                    return total
        return self._record + total

    def _walk(self, data: bytes) -> bytes:
        """The slow path: the runs between quotes one by one, cutting where a limit is passed."""
        out: list[bytes] = []
        position = 0
        self._neutral_chunk = neutral = self._neutral(data)
        self._rest = self._rest_at_start(data)
        for piece in neutral.split(b'"'):
            end = position + len(piece)
            quote = end < len(data)  # every piece but the last ends at a quote
            if self._in_string:
                out.append(self._keep(data, position, end))
                if quote:
                    self._close_string(out)
            else:
                out.append(data[position:end])
                self._check.check(piece)
                self._brackets(piece)
                if quote:
                    out.append(b'"')
                    self._in_string = True
                    if self._record_cut is not None:
                        self._dropping = self._record_cut
                    elif self._exhausted:
                        self._dropping = _SILENT
            position = end + 1
        self._end_chunk(data, neutral)
        return b"".join(out)

    def _close_string(self, out: list[bytes]) -> None:
        if self._dropping is not None and self._token_due:
            out.append(self._token(self._dropping).encode())
            self._token_due = False
        out.append(b'"')
        self._dropping = None
        self._open_tail = False
        self._in_string = False
        self._string = 0

    def _keep(self, data: bytes, start: int, end: int) -> bytes:
        """The part of a string's bytes `data[start:end]` that stays; counts what is dropped."""
        length = end - start
        if self._dropping is not None:
            keep = 0
            if start == 0 and self._open_tail:
                # The escape or character the cut kept whole goes on in this chunk: finish it.
                keep = self._safe_cut(data, 0, end, 0)
                self._open_tail = keep == end and keep > 0
            if self._dropping != _SILENT:
                self.cuts[self._dropping] += length - keep
            return data[:keep]
        in_record = self._record_depth is not None and self._depth > self._record_depth
        room = self._max_string - self._string
        record_room = self._max_record - self._record if in_record else room
        if length <= min(room, record_room):
            self._string += length
            if in_record:
                self._record += length
            return data[start:end]
        cut = self._safe_cut(data, start, end, start + max(0, min(room, record_room)))
        self._open_tail = cut == end
        number = len(self.cuts)
        self.cuts[number] = end - cut
        self._unresolved[number] = 0
        self._dropping = number
        self._token_due = True
        if in_record and record_room <= room:
            self._record_cut = number
            self._cut_depth = self._depth
        self._string += cut - start
        if in_record:
            self._record += cut - start
        return data[start:cut]

    def _safe_cut(self, data: bytes, start: int, end: int, cut: int) -> int:
        """`cut`, moved so it splits neither an escape (`\\u00e9`) nor a UTF-8 character.

        Bytes before `start` have been handed on already, so a cut never goes back past the escape
        or character that began in an earlier chunk: it goes forward, past its end, instead.
        """
        floor = start + (self._rest if start == 0 else 0)
        cut = min(max(cut, floor), end)
        backslash = self._neutral_chunk.rfind(b"\\", max(floor, cut - 5), cut)
        if backslash >= 0:
            length = 6 if data[backslash + 1 : backslash + 2] == b"u" else 2
            if backslash + length > cut:
                cut = backslash
        if cut >= 6 and _HIGH_SURROGATE.fullmatch(data, cut - 6, cut) and self._neutral_chunk[cut - 6] == _BACKSLASH:
            # Half of a surrogate pair (an emoji written as two escapes): keep both halves or neither.
            cut = cut - 6 if cut - 6 >= floor else min(end, cut + 6)
        while floor < cut < end and 0x80 <= data[cut] <= 0xBF:
            cut -= 1
        while cut < end and 0x80 <= data[cut] <= 0xBF:
            cut += 1
        return cut

    def _brackets(self, piece: bytes) -> None:
        for byte in piece.translate(None, _NOT_BRACKETS):
            self._depth += 1 if byte in _OPENERS else -1
            if self._record_cut is not None and self._depth < self._cut_depth:
                self._record_cut = None
                self._exhausted = True
            if self._record_depth is not None and self._depth <= self._record_depth:
                self._record = 0
                self._record_cut = None
                self._exhausted = False

    # ------------------------------------------------------------------ markers

    def _token(self, number: int) -> str:
        return f"\u2063{self._nonce}:{number}\u2063"

    def resolve(self, value: Any) -> Any:
        """`value` (a built message) with each cut token replaced by its visible marker."""
        if not self._unresolved:
            return value
        found: set[int] = set()
        result = _map_strings(value, lambda text: self._markers(text, found))
        for number in list(self._unresolved):
            if number in found:
                del self._unresolved[number]
            else:
                self._unresolved[number] += 1
                if self._unresolved[number] > _UNRESOLVED_FOR:
                    del self._unresolved[number]
        return result

    def _markers(self, text: str, found: set[int]) -> str:
        if self._nonce not in text:
            return text
        for number in self._unresolved:
            token = self._token(number)
            if token in text:
                text = text.replace(token, f" {cut_marker(self.cuts[number])}")
                found.add(number)
        return text


def _ends_escaping(data: bytes, escaping: bool) -> bool:
    """Whether the byte after `data` is escaped: an unescaped backslash ends it."""
    run = len(data) - len(data.rstrip(b"\\"))
    if run == len(data):  # only backslashes: they continue the previous chunk's run
        return (run + escaping) % 2 == 1
    return run % 2 == 1


def _map_strings(value: Any, fix: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return fix(value)
    if isinstance(value, list):
        return [_map_strings(item, fix) for item in value]
    if isinstance(value, dict):
        return {key: _map_strings(item, fix) for key, item in value.items()}
    return value
