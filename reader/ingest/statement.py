"""Ministry web statements and transcripts saved as plain text.

The shape, as the ministry's site prints it:

    Photo: MFA                                   <- a photo credit, not the title
    Foreign Minister Sergey Lavrov's remarks ... <- the title
    Kuala Lumpur, July 11, 2025                  <- place and date
    Good afternoon. ...                          <- remarks
    Question: ...                                <- question / answer turns
    Sergey Lavrov: ...
    read more in our Telegram-channel https://t.me/...   <- the post's link, not text

One file is one post.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from reader.domain import Passage, PassageKind, Post, Source, post_id_for
from reader.errors import ImportWarning, InputError
from reader.ingest import plaintext
from reader.ingest.base import Importer
from reader.ingest.scraped import has_dump_evidence
from reader.text.dates import find_dates, parse_date
from reader.text.encoding import read_text
from reader.text.normalize import clean_line

SOURCE_KIND = "statement"
_PLACE_DATE_WITHIN = 8  # the place/date line sits right under the title
_CREDIT = re.compile(r"^(?:photo|фото|photo credit|source|источник)\s*:", re.IGNORECASE)
# The place may itself hold commas ("Москва, Кремль", "Kuala Lumpur, Malaysia"): every comma is tried.
_PLACE = re.compile(r"^[^\d:;!?]{2,100}$")
_PLACE_PART = re.compile(r"^[^\d:;.!?]{2,60}$")
_TIME_OF_DAY = re.compile(r"(?:^|(?<=[\s,]))\d{1,2}[:.]\d{2}(?!\d)(?:\s*(?:ч\.?|час\w*|UTC|MSK|МСК|GMT)(?!\w))?")
_CHANNEL_LINK = re.compile(r"(?P<url>https?://\S+)\s*$")
_CHANNEL_LINK_MAX_CHARS = 160
_TME_CHANNEL = re.compile(r"^https?://(?:www\.)?t\.me/([A-Za-z][A-Za-z0-9_]{3,})/?$")


def _only_a_date(text: str) -> bool:
    """A full date and nothing else but «года»/"г." and a time of day ("6 марта 2025 года, 14:30")."""
    mentions = find_dates(text)
    if not mentions or mentions[0].year is None or mentions[0].start != 0:
        return False
    rest = text[mentions[0].end :].strip(" .,")
    rest = _TIME_OF_DAY.sub("", rest).strip(" .,")
    return rest in ("", "года", "г")


def find_place_date(line: str) -> tuple[str, str] | None:
    """("Kuala Lumpur", "July 11, 2025") when the line is only a place and a full date.

    Either language and either order, with or without a time of day: "Москва, Кремль, 6 марта 2025
    года", "Kuala Lumpur, July 11, 2025", "6 марта 2025 года, Москва, Кремль", "6 марта 2025 года,
    14:30", "March 6, 2025" (a date line without a place gives an empty place).
    """
    if plaintext.starts_with_emoji(line) or len(line) > 160:
        return None
    if _only_a_date(line):
        return "", line
    # The date first ("6 марта 2025 года, Москва"): the place is what follows its last comma-free part.
    mentions = find_dates(line)
    if mentions and mentions[0].year is not None and mentions[0].start == 0:
        end = mentions[0].end
        rest = line[end:].lstrip(" .")
        for suffix in ("года", "г."):
            rest = rest.removeprefix(suffix).lstrip(" .")
        rest = ", ".join(part.strip() for part in _TIME_OF_DAY.sub("", rest).split(",") if part.strip())
        if rest and _PLACE.match(rest) and all(_PLACE_PART.match(part.strip()) for part in rest.split(",")):
            return rest, line[:end].strip()
    position = line.find(",")
    while position > 0:
        place, date_text = line[:position].strip(), line[position + 1 :].strip()
        if not _PLACE.match(place) or not all(_PLACE_PART.match(part.strip()) for part in place.split(",")):
            return None
        mentions = find_dates(date_text)
        if _only_a_date(date_text):
            return place, date_text
        position = line.find(",", position + 1)
    return None


def _source_title(channel_url: str | None) -> str:
    """The channel the statement points to ("read more in our Telegram-channel https://t.me/NAME")."""
    match = _TME_CHANNEL.match(channel_url or "")
    return match.group(1).replace("_", " ").strip() if match else ""


def sniff(path: Path, head: bytes) -> bool:
    """Plain text with a place/date line under its title and without the marks of a channel scrape."""
    if not head:
        return False
    text = plaintext.text_head(head)
    if text is None:
        return False
    top = [line for line in (clean_line(raw) for raw in text.split("\n", 40)[:40]) if line][:_PLACE_DATE_WITHIN]
    if not any(find_place_date(line) for line in top):
        return False
    return not has_dump_evidence(text)


def parse(path: Path, warnings: list[ImportWarning]) -> Iterator[Post]:
    """The one post of a statement file."""
    lines = [line for line in (clean_line(raw) for raw in read_text(path).split("\n")) if line]
    if not lines:
        raise InputError(path, "the file has no text")
    while lines and _CREDIT.match(lines[0]):
        lines.pop(0)  # a photo credit: it names the photo's author, it is not the title or the text
    place: str | None = None
    date_text: str | None = None
    place_index = next((index for index, line in enumerate(lines[:_PLACE_DATE_WITHIN]) if find_place_date(line)), None)
    if place_index is None:
        warnings.append(ImportWarning(str(path), "line 1", "no place and date line under the title"))
        heading, body = lines[:1], lines[1:]
    else:
        place, date_text = find_place_date(lines[place_index])  # type: ignore[misc]
        heading, body = lines[:place_index], lines[place_index + 1 :]
        if not heading and body:
            heading, body = body[:1], body[1:]  # the date line first, then the title (a president's site)
    url: str | None = None
    if body:
        link = _CHANNEL_LINK.search(body[-1])
        if link and len(body[-1]) <= _CHANNEL_LINK_MAX_CHARS:
            url = link.group("url")
            body = body[:-1]
    title = heading[0] if heading else ""
    passages: list[Passage] = [Passage(line, kind=PassageKind.TITLE) for line in heading]
    passages.extend(plaintext.passages_from_lines(body, lead=False))
    if not passages:
        raise InputError(path, "the statement has no text")
    # "Read more in our Telegram channel https://t.me/NAME" names the channel, not this statement: the
    # address belongs to the source, and "open original" must not open a channel's front page.
    channel_url = url if _TME_CHANNEL.match(url or "") else None
    if channel_url is not None:
        url = None
    source = Source(
        key=f"file:{path.stem}", title=_source_title(channel_url) or path.stem, kind=SOURCE_KIND, url=channel_url
    )
    identity = "\n".join([*heading, *body])
    yield Post(
        id=post_id_for(source.key, None, identity),
        source=source,
        passages=tuple(passages),
        date=parse_date(date_text) if date_text else None,
        url=url,
        title=title,
        place=place or None,
        date_only=date_text is not None,
    )


IMPORTER = Importer(name="statement", sniff=sniff, parse=parse)
