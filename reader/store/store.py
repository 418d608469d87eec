"""The store: the one place that reads and writes the SQLite library."""

from __future__ import annotations

import json
import time
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reader.align.linking import status
from reader.domain import (
    Changes,
    Counterpart,
    Media,
    Pair,
    Passage,
    Post,
    PostRecord,
    PostState,
    Source,
    apply_pair_decisions,
)
from reader.store import history
from reader.store.codec import from_ts, media_from_json, passage_from_row, to_ts
from reader.store.db import DATABASE_NAME, Database
from reader.store.facets import count_within
from reader.store.query import PostFilter, build_where, ranked_tiers
from reader.store.rows import KEY_SEPARATOR, POST_COLUMNS, PreparedPost, prepare_post
from reader.store.subscriptions import Subscriptions

BATCH = 500
# From this many search hits (or posts of the rarest topic filtered on) on, a timeline page is found
# by walking the posts in date order and testing each, not by fetching every hit and sorting it: at
# 100,000 posts a common word's page took 33 ms the one way and 18 ms the other, and a rare word's
# 0.2 ms and 50 ms; a topic of 500 posts took 25 ms walking and 0.2 ms fetched.
WALK_DATES_HITS = 3000
_INSERT_POST = (
    f"INSERT INTO posts (rowid, id, {', '.join(POST_COLUMNS)}, content_hash, imported_at)"
    f" VALUES ({','.join('?' * (len(POST_COLUMNS) + 4))})"
)
_POST_ASSIGNMENTS = ", ".join(f"{column}=?" for column in POST_COLUMNS)


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


def _link_status(score: float | None, confirmed: bool) -> str:
    if score is None and not confirmed:
        return ""
    return status(score or 0.0, confirmed)


@dataclass(frozen=True, slots=True)
class UpsertResult:
    """What an upsert did. Rowids, not ids: a million-post import keeps 8 bytes per post, not 80."""

    new_rowids: array[int]  # in the order the posts came
    updated_rowids: array[int]
    unchanged: int
    new_by_source: Counter[str]  # source key -> posts
    updated_by_source: Counter[str]


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


