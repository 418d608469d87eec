"""Decode text files in the encodings Russian and English bulletins actually come in.

Accepted: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1251 and KOI8-R.
The two legacy Cyrillic code pages decode almost any byte string without error, so
we choose between them by how plausible the result is as Russian text: in the wrong
one, lowercase letters turn into capitals and box-drawing characters.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import BinaryIO

from reader.errors import InputError
from reader.text import limits
from reader.text.normalize import normalize_text, unify_line_ends

_LEGACY_CYRILLIC = ("cp1251", "koi8_r")
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
_LOWER_CYRILLIC = re.compile(r"[а-яё]")
_MIXED_SCRIPT_WORD = re.compile(r"\b(?=\w*[A-Za-z])(?=\w*[\u0400-\u04ff])\w+\b")
_CYRILLIC_WORD = re.compile(r"\b\w*[\u0400-\u04ff]\w*\b")
# Control characters never appear in real text files except tab, LF, CR and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# The ten most frequent Russian letters: a correct decoding is dominated by them.
_FREQUENT_RUSSIAN = frozenset("оеаинтсрвл")


def read_text(path: Path, max_line_chars: int | None = None) -> str:
    """Read a whole text file and return it NFC-normalised with LF line ends.

    The file is decoded as it is read, and a line longer than `max_line_chars` (by default a whole
    post, reader.text.limits.MAX_POST_CHARS) is cut there with the limits' marker, so a dump without
    line breaks never sits in memory whole: a 59 MB one-line dump took 2.0 GB.

    Raises:
        InputError: the file cannot be read, or is not text in a supported encoding.
    """
    limit = limits.MAX_POST_CHARS if max_line_chars is None else max_line_chars
    try:
        with path.open("rb") as handle:
            head = handle.read(_READ_BYTES)
            codec = _stream_codec(head, path)
            try:
                return _read_lines(handle, head, codec, limit, path)
            except UnicodeDecodeError as error:
                if codec != "utf-8":
                    raise InputError(path, f"invalid {codec.upper()} text ({error.reason})") from error
                if error.reason == "unexpected end of data":
                    raise InputError(path, "the file ends in the middle of a character; it looks truncated") from error
            # Not UTF-8 after all: a Cyrillic code page, chosen by how its start reads as Russian.
            handle.seek(0)
            try:
                return _read_lines(handle, b"", _legacy_codec(head, path), limit, path)
            except UnicodeDecodeError as error:
                unsupported = "not text in a supported encoding (UTF-8, UTF-16, Windows-1251, KOI8-R)"
                raise InputError(path, unsupported) from error
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from error


_READ_BYTES = 1024 * 1024


def _stream_codec(head: bytes, path: Path) -> str:
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise InputError(path, "UTF-32 text is not supported; save it as UTF-8")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8"


def _read_lines(handle: BinaryIO, head: bytes, codec: str, limit: int, path: Path) -> str:
    """The text of `handle` (after `head`, already read) in `codec`, each line cut at `limit` characters."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    lines: list[str] = []
    pending = ""  # the line being read
    dropped = -1  # bytes dropped from the line being read once it was cut, else -1
    carried = ""  # a CR at the end of the last chunk: perhaps the first half of a CRLF
    chunk = head or handle.read(_READ_BYTES)
    while True:
        last = not chunk
        text = carried + decoder.decode(chunk, final=last)
        if _CONTROL.search(text):
            raise InputError(path, "this is a binary file, not text")
        carried = ""
        if "\r" in text:
            if text.endswith("\r") and not last:
                text, carried = text[:-1], "\r"
            text = unify_line_ends(text)
        for index, part in enumerate(text.split("\n")):
            if index:
                lines.append(_finished(pending, dropped))
                pending, dropped = "", -1
            if dropped >= 0:
                dropped += len(part.encode("utf-8", "surrogatepass"))
            elif len(pending) + len(part) > limit:
                room = limit - len(pending)
                pending += part[:room]
                dropped = len(part[room:].encode("utf-8", "surrogatepass"))
            else:
                pending += part
        if last:
            break
        chunk = handle.read(_READ_BYTES)
    lines.append(_finished(pending, dropped))
    return normalize_text("\n".join(lines))


