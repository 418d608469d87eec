"""CSV dumps of channel posts: one row per post, a header naming the columns.

Scrapers of Telegram web previews and other channels write tables like
`message_id,date,text,urls,has_photo,views`, in any column order, with `,` `;` or tab between
fields. A table is a dump of posts when its header names a text column and a date column; an id,
links, views and a photo flag are read when present. Links are `|`, space or newline separated,
or a JSON list; relative ones (a scraper's `?q=%23tag` search links) are left out.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

from dateutil import parser as date_parser

from reader.domain import Link, Media, MediaKind, Passage, Post, Source, post_id_for
from reader.errors import ImportWarning, InputError
from reader.ingest import plaintext
from reader.ingest.base import Importer
from reader.ingest.rich_text import hashtags_in, title_of
from reader.text.dates import as_datetime
from reader.text.encoding import read_text, sniff_text
from reader.text.normalize import clean_line

SOURCE_KIND = "scrape"
# Header names, casefolded, by role; the first column matching a role wins.
_ROLES: dict[str, tuple[str, ...]] = {
    "text": ("text", "message", "message_text", "content", "body", "post", "post_text", "текст", "сообщение"),
    "date": ("date", "datetime", "date_time", "time", "timestamp", "published", "published_at", "created_at",
             "posted_at", "дата", "время"),
    "id": ("message_id", "id", "post_id", "msg_id", "message id"),
    "links": ("urls", "links", "link", "url", "ссылки"),
    "views": ("views", "view_count", "views_count", "просмотры"),
    "photo": ("has_photo", "photo", "has_media", "with_photo"),
    "channel": ("channel", "channel_name", "chat", "username", "канал"),
}  # fmt: skip
_DELIMITERS = ",;\t"
_URL = re.compile(r"https?://[^\s|,;\"'\]]+")
_POST_LINK = re.compile(r"^https?://(?:www\.)?t\.me/(?:s/)?([A-Za-z0-9_]{4,})/(\d+)")
_TRUE = frozenset({"true", "1", "yes", "y", "да", "t"})


def _header_roles(header: list[str]) -> dict[str, int]:
    names = [name.strip().strip('"').lstrip("\ufeff").casefold() for name in header]
    roles: dict[str, int] = {}
    for role, accepted in _ROLES.items():
        for index, name in enumerate(names):
            if name in accepted and index not in roles.values():
                roles[role] = index
                break
    return roles


def _dialect(first_line: str) -> str | None:
    """The delimiter of a header line that names a text and a date column, else None."""
    for delimiter in _DELIMITERS:
        try:
            header = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:  # a stray carriage return inside the line: not a table's header
            return None
        if len(header) >= 2:
            roles = _header_roles(header)
            if "text" in roles and "date" in roles:
                return delimiter
    return None


def sniff(path: Path, head: bytes) -> bool:
    text = sniff_text(head)
    if text is None:
        return False
    first = text.lstrip("\ufeff \r\n").split("\n", 1)[0].rstrip("\r")
    return _dialect(first) is not None


def parse(path: Path, warnings: list[ImportWarning]) -> Iterator[Post]:
    text = read_text(path)
    first = text.lstrip("\ufeff \r\n").split("\n", 1)[0].rstrip("\r")
    delimiter = _dialect(first)
    if delimiter is None:
        raise InputError(path, "a table without a text and a date column (expected a header like 'date,text')")
    csv.field_size_limit(16 * 1024 * 1024)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff \r\n")), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise InputError(path, f"the table cannot be read: {error}") from error
    roles = _header_roles(header)
    rows: list[tuple[int, list[str]]] = []
    try:
        rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as error:
        raise InputError(path, f"the table is broken near line {reader.line_num}: {error}") from error
    source = _source(path, rows, roles)
    count = 0
    for line, row in rows:
        try:
            post = _post(row, roles, source)
        except (ValueError, OverflowError, IndexError) as error:
            warnings.append(ImportWarning(str(path), f"line {line}", f"skipped: {error}"))
            continue
        if post is None:
            warnings.append(ImportWarning(str(path), f"line {line}", "a row without text or date was skipped"))
            continue
        count += 1
        yield post
    if count == 0:
        raise InputError(path, "no posts found in the table")


def _cell(row: list[str], roles: Mapping[str, int], role: str) -> str:
    index = roles.get(role)
    return row[index].strip() if index is not None and index < len(row) else ""


def _source(path: Path, rows: list[tuple[int, list[str]]], roles: Mapping[str, int]) -> Source:
    """The channel the table names, or else the file's name."""
    channels = {_cell(row, roles, "channel").lstrip("@") for _line, row in rows[:200]} - {""}
    if not channels:
        # A row's own link (t.me/<channel>/<its id>) names the channel the dump was taken from.
        for _line, row in rows[:200]:
            message_id = _cell(row, roles, "id")
            for link in _links(_cell(row, roles, "links")):
                match = _POST_LINK.match(link)
                if match and message_id and match.group(2) == message_id:
                    channels.add(match.group(1))
    if len(channels) == 1:
        name = channels.pop()
        return Source(f"tg:{name.lower()}", name, "telegram", f"https://t.me/{name}")
    return Source(f"file:{path.stem}", path.stem, SOURCE_KIND)


