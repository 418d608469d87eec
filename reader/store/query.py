"""Filters as SQL: the timeline, counts and facets all come from here."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import IntEnum

from reader.store.codec import to_ts
from reader.store.search import SearchQuery, parse_query
from reader.store.topics import TOPIC_IDS


class SearchTier(IntEnum):
    """Which hits of a widened search (see `reader.store.search.widen`) a filter keeps."""

    ALL = 0
    EXACT = 1  # the words as typed (and the posts linked to those hits)
    WIDENED = 2  # only what the other-language forms added


@dataclass(frozen=True, slots=True)
class PostFilter:
    """What the user wants to see; every field narrows the result."""

    languages: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    unread: bool = False
    bookmarked: bool = False
    since: datetime | None = None
    until: datetime | None = None
    search: str = ""  # the search box text, in the syntax of search.parse_query
    post_ids: tuple[str, ...] | None = field(default=None)  # an explicit selection
    hide_empty: bool = False  # leave out posts whose only content is media that is not in the export
    widen: bool = True  # search words also in the other language's forms the glossaries know
    tier: SearchTier = SearchTier.ALL
    tags: tuple[str, ...] = ()  # the user's tags (any case); a post must carry each

    def with_search(self, search: str) -> PostFilter:
        return replace(self, search=search)

    def with_tier(self, tier: SearchTier) -> PostFilter:
        return replace(self, tier=tier)


@dataclass(frozen=True, slots=True)
class Where:
    """A WHERE clause over `posts p`; `with_clause` goes before the SELECT, and `params` holds its
    parameters first, then the WHERE clause's."""

    sql: str
    params: tuple[object, ...]
    query: SearchQuery | None
    with_clause: str = ""
    fts_match: str | None = None  # the search's FTS5 expression, if it has words to match
    topics: tuple[str, ...] = ()  # the topics a post must have (from the filter and the search)
    # walking the dates: the temporary tables to fill with hits before running, and their FTS5 expressions
    hit_tables: tuple[tuple[str, str], ...] = ()


_UNREAD = "NOT EXISTS (SELECT 1 FROM post_state s WHERE s.post_id = p.id AND s.read = 1)"
# A post with no title, no text of its own (the snippet leaves out a poll's or a place's words) and no
# media in the export: only "Photo"/"Video" placeholders. Media JSON is written by codec.media_to_json.
_NOT_EMPTY = (
    "NOT (p.title = '' AND p.title_cut IS NULL AND p.has_text = 0"
    " AND p.media <> '[]' AND p.media NOT LIKE '%\"available\": true%')"
)
# The tags are a JSON list in post_state; json_each is SQLite's JSON1 (a second backend would join a tag table).
_TAGGED = (
    "EXISTS (SELECT 1 FROM post_state s, json_each(s.tags) j WHERE s.post_id = p.id AND j.value = ? COLLATE NOCASE)"
)
_BOOKMARKED = "EXISTS (SELECT 1 FROM post_state s WHERE s.post_id = p.id AND s.bookmarked = 1)"


