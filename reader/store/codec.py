"""Post <-> row conversion, kept in one place so the write and read paths agree."""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from datetime import UTC, datetime

from reader.domain import Link, Media, Passage, PassageKind, Post


def to_ts(moment: datetime | None) -> float | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def from_ts(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, tz=UTC)


def media_to_json(media: tuple[Media, ...]) -> str:
    return json.dumps([item.to_dict() for item in media], ensure_ascii=False)


def media_from_json(text: str) -> tuple[Media, ...]:
    # Rows written before media were objects hold the same keys, or the kind "unavailable".
    return tuple(Media.from_dict(item) for item in json.loads(text))


def links_to_json(links: tuple[Link, ...]) -> str:
    if not links:
        return "[]"
    return json.dumps([[link.url, link.start, link.end] for link in links], ensure_ascii=False)


def links_from_json(text: str) -> tuple[Link, ...]:
    if text == "[]":
        return ()
    return tuple(Link(url, start, end) for url, start, end in json.loads(text))


def passage_from_row(lang: str | None, kind: str, speaker: str | None, text: str, links: str, bold: int) -> Passage:
    return Passage(text, lang, PassageKind(kind), speaker, links_from_json(links), bool(bold))


PassageRow = tuple[object, ...]  # (idx, lang, kind, speaker, text, links, bold), as `prepare_post` gives them
_BODY_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def body_json(passages: Sequence[PassageRow]) -> bytes:
    """A post's passages as the JSON list its stored body compresses (see `reader.store.bodies`)."""
    return _BODY_JSON([list(row[1:]) for row in passages]).encode("utf-8", "surrogatepass")


def body_to_blob(passages: Sequence[PassageRow]) -> bytes:
    """A post's passages compressed alone, without a dictionary: one zlib stream of their JSON list.

    How bodies were stored up to schema 13, and still are in a library too small to train a dictionary
    (`reader.store.bodies.Bodies` reads both).
    """
    return zlib.compress(body_json(passages))


def snippet_of(post: Post, limit: int = 240) -> str:
    """The text shown under the title in the timeline: the body after the title line."""
    return snippet_from(post.title, post.passages, limit)


def has_own_text(post: Post) -> bool:
    """Whether `snippet_of(post)` is not empty, without building it: a passage besides the title has a word."""
    stripped = post.title.strip()
    for passage in post.passages:
        if passage.kind is not PassageKind.MEDIA:
            text = passage.text.strip()
            if text and text != stripped:
                return True
    return False


def snippet_from(title: str, passages: Sequence[Passage], limit: int = 240) -> str:
    """`snippet_of` a post's title and passages."""
    return snippet_rows(title, [(passage.text, str(passage.kind)) for passage in passages], limit)


def snippet_rows(title: str, passages: list[tuple[str, str]], limit: int) -> str:
    """`snippet_of` a post's title and (text, kind) of its passages."""
    # A poll's answers or a place's address are the media's words: the row names the media instead.
    stripped = title.strip()
    body = [text for text, kind in passages if kind != _MEDIA and text.strip() != stripped]
    text = " ".join(" ".join(body).split())
    return text[:limit]


_MEDIA = str(PassageKind.MEDIA)
