"""Search matches Russian inflections whichever form the user types."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from reader.domain import Passage, Post, Source
from reader.store import PostFilter, Store


def _post(number: int, text: str) -> Post:
    source = Source("tg:mid", "MID", "telegram")
    return Post(
        id=f"tg:mid/{number}",
        source=source,
        passages=(Passage(text, "ru"),),
        date=datetime(2025, 7, number, tzinfo=UTC),
        message_id=str(number),
    )


def test_summit_in_any_case_finds_the_others(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    posts = [
        _post(1, "Министр прибыл на саммит."),
        _post(2, "Итоги саммита подвели вечером."),
        _post(3, "Делегация готовится к саммиту."),
        _post(4, "Брифинг о визовых вопросах."),
    ]
    with store.db.transaction():
        store.posts.upsert_posts((post, ()) for post in posts)
    for query in ("саммит", "саммита", "саммиту"):
        assert store.timeline.count(PostFilter(search=query)) == 3, query
    assert store.timeline.count(PostFilter(search="=summit")) == 0  # as typed, the English word is not in them
    assert store.timeline.count(PostFilter(search="summit")) == 3  # widened: the glossary knows «саммит»
    store.close()
