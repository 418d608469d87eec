"""User state: read marks, bookmarks, notes and tags of posts, and the names the user gave sources.

Keyed by stable post ids and source keys, so re-importing content never touches it. Each field keeps
the time of its last change for last-writer-wins merging (reader.store.statefile)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence

from reader.domain import Changes, PostState, Source
from reader.store.db import Database

BATCH = 500


class UserState:
    """Reads and writes of the user's state; each setter is its own transaction (or joins the caller's)."""

    def __init__(self, db: Database) -> None:
        self.db = db

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

    def waiting_count(self) -> int:
        """How many posts have state here but are not in the library (yet): kept from merged state files."""
        row = self.db.execute(
            "SELECT count(*) FROM post_state s WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = s.post_id)"
        ).fetchone()
        return int(row[0])

    def iter_backup_states(self, waiting: int) -> Iterator[tuple[str, PostState]]:
        """The state of every post in the library, and of at most `waiting` others, those changed last."""
        columns = "post_id, read, bookmarked, note, tags, read_at, bookmarked_at, note_at, tags_at"
        latest = "max(coalesce(read_at, 0), coalesce(bookmarked_at, 0), coalesce(note_at, 0), coalesce(tags_at, 0))"
        exists = "EXISTS (SELECT 1 FROM posts p WHERE p.id = s.post_id)"
        for row in self.db.execute(f"SELECT {columns} FROM post_state s WHERE {exists} ORDER BY post_id"):
            yield row[0], _state_from_row(row[1:])
        for row in self.db.execute(
            f"SELECT {columns} FROM post_state s WHERE NOT {exists} ORDER BY {latest} DESC, post_id LIMIT ?",
            (waiting,),
        ):
            yield row[0], _state_from_row(row[1:])

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
        with self.db.state_transaction() as connection:
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
        with self.db.state_transaction() as connection:
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
        with self.db.state_transaction():
            self.db.execute(
                "INSERT INTO post_state (post_id, note, note_at) VALUES (?,?,?)"
                " ON CONFLICT(post_id) DO UPDATE SET note = excluded.note, note_at = excluded.note_at",
                (post_id, note, at),
            )
        return Changes(noted=(post_id,))

    def set_tags(self, post_id: str, tags: Sequence[str], at: float | None = None) -> Changes:
        at = time.time() if at is None else at
        clean = sorted({tag.strip() for tag in tags if tag.strip()})
        with self.db.state_transaction():
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

    def sources(self) -> list[Source]:
        """Every source, by title."""
        return [
            Source(row[0], row[1], row[2], row[3])
            for row in self.db.execute("SELECT key, title, kind, url FROM sources ORDER BY title, key")
        ]

    def rename_source(self, key: str, title: str, at: float | None = None) -> bool:
        """Give a source the user's name; False when there is no such source or it already has that name."""
        at = time.time() if at is None else at
        # The content's title changes too (every query shows sources.title), so this waits for an import.
        with self.db.transaction():
            row = self.db.execute("SELECT title FROM sources WHERE key = ?", (key,)).fetchone()
            if row is None or row[0] == title:
                return False
            self.db.execute(
                "INSERT OR REPLACE INTO source_names (source_key, title, renamed_at) VALUES (?,?,?)", (key, title, at)
            )
            self.db.execute("UPDATE sources SET title = ? WHERE key = ?", (title, key))
        return True


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
