"""Unicode and whitespace normalisation applied to every imported text.

Text is stored NFC with LF line ends so that the same words typed or exported
differently (CRLF, decomposed accents, non-breaking spaces) compare equal.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width characters and soft hyphens. A regular expression, not str.translate: translate with a
# mapping runs per character in Python-level lookups and is many times slower on long texts.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
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
    return _INVISIBLE.sub("", nfc(unify_line_ends(text)))


def clean_line(line: str) -> str:
    """One line as stored: invisible characters removed, runs of spaces collapsed, ends trimmed."""
    # str.split() without arguments splits at every Unicode space (no-break, thin, ideographic ...).
    return " ".join(_INVISIBLE.sub("", line).split())


def collapse_blank_lines(text: str) -> str:
    """At most one empty line between paragraphs."""
    return _BLANK_LINES.sub("\n\n", text)


def comparable(line: str) -> str:
    """The form used to recognise the same line twice: cleaned and case-folded."""
    return clean_line(line).casefold()
