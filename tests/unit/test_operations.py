"""Every user action as a Qt-free operation: what it stores, and the Changes it reports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader import operations
from reader.domain import Changes, Pair, Passage, Post, Source, post_id_for
from reader.errors import ReaderError
from reader.store import PostFilter, Store

MFA = Source("tg:mfa", "MFA Russia", "telegram", "https://t.me/mfa")
EMBASSY = Source("file:embassy", "Embassy", "scrape")


def _post(source: Source, number: int, texts: list[tuple[str, str]], pairs: tuple[Pair, ...] = ()) -> Post:
    return Post(
        id=post_id_for(source.key, str(number)),
        source=source,
        message_id=str(number),
        passages=tuple(Passage(text, lang) for text, lang in texts),
        date=datetime(2025, 7, number, 12, tzinfo=UTC),
        title=texts[0][0],
        pairs=pairs,
    )


POSTS = [
    _post(MFA, 1, [("Lavrov met Rubio", "en")]),
    _post(MFA, 2, [("Лавров встретился с Рубио", "ru")]),
    _post(EMBASSY, 3, [("Визит школьников", "ru"), ("Visit of school students", "en")], (Pair((0,), (1,), 0.9),)),
]
IDS = [post.id for post in POSTS]


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path)
    with store.transaction():
        store.posts.upsert_posts((post, ()) for post in POSTS)
    yield store
    store.close()


def test_mark_read_reports_only_the_posts_it_changed(store: Store) -> None:
    assert operations.mark_read(store, IDS[:1]) == Changes(read=(IDS[0],))
    assert operations.mark_read(store, IDS[:2]) == Changes(read=(IDS[1],))
    assert operations.mark_read(store, IDS[:1], read=False) == Changes(unread=(IDS[0],))
    assert {post_id for post_id, state in store.state.states(IDS).items() if state.read} == {IDS[1]}


def test_undo_of_mark_all_read_unmarks_exactly_what_it_marked(store: Store) -> None:
    operations.mark_read(store, [IDS[0]])
    done = operations.mark_all_read(store, PostFilter())
    assert set(done.read) == {IDS[1], IDS[2]}
    undone = operations.undo_mark_all_read(store, done)
    assert set(undone.unread) == {IDS[1], IDS[2]}
    states = store.state.states(IDS)
    assert states[IDS[0]].read  # read before "mark all", so still read after its undo
    assert not states[IDS[1]].read and not states[IDS[2]].read


def test_mark_all_read_keeps_to_its_filter(store: Store) -> None:
    done = operations.mark_all_read(store, PostFilter(languages=("ru",)))
    assert set(done.read) == {IDS[1], IDS[2]}
    assert operations.mark_all_read(store, PostFilter(languages=("ru",))) == Changes()


def test_bookmark_with_note_and_tags_then_unbookmark(store: Store) -> None:
    changes = operations.set_bookmarked(store, [IDS[0]], note="ask the press office", tags=["usa", " ", "usa"])
    assert changes == Changes(bookmarked=(IDS[0],), noted=(IDS[0],), tagged=(IDS[0],))
    state = store.state.states([IDS[0]])[IDS[0]]
    assert (state.bookmarked, state.note, state.tags) == (True, "ask the press office", ("usa",))
    assert operations.set_bookmarked(store, [IDS[0]], False) == Changes(unbookmarked=(IDS[0],))
    state = store.state.states([IDS[0]])[IDS[0]]
    assert not state.bookmarked and state.note == "ask the press office"  # the note outlives the bookmark


def test_note_is_trimmed_and_an_empty_one_removes_it(store: Store) -> None:
    assert operations.set_note(store, IDS[1], "  check the date \n") == Changes(noted=(IDS[1],))
    assert store.state.states([IDS[1]])[IDS[1]].note == "check the date"
    operations.set_note(store, IDS[1], "   ")
    assert store.state.states([IDS[1]])[IDS[1]].note == ""


def test_tags_are_deduplicated_and_no_tags_clears_them(store: Store) -> None:
    assert operations.set_tags(store, IDS[2], ["school", "visit", "school"]) == Changes(
        noted=(IDS[2],), tagged=(IDS[2],)
    )
    assert store.state.states([IDS[2]])[IDS[2]].tags == ("school", "visit")
    operations.set_tags(store, IDS[2], [])
    assert store.state.states([IDS[2]])[IDS[2]].tags == ()


def test_save_note_bookmarks_with_note_and_tags(store: Store) -> None:
    changes = operations.save_note(store, IDS[1], "summit", ["asean"])
    assert changes == Changes(bookmarked=(IDS[1],), noted=(IDS[1],), tagged=(IDS[1],))
    state = store.state.states([IDS[1]])[IDS[1]]
    assert (state.bookmarked, state.note, state.tags) == (True, "summit", ("asean",))


def test_unknown_post_is_refused_by_name(store: Store) -> None:
    operations.require_posts(store, IDS)
    with pytest.raises(operations.UnknownPostError, match="tg:mfa/99: no such post"):
        operations.require_posts(store, [IDS[0], "tg:mfa/99"])


def test_rejecting_and_confirming_pairs_changes_what_the_reader_shows(store: Store) -> None:
    assert operations.decide_pair(store, IDS[2], (0,), (1,), "rejected") == Changes(decided=(IDS[2],))
    record = store.records.get_record(IDS[2])
    assert record is not None and record.post.pairs == ()
    operations.decide_pair(store, IDS[2], (0,), (1,), "confirmed")
    record = store.records.get_record(IDS[2])
    assert record is not None and [(pair.ru, pair.en) for pair in record.post.pairs] == [((0,), (1,))]


def test_re_pairing_across_two_posts_is_kept_as_a_decision(store: Store) -> None:
    changes = operations.decide_pair(store, IDS[1], (0,), (0,), "confirmed", other_post_id=IDS[0])
    assert changes == Changes(decided=(IDS[1], IDS[0]))
    assert [row[:5] for row in store.pairs.iter_pair_decisions()] == [(IDS[1], IDS[0], (0,), (0,), "confirmed")]


def test_counterpart_decisions_hold_in_both_directions(store: Store) -> None:
    assert operations.decide_counterpart(store, IDS[1], IDS[0], "confirmed") == Changes(decided=(IDS[1], IDS[0]))
    assert [item.post_id for item in store.pairs.counterparts_of([IDS[0]])[IDS[0]]] == [IDS[1]]
    operations.decide_counterpart(store, IDS[0], IDS[1], "rejected")
    assert store.pairs.counterparts_of([IDS[0], IDS[1]]) == {}


def test_rename_source_by_key_or_title_survives_reimport(store: Store) -> None:
    assert operations.rename_source(store, "tg:mfa", "  МИД  России ") == Changes(renamed_sources=("tg:mfa",))
    assert operations.rename_source(store, "мид россии", "МИД России") == Changes()  # by title, same name
    with store.transaction():
        store.posts.upsert_posts((post.with_changes(title=post.title + "!"), ()) for post in POSTS)
    record = store.records.get_record(IDS[0])
    assert record is not None and record.post.source.title == "МИД России"
    assert [facet.label for facet in store.timeline.facets().sources] == ["Embassy", "МИД России"]


def test_rename_source_refuses_unknown_ambiguous_and_blank(store: Store) -> None:
    with pytest.raises(operations.UnknownSourceError, match="nowhere: no such source"):
        operations.rename_source(store, "nowhere", "X")
    operations.rename_source(store, "file:embassy", "MFA Russia")
    with pytest.raises(operations.UnknownSourceError, match="several sources"):
        operations.find_source(store, "mfa russia")
    with pytest.raises(ReaderError, match="empty"):
        operations.rename_source(store, "tg:mfa", "  ")
