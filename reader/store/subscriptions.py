"""Followed sources: the address, the interval, and how the last refreshes went.

One row per followed source, keyed by the source key its posts carry. A refresh stores its posts
first and its outcome (cursor, validators, schedule) after, so a crash in between only makes the
next refresh read a little more than it needed to.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from reader.domain import Media, Source, Subscription
from reader.store.codec import media_from_json
from reader.store.db import Database
from reader.store.fts import unindex

_COLUMNS = (
    "source_key, kind, url, every_minutes, backfill, created_at, last_refresh, last_attempt, last_error,"
    " failures, next_refresh, etag, last_modified, cursor"
)


class Subscriptions:
    """Reads and writes of the subscriptions table; each call is its own transaction (or joins the caller's)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def all(self) -> list[Subscription]:
        return [_from_row(row) for row in self.db.execute(f"SELECT {_COLUMNS} FROM subscriptions ORDER BY source_key")]

    def get(self, key: str) -> Subscription | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM subscriptions WHERE source_key = ?", (key,)).fetchone()
        return _from_row(row) if row is not None else None

    def add(self, subscription: Subscription, source: Source) -> bool:
        """Follow a source; False when it is followed already (nothing changes then).

        The source's row is made too, so it can be named and listed before its first refresh.
        """
        with self.db.transaction():
            if self.get(subscription.key) is not None:
                return False
            self.db.execute(
                "INSERT OR IGNORE INTO sources (key, title, kind, url) VALUES (?,?,?,?)",
                (source.key, source.title, source.kind, source.url),
            )
            self.db.execute(
                f"INSERT INTO subscriptions ({_COLUMNS}) VALUES ({','.join('?' * 14)})",
                _to_row(subscription),
            )
        return True

    def update(self, subscription: Subscription) -> None:
        """Store a refresh's outcome (or changed settings) for an existing subscription."""
        with self.db.transaction():
            self.db.execute(
                "UPDATE subscriptions SET kind=?, url=?, every_minutes=?, backfill=?, created_at=?, last_refresh=?,"
                " last_attempt=?, last_error=?, failures=?, next_refresh=?, etag=?, last_modified=?, cursor=?"
                " WHERE source_key=?",
                (*_to_row(subscription)[1:], subscription.key),
            )

    def remove(self, key: str, *, delete_posts: bool) -> list[str]:
        """Stop following a source; with `delete_posts`, its posts go too. Returns the deleted post ids.

        The user's read marks, bookmarks and notes of deleted posts stay in the state tables (keyed by
        post id), so subscribing again brings the posts back with them.
        """
        with self.db.transaction():
            self.db.execute("DELETE FROM subscriptions WHERE source_key = ?", (key,))
            if not delete_posts:
                return []
            deleted = [row[0] for row in self.db.execute("SELECT id FROM posts WHERE source_key = ?", (key,))]
            self._delete_posts(deleted)
            self.db.execute("DELETE FROM sources WHERE key = ?", (key,))
        return deleted

    def _delete_posts(self, post_ids: Sequence[str]) -> None:
        for start in range(0, len(post_ids), 500):
            chunk = list(post_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rowids = [row[0] for row in self.db.execute(f"SELECT rowid FROM posts WHERE id IN ({marks})", chunk)]
            # The search index is an FTS5 table without foreign keys: its rows go by hand, before the text.
            unindex(self.db.connection, rowids)
            self.db.execute(f"DELETE FROM counterparts WHERE post_id IN ({marks}) OR other_id IN ({marks})", chunk * 2)
            self.db.execute(f"DELETE FROM posts WHERE id IN ({marks})", chunk)

    def sources(self) -> list[Source]:
        """Every source of the library, followed or imported."""
        return [Source(*row) for row in self.db.execute("SELECT key, title, kind, url FROM sources ORDER BY key")]

    def offline_media(self, key: str, limit: int = 400) -> dict[str, tuple[Media, ...]]:
        """The media of a source's newest posts that have a file in the media folder, by post id."""
        return {
            str(post_id): media_from_json(str(media))
            for post_id, media in self.db.execute(
                "SELECT id, media FROM posts WHERE source_key = ? AND instr(media, '\"media/') > 0"
                " ORDER BY sort_ts DESC LIMIT ?",
                (key, limit),
            )
        }

    def recent_message_ids(self, key: str, limit: int) -> frozenset[str]:
        """Message ids of a source's newest `limit` posts."""
        return frozenset(
            str(row[0])
            for row in self.db.execute(
                "SELECT message_id FROM posts WHERE source_key = ? AND message_id IS NOT NULL"
                " ORDER BY sort_ts DESC LIMIT ?",
                (key, limit),
            )
        )

    def bookmarked_media(self) -> set[str]:
        """Paths (relative to the data folder) of the media of bookmarked posts: never evicted."""
        paths: set[str] = set()
        for (media,) in self.db.execute(
            "SELECT p.media FROM posts p JOIN post_state s ON s.post_id = p.id"
            " WHERE s.bookmarked = 1 AND instr(p.media, '\"media/') > 0"
        ):
            paths.update(item.path for item in media_from_json(str(media)) if item.path)
        return paths

    def titles(self) -> dict[str, str]:
        """Every source's key and the name it goes by."""
        return {str(key): str(title) for key, title in self.db.execute("SELECT key, title FROM sources")}

    def post_counts(self) -> dict[str, tuple[int, int]]:
        """Per source key: (posts, unread posts)."""
        counts: dict[str, tuple[int, int]] = {}
        for key, total, unread in self.db.execute(
            "SELECT p.source_key, count(*), sum(CASE WHEN coalesce(s.read, 0) = 0 THEN 1 ELSE 0 END)"
            " FROM posts p LEFT JOIN post_state s ON s.post_id = p.id GROUP BY p.source_key"
        ):
            counts[str(key)] = (int(total), int(unread or 0))
        return counts


def _to_row(item: Subscription) -> tuple[object, ...]:
    return (
        item.key,
        item.kind,
        item.url,
        item.every_minutes,
        item.backfill,
        item.created_at or time.time(),
        item.last_refresh,
        item.last_attempt,
        item.last_error,
        item.failures,
        item.next_refresh,
        item.etag,
        item.last_modified,
        item.cursor,
    )


def _from_row(row: Sequence[object]) -> Subscription:
    (
        key,
        kind,
        url,
        every,
        backfill,
        created,
        last_refresh,
        last_attempt,
        error,
        failures,
        due,
        etag,
        modified,
        cursor,
    ) = row
    return Subscription(
        key=str(key),
        kind=str(kind),
        url=str(url),
        every_minutes=int(str(every)),
        backfill=int(str(backfill)),
        created_at=float(str(created)),
        last_refresh=_float(last_refresh),
        last_attempt=_float(last_attempt),
        last_error=str(error) if error is not None else None,
        failures=int(str(failures)),
        next_refresh=_float(due),
        etag=str(etag) if etag is not None else None,
        last_modified=str(modified) if modified is not None else None,
        cursor=str(cursor) if cursor is not None else None,
    )


def _float(value: object) -> float | None:
    return float(str(value)) if value is not None else None
