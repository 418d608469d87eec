"""A post's stored body: its passages compressed with a dictionary the library trained on its own first posts.

SQLite-specific only in its SQL. Posts are short (700 bytes of JSON on average on the benchmark), and
zlib compressing each alone starts from nothing every time; with a preset dictionary (`zdict`) holding
text of the library's own earlier posts, the words, names and standing phrases a channel repeats cost
a back-reference: 410 → 270 bytes a post on the 20,000-post benchmark library, for 20 µs more per post
written and 3 µs more per post read. The dictionary is the last 32 KB of the first batch of posts an
import writes (at least `TRAIN_POSTS` of them; a smaller library keeps plain zlib until one comes), and
is stored in the library (`body_dictionaries`), never changed: a body names its dictionary by the
dictionary's CRC-32, so a body can only ever be read with the dictionary it was written with.

Blobs: plain zlib streams (`codec.body_to_blob`, a first byte 0x78) as before, or `_WITH_DICTIONARY`,
the dictionary's CRC-32 (4 bytes, little-endian) and a raw deflate stream.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Sequence

from reader.domain import Passage
from reader.store.codec import PassageRow, body_json, passage_from_row, snippet_rows, title_from

# v14; IF NOT EXISTS: a library whose version was set back has it
CREATE_TABLE = "CREATE TABLE IF NOT EXISTS body_dictionaries (id INTEGER PRIMARY KEY, dictionary BLOB NOT NULL)"
# A dictionary is trained from a batch of at least this many posts with text, this many bytes of it
TRAIN_POSTS = 200
DICTIONARY_BYTES = 32 * 1024
_WITH_DICTIONARY = 1
_LEVEL, _MEMORY, _WINDOW = 6, 8, 15

PassageRowOut = tuple[str | None, str, str | None, str, str, int]


class Bodies:
    """Encodes and decodes the bodies of one library's connection; decoding needs no transaction.

    Keeps the dictionaries it read (keyed by their CRC-32, so a dictionary never stands for another).
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._decoders: dict[int, zlib._Decompress] = {}

    def blobs(self, items: Sequence[Sequence[PassageRow]]) -> list[bytes]:
        """The stored body of each post's passages (idx, lang, kind, speaker, text, links, bold); call
        inside the write transaction. With no dictionary yet and enough posts, trains one first."""
        texts = [body_json(passages) for passages in items]
        row = self._connection.execute("SELECT id, dictionary FROM body_dictionaries ORDER BY rowid LIMIT 1").fetchone()
        if row is None:
            if sum(1 for passages in items if passages) < TRAIN_POSTS:
                return [zlib.compress(text) for text in texts]
            dictionary = b"".join(texts)[-DICTIONARY_BYTES:]
            crc = zlib.crc32(dictionary)
            self._connection.execute("INSERT INTO body_dictionaries (id, dictionary) VALUES (?, ?)", (crc, dictionary))
        else:
            crc, dictionary = int(row[0]), bytes(row[1])
        encoder = zlib.compressobj(_LEVEL, zlib.DEFLATED, -_WINDOW, _MEMORY, zlib.Z_DEFAULT_STRATEGY, dictionary)
        header = bytes((_WITH_DICTIONARY,)) + crc.to_bytes(4, "little")
        blobs = []
        for text in texts:
            compressor = encoder.copy()  # the dictionary is taken in once, not per post
            blobs.append(header + compressor.compress(text) + compressor.flush())
        return blobs

    def rows(self, blob: bytes) -> list[PassageRowOut]:
        """(lang, kind, speaker, text, links, bold) of each passage of a stored body, in order."""
        if blob[0] == _WITH_DICTIONARY:
            decoder = self._decoder(int.from_bytes(blob[1:5], "little")).copy()
            text = decoder.decompress(blob[5:]) + decoder.flush()
        else:
            text = zlib.decompress(blob)
        return [tuple(row) for row in json.loads(text.decode("utf-8", "surrogatepass"))]

    def passages(self, blob: bytes) -> tuple[Passage, ...]:
        return tuple(passage_from_row(*row) for row in self.rows(blob))

    def texts(self, blob: bytes) -> list[str]:
        """The text of each passage of a stored body, in order."""
        return [row[3] for row in self.rows(blob)]

    def title_and_snippet(
        self, stored_title: str, cut: int | None, blob: bytes | None, has_text: bool, limit: int = 240
    ) -> tuple[str, str]:
        """A post's title (`codec.title_from`) and snippet (`codec.snippet_of`, "" without text of its
        own) from its stored title, title cut and body (None: not read, for a post with neither)."""
        if blob is None:
            return stored_title, ""
        rows = self.rows(blob)
        title = title_from(stored_title, cut, rows[0][3] if rows else None)
        return title, snippet_rows(title, [(row[3], row[1]) for row in rows], limit) if has_text else ""

    def _decoder(self, crc: int) -> zlib._Decompress:
        decoder = self._decoders.get(crc)
        if decoder is None:
            row = self._connection.execute("SELECT dictionary FROM body_dictionaries WHERE id = ?", (crc,)).fetchone()
            if row is None:
                raise sqlite3.DatabaseError(f"a post's text names a compression dictionary not in the library ({crc})")
            decoder = self._decoders[crc] = zlib.decompressobj(-_WINDOW, bytes(row[0]))
        return decoder
