"""How the library stores which posts have which topic: topic ids, the names in a dictionary.

SQLite-specific only in its SQL (a WITHOUT ROWID table). A post has three topics on average, named
by a few hundred topic names; as text, each name was stored in the table and in two indexes (220 bytes
a post on the benchmark library); as ids, the table is its own index by topic and one small index finds
a post's rows. Queries name a topic in any case (`topic:russia`): the dictionary answers that, with an
index of the names as `COLLATE NOCASE` compares them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence

from reader.store.names import chunks, name_ids

CREATE_TABLES = (
    "CREATE TABLE topic_names (id INTEGER PRIMARY KEY, topic TEXT NOT NULL UNIQUE)",
    "CREATE INDEX topic_names_nocase ON topic_names(topic COLLATE NOCASE)",
    "CREATE TABLE post_topic_ids ("
    " topic_id INTEGER NOT NULL,"
    " post_rowid INTEGER NOT NULL REFERENCES posts(rowid) ON DELETE CASCADE,"
    " PRIMARY KEY (topic_id, post_rowid)) WITHOUT ROWID",
    "CREATE INDEX post_topic_ids_by_post ON post_topic_ids(post_rowid)",
)

# The ids of the topic named by a query's parameter, in any case (the names' NOCASE index answers it)
TOPIC_IDS = "SELECT id FROM topic_names WHERE topic = ? COLLATE NOCASE"
# Topic names with how many posts have them, most used first (facets join `posts` to this as they need)
TOPIC_COUNTS = (
    "SELECT n.topic, count(*) FROM post_topic_ids t JOIN topic_names n ON n.id = t.topic_id"
    " GROUP BY t.topic_id ORDER BY count(*) DESC, n.topic"
)


def topic_ids(connection: sqlite3.Connection, names: Iterable[str]) -> dict[str, int]:
    """The id of each topic name, adding the new ones to the dictionary; call inside a write transaction."""
    return name_ids(connection, "topic_names", "topic", names)


def ids_json(topics: Sequence[str], ids: Mapping[str, int]) -> str:
    """A post's topics as `posts.topics` holds them since schema 15: their ids, in the post's order."""
    return "[" + ",".join(str(ids[topic]) for topic in topics) + "]"


def topic_lists(connection: sqlite3.Connection, stored: Sequence[str]) -> list[tuple[str, ...]]:
    """The topic names of posts from their `posts.topics` (a JSON list of ids, or of names before schema 15)."""
    lists = [json.loads(text) for text in stored]
    wanted = sorted({item for items in lists for item in items if isinstance(item, int)})
    names: dict[int, str] = {}
    for chunk in chunks(wanted):
        marks = ",".join("?" * len(chunk))
        names.update(connection.execute(f"SELECT id, topic FROM topic_names WHERE id IN ({marks})", chunk))
    return [tuple(names[item] if isinstance(item, int) else str(item) for item in items) for items in lists]


def write_topics(
    connection: sqlite3.Connection, rows: Iterable[tuple[str, int]], ids: Mapping[str, int] | None = None
) -> None:
    """Store (topic name, post rowid) rows (`ids`: the names' ids, when known); call inside a write transaction."""
    pairs = list(rows)
    if ids is None:
        ids = topic_ids(connection, {topic for topic, _ in pairs})
    connection.executemany(
        "INSERT OR IGNORE INTO post_topic_ids (topic_id, post_rowid) VALUES (?, ?)",
        [(ids[topic], rowid) for topic, rowid in pairs],
    )


def migrate_topics(connection: sqlite3.Connection) -> None:
    """Schema 13: the rows of `post_topics` (topic names) as topic ids."""
    if not connection.execute("SELECT 1 FROM main.sqlite_master WHERE name = 'post_topics'").fetchone():
        return  # done before (a library whose version was set back)
    for statement in CREATE_TABLES:
        connection.execute(statement)
    connection.execute("INSERT INTO topic_names (topic) SELECT DISTINCT topic FROM post_topics ORDER BY topic")
    connection.execute(
        "INSERT INTO post_topic_ids (topic_id, post_rowid)"
        " SELECT n.id, t.post_rowid FROM post_topics t JOIN topic_names n ON n.topic = t.topic"
        " ORDER BY 1, 2"
    )
    connection.execute("DROP TABLE post_topics")
