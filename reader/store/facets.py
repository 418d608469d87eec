"""Facet counts within a filter: how many posts each choice of the panel would show, given the others.

Each dimension is counted under the filter without its own choices (the sources under the languages,
topics, tags, dates and search chosen, but not under the sources chosen), as faceted readers count, so
ticking a second source still shows what it adds. Store.facets turns these rows into Facets.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from reader.store.db import Database
from reader.store.query import PostFilter, build_where

_UNREAD = "NOT EXISTS (SELECT 1 FROM post_state s WHERE s.post_id = p.id AND s.read = 1)"
_BOOKMARKED = "EXISTS (SELECT 1 FROM post_state s WHERE s.post_id = p.id AND s.bookmarked = 1)"

Counted = list[tuple[str, int]]  # (key, posts), most first


@dataclass(frozen=True, slots=True)
class FacetRows:
    sources: list[tuple[str, str, int, int]]  # (key, title, posts, unread), by title
    languages: Counted
    topics: Counted
    tags: Counted
    total: int
    unread: int
    bookmarked: int


def count_within(database: Database, within: PostFilter) -> FacetRows:
    """The panel's counts under `within`; raises QuerySyntaxError for a search that cannot be read."""

    def rows(sql: str, narrowed: PostFilter) -> list[tuple[object, ...]]:
        where = build_where(narrowed)
        return [tuple(row) for row in database.execute(where.with_clause + sql.format(where=where.sql), where.params)]

    def counted(sql: str, narrowed: PostFilter) -> Counted:
        return [(str(key), int(str(count))) for key, count in rows(sql, narrowed)]

    sources = [
        (str(key), str(title), int(str(total)), int(str(unread or 0)))
        for key, title, total, unread in rows(
            "SELECT s.key, s.title, count(p.rowid), sum(CASE WHEN " + _UNREAD + " THEN 1 ELSE 0 END)"
            " FROM posts p JOIN sources s ON s.key = p.source_key WHERE {where} GROUP BY s.key ORDER BY s.title",
            dataclasses.replace(within, sources=()),
        )
    ]
    languages = counted(
        "SELECT l.lang, count(*) FROM post_langs l JOIN posts p ON p.rowid = l.post_rowid"
        " WHERE {where} GROUP BY l.lang ORDER BY count(*) DESC, l.lang",
        dataclasses.replace(within, languages=()),
    )
    topics = counted(
        "SELECT n.topic, count(*) FROM post_topic_ids t JOIN topic_names n ON n.id = t.topic_id"
        " JOIN posts p ON p.rowid = t.post_rowid WHERE {where} GROUP BY t.topic_id ORDER BY count(*) DESC, n.topic",
        dataclasses.replace(within, topics=()),
    )
    # json_each: the tags are a JSON list in post_state (SQLite's JSON1, as in query._TAGGED)
    tags = counted(
        "SELECT j.value, count(*) FROM post_state st JOIN posts p ON p.id = st.post_id, json_each(st.tags) j"
        " WHERE {where} GROUP BY j.value ORDER BY count(*) DESC, j.value",
        dataclasses.replace(within, tags=()),
    )
    ((total, unread, bookmarked),) = rows(
        "SELECT count(*), coalesce(sum(CASE WHEN " + _UNREAD + " THEN 1 ELSE 0 END), 0),"
        " coalesce(sum(CASE WHEN " + _BOOKMARKED + " THEN 1 ELSE 0 END), 0) FROM posts p WHERE {where}",
        dataclasses.replace(within, unread=False, bookmarked=False),
    )
    return FacetRows(sources, languages, topics, tags, int(str(total)), int(str(unread)), int(str(bookmarked)))
