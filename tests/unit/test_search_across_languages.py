"""A search word the pairing knows in the other language also finds that language's posts, after its own."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader import cli
from reader.domain import Passage, Post, Source
from reader.store import PostFilter, Store
from reader.store.search import parse_query

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def _post(number: int, text: str, lang: str) -> Post:
    source = Source("tg:mid", "MID", "telegram")
    return Post(
        id=f"tg:mid/{number}",
        source=source,
        passages=(Passage(text, lang),),
        date=datetime(2025, 7, number, tzinfo=UTC),
        message_id=str(number),
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path)
    posts = [
        _post(1, "Сергей Лавров провёл переговоры в Сингапуре.", "ru"),
        _post(2, "Lavrov held talks with his counterpart in Singapore.", "en"),
        _post(3, "The Foreign Ministry issued a statement on the visit.", "en"),
        _post(4, "МИД России выступил с заявлением.", "ru"),
        _post(5, "Брифинг официального представителя Марии Захаровой.", "ru"),
        _post(6, "Briefing by the spokeswoman Maria Zakharova.", "en"),
        _post(7, "The weather in Moscow was warm.", "en"),
    ]
    with opened.db.transaction():
        opened.posts.upsert_posts((post, ()) for post in posts)
    return opened


def _numbers(store: Store, search: str, widen: bool = True) -> list[str]:
    return [
        record.post.id.rsplit("/", 1)[1]
        for record in store.records.iter_records(PostFilter(search=search, widen=widen))
    ]


def test_a_name_finds_both_languages_its_own_first(store: Store) -> None:
    assert _numbers(store, "лавров") == ["1", "2"]
    assert _numbers(store, "Lavrov") == ["2", "1"]
    assert _numbers(store, "Сингапур") == ["1", "2"]
    assert _numbers(store, "singapore") == ["2", "1"]
    store.close()


def test_an_acronym_finds_the_other_languages_words(store: Store) -> None:
    assert _numbers(store, "МИД") == ["4", "3"]
    assert _numbers(store, "MFA") == ["4"]  # "MFA" itself occurs nowhere; МИД is its other form
    store.close()


def test_a_capitalised_russian_name_is_romanised(store: Store) -> None:
    assert _numbers(store, "Захаровой") == ["5", "6"]
    store.close()


def test_widening_can_be_turned_off(store: Store) -> None:
    assert _numbers(store, "=лавров") == ["1"]
    assert _numbers(store, "лавров", widen=False) == ["1"]
    assert store.timeline.count(PostFilter(search="лавров")) == 2
    assert store.timeline.count(PostFilter(search="=лавров")) == 1
    # a word no glossary knows is not widened
    assert _numbers(store, "weather") == ["7"]
    store.close()


def test_the_query_says_what_it_widened() -> None:
    query = parse_query("лавров встреча")
    widened = {item.word: item.shown for item in query.widened}
    assert "Lavrov" in widened["лавров"]
    assert "meeting" in widened["встреча"]
    assert parse_query("=лавров").widened == ()
    assert parse_query('"лавров встреча"').widened == ()  # a phrase is searched as typed


def test_list_search_lavrov_on_the_bundled_samples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert cli.main(["--data-dir", str(data), "import", *map(str, sorted(SAMPLES.glob("*.txt")))]) == 0
    capsys.readouterr()

    assert cli.main(["--data-dir", str(data), "list", "--search", "лавров"]) == 0
    russian_query = capsys.readouterr().out.splitlines()
    assert cli.main(["--data-dir", str(data), "list", "--search", "Lavrov"]) == 0
    english_query = capsys.readouterr().out.splitlines()

    assert len(russian_query) == 6 and all("Lavrov" in line for line in russian_query)
    assert sorted(russian_query) == sorted(english_query)
    assert cli.main(["--data-dir", str(data), "list", "--search", "=лавров"]) == 0
    assert capsys.readouterr().out == ""


def _timeline(store: Store, search: str, page: int) -> list[str]:
    """The timeline's post numbers for a search, read a page of `page` rows at a time as the window does."""
    cursors = store.timeline.timeline_ids(PostFilter(search=search), page)
    listed = list(cursors)
    while len(cursors) == page:
        cursors = store.timeline.timeline_ids(PostFilter(search=search), page, after=cursors[-1])
        listed.extend(cursors)
    rows = store.timeline.timeline_rows([rowid for _, rowid in listed])
    return [row.id.rsplit("/", 1)[1] for row in rows]


@pytest.mark.parametrize("page", [1, 2, 100])
def test_the_timeline_lists_a_widened_searchs_own_hits_first(store: Store, page: int) -> None:
    # newest first would list the English post (10 July) before the Russian one (1 July)
    assert _timeline(store, "лавров", page) == ["1", "2"]
    assert _timeline(store, "Lavrov", page) == ["2", "1"]
    assert _timeline(store, "МИД", page) == ["4", "3"]
    assert _timeline(store, "=лавров", page) == ["1"]
    assert _timeline(store, "", page) == ["7", "6", "5", "4", "3", "2", "1"]  # no search: newest first
    store.close()
