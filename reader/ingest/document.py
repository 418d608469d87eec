"""A plain-text document that no other format claims: one post, the first line its title.

Used last, for text that decodes cleanly and is mostly letters (a saved article, a memo, a
statement in a shape the statement importer does not know). The date is the first full date in
the opening lines; without one, the file's modification time stands in, marked inferred.
Binary, truncated or markup files are left to the other importers, or refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from reader.domain import Passage, PassageKind, Post, Source, post_id_for
from reader.errors import ImportWarning, InputError
from reader.ingest import plaintext
from reader.ingest.base import Importer
from reader.text.dates import as_datetime, find_dates
from reader.text.encoding import read_text
from reader.text.normalize import clean_line

SOURCE_KIND = "document"
_DATE_LINES = 6
_MIN_LETTER_SHARE = 0.6
# A document is something a person reads as one post: larger text, or text without line breaks,
# is a dump or data that another importer should claim, and is refused rather than guessed at.
MAX_BYTES = 4 * 1024 * 1024


def _mostly_letters(text: str) -> bool:
    visible = [char for char in text if not char.isspace()]
    if len(visible) < 20:
        return False
    letters = sum(1 for char in visible if char.isalpha())
    return letters / len(visible) >= _MIN_LETTER_SHARE


def sniff(path: Path, head: bytes) -> bool:
    text = plaintext.text_head(head)
    if text is None or "\ufffd" in text or "\n" not in text.strip() or not _mostly_letters(text):
        return False
    try:
        return path.stat().st_size <= MAX_BYTES
    except OSError:
        return False


def parse(path: Path, warnings: list[ImportWarning]) -> Iterator[Post]:
    lines = [line for line in (clean_line(raw) for raw in read_text(path).split("\n")) if line]
    if not lines:
        raise InputError(path, "the file has no text")
    date: datetime | None = None
    inferred = False
    for line in lines[:_DATE_LINES]:
        mention = next((m for m in find_dates(line) if m.year is not None), None)
        if mention is not None and (day := mention.on_year(mention.year or 0)) is not None:
            date = as_datetime(day)
            break
    if date is None:
        try:
            date = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
        except OSError:
            date = None
        inferred = True
        warnings.append(ImportWarning(str(path), "line 1", "no date in the opening lines: the file's date is used"))
    title = lines[0]
    passages = (Passage(title, kind=PassageKind.TITLE), *plaintext.passages_from_lines(lines[1:], lead=False))
    source = Source(key=f"file:{path.stem}", title=path.stem, kind=SOURCE_KIND)
    yield Post(
        id=post_id_for(source.key, None, "\n".join(lines)),
        source=source,
        passages=passages,
        date=date,
        date_inferred=inferred,
        date_only=not inferred,
        title=title,
    )


IMPORTER = Importer(name="document", sniff=sniff, parse=parse, priority=-10)
