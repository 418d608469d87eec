"""RSS and Atom feed files, via feedparser.

The app never fetches: the file's bytes are handed to feedparser as a file object, so it can
neither fetch a URL nor open a file name it might mistake them for. Entry HTML is reduced by
the shared HTML walker (a whitelist) to paragraphs of text with their safe links.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser

from reader.domain import Media, MediaKind, Passage, PassageKind, Post, Source, post_id_for
from reader.errors import ImportWarning, InputError
from reader.ingest.base import Importer
from reader.ingest.html_text import html_fragment_to_rich, safe_href
from reader.ingest.rich_text import RichText, hashtags_in

# feedparser spends about 0.1 s per MB of entry text in pure Python; real feeds are well under
# 5 MB, and a larger file would keep an import busy past the 5 s any one file may take.
MAX_FEED_BYTES = 16 * 1024 * 1024
_SNIFF = re.compile(rb"<(?:rss|rdf:RDF)[\s>]|<feed[^>]*http://www\.w3\.org/2005/Atom", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def sniff(path: Path, head: bytes) -> bool:
    """An XML document whose root is <rss>, <rdf:RDF> or an Atom <feed>."""
    return _SNIFF.search(head[:8192]) is not None


def _struct_to_datetime(value: Any) -> datetime:
    """feedparser's UTC time tuple as an aware datetime."""
    year, month, day, hour, minute, second = (int(part) for part in value[:6])
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def _date(entry: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return _struct_to_datetime(value)
    return None


def _source(feed: Mapping[str, Any], origin: str, fallback_title: str) -> Source:
    self_link = next(
        (link.get("href") for link in feed.get("links", []) if link.get("rel") == "self" and link.get("href")),
        None,
    )
    site = safe_href(feed.get("link"))
    title = " ".join(str(feed.get("title") or "").split())
    identity = self_link or site or title or Path(origin).name
    return Source(key=f"feed:{identity}", title=title or fallback_title, kind="feed", url=site)


def _content(entry: Mapping[str, Any], link: str | None) -> RichText:
    """The fullest body the entry has: `content` when present, else `summary`."""
    candidates: list[tuple[str, str]] = []
    for content in entry.get("content") or []:
        candidates.append((str(content.get("value") or ""), str(content.get("type") or "text/html")))
    detail = entry.get("summary_detail") or {}
    if entry.get("summary"):
        candidates.append((str(entry["summary"]), str(detail.get("type") or "text/html")))
    if not candidates:
        return RichText()
    value, kind = max(candidates, key=lambda item: len(item[0]))
    if kind.lower() in _HTML_TYPES or "html" in kind.lower():
        return html_fragment_to_rich(value, base_url=link)
    rich = RichText()
    rich.add(value)
    return rich


def _media(entry: Mapping[str, Any]) -> tuple[Media, ...]:
    found: list[Media] = []
    for enclosure in entry.get("enclosures") or []:
        kind_text = str(enclosure.get("type") or "")
        kind = (
            MediaKind.PHOTO
            if kind_text.startswith("image/")
            else MediaKind.VIDEO
            if kind_text.startswith("video/")
            else MediaKind.AUDIO
            if kind_text.startswith("audio/")
            else MediaKind.FILE
        )
        # Enclosures live on the web: the reader shows them as links and never loads them itself; a refresh of
        # a followed feed downloads the images into the library (`url`).
        url = safe_href(enclosure.get("href"))
        found.append(Media(kind, path=None, available=False, name=url, url=url))
    return tuple(found)


def parse(path: Path, warnings: list[ImportWarning]) -> Iterator[Post]:
    """Posts of an RSS or Atom file, in the feed's order."""
    try:
        size = path.stat().st_size
        if size > MAX_FEED_BYTES:
            raise InputError(path, f"the feed file is too large ({size:,} bytes; the limit is {MAX_FEED_BYTES:,})")
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from error
    yield from parse_bytes(data, str(path), warnings, fallback_title=path.stem)


def parse_bytes(data: bytes, origin: str, warnings: list[ImportWarning], *, fallback_title: str = "") -> Iterator[Post]:
    """Posts of a feed's bytes (a file's or a fetched response's); `origin` names it in messages."""
    path = origin
    if len(data) > MAX_FEED_BYTES:
        raise InputError(path, f"the feed is too large ({len(data):,} bytes; the limit is {MAX_FEED_BYTES:,})")
    # A file object, never a str or bytes: feedparser treats those as a URL or a file name first
    # and would fetch or open it.
    try:
        # feedparser's own sanitiser is off: entry HTML only ever reaches our whitelist walker, which
        # keeps text and safe links and resolves relative ones, and the sanitiser is slow on deep nesting.
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False)
    except Exception as error:
        # feedparser is lenient but not total: on some damaged bytes (a broken encoding declaration)
        # it raises instead of flagging `bozo`. For the user that is an unreadable file, not a crash.
        raise InputError(path, f"not a readable RSS/Atom feed ({error.__class__.__name__}: {error})") from error
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        reason = f"not a readable RSS/Atom feed ({problem})" if problem else "the feed has no entries"
        raise InputError(path, reason)
    if parsed.get("bozo"):
        warnings.append(
            ImportWarning(str(path), "feed", f"not well-formed XML, read leniently ({parsed.get('bozo_exception')})")
        )
    source = _source(parsed.get("feed") or {}, origin, fallback_title or origin)
    for index, entry in enumerate(entries, start=1):
        try:
            post = _post(entry, source)
        except (ValueError, TypeError, AttributeError, OverflowError, KeyError, OSError) as error:
            warnings.append(ImportWarning(str(path), f"entry {index}", f"skipped: {error}"))
            continue
        if post is None:
            warnings.append(ImportWarning(str(path), f"entry {index}", "skipped: no title and no text"))
            continue
        if post.date is None:
            warnings.append(ImportWarning(str(path), f"entry {index}", "no published or updated date"))
        yield post


def _post(entry: Mapping[str, Any], source: Source) -> Post | None:
    link = safe_href(entry.get("link"))
    title = " ".join(str(entry.get("title") or "").split())
    body = _content(entry, link).passages(detect_title=False)
    if body and title and body[0].text == title:
        body = body[1:]  # some feeds repeat the title as the first paragraph
    passages: tuple[Passage, ...] = ((Passage(title, kind=PassageKind.TITLE),) if title else ()) + body
    if not passages:
        return None
    identity = str(entry.get("id") or link or title + "\n".join(p.text for p in body))
    message_id = "e" + hashlib.sha1(identity.encode("utf-8")).hexdigest()[:16]
    updated = entry.get("updated_parsed")
    return Post(
        id=post_id_for(source.key, message_id),
        source=source,
        passages=passages,
        date=_date(entry),
        message_id=message_id,
        url=link,
        title=title,
        hashtags=tuple(hashtags_in("\n".join(p.text for p in passages))),
        media=_media(entry),
        edited=_struct_to_datetime(updated) if updated and entry.get("published_parsed") else None,
    )


IMPORTER = Importer(name="feed", sniff=sniff, parse=parse, priority=10)
