"""Timeline queries: pages of post ids by filter, their rows, counts and the filter panel's facets.

SQLite-specific here: the FTS5 `MATCH` counts that choose a query plan (`_hit_count`), row-value keyset
paging and `PRAGMA data_version`; the WHERE clauses come from reader.store.query."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from reader.align.link_status import status
from reader.domain import Media
from reader.store import history
from reader.store.bodies import Bodies
from reader.store.codec import from_ts, media_from_json
from reader.store.db import Database
from reader.store.facets import count_within
from reader.store.query import PostFilter, Where, build_where, ranked_tiers
from reader.store.topics import TOPIC_COUNTS, TOPIC_IDS, topic_lists

# From this many search hits (or posts of the rarest topic filtered on) on, a timeline page is found
# by walking the posts in date order and testing each, not by fetching every hit and sorting it: at
# 100,000 posts a common word's page took 33 ms the one way and 18 ms the other, and a rare word's
# 0.2 ms and 50 ms; a topic of 500 posts took 25 ms walking and 0.2 ms fetched.
WALK_DATES_HITS = 3000
# A walk that has not filled its page within WALK_LIMIT posts of the date index, or three times as many
# as there are hits, gives up, and the page is fetched and sorted instead: the hits were too few under
# the other filters (a word in a rare language) for a walk. At 1,000,000 posts a walk costs about 1.5 µs
# a post (0.4 s for the 250,000 posts "summit lang:ru" needed), fetching about 5 µs a hit.
WALK_LIMIT = 20_000
_WALK_PER_HIT = 3
_UNREAD_SQL = "NOT EXISTS (SELECT 1 FROM post_state s WHERE s.post_id = p.id AND s.read = 1)"


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """What one timeline line shows; built in pages, never for the whole library."""

    rowid: int
    id: str
    date: datetime | None
    date_inferred: bool
    source_title: str
    title: str
    snippet: str
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    reactions: dict[str, int]
    read: bool
    bookmarked: bool
    has_pairs: bool
    has_counterpart: bool
    url: str | None
    media: tuple[Media, ...]
    date_only: bool = False
    # the counterpart link: "confirmed" (by the user), "automatic", "doubtful" (low confidence) or ""
    counterpart_status: str = ""
    note: str = ""  # the user's note and tags, shown on bookmarked rows
    tags: tuple[str, ...] = ()


# How far below every date the cursors of a widened search's added hits are listed (sort_ts is in
# seconds since 1970: about 1.8e9 now)
WIDENED_SHIFT = 1e12


def listed_date(sort_ts: float) -> float:
    """The sort date of a listed cursor's post (undoing the shift of a widened search's added hits)."""
    return sort_ts + WIDENED_SHIFT if sort_ts < -WIDENED_SHIFT / 2 else sort_ts


def _link_status(score: float | None, confirmed: bool) -> str:
    if score is None and not confirmed:
        return ""
    return status(score or 0.0, confirmed)


@dataclass(frozen=True, slots=True)
class Facet:
    key: str
    label: str
    total: int
    unread: int


@dataclass(frozen=True, slots=True)
class Facets:
    sources: tuple[Facet, ...]
    languages: tuple[Facet, ...]
    topics: tuple[Facet, ...]
    total: int
    unread: int
    bookmarked: int
    tags: tuple[Facet, ...] = ()  # the user's tags, each with the number of posts that carry it


Cursor = tuple[float, int]  # (sort_ts, rowid) of the last row of a page


class Timeline:
    """Read-only queries behind the timeline, the filter panel and bulk actions."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._bodies = Bodies(db.connection)

    def is_empty(self) -> bool:
        return self.db.execute("SELECT 1 FROM posts LIMIT 1").fetchone() is None

    def post_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM posts").fetchone()[0])

    def data_version(self) -> int:
        """Changes whenever another connection (another process) commits, to the content or the state."""
        content = int(self.db.execute("PRAGMA main.data_version").fetchone()[0])
        # Each attached database counts its own commits; the state's must be watched too (a CLI mark-read).
        state = self.db.execute("PRAGMA state.data_version").fetchone() if self.db.has_state else None
        return content * 1_000_003 + (int(state[0]) if state else 0)

    def date_range(self) -> tuple[datetime, datetime] | None:
        """The first and the last post's time (UTC), or None for an empty library; two index look-ups."""
        first = from_ts(self.db.execute("SELECT min(sort_ts) FROM posts").fetchone()[0])
        last = from_ts(self.db.execute("SELECT max(sort_ts) FROM posts").fetchone()[0])
        return None if first is None or last is None else (first, last)

    def latest_import_id(self) -> int:
        """The id of the newest recorded import (0 before any): it changes exactly when an import commits."""
        return history.latest_import_id(self.db)

    def timeline_ids(self, post_filter: PostFilter, limit: int, after: Cursor | None = None) -> list[Cursor]:
        """A page of (sort_ts, rowid), newest first, continuing after `after`.

        A search widened to the other language (`reader.store.search.widen`) lists its own hits
        first, then what widening added: the cursors of those are moved below every date (see
        `listed_date`), so the whole list stays in one descending order that pages and refreshes
        continue and compare as before.
        """
        tiers = ranked_tiers(post_filter)
        if len(tiers) == 1:
            return self._tier_ids(post_filter, limit, after)
        exact, widened = tiers
        found: list[Cursor] = []
        if after is None or after[0] > -WIDENED_SHIFT / 2:
            found = self._tier_ids(exact, limit, after)
            if len(found) >= limit:
                return found
            after = None
        else:
            after = (after[0] + WIDENED_SHIFT, after[1])
        added = self._tier_ids(widened, limit - len(found), after)
        return found + [(sort_ts - WIDENED_SHIFT, rowid) for sort_ts, rowid in added]

    def _tier_ids(self, post_filter: PostFilter, limit: int, after: Cursor | None) -> list[Cursor]:
        where = build_where(post_filter)
        walk_dates = where.fts_match is not None and self._hit_count(where.fts_match) >= WALK_DATES_HITS
        # the rarest topic decides: a page of a common one fills within a few hundred posts of the date index
        fetch_topics = bool(where.topics) and min(map(self._topic_count, where.topics)) < WALK_DATES_HITS
        if walk_dates:
            walked = build_where(post_filter, walk_dates=True, fetch_topics=fetch_topics)
            hits = self._load_hits(walked.hit_tables)
            bound = self._walk_bound(after, max(WALK_LIMIT, _WALK_PER_HIT * hits))
            page = self._page(walked, limit, after, bound)
            if len(page) == limit or bound is None:
                return page
        if walk_dates or fetch_topics:
            where = build_where(post_filter, fetch_topics=fetch_topics)
        return self._page(where, limit, after)

    def _page(self, where: Where, limit: int, after: Cursor | None, bound: Cursor | None = None) -> list[Cursor]:
        """The page of a WHERE clause after `after`, not going past `bound` (None: to the oldest post)."""
        sql = f"{where.with_clause}SELECT p.sort_ts, p.rowid FROM posts p WHERE {where.sql}"
        params: list[object] = list(where.params)
        if after is not None:
            sql += " AND (p.sort_ts, p.rowid) < (?, ?)"
            params.extend(after)
        if bound is not None:
            sql += " AND (p.sort_ts, p.rowid) >= (?, ?)"
            params.extend(bound)
        sql += " ORDER BY p.sort_ts DESC, p.rowid DESC LIMIT ?"
        params.append(limit)
        return [(row[0], row[1]) for row in self.db.execute(sql, params)]

    def _load_hits(self, tables: Sequence[tuple[str, str]]) -> int:
        """Fill the temporary tables a walk looks the hits up in (see query._walked_hit_or_linked).

        Returns how many hits the first one got.
        """
        counts = []
        for table, fts_match in tables:
            self.db.execute(f"CREATE TABLE IF NOT EXISTS {table} (rowid INTEGER PRIMARY KEY)")
            self.db.execute(f"DELETE FROM {table}")
            sql = f"INSERT INTO {table} SELECT rowid FROM post_fts WHERE post_fts MATCH ?"
            counts.append(self.db.execute(sql, (fts_match,)).rowcount)
        return counts[0] if counts else 0

    def _walk_bound(self, after: Cursor | None, posts: int) -> Cursor | None:
        """The last post a walk from `after` may reach (`posts` on), or None: it reaches the oldest."""
        sql = "SELECT p.sort_ts, p.rowid FROM posts p"
        params: list[object] = []
        if after is not None:
            sql += " WHERE (p.sort_ts, p.rowid) < (?, ?)"
            params.extend(after)
        sql += " ORDER BY p.sort_ts DESC, p.rowid DESC LIMIT 1 OFFSET ?"
        row = self.db.execute(sql, [*params, posts - 1]).fetchone()
        return None if row is None else (row[0], row[1])

    # Both counts stop at WALK_DATES_HITS: only which side of it they fall on matters, and a word or
    # topic of half a million posts would otherwise be counted whole for every page.
    def _hit_count(self, fts_match: str) -> int:
        sql = "SELECT count(*) FROM (SELECT 1 FROM post_fts WHERE post_fts MATCH ? LIMIT ?)"
        return int(self.db.execute(sql, (fts_match, WALK_DATES_HITS)).fetchone()[0])

    def _topic_count(self, topic: str) -> int:
        sql = f"SELECT count(*) FROM (SELECT 1 FROM post_topic_ids WHERE topic_id IN ({TOPIC_IDS}) LIMIT ?)"
        return int(self.db.execute(sql, (topic, WALK_DATES_HITS)).fetchone()[0])

    def post_ids(self, post_filter: PostFilter) -> list[str]:
        """Every post id matching a filter, newest first (for exports and bulk actions).

        A widened search lists its own hits first, as `Records.iter_records` does.
        """
        found: list[str] = []
        for tier in ranked_tiers(post_filter):
            where = build_where(tier)
            found.extend(
                row[0]
                for row in self.db.execute(
                    f"{where.with_clause}SELECT p.id FROM posts p WHERE {where.sql}"
                    " ORDER BY p.sort_ts DESC, p.rowid DESC",
                    where.params,
                )
            )
        return found

    def count(self, post_filter: PostFilter) -> int:
        where = build_where(post_filter)
        sql = f"{where.with_clause}SELECT count(*) FROM posts p WHERE {where.sql}"
        return int(self.db.execute(sql, where.params).fetchone()[0])

    def timeline_rows(self, rowids: Sequence[int]) -> list[TimelineRow]:
        """Rows for the given rowids, in the same order (missing ones are left out)."""
        if not rowids:
            return []
        placeholders = ",".join("?" * len(rowids))
        found: dict[int, TimelineRow] = {}
        rows = self.db.execute(
            "SELECT p.rowid, p.id, p.date_ts, p.date_inferred, s.title, p.title, b.body, p.languages,"
            " p.topics, p.reactions, coalesce(st.read, 0), coalesce(st.bookmarked, 0), p.pair_count,"
            " (SELECT max(c.score) FROM counterparts c WHERE c.post_id = p.id), p.url, p.media, p.date_only,"
            " EXISTS (SELECT 1 FROM counterpart_decisions d WHERE d.post_id = p.id AND d.decision = 'confirmed'),"
            " coalesce(st.note, ''), coalesce(st.tags, '[]'), p.has_text, p.title_cut"
            " FROM posts p JOIN sources s ON s.key = p.source_key"
            " LEFT JOIN post_bodies b ON b.post_rowid = p.rowid AND (p.has_text OR p.title_cut IS NOT NULL)"
            " LEFT JOIN post_state st ON st.post_id = p.id"
            f" WHERE p.rowid IN ({placeholders})",
            list(rowids),
        ).fetchall()
        topics = topic_lists(self.db.connection, [row[8] for row in rows])
        for row, row_topics in zip(rows, topics, strict=True):
            # neither is stored whole: the snippet is cut from the body (a page of 200 in about 5 ms of
            # CPU), and so is a title that starts the first passage
            title, snippet = self._bodies.title_and_snippet(row[5], row[21], row[6], bool(row[20]))
            found[row[0]] = TimelineRow(
                rowid=row[0],
                id=row[1],
                date=from_ts(row[2]),
                date_inferred=bool(row[3]),
                source_title=row[4],
                title=title,
                snippet=snippet,
                languages=tuple(row[7].split()),
                topics=row_topics,
                reactions=json.loads(row[9]),
                read=bool(row[10]),
                bookmarked=bool(row[11]),
                has_pairs=row[12] > 0,
                has_counterpart=row[13] is not None or bool(row[17]),
                url=row[14],
                media=media_from_json(row[15]),
                date_only=bool(row[16]),
                counterpart_status=_link_status(row[13], bool(row[17])),
                note=row[18],
                tags=tuple(json.loads(row[19])),
            )
        return [found[rowid] for rowid in rowids if rowid in found]

    def facets(self, within: PostFilter | None = None) -> Facets:
        """Counts for the filter panel: sources (with unread), languages, topics and tags.

        `within`: count under this filter, each dimension without its own choices (a faceted count);
        None or an empty filter counts the whole library.
        """
        if within is not None and within != PostFilter():
            found = count_within(self.db, within)
            return Facets(
                tuple(Facet(key, title, total, unread) for key, title, total, unread in found.sources),
                tuple(Facet(key, key, total, 0) for key, total in found.languages),
                tuple(Facet(key, key, total, 0) for key, total in found.topics),
                found.total,
                found.unread,
                found.bookmarked,
                tuple(Facet(key, key, total, 0) for key, total in found.tags),
            )
        unread_ids = "SELECT p.rowid FROM posts p WHERE " + _UNREAD_SQL
        sources = tuple(
            Facet(row[0], row[1], row[2], row[3])
            for row in self.db.execute(
                "SELECT s.key, s.title, count(p.rowid),"
                f" coalesce(sum(CASE WHEN {_UNREAD_SQL} THEN 1 ELSE 0 END), 0)"
                " FROM sources s LEFT JOIN posts p ON p.source_key = s.key"
                # a followed source is listed before its first post, so its status and menu are there
                " WHERE p.rowid IS NOT NULL OR s.key IN (SELECT source_key FROM subscriptions)"
                " GROUP BY s.key ORDER BY s.title"
            )
        )
        languages = tuple(
            Facet(row[0], row[0], row[1], 0)
            for row in self.db.execute("SELECT lang, count(*) FROM post_langs GROUP BY lang ORDER BY count(*) DESC")
        )
        topics = tuple(Facet(row[0], row[0], row[1], 0) for row in self.db.execute(TOPIC_COUNTS))
        # json_each: the tags are a JSON list in post_state (SQLite's JSON1, one of few SQLite-only places)
        tags = tuple(
            Facet(row[0], row[0], row[1], 0)
            for row in self.db.execute(
                "SELECT j.value, count(*) FROM post_state st JOIN posts p ON p.id = st.post_id,"
                " json_each(st.tags) j GROUP BY j.value ORDER BY count(*) DESC, j.value"
            )
        )
        total = self.post_count()
        unread = int(self.db.execute(f"SELECT count(*) FROM ({unread_ids})").fetchone()[0])
        bookmarked = int(
            self.db.execute(
                "SELECT count(*) FROM post_state st JOIN posts p ON p.id = st.post_id WHERE st.bookmarked = 1"
            ).fetchone()[0]
        )
        return Facets(sources, languages, topics, total, unread, bookmarked, tags)
