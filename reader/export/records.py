"""The JSON shape of a post, shared by `list --json`, `show --json` and the JSON export."""

from __future__ import annotations

from typing import Any

from reader.domain import Pair, Post, PostRecord


def pair_to_dict(pair: Pair) -> dict[str, Any]:
    """A bead as JSON: a single passage index as an int, several (1–2, 2–1 beads) as a list."""
    return {
        "ru": pair.ru[0] if len(pair.ru) == 1 else list(pair.ru),
        "en": pair.en[0] if len(pair.en) == 1 else list(pair.en),
        "score": round(pair.score, 3),
        "confirmed": pair.confirmed,
    }


def _date_text(post: Post) -> str | None:
    """ISO time, or only the day ("2025-07-10") when the source gives no time."""
    if post.date is None:
        return None
    return post.date.date().isoformat() if post.date_only else post.date.isoformat()


def record_to_dict(record: PostRecord) -> dict[str, Any]:
    post, state = record.post, record.state
    return {
        "id": post.id,
        "source": post.source.title,
        "source_key": post.source.key,
        "url": post.url,
        "date": _date_text(post),
        "date_inferred": post.date_inferred,
        "title": post.title,
        "languages": list(post.languages),
        "topics": list(post.topics),
        "hashtags": list(post.hashtags),
        "reactions": dict(post.reactions),
        "media": [item.to_dict() for item in post.media],
        "views": post.views,
        "place": post.place,
        "edited": post.edited.isoformat() if post.edited else None,
        "forwarded_from": post.forwarded_from,
        "reply_to": post.reply_to,
        "read": state.read,
        "bookmarked": state.bookmarked,
        "note": state.note,
        "tags": list(state.tags),
        "passages": [
            {
                "index": index,
                "lang": passage.lang,
                "kind": str(passage.kind),
                "text": passage.text,
                **({"speaker": passage.speaker} if passage.speaker else {}),
                **({"links": [link.url for link in passage.links]} if passage.links else {}),
            }
            for index, passage in enumerate(post.passages)
        ],
        "pairs": [pair_to_dict(pair) for pair in post.pairs],
        "counterparts": [{"id": item.post_id, "score": round(item.score, 3)} for item in record.counterparts],
    }
