"""Bulletin Reader's own JSON export, read back: posts as content, plus the state they carried.

The export (reader.export.jsonexport) starts with `{"format": "bulletin-reader", "version": 1`,
then a "state" block (bookmarks, notes, tags, read marks and pair decisions with timestamps) and
a "posts" list. `parse` streams the posts like any importer; the state is user data, which an
importer must not write, so the import service reads it (reader.store.stateguard.carried_state) and merges it
through the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import ijson

from reader.domain import Link, Media, MediaKind, Pair, Passage, PassageKind, Post, Source
from reader.errors import ImportWarning, InputError
from reader.ingest.base import Importer
from reader.text.dates import as_datetime
from reader.text.json_cut import StringCut

FORMAT_NAME = "bulletin-reader"
SUPPORTED_VERSION = 1
# Large reads: ijson rescans a string that spans reads, so a long text costs (length / read size)².
READ_BYTES = 4 * 1024 * 1024
_POSTS_DEPTH = 2  # {"posts": [ ... ]}: a post's strings are cut together past reader.text.json_cut's limit

_HEADER = re.compile(rb'\A\s*\{\s*"format"\s*:\s*"bulletin-reader"\s*,\s*"version"\s*:\s*(\d+)')


def sniff(path: Path, head: bytes) -> bool:
    return _HEADER.match(head.removeprefix(b"\xef\xbb\xbf")) is not None


def _check_version(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(256).removeprefix(b"\xef\xbb\xbf")
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from error
    match = _HEADER.match(head)
    if match is None:
        raise InputError(path, 'not a Bulletin Reader JSON export (no "format": "bulletin-reader" header)')
    version = int(match.group(1))
    if version > SUPPORTED_VERSION:
        raise InputError(path, f"made by a newer Bulletin Reader (format version {version}); update to import it")


def parse(path: Path, warnings: list[ImportWarning]) -> Iterator[Post]:
    """Yield the exported posts; a post that cannot be rebuilt becomes a warning naming its number."""
    _check_version(path)
    try:
        with path.open("rb") as handle:
            cutter = StringCut(handle, record_depth=_POSTS_DEPTH)
            for number, item in enumerate(
                ijson.items(cutter, "posts.item", use_float=True, buf_size=READ_BYTES), start=1
            ):
                try:
                    post = post_from_dict(cutter.resolve(item))
                except (KeyError, TypeError, ValueError, AttributeError) as error:
                    post_id = item.get("id") if isinstance(item, dict) else None
                    location = f"post {number}" + (f" ({post_id})" if isinstance(post_id, str) else "")
                    warnings.append(ImportWarning(str(path), location, f"skipped: {error}"))
                    continue
                yield post
    except (ijson.JSONError, UnicodeDecodeError) as error:
        raise InputError(path, f"the export is truncated or damaged ({error})") from error
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from error


def post_from_dict(data: Mapping[str, Any]) -> Post:
    """Rebuild a post from its export dict (reader.export.jsonexport.post_to_export_dict)."""
    post_id = _text(data["id"])
    source_key = _text(data["source_key"])
    if not post_id.startswith(source_key + "/"):
        raise ValueError(f"post id {post_id!r} does not belong to source {source_key!r}")
    source = Source(
        source_key,
        _text(data.get("source") or source_key),
        _text(data.get("source_kind") or "file"),
        _optional_text(data.get("source_url")),
    )
    passages = tuple(_passage(item) for item in data.get("passages") or [])
    media = _media(data)
    if not passages and not media:  # a photo or a voice message without a caption is a post all the same
        raise ValueError("the post has neither text nor media")
    return Post(
        id=post_id,
        source=source,
        passages=passages,
        date=_date(data.get("date")),
        date_inferred=bool(data.get("date_inferred", False)),
        date_only=_is_day(data.get("date")),
        message_id=_optional_text(data.get("message_id")),
        url=_optional_text(data.get("url")),
        title=_text(data.get("title") or ""),
        hashtags=tuple(_text(tag) for tag in data.get("hashtags") or []),
        topics=tuple(_text(topic) for topic in data.get("topics") or []),
        reactions={_text(emoji): int(count) for emoji, count in (data.get("reactions") or {}).items()},
        media=media,
        edited=_date(data.get("edited")),
        forwarded_from=_optional_text(data.get("forwarded_from")),
        reply_to=_optional_text(data.get("reply_to")),
        place=_optional_text(data.get("place")),
        views=None if data.get("views") is None else int(data["views"]),
        pairs=tuple(_pair(item) for item in data.get("pairs") or []),
    )


def _passage(item: Mapping[str, Any]) -> Passage:
    if "link_spans" in item:
        links = tuple(Link(_text(url), int(start), int(end)) for url, start, end in item["link_spans"])
    else:
        links = tuple(Link(_text(url)) for url in item.get("links") or [])
    return Passage(
        text=_text(item["text"]),
        lang=_optional_text(item.get("lang")),
        kind=PassageKind(item.get("kind") or PassageKind.BODY),
        speaker=_optional_text(item.get("speaker")),
        links=links,
        bold=bool(item.get("bold", False)),
    )


def _media(data: Mapping[str, Any]) -> tuple[Media, ...]:
    items = data.get("media_items") if "media_items" in data else data.get("media")
    found: list[Media] = []
    for item in items or []:
        if isinstance(item, Mapping):
            found.append(Media.from_dict(item))
        elif str(item) == "unavailable":
            # Older `list --json` files named only the kind, "unavailable" for media not in the export.
            found.append(Media(MediaKind.UNKNOWN, available=False))
        else:
            found.append(Media.from_dict({"kind": str(item)}))
    return tuple(found)


def _pair(item: Mapping[str, Any]) -> Pair:
    def indexes(value: Any) -> tuple[int, ...]:
        values = value if isinstance(value, list) else [value]
        return tuple(int(index) for index in values)

    return Pair(indexes(item["ru"]), indexes(item["en"]), float(item.get("score", 0.0)))


def _date(value: object) -> datetime | None:
    if value is None:
        return None
    if _is_day(value):
        return as_datetime(date.fromisoformat(_text(value)))
    return datetime.fromisoformat(_text(value))


def _is_day(value: object) -> bool:
    """ "2025-07-10": a post whose source gives only the day (`list --json` writes them so)."""
    return isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-"


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {value!r}")
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


IMPORTER = Importer(name="bulletin-json", sniff=sniff, parse=parse, priority=100)
