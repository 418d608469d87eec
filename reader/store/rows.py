"""A post turned into the rows the store writes, without touching the database.

Preparing rows is most of an import's Python work (JSON fields, the FTS stems, the content digest),
and it needs no connection, so import workers in other processes do it; the process holding the
transaction then only runs the INSERTs. Everything here is plain data that pickles cheaply.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from reader.domain import Post, Source
from reader.store.codec import has_own_text, links_to_json, media_to_json, to_ts
from reader.store.search import index_document

KEY_SEPARATOR = "\x1f"  # counterpart keys hold spaces ("topic:Middle East"), never a unit separator


@dataclass(frozen=True, slots=True)
class PreparedPost:
    """The rows of one post, rowid left out: the store assigns it."""

    id: str
    source: Source
    # posts columns from source_key to pair_count, in the order of POST_COLUMNS
    values: tuple[object, ...]
    digest: str | None  # of everything an import may change; None: the writer works it out (`content_digest`)
    passages: tuple[tuple[object, ...], ...]  # (idx, lang, kind, speaker, text, links, bold)
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    pairs: tuple[tuple[object, ...], ...]  # (idx, ru json, en json, score)
    # counterpart keys joined by KEY_SEPARATOR; None: left to the linking (`LinkQueue.unkeyed`, `set_keys`)
    keys: str | None
    fts: str | None  # the stemmed text the search index holds; None: the store stems it when writing

    def content_kind(self) -> str:
        """What the post is, for the import summary: its first media kind, or "text" without media."""
        media = str(self.values[_MEDIA])
        if media == "[]":
            return "text"
        items = json.loads(media)
        return str(items[0].get("kind", "unknown")) if items else "text"

    def __reduce__(self) -> tuple[type[PreparedPost], tuple[object, ...]]:
        # Sent from import workers by the thousand: pickled as the plain tuple of its fields, a post
        # loads in a quarter of the time the dataclass's own per-field __setstate__ takes.
        return (
            PreparedPost,
            (
                self.id,
                self.source,
                self.values,
                self.digest,
                self.passages,
                self.languages,
                self.topics,
                self.pairs,
                self.keys,
                self.fts,
            ),
        )

    def content_digest(self) -> str:
        """A digest of everything an import may change, to tell an updated post from an unchanged one."""
        if self.digest is not None:
            return self.digest
        return _digest(self.source.title, self.values, self.passages, self.pairs)

    def index_text(self) -> str:
        """The stemmed text of the search index (see `reader.store.search.index_document`)."""
        if self.fts is not None:
            return self.fts
        return index_document(str(self.values[_TITLE]), [str(row[_PASSAGE_TEXT]) for row in self.passages])


POST_COLUMNS = (
    "source_key",
    "message_id",
    "date_ts",
    "sort_ts",
    "date_inferred",
    "url",
    "title",
    "has_text",  # whether the post has text of its own besides its title (a non-empty snippet)
    "languages",
    "hashtags",
    "topics",
    "reactions",
    "media",
    "edited_ts",
    "forwarded_from",
    "reply_to",
    "place",
    "views",
    "pair_count",
    "date_only",
)


_encode = json.JSONEncoder(ensure_ascii=False).encode


def _json_list(items: Sequence[object]) -> str:
    # most posts have no hashtags, reactions, media or links: skip the encoder for them
    return _encode(list(items)) if items else "[]"


_TITLE = POST_COLUMNS.index("title")
_MEDIA = POST_COLUMNS.index("media")
_PASSAGE_TEXT = 4


def prepare_post(
    post: Post, keys: Iterable[str] | None = (), *, stem: bool = True, fts: str | None = None
) -> PreparedPost:
    """The rows of `post` and its counterpart-search keys, and a digest of everything an import may change.

    `stem=False` leaves the search index's stems and the digest to the process that writes: import
    workers send posts that way, so the writer, idle otherwise, takes a share of the work. `fts`: the
    stems, found already (`index_document` of the post's title and passages).
    """
    date_ts = to_ts(post.date)
    languages = post.languages  # worked out from the passages at each read
    passages = tuple(
        (
            index,
            passage.lang,
            str(passage.kind),
            passage.speaker,
            passage.text,
            links_to_json(passage.links),
            int(passage.bold),
        )
        for index, passage in enumerate(post.passages)
    )
    pairs = tuple(
        (index, _encode(list(pair.ru)), _encode(list(pair.en)), pair.score) for index, pair in enumerate(post.pairs)
    )
    values: tuple[object, ...] = (
        post.source.key,
        post.message_id,
        date_ts,
        date_ts or 0.0,
        int(post.date_inferred),
        post.url,
        post.title,
        int(has_own_text(post)),
        " ".join(languages),
        _json_list(post.hashtags),
        _json_list(post.topics),
        _encode(dict(post.reactions)) if post.reactions else "{}",
        media_to_json(post.media) if post.media else "[]",
        to_ts(post.edited),
        post.forwarded_from,
        post.reply_to,
        post.place,
        post.views,
        len(post.pairs),
        int(post.date_only),
    )
    return PreparedPost(
        id=post.id,
        source=post.source,
        values=values,
        digest=_digest(post.source.title, values, passages, pairs) if stem else None,
        passages=passages,
        languages=languages,
        topics=tuple(dict.fromkeys(post.topics)),
        pairs=pairs,
        keys=None if keys is None else KEY_SEPARATOR.join(sorted(set(keys))),
        fts=fts if fts is not None or not stem else index_document(post.title, [p.text for p in post.passages]),
    )


def _digest(
    title: str,
    values: tuple[object, ...],
    passages: tuple[tuple[object, ...], ...],
    pairs: tuple[tuple[object, ...], ...],
) -> str:
    # The rows already hold every field an import may change; their repr is a stable, cheap payload.
    # The source title is not in them (it lives in `sources`) but a renamed channel is an update too.
    payload = repr((title, values, passages, [(ru, en, round(cast(float, score), 4)) for _, ru, en, score in pairs]))
    return hashlib.sha1(payload.encode("utf-8", "surrogatepass")).hexdigest()
