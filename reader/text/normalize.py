"""Unicode and whitespace normalisation applied to every imported text.

Text is stored NFC with LF line ends so that the same words typed or exported
differently (CRLF, decomposed accents, non-breaking spaces) compare equal.
"""

from __future__ import annotations

import re
import unicodedata

_HORIZONTAL_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = str.maketrans({"\u200b": None, "\u2060": None, "\ufeff": None, "\u00ad": None})
_BLANK_LINES = re.compile(r"\n{3,}")


def nfc(text: str) -> str:
    """NFC form of `text`; cheap when the text is already NFC (the usual case)."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def unify_line_ends(text: str) -> str:
    """CRLF and lone CR become LF."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalize_text(text: str) -> str:
    """NFC, LF line ends, no zero-width characters or soft hyphens; line structure is kept."""
    return nfc(unify_line_ends(text)).translate(_INVISIBLE)


def clean_line(line: str) -> str:
    """One line as stored: invisible characters removed, runs of spaces collapsed, ends trimmed."""
    return _HORIZONTAL_SPACE.sub(" ", line.translate(_INVISIBLE)).strip()


def collapse_blank_lines(text: str) -> str:
    """At most one empty line between paragraphs."""
    return _BLANK_LINES.sub("\n\n", text)


def comparable(line: str) -> str:
    """The form used to recognise the same line twice: cleaned and case-folded."""
    return clean_line(line).casefold()