class Store:
    """Content and user state of one data folder. Use one Store per thread."""

    def __init__(self, database: Database) -> None:
        self.db = database
        self.subscriptions = Subscriptions(database)

    @classmethod
    def open(cls, data_dir: Path, *, read_only: bool = False) -> Store:
        return cls(Database(data_dir / DATABASE_NAME, read_only=read_only))

    def close(self) -> None:
        self.db.close()

    def transaction(self) -> AbstractContextManager[object]:
        """One write transaction around several store calls (nested calls join it)."""
        return self.db.transaction()

    # ----------------------------------------------------------------- content writes

    def upsert_posts(self, items: Iterable[tuple[Post, Iterable[str]]]) -> UpsertResult:
        """Insert new posts and update changed ones; call inside `db.transaction()`.

        Each item is a post and its counterpart-search keys. User state is never touched.
        """
        return self.upsert_prepared(prepare_post(post, keys) for post, keys in items)

    def upsert_prepared(self, items: Iterable[PreparedPost]) -> UpsertResult:
        """`upsert_posts` for posts whose rows were prepared already (by an import worker)."""
        result = UpsertResult(array("q"), array("q"), 0, Counter(), Counter())
        unchanged = 0
        batch: list[PreparedPost] = []
        seen_sources: set[str] = set()
        for item in items:
            batch.append(item)
            if len(batch) >= BATCH:
                unchanged += self._upsert_batch(batch, result, seen_sources)
                batch = []
        if batch:
            unchanged += self._upsert_batch(batch, result, seen_sources)
        return UpsertResult(
            result.new_rowids, result.updated_rowids, unchanged, result.new_by_source, result.updated_by_source
        )

    def _upsert_batch(self, batch: list[PreparedPost], result: UpsertResult, seen_sources: set[str]) -> int:
        """Write one batch, adding its new and updated posts to `result`; returns how many were unchanged."""
        connection = self.db.connection
        # One file may hold the same post twice (a repeated page, an entry listed twice): the last one wins,
        # instead of a second INSERT of the same id failing the whole import.
        batch = list({item.id: item for item in batch}.values())
        for item in batch:
            if item.source.key not in seen_sources:
                self._upsert_source(item.source)
                seen_sources.add(item.source.key)
        placeholders = ",".join("?" * len(batch))
        existing = {
            row[0]: (row[1], row[2])
            for row in connection.execute(
                f"SELECT id, rowid, content_hash FROM posts WHERE id IN ({placeholders})", [item.id for item in batch]
            )
        }
        # Inside the import's write transaction no one else adds posts, so rowids can be handed out here
        # and the posts written with one executemany instead of an INSERT per post for its lastrowid.
        next_rowid = int(connection.execute("SELECT coalesce(max(rowid), 0) FROM posts").fetchone()[0]) + 1
        unchanged = 0
        inserts: list[tuple[object, ...]] = []
        passages: list[tuple[object, ...]] = []
        langs: list[tuple[object, ...]] = []
        topics: list[tuple[object, ...]] = []
        pairs: list[tuple[object, ...]] = []
        fts: list[tuple[object, ...]] = []
        keys: list[tuple[object, ...]] = []
        now = time.time()
        for item in batch:
            found = existing.get(item.id)
            if found is None:
                rowid = next_rowid
                next_rowid += 1
                inserts.append((rowid, item.id, *item.values, item.digest, now))
                result.new_rowids.append(rowid)
                result.new_by_source[item.source.key] += 1
            elif found[1] == item.digest:
                unchanged += 1
                continue
            else:
                rowid = found[0]
                connection.execute(
                    f"UPDATE posts SET {_POST_ASSIGNMENTS}, content_hash=?, imported_at=? WHERE rowid=?",
                    (*item.values, item.digest, now, rowid),
                )
                for table in ("passages", "post_langs", "post_topics", "pairs", "post_key_sets"):
                    connection.execute(f"DELETE FROM {table} WHERE post_rowid = ?", (rowid,))
                connection.execute("DELETE FROM post_fts WHERE rowid = ?", (rowid,))
                result.updated_rowids.append(rowid)
                result.updated_by_source[item.source.key] += 1
            passages.extend((rowid, *row) for row in item.passages)
            langs.extend((lang, rowid) for lang in item.languages)
            topics.extend((topic, rowid) for topic in item.topics)
            pairs.extend((rowid, *row) for row in item.pairs)
            fts.append((rowid, item.index_text()))
            if item.keys is None:
                raise ValueError(f"{item.id}: counterpart keys were never computed")
            if item.keys:
                keys.append((rowid, item.keys))
        connection.executemany(_INSERT_POST, inserts)
        connection.executemany("INSERT INTO passages VALUES (?,?,?,?,?,?,?,?)", passages)
        connection.executemany("INSERT INTO post_langs VALUES (?,?)", langs)
        connection.executemany("INSERT INTO post_topics VALUES (?,?)", topics)
        connection.executemany("INSERT INTO pairs VALUES (?,?,?,?,?)", pairs)
        connection.executemany("INSERT INTO post_fts (rowid, body) VALUES (?,?)", fts)
        connection.executemany("INSERT INTO post_key_sets VALUES (?,?)", keys)
        return unchanged

    def _upsert_source(self, source: Source) -> None:
        # A name the user gave the source outlives every re-import of it.
        self.db.execute(
            "INSERT INTO sources (key, title, kind, url)"
            " VALUES (?, coalesce((SELECT title FROM source_names WHERE source_key = ?), ?), ?, ?)"
            " ON CONFLICT(key) DO UPDATE SET title=excluded.title, kind=excluded.kind,"
            " url=coalesce(excluded.url, sources.url)",
            (source.key, source.key, source.title, source.kind, source.url),
        )

    def set_counterparts(self, post_id: str, found: Sequence[Counterpart]) -> None:
        """Replace the counterparts of a post, in both directions; call inside a transaction."""
        self.db.execute("DELETE FROM counterparts WHERE post_id = ? OR other_id = ?", (post_id, post_id))
        rows = [(post_id, item.post_id, item.score) for item in found]
        rows += [(item.post_id, post_id, item.score) for item in found]
        self.db.connection.executemany("INSERT OR REPLACE INTO counterparts VALUES (?,?,?)", rows)

    def record_import(self, paths: Sequence[str], started: float, new: int, updated: int, warnings: int) -> None:
        self.db.execute(
            "INSERT INTO imports (paths, started_at, finished_at, new_posts, updated_posts, warnings)"
            " VALUES (?,?,?,?,?,?)",
            (json.dumps(list(paths), ensure_ascii=False), started, time.time(), new, updated, warnings),
        )

    # ----------------------------------------------------------------- content reads

    def is_empty(self) -> bool:
        return self.db.execute("SELECT 1 FROM posts LIMIT 1").fetchone() is None

    def post_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM posts").fetchone()[0])

    def data_version(self) -> int:
        """Changes whenever another connection (another process) commits; cheap to poll."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def date_range(self) -> tuple[datetime, datetime] | None:
        """The first and the last post's time (UTC), or None for an empty library; two index look-ups."""
        first = from_ts(self.db.execute("SELECT min(sort_ts) FROM posts").fetchone()[0])
        last = from_ts(self.db.execute("SELECT max(sort_ts) FROM posts").fetchone()[0])
        return None if first is None or last is None else (first, last)

    def latest_import_id(self) -> int:
        """The id of the newest recorded import (0 before any): it changes exactly when an import commits."""
        return history.latest_import_id(self.db)

    def timeline_ids(self, post_filter: PostFilter, limit: int, after: Cursor | None = None) -> list[Cursor]:
        """A page of (sort_ts, rowid), newest first, continuing after `after`."""
        where = build_where(post_filter)
        walk_dates = where.fts_match is not None and self._hit_count(where.fts_match) >= WALK_DATES_HITS
        # the rarest topic decides: a page of a common one fills within a few hundred posts of the date index
        fetch_topics = bool(where.topics) and min(map(self._topic_count, where.topics)) < WALK_DATES_HITS
        if walk_dates or fetch_topics:
            where = build_where(post_filter, walk_dates=walk_dates, fetch_topics=fetch_topics)
        sql = f"{where.with_clause}SELECT p.sort_ts, p.rowid FROM posts p WHERE {where.sql}"
        params: list[object] = list(where.params)
        if after is not None:
            sql += " AND (p.sort_ts, p.rowid) < (?, ?)"
            params.extend(after)
        sql += " ORDER BY p.sort_ts DESC, p.rowid DESC LIMIT ?"
        params.append(limit)
        return [(row[0], row[1]) for row in self.db.execute(sql, params)]

    # Both counts stop at WALK_DATES_HITS: only which side of it they fall on matters, and a word or
    # topic of half a million posts would otherwise be counted whole for every page.
    def _hit_count(self, fts_match: str) -> int:
        sql = "SELECT count(*) FROM (SELECT 1 FROM post_fts WHERE post_fts MATCH ? LIMIT ?)"
        return int(self.db.execute(sql, (fts_match, WALK_DATES_HITS)).fetchone()[0])

    def _topic_count(self, topic: str) -> int:
        sql = "SELECT count(*) FROM (SELECT 1 FROM post_topics WHERE topic = ? COLLATE NOCASE LIMIT ?)"
        return int(self.db.execute(sql, (topic, WALK_DATES_HITS)).fetchone()[0])

    def post_ids(self, post_filter: PostFilter) -> list[str]:
        """Every post id matching a filter, newest first (for exports and bulk actions).

        A widened search lists its own hits first, as `iter_records` does.
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
        for row in self.db.execute(
            "SELECT p.rowid, p.id, p.date_ts, p.date_inferred, s.title, p.title, p.snippet, p.languages,"
            " p.topics, p.reactions, coalesce(st.read, 0), coalesce(st.bookmarked, 0), p.pair_count,"
            " (SELECT max(c.score) FROM counterparts c WHERE c.post_id = p.id), p.url, p.media, p.date_only,"
            " EXISTS (SELECT 1 FROM counterpart_decisions d WHERE d.post_id = p.id AND d.decision = 'confirmed'),"
            " coalesce(st.note, ''), coalesce(st.tags, '[]')"
            " FROM posts p JOIN sources s ON s.key = p.source_key"
            " LEFT JOIN post_state st ON st.post_id = p.id"
            f" WHERE p.rowid IN ({placeholders})",
            list(rowids),
        ):
            found[row[0]] = TimelineRow(
                rowid=row[0],
                id=row[1],
                date=from_ts(row[2]),
                date_inferred=bool(row[3]),
                source_title=row[4],
                title=row[5],
                snippet=row[6],
                languages=tuple(row[7].split()),
                topics=tuple(json.loads(row[8])),
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

    def rowid_of(self, post_id: str) -> int | None:
        row = self.db.execute("SELECT rowid FROM posts WHERE id = ?", (post_id,)).fetchone()
        return None if row is None else int(row[0])

    def get_posts(self, rowids: Sequence[int]) -> list[Post]:
        """Whole posts for the given rowids, in the same order (missing ones are left out)."""
        posts = self.posts_by_rowid(rowids)
        return [posts[rowid] for rowid in rowids if rowid in posts]

    def posts_by_rowid(self, rowids: Sequence[int]) -> dict[int, Post]:
        """Whole posts for the given rowids, keyed by rowid."""
        if not rowids:
            return {}
        placeholders = ",".join("?" * len(rowids))
        passages: dict[int, list[Passage]] = {rowid: [] for rowid in rowids}
        for row in self.db.execute(
            f"SELECT post_rowid, lang, kind, speaker, text, links, bold FROM passages"
            f" WHERE post_rowid IN ({placeholders}) ORDER BY post_rowid, idx",
            list(rowids),
        ):
            passages[row[0]].append(passage_from_row(*row[1:]))
        pairs: dict[int, list[Pair]] = {rowid: [] for rowid in rowids}
        for row in self.db.execute(
            f"SELECT post_rowid, ru, en, score FROM pairs WHERE post_rowid IN ({placeholders})"
            " ORDER BY post_rowid, idx",
            list(rowids),
        ):
            pairs[row[0]].append(Pair(tuple(json.loads(row[1])), tuple(json.loads(row[2])), row[3]))
        posts: dict[int, Post] = {}
        for row in self.db.execute(
            "SELECT p.rowid, p.id, s.key, s.title, s.kind, s.url, p.message_id, p.date_ts, p.date_inferred,"
            " p.url, p.title, p.hashtags, p.topics, p.reactions, p.media, p.edited_ts, p.forwarded_from,"
            " p.reply_to, p.place, p.views, p.date_only FROM posts p JOIN sources s ON s.key = p.source_key"
            f" WHERE p.rowid IN ({placeholders})",
            list(rowids),
        ):
            rowid = row[0]
            posts[rowid] = Post(
                id=row[1],
                source=Source(row[2], row[3], row[4], row[5]),
                passages=tuple(passages[rowid]),
                date=from_ts(row[7]),
                date_inferred=bool(row[8]),
                message_id=row[6],
                url=row[9],
                title=row[10],
                hashtags=tuple(json.loads(row[11])),
                topics=tuple(json.loads(row[12])),
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
        states = self.states([post.id for post in posts])
        counterparts = self.counterparts_of([post.id for post in posts])
        decisions = self.pair_decisions([post.id for post in posts])
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
                page = self.timeline_ids(tier, batch, after)
                if not page:
                    break
                yield from self.get_records([rowid for _, rowid in page])
                after = page[-1]

    def counterparts_of(self, post_ids: Sequence[str]) -> dict[str, list[Counterpart]]:
        result: dict[str, list[Counterpart]] = {}
        if not post_ids:
            return result
        placeholders = ",".join("?" * len(post_ids))
        rejected = {
            (row[0], row[1])
            for row in self.db.execute(
                f"SELECT post_id, other_id FROM counterpart_decisions WHERE decision = 'rejected'"
                f" AND (post_id IN ({placeholders}) OR other_id IN ({placeholders}))",
                [*post_ids, *post_ids],
            )
        }
        for row in self.db.execute(
            f"SELECT post_id, other_id, score FROM counterparts WHERE post_id IN ({placeholders}) ORDER BY score DESC",
            list(post_ids),
        ):
            if (row[0], row[1]) in rejected or (row[1], row[0]) in rejected:
                continue
            result.setdefault(row[0], []).append(Counterpart(row[1], row[2]))
        for row in self.db.execute(
            f"SELECT post_id, other_id FROM counterpart_decisions WHERE decision = 'confirmed'"
            f" AND post_id IN ({placeholders})",
            list(post_ids),
        ):
            found = result.setdefault(row[0], [])
            if not any(item.post_id == row[1] for item in found):
                found.insert(0, Counterpart(row[1], 1.0))
        return result

    def counterpart_candidates(
        self, keys: Iterable[str], language: str, start: datetime, end: datetime, exclude_rowid: int, limit: int = 50
    ) -> list[int]:
        """Posts in `language` dated within [start, end] that share the most keys, best first."""
        wanted = set(keys)
        low, high = to_ts(start), to_ts(end)
        if not wanted or low is None or high is None:
            return []
        shared = {
            rowid: len(wanted.intersection(found))
            for rowid, _ts, languages, found in self.keyed_posts_between(low, high)
            if languages == language and rowid != exclude_rowid
        }
        ranked = sorted((rowid for rowid, count in shared.items() if count), key=lambda rowid: (-shared[rowid], rowid))
        return ranked[:limit]

    def by_date(self, rowids: Iterable[int], main_languages: frozenset[str]) -> tuple[array[int], array[float]]:
        """Rowids and sort dates of those of the posts whose first language is one of `main_languages`, oldest first.

        The rowids go through a temporary table so that SQLite sorts them: sorting a million rows as
        Python tuples would cost the import a few hundred megabytes.
        """
        db = self.db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_rowids (rowid INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM temp.wanted_rowids")
        db.connection.executemany("INSERT OR IGNORE INTO temp.wanted_rowids VALUES (?)", ((r,) for r in rowids))
        found_rowids: array[int] = array("q")
        found_dates: array[float] = array("d")
        for rowid, sort_ts, languages in db.execute(
            "SELECT p.rowid, p.sort_ts, p.languages FROM temp.wanted_rowids w JOIN posts p ON p.rowid = w.rowid"
            " ORDER BY p.sort_ts, p.rowid"
        ):
            if languages.split(" ", 1)[0] in main_languages:
                found_rowids.append(rowid)
                found_dates.append(sort_ts)
        db.execute("DELETE FROM temp.wanted_rowids")
        return found_rowids, found_dates

    def post_rowids(self) -> array[int]:
        """The rowid of every post (for measuring a search over the whole store)."""
        return array("q", (row[0] for row in self.db.execute("SELECT rowid FROM posts")))

    def keyed_posts_between(self, start: float, end: float) -> Iterator[tuple[int, float, str, tuple[str, ...]]]:
        """(rowid, sort_ts, languages, counterpart keys) of every post with keys dated in [start, end]."""
        for rowid, sort_ts, languages, keys in self.db.execute(
            "SELECT p.rowid, p.sort_ts, p.languages, k.keys FROM posts p JOIN post_key_sets k ON k.post_rowid = p.rowid"
            " WHERE p.sort_ts BETWEEN ? AND ?",
            (start, end),
        ):
            yield rowid, sort_ts, languages, tuple(keys.split(KEY_SEPARATOR))

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
                f" sum(CASE WHEN {_UNREAD_SQL} THEN 1 ELSE 0 END)"
                " FROM sources s JOIN posts p ON p.source_key = s.key GROUP BY s.key ORDER BY s.title"
            )
        )
        languages = tuple(
            Facet(row[0], row[0], row[1], 0)
            for row in self.db.execute("SELECT lang, count(*) FROM post_langs GROUP BY lang ORDER BY count(*) DESC")
        )
        topics = tuple(
            Facet(row[0], row[0], row[1], 0)
            for row in self.db.execute(
                "SELECT topic, count(*) FROM post_topics GROUP BY topic ORDER BY count(*) DESC, topic"
            )
        )
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

    # ----------------------------------------------------------------- user state

    def states(self, post_ids: Sequence[str]) -> dict[str, PostState]:
        result: dict[str, PostState] = {}
        for start in range(0, len(post_ids), BATCH):
            chunk = post_ids[start : start + BATCH]
            placeholders = ",".join("?" * len(chunk))
            for row in self.db.execute(
                "SELECT post_id, read, bookmarked, note, tags, read_at, bookmarked_at, note_at, tags_at"
                f" FROM post_state WHERE post_id IN ({placeholders})",
                list(chunk),
            ):
                result[row[0]] = _state_from_row(row[1:])
        return result

    def iter_states(self) -> Iterator[tuple[str, PostState]]:
        for row in self.db.execute(
            "SELECT post_id, read, bookmarked, note, tags, read_at, bookmarked_at, note_at, tags_at"
            " FROM post_state ORDER BY post_id"
        ):
            yield row[0], _state_from_row(row[1:])

    def set_read(self, post_ids: Sequence[str], read: bool = True, at: float | None = None) -> Changes:
        """Mark posts read or unread; returns only the ids whose state changed."""
        at = time.time() if at is None else at
        changed: list[str] = []
        flag = int(read)
        with self.db.transaction() as connection:
            for start in range(0, len(post_ids), BATCH):
                chunk = list(post_ids[start : start + BATCH])
                placeholders = ",".join("?" * len(chunk))
                already = {
                    row[0]
                    for row in connection.execute(
                        f"SELECT post_id FROM post_state WHERE post_id IN ({placeholders}) AND read = ?",
                        [*chunk, flag],
                    )
                }
                todo = [post_id for post_id in chunk if post_id not in already]
                connection.executemany(
                    "INSERT INTO post_state (post_id, read, read_at) VALUES (?,?,?)"
                    " ON CONFLICT(post_id) DO UPDATE SET read = excluded.read, read_at = excluded.read_at",
                    [(post_id, flag, at) for post_id in todo],
                )
                changed.extend(todo)
        return Changes(read=tuple(changed)) if read else Changes(unread=tuple(changed))

    def set_bookmarked(
        self, post_ids: Sequence[str], bookmarked: bool = True, note: str | None = None, at: float | None = None
    ) -> Changes:
        at = time.time() if at is None else at
        flag = int(bookmarked)
        with self.db.transaction() as connection:
            connection.executemany(
                "INSERT INTO post_state (post_id, bookmarked, bookmarked_at) VALUES (?,?,?)"
                " ON CONFLICT(post_id) DO UPDATE SET bookmarked = excluded.bookmarked,"
                " bookmarked_at = excluded.bookmarked_at",
                [(post_id, flag, at) for post_id in post_ids],
            )
            if note is not None:
                connection.executemany(
                    "UPDATE post_state SET note = ?, note_at = ? WHERE post_id = ?",
                    [(note, at, post_id) for post_id in post_ids],
                )
        if bookmarked:
            return Changes(bookmarked=tuple(post_ids), noted=tuple(post_ids) if note is not None else ())
        return Changes(unbookmarked=tuple(post_ids))

    def set_note(self, post_id: str, note: str, at: float | None = None) -> Changes:
        at = time.time() if at is None else at
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO post_state (post_id, note, note_at) VALUES (?,?,?)"
                " ON CONFLICT(post_id) DO UPDATE SET note = excluded.note, note_at = excluded.note_at",
                (post_id, note, at),
            )
        return Changes(noted=(post_id,))

    def set_tags(self, post_id: str, tags: Sequence[str], at: float | None = None) -> Changes:
        at = time.time() if at is None else at
        clean = sorted({tag.strip() for tag in tags if tag.strip()})
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO post_state (post_id, tags, tags_at) VALUES (?,?,?)"
                " ON CONFLICT(post_id) DO UPDATE SET tags = excluded.tags, tags_at = excluded.tags_at",
                (post_id, json.dumps(clean, ensure_ascii=False), at),
            )
        return Changes(noted=(post_id,), tagged=(post_id,))

    def put_state(self, post_id: str, state: PostState) -> None:
        """Write a whole state row as given (used by state merges); call inside a transaction."""
        self.db.execute(
            "INSERT OR REPLACE INTO post_state (post_id, read, read_at, bookmarked, bookmarked_at, note, note_at,"
            " tags, tags_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                post_id,
                int(state.read),
                state.read_at,
                int(state.bookmarked),
                state.bookmarked_at,
                state.note,
                state.note_at,
                json.dumps(list(state.tags), ensure_ascii=False),
                state.tags_at,
            ),
        )

    # ----------------------------------------------------------------- sources

    def sources(self) -> list[Source]:
        """Every source, by title."""
        return [
            Source(row[0], row[1], row[2], row[3])
            for row in self.db.execute("SELECT key, title, kind, url FROM sources ORDER BY title, key")
        ]

    def rename_source(self, key: str, title: str, at: float | None = None) -> bool:
        """Give a source the user's name; False when there is no such source or it already has that name."""
        at = time.time() if at is None else at
        with self.db.transaction():
            row = self.db.execute("SELECT title FROM sources WHERE key = ?", (key,)).fetchone()
            if row is None or row[0] == title:
                return False
            self.db.execute(
                "INSERT OR REPLACE INTO source_names (source_key, title, renamed_at) VALUES (?,?,?)", (key, title, at)
            )
            self.db.execute("UPDATE sources SET title = ? WHERE key = ?", (title, key))
        return True

    # ----------------------------------------------------------------- pair decisions

    def decide_pair(
        self,
        post_id: str,
        ru: Sequence[int],
        en: Sequence[int],
        decision: str,
        other_post_id: str = "",
        at: float | None = None,
    ) -> None:
        """Record that the user confirmed or rejected a passage pair (user state)."""
        at = time.time() if at is None else at
        with self.db.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO pair_decisions VALUES (?,?,?,?,?,?)",
                (post_id, other_post_id, json.dumps(list(ru)), json.dumps(list(en)), decision, at),
            )

    def pair_decisions(self, post_ids: Sequence[str]) -> dict[str, dict[tuple[tuple[int, ...], tuple[int, ...]], str]]:
        result: dict[str, dict[tuple[tuple[int, ...], tuple[int, ...]], str]] = {}
        if not post_ids:
            return result
        placeholders = ",".join("?" * len(post_ids))
        for row in self.db.execute(
            f"SELECT post_id, ru, en, decision FROM pair_decisions WHERE other_post_id = ''"
            f" AND post_id IN ({placeholders})",
            list(post_ids),
        ):
            key = (tuple(json.loads(row[1])), tuple(json.loads(row[2])))
            result.setdefault(row[0], {})[key] = row[3]
        return result

    def iter_pair_decisions(self) -> Iterator[tuple[str, str, tuple[int, ...], tuple[int, ...], str, float]]:
        for row in self.db.execute(
            "SELECT post_id, other_post_id, ru, en, decision, decided_at FROM pair_decisions ORDER BY post_id"
        ):
            yield row[0], row[1], tuple(json.loads(row[2])), tuple(json.loads(row[3])), row[4], row[5]

    def counterpart_confirmed(self, post_id: str, other_id: str) -> bool:
        """Whether the user confirmed that these two posts say the same."""
        row = self.db.execute(
            "SELECT 1 FROM counterpart_decisions WHERE post_id = ? AND other_id = ? AND decision = 'confirmed'",
            (post_id, other_id),
        ).fetchone()
        return row is not None

    def iter_counterpart_decisions(self) -> Iterator[tuple[str, str, str, float]]:
        """Every (post_id, other_id, decision, decided_at) the user made about counterparts (state export)."""
        for row in self.db.execute(
            "SELECT post_id, other_id, decision, decided_at FROM counterpart_decisions ORDER BY post_id, other_id"
        ):
            yield row[0], row[1], row[2], row[3]

    def decide_counterpart(self, post_id: str, other_id: str, decision: str, at: float | None = None) -> None:
        at = time.time() if at is None else at
        with self.db.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO counterpart_decisions VALUES (?,?,?,?)", (post_id, other_id, decision, at)
            )
            self.db.execute(
                "INSERT OR REPLACE INTO counterpart_decisions VALUES (?,?,?,?)", (other_id, post_id, decision, at)
            )


_UNREAD_SQL = "NOT EXISTS (SELECT 1 FROM post_state s WHERE s.post_id = p.id AND s.read = 1)"


def _state_from_row(row: Sequence[object]) -> PostState:
    read, bookmarked, note, tags, read_at, bookmarked_at, note_at, tags_at = row
    return PostState(
        read=bool(read),
        bookmarked=bool(bookmarked),
        note=str(note or ""),
        tags=tuple(json.loads(str(tags))),
        read_at=_float(read_at),
        bookmarked_at=_float(bookmarked_at),
        note_at=_float(note_at),
        tags_at=_float(tags_at),
    )


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]