def _finished(line: str, dropped: int) -> str:
    return line if dropped < 0 else f"{line} {limits.cut_marker(dropped)}"


def _legacy_codec(sample: bytes, path: Path) -> str:
    """The Cyrillic code page under which `sample` (the file's start) reads most like Russian."""
    if b"\x00" in sample:
        raise InputError(path, "this is a binary file, not text")
    best: tuple[float, str] | None = None
    for codec in _LEGACY_CYRILLIC:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        score = russian_plausibility(text)
        if score is not None and (best is None or score > best[0]):
            best = (score, codec)
    if best is None:
        raise InputError(path, "not text in a supported encoding (UTF-8, UTF-16, Windows-1251, KOI8-R)")
    return best[1]


def decode_bytes(data: bytes, path: Path | str) -> str:
    """Decode the bytes of a text file; `path` only names the file in errors.

    Raises:
        InputError: not text in UTF-8, UTF-16 (with BOM), Windows-1251 or KOI8-R.
    """
    return normalize_text(_decode(data, path))


def sniff_text(head: bytes) -> str | None:
    """Best-effort decoding of the first bytes of a file for content sniffers; None if not text.

    The head may end in the middle of a character, so the last incomplete line is dropped.
    """
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        body = head[2:]
        body = body[: len(body) - len(body) % 2]
        codec = "utf-16-le" if head.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        text = body.decode(codec, errors="ignore")
        return normalize_text(text)
    cut = head.rfind(b"\n")
    if cut > 0 and len(head) >= 4096:
        head = head[: cut + 1]
    try:
        return _decode(head, "")
    except InputError:
        return None


def _decode(data: bytes, path: Path | str) -> str:
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise InputError(path, "UTF-32 text is not supported; save it as UTF-8")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8-sig", path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.start >= len(data) - 3:
            raise InputError(path, "the file ends in the middle of a character; it looks truncated") from error
        return _decode_legacy(data, path)
    if _CONTROL.search(text):
        raise InputError(path, "this is a binary file, not text")
    return text


def _strict(data: bytes, codec: str, path: Path | str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        raise InputError(path, f"invalid {codec.upper()} text at byte {error.start}") from error
    if _CONTROL.search(text):
        raise InputError(path, "this is a binary file, not text")
    return text


def _decode_legacy(data: bytes, path: Path | str) -> str:
    unsupported = InputError(path, "not text in a supported encoding (UTF-8, UTF-16, Windows-1251, KOI8-R)")
    if b"\x00" in data:
        raise InputError(path, "this is a binary file, not text")
    best: tuple[float, str] | None = None
    for codec in _LEGACY_CYRILLIC:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = russian_plausibility(text)
        if score is not None and (best is None or score > best[0]):
            best = (score, text)
    if best is None:
        raise unsupported
    return best[1]


def russian_plausibility(text: str) -> float | None:
    """How much `text` looks like correctly decoded Russian (0..1); None when it cannot be.

    Mojibake shows as control characters, words mixing Latin and Cyrillic letters,
    mostly capital Cyrillic letters, or rare letters where frequent ones should be.
    """
    if _CONTROL.search(text):
        return None
    cyrillic = _CYRILLIC_LETTER.findall(text)
    if not cyrillic:
        return None
    non_ascii = sum(1 for char in text if not char.isascii())
    if len(cyrillic) < 0.6 * non_ascii:
        return None  # box drawing and symbols where letters should be: a wrong code page
    cyrillic_words = len(_CYRILLIC_WORD.findall(text)) or 1
    if len(_MIXED_SCRIPT_WORD.findall(text)) > 0.1 * cyrillic_words:
        return None  # "cafй": Latin-1 text read as Cyrillic
    lower = _LOWER_CYRILLIC.findall(text)
    if len(lower) < 0.5 * len(cyrillic):
        return None
    frequent = sum(1 for char in lower if char in _FREQUENT_RUSSIAN)
    return 0.5 * len(lower) / len(cyrillic) + 0.5 * frequent / max(len(lower), 1)
