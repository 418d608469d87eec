"""The user's tags are a filter like any other: in the store, the search syntax and the command line."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.cli import main
from reader.domain import Passage, Post, Source, post_id_for
from reader.store import PostFilter, QuerySyntaxError, Store

Factory = Callable[[Path], Store]
BILINGUAL = "tg:mfa_russia/100"
RUSSIAN = "tg:mid_rf/200"
ENGLISH = "tg:mfa_russia/201"


@pytest.fixture()
def folder(tmp_path: Path, bilingual_library: Factory) -> Path:
    path = tmp_path / "library"
    store = bilingual_library(path)
    store.state.set_bookmarked([BILINGUAL, RUSSIAN], note="для справки")
    store.state.set_tags(BILINGUAL, ["brief", "Malaysia"])
    store.state.set_tags(RUSSIAN, ["Brief"])
    store.state.set_tags(ENGLISH, ["later"])  # tagged without a bookmark
    store.close()
    return path


@pytest.fixture()
def store(folder: Path) -> Iterator[Store]:
    store = Store.open(folder)
    yield store
    store.close()


def test_a_tag_filters_posts_whatever_its_case(store: Store) -> None:
    assert set(store.timeline.post_ids(PostFilter(tags=("brief",)))) == {BILINGUAL, RUSSIAN}
    assert store.timeline.post_ids(PostFilter(tags=("brief", "malaysia"))) == [BILINGUAL]  # every tag given
    assert store.timeline.post_ids(PostFilter(tags=("nothing",))) == []


def test_tag_in_the_search_syntax(store: Store) -> None:
    assert set(store.timeline.post_ids(PostFilter(search="tag:brief"))) == {BILINGUAL, RUSSIAN}
    assert store.timeline.post_ids(PostFilter(search="tag:later")) == [ENGLISH]
    assert store.timeline.post_ids(PostFilter(search="tag:brief lang:en")) == [BILINGUAL]
    with pytest.raises(QuerySyntaxError):
        store.timeline.post_ids(PostFilter(search='tag:"brief'))


def test_facets_count_each_tag(store: Store) -> None:
    counts = {facet.key: facet.total for facet in store.timeline.facets().tags}
    assert counts == {"brief": 1, "Brief": 1, "Malaysia": 1, "later": 1}


def test_timeline_rows_carry_the_note_and_tags(store: Store) -> None:
    rowid = store.records.rowid_of(BILINGUAL)
    assert rowid is not None
    (row,) = store.timeline.timeline_rows([rowid])
    assert row.note == "для справки" and row.tags == ("Malaysia", "brief")


def run(folder: Path, *arguments: str) -> int:
    return main(["--data-dir", str(folder), *arguments])


def test_list_and_export_take_a_tag(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(folder, "list", "--tag", "later") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and ENGLISH in lines[0]
    sheet = tmp_path / "brief.csv"
    assert run(folder, "export-bookmarks", "--format", "csv", "--tag", "brief", "-o", str(sheet)) == 0
    rows = list(csv.DictReader(sheet.read_text(encoding="utf-8-sig").splitlines(keepends=True)))
    # the Russian post comes with its English counterpart, as every export does
    assert {row["id"] for row in rows} == {BILINGUAL, RUSSIAN, ENGLISH}


def test_list_prints_one_line_per_post(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(folder)
    source = Source("tg:desk", "Desk", "telegram")
    post = Post(
        id=post_id_for(source.key, "7"),
        source=source,
        passages=(Passage("Заголовок\nв две строки", "ru"),),
        date=datetime(2025, 7, 20, tzinfo=UTC),
        message_id="7",
        title="Заголовок\nв две строки",
    )
    with store.db.transaction():
        store.posts.upsert_posts([(post, ())])
    total = store.timeline.count(PostFilter())
    store.close()
    capsys.readouterr()
    assert run(folder, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == total
    assert any(line.endswith("Заголовок в две строки") for line in lines)


def test_facets_count_within_the_filter_each_list_without_its_own_choice(store: Store) -> None:
    everything = store.timeline.facets()
    russian = store.timeline.facets(PostFilter(languages=("ru",)))
    # the languages are counted as if no language were chosen, so a second one can be added
    assert {facet.key: facet.total for facet in russian.languages} == {
        facet.key: facet.total for facet in everything.languages
    }
    assert russian.total == store.timeline.count(PostFilter(languages=("ru",))) < everything.total
    for facet in russian.topics:
        assert facet.total == store.timeline.count(PostFilter(languages=("ru",), topics=(facet.key,)))
    for facet in russian.sources:
        assert facet.total == store.timeline.count(PostFilter(languages=("ru",), sources=(facet.key,)))
    brief = store.timeline.facets(PostFilter(tags=("brief",), bookmarked=True))
    assert brief.total == 2 and brief.bookmarked == 2  # Bookmarked's own count ignores Bookmarked
    assert {facet.key for facet in brief.tags} == {"brief", "Brief", "Malaysia"}  # "later" is not bookmarked
    searched = store.timeline.facets(PostFilter(search="tag:later"))
    assert searched.total == 1 and {facet.key for facet in searched.languages} == {"en"}
