"""A saved web page of a statement, transcript or article (a ministry's or president's site).

The page's main text is found by trafilatura, a maintained main-content extractor that drops
menus, sidebars, footers and share buttons far better than a hand-rolled heuristic, and reads the
title, the site's name, the canonical address and the publication date from the page's metadata.
The text is then read like a plain-text statement: a "place, date" line, remarks, and Q&A turns.
Nothing is fetched: the page's links and images stay where they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from reader.domain import Passage, PassageKind, Post, Source, post_id_for
from reader.errors import ImportWarning, InputError
from reader.ingest import plaintext
from reader.ingest.base import Importer
from reader.ingest.html_text import TooDeepError, check_nesting
from reader.ingest.statement import find_place_date
from reader.text.dates import as_datetime, parse_date
from reader.text.encoding import decode_bytes
from reader.text.normalize import clean_line

SOURCE_KIND = "web"
MAX_BYTES = 32 * 1024 * 1024
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_PARAGRAPH = re.compile(rb"<(?:p|article|main)[\s>]", re.IGNORECASE)
_PLACE_DATE_WITHIN = 4


def sniff(path: Path, head: bytes) -> bool:
    """An HTML page with paragraphs; the Telegram, t.me and feed importers are asked first."""
    return _HTML.search(head[:4096]) is not None and _PARAGRAPH.search(head) is not None


def _site_source(sitename: str, url: str, path: Path) -> Source:
    host = urlsplit(url).hostname or "" if url else ""
    name = " ".join(sitename.split()) or host.removeprefix("www.")
    if not name:
        return Source(key=f"file:{path.stem}", title=path.stem, kind=SOURCE_KIND)
    return Source(
        key=f"web:{(host or name).casefold()}", title=name, kind=SOURCE_KIND, url=f"https://{host}" if host else None
    )


def parse(path: Path, warnings: list[ImportWarning]) -> Iterator[Post]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from error
    yield from posts_from_html(data, path, warnings)


def posts_from_html(data: bytes, path: Path, warnings: list[ImportWarning], page_url: str | None = None) -> list[Post]:
    """The post of one statement page, from its bytes (a saved file or a fetched page at `page_url`).

    Raises:
        InputError: the page is too large, nested beyond reason, or has no main text.
    """
    if len(data) > MAX_BYTES:
        raise InputError(path, f"refused: a web page of {len(data) // (1024 * 1024)} MB is not a statement")
    try:
        check_nesting(data)
    except TooDeepError as error:
        raise InputError(path, f"refused: {error}") from error
    import trafilatura  # imported here: it takes half a second, and most imports are not web pages

    page = trafilatura.bare_extraction(
        decode_bytes(data, path), with_metadata=True, include_comments=False, include_tables=False, deduplicate=False
    )
    text = str(getattr(page, "text", "") or "") if page is not None else ""
    lines = [line for line in (clean_line(raw) for raw in text.split("\n")) if line]
    if not lines:
        raise InputError(path, "no main text found in this web page")
    title = " ".join(str(getattr(page, "title", "") or "").split())
    if lines and title and lines[0] == title:
        lines = lines[1:]
    place: str | None = None
    when: datetime | None = None
    for index, line in enumerate(lines[:_PLACE_DATE_WITHIN]):
        found = find_place_date(line)
        if found is not None:
            place, date_text = found
            when = parse_date(date_text)
            lines = lines[:index] + lines[index + 1 :]
            break
    if when is None:
        when = _metadata_date(str(getattr(page, "date", "") or ""))
    if when is None:
        warnings.append(ImportWarning(str(path), "page", "no date on the page"))
    url = str(getattr(page, "url", "") or "") or page_url
    source = _site_source(str(getattr(page, "sitename", "") or ""), url or "", path)
    passages = [Passage(title, kind=PassageKind.TITLE)] if title else []
    passages += plaintext.passages_from_lines(lines, lead=not title)
    post = Post(
        id=post_id_for(source.key, None, "\n".join([title, *lines])),
        source=source,
        passages=tuple(passages),
        date=when,
        url=url,
        title=title or (passages[0].text if passages and passages[0].kind is PassageKind.TITLE else ""),
        place=place or None,
        date_only=when is not None,
    )
    return [post]


def _metadata_date(text: str) -> datetime | None:
    try:
        return as_datetime(date.fromisoformat(text[:10])) if text else None
    except ValueError:
        return None


IMPORTER = Importer(name="web-page", sniff=sniff, parse=parse, priority=-5)
