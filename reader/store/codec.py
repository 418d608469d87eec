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


# A title the store does not keep as text: the start of the post's first passage, cut at `n`
# characters, followed by an ellipsis when the cut is given negative (see `title_cut`).
_ELLIPSIS = "…"


def title_cut(title: str, first_text: str | None) -> int | None:
    """How a post's title is made from its first passage's text, if it is: the characters kept, negative
    when an ellipsis follows them; None when the title must be stored as it is.

    Most titles are their post's first line, whole or cut (68 % and 32 % of the benchmark's), and
    storing them again took a sixth of a library.
    """
    if not title or first_text is None:
        return None
    if first_text.startswith(title):
        return len(title)
    kept = title[: -len(_ELLIPSIS)]
    if title.endswith(_ELLIPSIS) and kept and first_text.startswith(kept):
        return -len(kept)
    return None


def title_from(stored: str, cut: int | None, first_text: str | None) -> str:
    """A post's title from its stored column and cut (`title_cut`) and its first passage's text."""
    if cut is None or first_text is None:
        return stored
    return first_text[:cut] if cut >= 0 else first_text[:-cut] + _ELLIPSIS
