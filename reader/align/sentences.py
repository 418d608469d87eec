"""Cutting a passage into sentences, for aligning two posts sentence by sentence.

A translation keeps its original's sentences nearly one for one; two texts about the same event in
different words do not, though they share names, numbers and places. The cut is conservative: it
needs end punctuation, a space and a capital letter, digit or quotation mark after it, and does not
cut after an initial (В. Путин, J. Smith) or a short abbreviation (г., ул., Mr., U.S.).
"""

from __future__ import annotations

import re
from functools import lru_cache

_END = re.compile(r"[.!?…]+[»\"”’)]*\s+(?=[«\"“(‘]*[^\W_a-zа-яё])")
# Words that end in a full stop and do not end a sentence: initials and short abbreviations
_NOT_AN_END = re.compile(
    r"(?:\b[^\W\d_]|\b(?:[^\W\d_]\.){1,3}[^\W\d_]|\b(?:г|гг|ул|им|тыс|млн|млрд|руб|стр|см|т|Mr|Mrs|Ms|Dr|St|No|vs|etc|Jr|Sr|Inc|Ltd|Co|Gen|Col|Lt|Prof|Sen|Rep|Gov)|\bт\.[а-я])\.$",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def split_sentences(text: str) -> tuple[str, ...]:
    """The sentences of `text`, in order; a text without a cut is one sentence."""
    sentences: list[str] = []
    start = 0
    for match in _END.finditer(text):
        head = text[start : match.start() + 1].rstrip()
        if _NOT_AN_END.search(text[max(start, match.start() - 8) : match.start() + 1]):
            continue
        if head.strip():
            sentences.append(text[start : match.end()].strip())
            start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return tuple(sentences)