def build_where(post_filter: PostFilter, *, walk_dates: bool = False, fetch_topics: bool = False) -> Where:
    """The WHERE clause (over `posts p`) of a filter; raises QuerySyntaxError for a bad search.

    `walk_dates`: for a search with many hits, test each post while walking the date index instead
    of fetching every hit and sorting them. `fetch_topics`: for a rare topic, fetch its posts and
    sort them instead of walking the date index (see `Store.timeline_ids`).
    """
    clauses: list[str] = []
    params: list[object] = []
    with_clause = ""
    with_params: list[object] = []
    fts_match: str | None = None
    hit_tables: list[tuple[str, str]] = []
    query = parse_query(post_filter.search, post_filter.widen) if post_filter.search.strip() else None
    languages = post_filter.languages + (query.languages if query else ())
    topics = post_filter.topics + (query.topics if query else ())
    sources = post_filter.sources + (query.sources if query else ())
    tags = post_filter.tags + (query.tags if query else ())
    # EXISTS lets SQLite walk posts_by_date and stop at the page size; "rowid IN (subquery)" made
    # it collect and sort every matching post first (250 ms instead of 0.4 ms for lang:ru at 100k posts).
    for lang in languages:
        clauses.append("EXISTS (SELECT 1 FROM post_langs l WHERE l.lang = ? AND l.post_rowid = p.rowid)")
        params.append(lang)
    for topic in topics:
        if fetch_topics:
            clauses.append(f"p.rowid IN (SELECT t.post_rowid FROM post_topic_ids t WHERE t.topic_id IN ({TOPIC_IDS}))")
        else:
            clauses.append(
                f"EXISTS (SELECT 1 FROM post_topic_ids t WHERE t.topic_id IN ({TOPIC_IDS}) AND t.post_rowid = p.rowid)"
            )
        params.append(topic)
    if sources:
        # One IN over the sources table, not "source_key = ? OR ...": an OR makes SQLite collect and sort
        # every post of the source (60 ms at 100,000 posts) instead of walking its date index (under 1 ms).
        alternatives = []
        for source in sources:
            alternatives.append("key = ? OR title LIKE ? OR key LIKE ?")
            params.extend([source, f"%{source}%", f"%{source}%"])
        clauses.append("p.source_key IN (SELECT key FROM sources WHERE " + " OR ".join(alternatives) + ")")
    for tag in tags:
        clauses.append(_TAGGED)
        params.append(tag)
    if post_filter.unread or (query and query.unread):
        clauses.append(_UNREAD)
    if post_filter.bookmarked or (query and query.bookmarked):
        clauses.append(_BOOKMARKED)
    if post_filter.hide_empty:
        clauses.append(_NOT_EMPTY)
    since = post_filter.since or (query.after if query else None)
    until = post_filter.until or (query.before if query else None)
    if since is not None:
        clauses.append("p.sort_ts >= ?")
        params.append(to_ts(since))
    if until is not None:
        clauses.append("p.sort_ts < ?")
        params.append(to_ts(until))
    if post_filter.post_ids is not None:
        placeholders = ",".join("?" * len(post_filter.post_ids)) or "NULL"
        clauses.append(f"p.id IN ({placeholders})")
        params.extend(post_filter.post_ids)
    if query is not None:
        match = query.fts_match(widened=post_filter.tier != SearchTier.EXACT)
        if match:
            fts_match = match
            exact = query.fts_match(widened=False) if post_filter.tier == SearchTier.WIDENED else None
            if walk_dates:
                hit_tables.append((HITS_TABLE, match))
                clauses.append(_walked_hit_or_linked(HITS_TABLE))
                if exact:
                    hit_tables.append((EXACT_TABLE, exact))
                    clauses.append("NOT " + _walked_hit_or_linked(EXACT_TABLE))
            else:
                # The hits are computed once and used twice: a hit in one language also finds the posts that
                # say the same in the other. Matching twice cost a phrase of common words 50 ms at 100,000 posts.
                with_clause = "WITH hits(rowid) AS MATERIALIZED (SELECT rowid FROM post_fts WHERE post_fts MATCH ?) "
                with_params.append(match)
                clauses.append(_hit_or_linked("hits"))
                if exact:
                    with_clause += ", exact(rowid) AS MATERIALIZED (SELECT rowid FROM post_fts WHERE post_fts MATCH ?) "
                    with_params.append(exact)
                    clauses.append("NOT " + _hit_or_linked("exact"))
        excluded = query.fts_excluded()
        if excluded:
            clauses.append("p.rowid NOT IN (SELECT rowid FROM post_fts WHERE post_fts MATCH ?)")
            params.append(excluded)
    sql = " AND ".join(clauses) if clauses else "1"
    return Where(sql, (*with_params, *params), query, with_clause, fts_match, topics, tuple(hit_tables))


HITS_TABLE = "temp.search_hits"
EXACT_TABLE = "temp.search_exact"


def _hit_or_linked(hits: str) -> str:
    """A post among the hits of a CTE, or linked as a counterpart to one of them (fetching the hits)."""
    return (
        f"(p.rowid IN {hits} OR p.id IN (SELECT c.other_id FROM counterparts c"
        f" JOIN posts q ON q.id = c.post_id WHERE q.rowid IN {hits}))"
    )


def _walked_hit_or_linked(table: str) -> str:
    """`_hit_or_linked` for a post met while walking the date index, the hits in a temporary table.

    The hits are copied once per query into a table keyed by rowid (`Timeline._load_hits`), which both
    tests look up as it is. A post's counterparts are found from the post (`set_counterparts` stores
    each link both ways) and looked up there. The other way, finding the posts linked to the hits from
    the hits, looked up every hit in `posts` and `counterparts`: 102,650 of them for "cooperation" at
    1,000,000 posts, 300 of its first page's 330 ms of CPU. A CTE would not do: materialised, SQLite
    copies it again into an index for each test; not materialised, a counterpart's test asks the FTS
    index, which reads the whole lists of the words each time. The unary + keeps SQLite walking the
    date index instead of fetching the hits by rowid and sorting them.
    """
    return (
        f"(+p.rowid IN {table} OR EXISTS (SELECT 1 FROM counterparts c JOIN posts q ON q.id = c.other_id"
        f" JOIN {table} h ON h.rowid = q.rowid WHERE c.post_id = p.id))"
    )


def ranked_tiers(post_filter: PostFilter) -> tuple[PostFilter, ...]:
    """The filter as the parts to list in turn: a widened search's own hits, then what widening added."""
    if post_filter.tier != SearchTier.ALL or not post_filter.widen or not post_filter.search.strip():
        return (post_filter,)
    query = parse_query(post_filter.search, widening=True)
    if not query.widened:
        return (post_filter,)
    return (post_filter.with_tier(SearchTier.EXACT), post_filter.with_tier(SearchTier.WIDENED))
