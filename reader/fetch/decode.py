"""Content decoding with a ceiling on what comes out, counted as it is produced.

A gzip bomb is a few kilobytes on the wire and gigabytes once inflated; a decoder that inflates a
whole chunk before looking at the size has already spent the memory. zlib's `max_length` bounds each
step, so at most one step's output is held beyond what was accepted.
"""

from __future__ import annotations

import zlib

STEP = 64 * 1024
# What we ask servers for: the two encodings the standard library decodes, so nothing depends on an
# optional compression module being installed.
ACCEPT_ENCODING = "gzip, deflate"


class DecodedTooLargeError(Exception):
    """The decoded body passed the cap; `limit` is the cap."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"decodes to more than {limit:,} bytes")


class UnsupportedEncodingError(Exception):
    pass


class BoundedDecoder:
    """Feed raw body bytes, get the decoded body; raises DecodedTooLargeError past `limit` bytes."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        codings = [part.strip().lower() for part in content_encoding.split(",") if part.strip()]
        codings = [coding for coding in codings if coding != "identity"]
        if len(codings) > 1:
            raise UnsupportedEncodingError(f"stacked content encodings ({content_encoding}) are not accepted")
        self._coding = codings[0] if codings else ""
        if self._coding in ("gzip", "x-gzip"):
            self._inflater: zlib._Decompress | None = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif self._coding == "deflate":
            # "deflate" is meant to be zlib-wrapped, but some servers send a raw stream: decided at the first byte.
            self._inflater = None
        elif self._coding:
            raise UnsupportedEncodingError(f"content encoding {self._coding!r} was not asked for")
        else:
            self._inflater = None
        self._limit = limit
        self._body = bytearray()

    def feed(self, data: bytes) -> None:
        if not self._coding:
            self._keep(data)
            return
        if self._inflater is None:
            raw = not data or (data[0] & 0x0F) != 8  # a zlib header starts with the deflate method, 8
            self._inflater = zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
        pending = data
        while pending:
            try:
                self._keep(self._inflater.decompress(pending, STEP))
            except zlib.error as error:
                raise ValueError(f"the {self._coding} body is damaged ({error})") from error
            pending = self._inflater.unconsumed_tail
            if not pending and self._inflater.eof and self._inflater.unused_data and self._coding != "deflate":
                # Concatenated gzip members are one body (RFC 1952 allows them).
                pending = self._inflater.unused_data
                self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)

    def finish(self) -> bytes:
        if self._inflater is not None:
            self._keep(self._inflater.flush(STEP))
            if self._coding and not self._inflater.eof and self._body:
                raise ValueError(f"the {self._coding} body ends before its end marker")
        return bytes(self._body)

    def _keep(self, chunk: bytes) -> None:
        if len(self._body) + len(chunk) > self._limit:
            raise DecodedTooLargeError(self._limit)
        self._body += chunk
