"""Content writes: posts and everything derived from them, sources, counterparts, the import history.

SQLite-specific here: `INSERT ... ON CONFLICT DO UPDATE` upserts, rowids handed out inside the import's
write transaction, and the rows of the FTS5 index (`post_fts`, see reader.store.fts). A second backend
replaces this module."""

from __future__ import annotations

import json
import time
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from reader.domain import Counterpart, Post, Source
from reader.store.bodies import Bodies
from reader.store.codec import title_cut
from reader.store.db import Database
from reader.store.fts import unindex
from reader.store.keys import write_keys
from reader.store.rows import KEY_SEPARATOR, POST_COLUMNS, PreparedPost, prepare_post
from reader.store.topics import ids_json, topic_ids, write_topics

BATCH = 500

# The rows' columns as `PreparedPost.values` holds them, then the title's cut (see `_stored_values`)
_STORED_COLUMNS = (*POST_COLUMNS, "title_cut")
_INSERT_POST = (
    f"INSERT INTO posts (rowid, id, {', '.join(_STORED_COLUMNS)}, content_hash, imported_at)"
    f" VALUES ({','.join('?' * (len(_STORED_COLUMNS) + 4))})"
)

_POST_ASSIGNMENTS = ", ".join(f"{column}=?" for column in _STORED_COLUMNS)
_TITLE = POST_COLUMNS.index("title")
_TOPICS = POST_COLUMNS.index("topics")
_PASSAGE_TEXT = 4  # in a PreparedPost's passage rows


def _topic_names(item: PreparedPost) -> list[str]:
    # the post's topics as its row lists them (`PreparedPost.topics` leaves out repeats)
    text = str(item.values[_TOPICS])
    return [] if text == "[]" else [str(topic) for topic in json.loads(text)]


def _stored_values(item: PreparedPost, topic_ids: Mapping[str, int]) -> tuple[object, ...]:
    """The post's column values as stored: its topics by id, and a title made from the first passage as
    its cut alone."""
    values = list(item.values)
    values[_TOPICS] = ids_json(_topic_names(item), topic_ids)
    first = str(item.passages[0][_PASSAGE_TEXT]) if item.passages else None
    cut = title_cut(str(item.values[_TITLE]), first)
    if cut is not None:
        values[_TITLE] = ""
    return (*values, cut)


@dataclass(frozen=True, slots=True)
class UpsertResult:
    """What an upsert did. Rowids, not ids: a million-post import keeps 8 bytes per post, not 80."""

    new_rowids: array[int]  # in the order the posts came
    updated_rowids: array[int]
    unchanged: int
    new_by_source: Counter[str]  # source key -> posts
    updated_by_source: Counter[str]


def stored_digest(hexdigest: str) -> bytes:
    """What `posts.content_hash` holds of a post's content digest: its first 8 bytes, as a blob.

    64 bits tell an updated post from an unchanged one as surely as 160 (a chance in 10^19 of
    mistaking one change); as a blob, not text, the column's text affinity leaves it 8 bytes, not 40.
    """
    return bytes.fromhex(hexdigest)[:8]


class PostWriter:
    """Writes imported content; never touches user state. Call every method inside `db.transaction()`."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._bodies = Bodies(db.connection)

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
        bodies: list[tuple[int, tuple[tuple[object, ...], ...]]] = []
        langs: list[tuple[object, ...]] = []
        topics: list[tuple[str, int]] = []
        pairs: list[tuple[object, ...]] = []
        fts: list[tuple[object, ...]] = []
        keys: list[tuple[int, list[str]]] = []
        now = int(time.time())  # whole seconds: 4 bytes a post instead of 8
        ids = topic_ids(connection, {topic for item in batch for topic in _topic_names(item)})
        for item in batch:
            found = existing.get(item.id)
            hexdigest = item.content_digest()
            digest = stored_digest(hexdigest)
            if found is None:
                rowid = next_rowid
                next_rowid += 1
                inserts.append((rowid, item.id, *_stored_values(item, ids), digest, now))
                result.new_rowids.append(rowid)
                result.new_by_source[item.source.key] += 1
            elif found[1] in (digest, hexdigest):  # the whole hex digest: stored before schema 14
                unchanged += 1
                continue
            else:
                rowid = found[0]
                unindex(connection, [rowid])  # with the stems of the text as it was, before it changes
                connection.execute(
                    f"UPDATE posts SET {_POST_ASSIGNMENTS}, content_hash=?, imported_at=? WHERE rowid=?",
                    (*_stored_values(item, ids), digest, now, rowid),
                )
                for table in ("post_bodies", "post_langs", "post_topic_ids", "pairs", "post_key_ids"):
                    connection.execute(f"DELETE FROM {table} WHERE post_rowid = ?", (rowid,))
                result.updated_rowids.append(rowid)
                result.updated_by_source[item.source.key] += 1
            bodies.append((rowid, item.passages))
            langs.extend((lang, rowid) for lang in item.languages)
            topics.extend((topic, rowid) for topic in item.topics)
            pairs.extend((rowid, *row) for row in item.pairs)
            fts.append((rowid, item.index_text()))
            if item.keys:  # None: the linking computes them (see LinkQueue.unkeyed)
                keys.append((rowid, item.keys.split(KEY_SEPARATOR)))
        connection.executemany(_INSERT_POST, inserts)
        blobs = self._bodies.blobs([passages for _, passages in bodies])
        rowids = [rowid for rowid, _ in bodies]
        connection.executemany("INSERT INTO post_bodies VALUES (?,?)", zip(rowids, blobs, strict=True))
        connection.executemany("INSERT INTO post_langs VALUES (?,?)", langs)
        write_topics(connection, topics, ids)
        connection.executemany("INSERT INTO pairs VALUES (?,?,?,?,?)", pairs)
        connection.executemany("INSERT INTO post_fts (rowid, body) VALUES (?,?)", fts)
        write_keys(connection, keys)
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
