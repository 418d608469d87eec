"""Whole posts and records (content + the user's state + counterparts), by rowid or id."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence

from reader.domain import Pair, Passage, Post, PostRecord, PostState, Source, apply_pair_decisions
from reader.store.bodies import Bodies
from reader.store.codec import from_ts, media_from_json, title_from
from reader.store.db import Database
from reader.store.pairs import Pairing
from reader.store.query import PostFilter, ranked_tiers
from reader.store.state import UserState
from reader.store.timeline import Cursor, Timeline
from reader.store.topics import topic_lists


class Records:
    """Posts as the reader and the exports need them, built from the other parts' answers."""

    def __init__(self, db: Database, timeline: Timeline, state: UserState, pairs: Pairing) -> None:
        self.db = db
        self._bodies = Bodies(db.connection)
        self._timeline = timeline
        self._state = state
        self._pairs = pairs

    def rowid_of(self, post_id: str) -> int | None:
        row = self.db.execute("SELECT rowid FROM posts WHERE id = ?", (post_id,)).fetchone()
        return None if row is None else int(row[0])

    def known_ids(self, post_ids: Sequence[str]) -> set[str]:
        """Those of `post_ids` that name a post in the library (asked 500 at a time)."""
        known: set[str] = set()
        for start in range(0, len(post_ids), 500):
            chunk = list(post_ids[start : start + 500])
            sql = f"SELECT id FROM posts WHERE id IN ({','.join('?' * len(chunk))})"
            known.update(row[0] for row in self.db.execute(sql, chunk))
        return known

    def unknown_ids(self, post_ids: Iterable[str]) -> int:
        """How many of `post_ids` name no post in the library (asked 500 at a time)."""
        wanted = list(post_ids)
        known = 0
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            sql = f"SELECT count(*) FROM posts WHERE id IN ({','.join('?' * len(chunk))})"
            known += int(self.db.execute(sql, chunk).fetchone()[0])
        return len(wanted) - known

    def get_posts(self, rowids: Sequence[int]) -> list[Post]:
        """Whole posts for the given rowids, in the same order (missing ones are left out)."""
        posts = self.posts_by_rowid(rowids)
        return [posts[rowid] for rowid in rowids if rowid in posts]

    def posts_by_rowid(self, rowids: Sequence[int]) -> dict[int, Post]:
        """Whole posts for the given rowids, keyed by rowid."""
        if not rowids:
            return {}
        placeholders = ",".join("?" * len(rowids))
        passages: dict[int, tuple[Passage, ...]] = {
            row[0]: self._bodies.passages(row[1])
            for row in self.db.execute(
                f"SELECT post_rowid, body FROM post_bodies WHERE post_rowid IN ({placeholders})", list(rowids)
            )
        }
        pairs: dict[int, list[Pair]] = {rowid: [] for rowid in rowids}
        for row in self.db.execute(
            f"SELECT post_rowid, ru, en, score FROM pairs WHERE post_rowid IN ({placeholders})"
            " ORDER BY post_rowid, idx",
            list(rowids),
        ):
            pairs[row[0]].append(Pair(tuple(json.loads(row[1])), tuple(json.loads(row[2])), row[3]))
        posts: dict[int, Post] = {}
        rows = self.db.execute(
            "SELECT p.rowid, p.id, s.key, s.title, s.kind, s.url, p.message_id, p.date_ts, p.date_inferred,"
            " p.url, p.title, p.hashtags, p.topics, p.reactions, p.media, p.edited_ts, p.forwarded_from,"
            " p.reply_to, p.place, p.views, p.date_only, p.title_cut"
            " FROM posts p JOIN sources s ON s.key = p.source_key"
            f" WHERE p.rowid IN ({placeholders})",
            list(rowids),
        ).fetchall()
        topics = topic_lists(self.db.connection, [row[12] for row in rows])
        for row, post_topics in zip(rows, topics, strict=True):
            rowid = row[0]
            body = passages.get(rowid, ())
            posts[rowid] = Post(
                id=row[1],
                source=Source(row[2], row[3], row[4], row[5]),
                passages=body,
                date=from_ts(row[7]),
                date_inferred=bool(row[8]),
                message_id=row[6],
                url=row[9],
                title=title_from(row[10], row[21], body[0].text if body else None),
                hashtags=tuple(json.loads(row[11])),
                topics=post_topics,
                reactions=json.loads(row[13]),
                media=media_from_json(row[14]),
                edited=from_ts(row[15]),
                forwarded_from=row[16],
                reply_to=row[17],
                place=row[18],
                views=row[19],
                pairs=tuple(pairs[rowid]),
                date_only=bool(row[20]),
            )
        return posts

    def get_record(self, post_id: str) -> PostRecord | None:
        rowid = self.rowid_of(post_id)
        if rowid is None:
            return None
        records = self.get_records([rowid])
        return records[0] if records else None

    def get_records(self, rowids: Sequence[int]) -> list[PostRecord]:
        posts = self.get_posts(rowids)
        states = self._state.states([post.id for post in posts])
        counterparts = self._pairs.counterparts_of([post.id for post in posts])
        decisions = self._pairs.pair_decisions([post.id for post in posts])
        records = []
        for post in posts:
            post_decisions = decisions.get(post.id, {})
            if post_decisions:
                post = post.with_changes(pairs=apply_pair_decisions(post.pairs, post_decisions))
            records.append(PostRecord(post, states.get(post.id, PostState()), tuple(counterparts.get(post.id, ()))))
        return records

    def iter_records(self, post_filter: PostFilter, batch: int = 200) -> Iterator[PostRecord]:
        """Whole records of a filter, newest first, loaded a page at a time.

        A search widened to the other language (`reader.store.search.widen`) gives the hits of the
        words as typed first, then what the other-language forms added, each newest first.
        """
        for tier in ranked_tiers(post_filter):
            after: Cursor | None = None
            while True:
                page = self._timeline.timeline_ids(tier, batch, after)
                if not page:
                    break
                yield from self.get_records([rowid for _, rowid in page])
                after = page[-1]
