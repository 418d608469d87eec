"""Helpers shared by the unit tests: a Telegram export of one channel, built from the bundled samples."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "resources" / "samples" / "000_a6b2ee9f8e8f0532.txt"


def school_visit_blocks() -> tuple[str, str]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("О визите российских школьников"))
    english = next(i for i, line in enumerate(lines) if line.startswith("Visit of Russian School Students"))
    return "\n\n".join(lines[start:english]), "\n\n".join(lines[english : english + 3])


def channel_export(folder: Path, messages: list[tuple[int, int, str]]) -> Path:
    path = folder / "result.json"
    payload = {
        "name": "Embassy",
        "type": "public_channel",
        "id": 42,
        "messages": [
            {
                "id": message_id,
                "type": "message",
                "date": "2025-07-18T12:00:00",
                "date_unixtime": str(unixtime),
                "from": "Embassy",
                "from_id": "channel42",
                "text": text,
                "text_entities": [],
            }
            for message_id, unixtime, text in messages
        ],
    }
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


def agenda_posts(count: int, start: int, spacing: int, first_id: int) -> list[tuple[int, int, str]]:
    """`count` posts about a summit's agenda, Russian and English in turn, that translate none of each other."""
    messages = []
    for number in range(count):
        moment = start + (number - count // 2) * spacing
        if number % 2:
            text = f"The Ministers discussed item {number} of the agenda of the summit in Tianjin on 31 August."
        else:
            text = f"Министры обсудили пункт {number} повестки саммита в Тяньцзине 31 августа."
        messages.append((first_id + number, moment, text))
    return messages


def keys_as_schema_11(connection: sqlite3.Connection) -> None:
    """Put the counterpart keys back as schema 11 stored them: a post's key names joined by a unit separator.

    Call inside a transaction; the user_version is left to the caller.
    """
    from reader.store.keys import names_of

    connection.execute("CREATE TABLE post_key_sets (post_rowid INTEGER PRIMARY KEY, keys TEXT NOT NULL)")
    rowids = [row[0] for row in connection.execute("SELECT post_rowid FROM post_key_ids").fetchall()]
    for rowid in rowids:
        length, names = names_of(connection, rowid)
        stored = names | ({f"len:{length}"} if length is not None else set())
        connection.execute("INSERT INTO post_key_sets VALUES (?, ?)", (rowid, "\x1f".join(sorted(stored))))
    connection.execute("DROP TABLE post_key_ids")
    connection.execute("DROP TABLE counterpart_key_names")


def titles_as_schema_14(connection: sqlite3.Connection) -> None:
    """Put every post's title back as text, as schema 14 and before stored it (no `title_cut` column).

    Call inside a transaction.
    """
    from reader.store.bodies import Bodies
    from reader.store.codec import title_from

    bodies = Bodies(connection)
    rows = connection.execute(
        "SELECT p.rowid, p.title, p.title_cut, b.body FROM posts p JOIN post_bodies b ON b.post_rowid = p.rowid"
    ).fetchall()
    for rowid, title, cut, body in rows:
        texts = bodies.texts(body)
        connection.execute(
            "UPDATE posts SET title = ? WHERE rowid = ?", (title_from(title, cut, texts[0] if texts else None), rowid)
        )
    connection.execute("ALTER TABLE posts DROP COLUMN title_cut")