def _is_day(text: str) -> bool:
    """A date without a time ("2025-03-06", "06.03.2025")."""
    text = text.strip()
    return ":" not in text and not (text.isdigit() and len(text) >= 9) and len(text) <= 12


def _date(text: str) -> datetime:
    text = text.strip()
    if _is_day(text):
        day = date_parser.parse(text, dayfirst=bool(re.match(r"^\d{1,2}\.\d{1,2}\.\d{4}$", text))).date()
        return as_datetime(day)
    if text.isdigit() and len(text) >= 9:
        return datetime.fromtimestamp(int(text), tz=UTC)  # unix seconds
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = date_parser.parse(text, dayfirst=bool(re.match(r"^\d{1,2}\.\d{1,2}\.\d{4}", text)))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # a scraper's times without a zone: the preview's UTC
    return moment.astimezone(UTC)


def _links(text: str) -> list[str]:
    text = text.strip()
    if text.startswith("["):
        try:
            items = json.loads(text)
            return [str(item) for item in items if str(item).startswith(("http://", "https://"))]
        except ValueError:
            pass  # a Python-style list or something else: take the URLs out of the text below
    return list(dict.fromkeys(_URL.findall(text)))


def _post(row: list[str], roles: Mapping[str, int], source: Source) -> Post | None:
    body = _cell(row, roles, "text")
    date_text = _cell(row, roles, "date")
    if not body or not date_text:
        return None
    lines = [line for line in (clean_line(raw) for raw in body.replace("\r\n", "\n").split("\n")) if line]
    passages = list(plaintext.passages_from_lines(lines, lead=True))
    links = _links(_cell(row, roles, "links"))
    passages += [Passage(url, links=(Link(url, 0, len(url)),)) for url in links]
    message_id = _cell(row, roles, "id") or None
    url = next((link for link in links if _post_link_of(link, source, message_id)), None)
    if url is None and message_id and source.url:
        url = f"{source.url}/{message_id}"
    media = (Media(MediaKind.PHOTO, available=False),) if _cell(row, roles, "photo").casefold() in _TRUE else ()
    views_text = _cell(row, roles, "views")
    return Post(
        id=post_id_for(source.key, message_id, body),
        source=source,
        passages=tuple(passages),
        date=_date(date_text),
        date_only=_is_day(date_text),
        message_id=message_id,
        url=url,
        title=title_of(tuple(passages)),
        hashtags=tuple(hashtags_in(body)),
        media=media,
        views=plaintext.parse_count(views_text) if re.match(r"^\d", views_text) else None,
    )


def _post_link_of(link: str, source: Source, message_id: str | None) -> bool:
    match = _POST_LINK.match(link)
    return bool(match and message_id and match.group(2) == message_id and source.url)


IMPORTER = Importer(name="csv-dump", sniff=sniff, parse=parse, priority=5)
