"""Pairs across posts: the counterparts found by the import, the user's decisions about them and about
passage pairs, and the keyed, dated post lists the counterpart search reads."""

from __future__ import annotations

import json
import time
from array import array
from collections.abc import Iterable, Iterator, Sequence

from reader.domain import Counterpart
from reader.store.db import Database
from reader.store.keys import names_of, unpack


class Pairing:
    """Counterparts and pair decisions (the decisions are user state, keyed by stable post ids)."""

    def __init__(self, db: Database) -> None:
        self.db = db

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
        with self.db.state_transaction():
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
        with self.db.state_transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO counterpart_decisions VALUES (?,?,?,?)", (post_id, other_id, decision, at)
            )
            self.db.execute(
                "INSERT OR REPLACE INTO counterpart_decisions VALUES (?,?,?,?)", (other_id, post_id, decision, at)
            )

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

    def keyed_posts_between(self, start: float, end: float) -> Iterator[tuple[int, float, str, int | None, array[int]]]:
        """(rowid, sort_ts, languages, length, counterpart key ids) of every post with keys dated in [start, end].

        The ids stand for the keys' names (`reader.store.keys`): the same name, the same id, in one library.
        """
        for rowid, sort_ts, languages, length, keys in self.db.execute(
            "SELECT p.rowid, p.sort_ts, p.languages, k.length, k.keys FROM posts p"
            " JOIN post_key_ids k ON k.post_rowid = p.rowid WHERE p.sort_ts BETWEEN ? AND ?",
            (start, end),
        ):
            yield rowid, sort_ts, languages, length, unpack(keys)

    def stored_keys(self, rowid: int) -> tuple[int | None, frozenset[str]]:
        """A post's stored length and counterpart keys by name (for checks: the search reads ids)."""
        return names_of(self.db.connection, rowid)
