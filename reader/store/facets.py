"""Facet counts within a filter: how many posts each choice of the panel would show, given the others.

Each dimension is counted under the filter without its own choices (the sources under the languages,
topics, tags, dates and search chosen, but not under the sources chosen), as faceted readers count, so
ticking a second source still shows what it adds.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from reader.store.db import Database
from reader.store.query import PostFilter, build_where

if TYPE_CHECKING:
    from reader.store.store import Facet, Facets

_UNREAD = "NOT EXISTS (SELECT 1 FROM post_state s WHERE s.post_id = p.id AND s.read = 1)"
_BOOKMARKED = "EXISTS (SELECT 1 FROM post_state s WHERE s.post_id = p.id AND s.bookmarked = 1)"


def facets_within(database: Database, within: PostFilter) -> Facets:
    """The panel's counts under `within`; raises QuerySyntaxError for a search that cannot be read."""
    from reader.store.store import Facet, Facets  # the types live with the Store they describe

    def rows(sql: str, narrowed: PostFilter) -> list[tuple[object, ...]]:
        where = build_where(narrowed)
        query = sql.format(where=where.sql)
        return [tuple(row) for row in database.execute(where.with_clause + query, where.params)]

    sources = tuple(
        Facet(str(key), str(title), int(str(total)), int(str(unread or 0)))
        for key, title, total, unread in rows(
            "SELECT s.key, s.title, count(p.rowid), sum(CASE WHEN " + _UNREAD + " THEN 1 ELSE 0 END)"
            " FROM posts p JOIN sources s ON s.key = p.source_key WHERE {where} GROUP BY s.key ORDER BY s.title",
            dataclasses.replace(within, sources=()),
        )
    )
    languages = _counted(
        Facet,
        rows(
            "SELECT l.lang, count(*) FROM post_langs l JOIN posts p ON p.rowid = l.post_rowid"
            " WHERE {where} GROUP BY l.lang ORDER BY count(*) DESC, l.lang",
            dataclasses.replace(within, languages=()),
        ),
    )
    topics = _counted(
        Facet,
        rows(
            "SELECT t.topic, count(*) FROM post_topics t JOIN posts p ON p.rowid = t.post_rowid"
            " WHERE {where} GROUP BY t.topic ORDER BY count(*) DESC, t.topic",
            dataclasses.replace(within, topics=()),
        ),
    )
    tags = _counted(
        Facet,
        rows(
            "SELECT j.value, count(*) FROM post_state st JOIN posts p ON p.id = st.post_id, json_each(st.tags) j"
            " WHERE {where} GROUP BY j.value ORDER BY count(*) DESC, j.value",
            dataclasses.replace(within, tags=()),
        ),
    )
    ((total, unread, bookmarked),) = rows(
        "SELECT count(*), coalesce(sum(CASE WHEN " + _UNREAD + " THEN 1 ELSE 0 END), 0),"
        " coalesce(sum(CASE WHEN " + _BOOKMARKED + " THEN 1 ELSE 0 END), 0) FROM posts p WHERE {where}",
        dataclasses.replace(within, unread=False, bookmarked=False),
    )
    return Facets(sources, languages, topics, int(str(total)), int(str(unread)), int(str(bookmarked)), tags)


def _counted(facet: type[Facet], found: list[tuple[object, ...]]) -> tuple[Facet, ...]:
    return tuple(facet(str(key), str(key), int(str(count)), 0) for key, count in found)
