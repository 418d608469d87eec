"""Post <-> row conversion, kept in one place so the write and read paths agree."""

from __future__ import annotations

import json
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


def snippet_of(post: Post, limit: int = 240) -> str:
    """The text shown under the title in the timeline: the body after the title line."""
    # A poll's answers or a place's address are the media's words: the row names the media instead.
    body = [
        passage.text
        for passage in post.passages
        if passage.text.strip() != post.title.strip() and passage.kind is not PassageKind.MEDIA
    ]
    text = " ".join(" ".join(body).split())
    return text[:limit]
