"""The store keeps content and user state apart, searches with stems and refuses what it cannot read."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.domain import Counterpart, Pair, Passage, PassageKind, Post, Source, post_id_for
from reader.errors import StoreDamagedError, StoreTooNewError
from reader.store import PostFilter, QuerySyntaxError, Store

MFA = Source("tg:mfa", "MFA Russia", "telegram", "https://t.me/mfa")
EMBASSY = Source("file:embassy", "Embassy scrape", "scrape")


def make_post(
    source: Source,
    message_id: str,
    day: int,
    passages: list[tuple[str, str]],
    topics: tuple[str, ...] = (),
    pairs: tuple[Pair, ...] = (),
) -> Post:
    return Post(
        id=post_id_for(source.key, message_id),
        source=source,
        message_id=message_id,
        passages=tuple(Passage(text, lang) for text, lang in passages),
        date=datetime(2025, 7, day, 12, tzinfo=UTC),
        title=passages[0][0],
        topics=topics,
        reactions={"👍": 2},
        pairs=pairs,
    )


def sample_posts() -> list[Post]:
    return [
        make_post(MFA, "1", 10, [("Lavrov met Rubio", "en"), ("The ministers discussed summits.", "en")], ("USA",)),
        make_post(MFA, "2", 11, [("Саммит АСЕАН", "ru"), ("Министры обсудили итоги саммита.", "ru")], ("ASEAN",)),
        make_post(
            EMBASSY,
            "3",
            12,
            [("Визит школьников", "ru"), ("Visit of school students", "en")],
            ("Education",),
            (Pair((0,), (1,), 0.9),),
        ),
    ]


@pytest.fixture()
def store(data_dir: Path) -> Store:
    store = Store.open(data_dir)
    with store.db.transaction():
        store.posts.upsert_posts((post, ()) for post in sample_posts())
    yield store
    store.close()


def titles(store: Store, post_filter: PostFilter) -> list[str]:
    rowids = [rowid for _, rowid in store.timeline.timeline_ids(post_filter, 100)]
    return [row.title for row in store.timeline.timeline_rows(rowids)]


def test_timeline_is_newest_first(store: Store) -> None:
    assert titles(store, PostFilter()) == ["Визит школьников", "Саммит АСЕАН", "Lavrov met Rubio"]


def test_reimport_adds_nothing_and_keeps_state(store: Store) -> None:
    post_id = sample_posts()[0].id
    store.state.set_read([post_id])
    store.state.set_bookmarked([post_id], note="follow up")
    with store.db.transaction():
        result = store.posts.upsert_posts((post, ()) for post in sample_posts())
    assert (len(result.new_rowids), len(result.updated_rowids), result.unchanged) == (0, 0, 3)
    record = store.records.get_record(post_id)
    assert record is not None
    assert record.state.read and record.state.bookmarked and record.state.note == "follow up"


def test_edited_post_is_updated_in_place(store: Store) -> None:
    edited = sample_posts()[0].with_changes(title="Lavrov met Rubio (updated)")
    store.state.set_read([edited.id])
    with store.db.transaction():
        result = store.posts.upsert_posts([(edited, ())])
    assert list(result.updated_rowids) == [store.records.rowid_of(edited.id)]
    assert result.updated_by_source == {edited.source.key: 1}
    assert store.timeline.post_count() == 3
    record = store.records.get_record(edited.id)
    assert record is not None and record.post.title.endswith("(updated)") and record.state.read


def test_filters_keep_what_they_say(store: Store) -> None:
    assert titles(store, PostFilter(languages=("en",))) == ["Визит школьников", "Lavrov met Rubio"]
    assert titles(store, PostFilter(topics=("asean",))) == ["Саммит АСЕАН"]
    assert titles(store, PostFilter(sources=("file:embassy",))) == ["Визит школьников"]
    store.state.set_read([sample_posts()[2].id])
    assert titles(store, PostFilter(unread=True)) == ["Саммит АСЕАН", "Lavrov met Rubio"]
    since = datetime(2025, 7, 11, tzinfo=UTC)
    assert titles(store, PostFilter(since=since, until=datetime(2025, 7, 12, tzinfo=UTC))) == ["Саммит АСЕАН"]


def test_search_finds_inflected_forms(store: Store) -> None:
    assert titles(store, PostFilter(search="=саммит")) == ["Саммит АСЕАН"]
    assert titles(store, PostFilter(search="=summit")) == ["Lavrov met Rubio"]
    # the glossary knows the word in the other language: the timeline shows both, the typed word's hits first
    assert titles(store, PostFilter(search="саммит")) == ["Саммит АСЕАН", "Lavrov met Rubio"]
    assert titles(store, PostFilter(search="summit")) == ["Lavrov met Rubio", "Саммит АСЕАН"]
    assert titles(store, PostFilter(search='"итоги саммита"')) == ["Саммит АСЕАН"]
    assert titles(store, PostFilter(search="-саммит lang:ru")) == ["Визит школьников"]
    assert titles(store, PostFilter(search="topic:ASEAN is:unread")) == ["Саммит АСЕАН"]


def test_search_through_counterparts(store: Store) -> None:
    english, russian = sample_posts()[0], sample_posts()[1]
    with store.db.transaction():
        store.posts.set_counterparts(english.id, [Counterpart(russian.id, 0.8)])
    assert titles(store, PostFilter(search="Rubio")) == ["Саммит АСЕАН", "Lavrov met Rubio"]


def test_malformed_search_gives_a_hint(store: Store) -> None:
    with pytest.raises(QuerySyntaxError, match="closing quote"):
        store.timeline.count(PostFilter(search='"unfinished phrase'))
    with pytest.raises(QuerySyntaxError, match="not a date"):
        store.timeline.count(PostFilter(search="after:yesterday"))
    assert store.timeline.count(PostFilter(search="AND OR NOT ( * ^")) == 0


def test_keyset_pages_cover_everything_once(store: Store) -> None:
    first = store.timeline.timeline_ids(PostFilter(), 2)
    rest = store.timeline.timeline_ids(PostFilter(), 2, after=first[-1])
    assert len(first) == 2 and len(rest) == 1
    assert {rowid for _, rowid in first + rest} == {rowid for _, rowid in store.timeline.timeline_ids(PostFilter(), 10)}


def test_facets_count_sources_languages_topics(store: Store) -> None:
    store.state.set_read([sample_posts()[0].id])
    facets = store.timeline.facets()
    by_source = {facet.key: (facet.total, facet.unread) for facet in facets.sources}
    assert by_source == {"tg:mfa": (2, 1), "file:embassy": (1, 1)}
    assert {facet.key: facet.total for facet in facets.languages} == {"ru": 2, "en": 2}
    assert (facets.total, facets.unread) == (3, 2)


def test_user_pair_decisions_override_the_aligner(store: Store) -> None:
    post = sample_posts()[2]
    store.pairs.decide_pair(post.id, (0,), (1,), "rejected")
    record = store.records.get_record(post.id)
    assert record is not None and record.post.pairs == ()
    store.pairs.decide_pair(post.id, (0,), (1,), "confirmed")
    record = store.records.get_record(post.id)
    assert record is not None and record.post.pairs[0].confirmed


def test_mark_read_reports_only_changes(store: Store) -> None:
    ids = [post.id for post in sample_posts()]
    assert len(store.state.set_read(ids[:2]).read) == 2
    assert store.state.set_read(ids).read == (ids[2],)


def test_newer_database_is_refused(data_dir: Path) -> None:
    Store.open(data_dir).close()
    connection = sqlite3.connect(data_dir / "library.sqlite3")
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    with pytest.raises(StoreTooNewError, match="newer Bulletin Reader"):
        Store.open(data_dir)


def test_damaged_database_is_reported(data_dir: Path) -> None:
    (data_dir / "library.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreDamagedError, match="damaged"):
        Store.open(data_dir)


def test_passage_kinds_and_speakers_survive(data_dir: Path) -> None:
    store = Store.open(data_dir)
    post = Post(
        id="s/1",
        source=EMBASSY,
        passages=(Passage("Question: why?", "en", PassageKind.QUESTION, "Question"),),
    )
    with store.db.transaction():
        store.posts.upsert_posts([(post, ())])
    record = store.records.get_record("s/1")
    assert record is not None
    assert record.post.passages[0].kind is PassageKind.QUESTION and record.post.passages[0].speaker == "Question"


def test_library_of_the_first_schema_keeps_posts_state_and_keys_after_upgrade(data_dir: Path) -> None:
    from reader.store.migrations import SCHEMA_V1

    data_dir.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(data_dir / "library.sqlite3")
    connection.executescript(SCHEMA_V1)
    connection.executescript(
        """
        INSERT INTO sources VALUES ('tg:mfa', 'MFA Russia', 'telegram', NULL);
        INSERT INTO posts (rowid, id, source_key, sort_ts, title, languages, content_hash, imported_at)
            VALUES (7, 'tg:mfa/1', 'tg:mfa', 1752840000, 'Lavrov in Kuala Lumpur', 'en', 'x', 0);
        INSERT INTO passages VALUES (7, 0, 'en', 'body', NULL, 'Lavrov in Kuala Lumpur', '[]', 0);
        INSERT INTO post_keys VALUES ('w:lavro', 7), ('n:2025', 7);
        INSERT INTO post_state (post_id, read, bookmarked, note) VALUES ('tg:mfa/1', 1, 1, 'keep');
        PRAGMA user_version = 1;
        """
    )
    connection.close()
    store = Store.open(data_dir)
    [(rowid, _ts, languages, length, _ids)] = list(store.pairs.keyed_posts_between(0, 2e9))
    assert (rowid, languages, length, store.pairs.stored_keys(7)) == (7, "en", None, (None, {"n:2025", "w:lavro"}))
    record = store.records.get_record("tg:mfa/1")
    assert record is not None and record.state.read and record.state.bookmarked and record.state.note == "keep"
    store.close()


def test_a_search_with_many_hits_pages_the_same_posts_by_walking_the_dates(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.store.timeline as store_module

    store = Store.open(data_dir)
    posts = [
        make_post(MFA, str(number), 1 + number % 28, [(f"Summit note {number}", "en"), ("The ministers met.", "en")])
        for number in range(60)
    ]
    with store.db.transaction():
        store.posts.upsert_posts([(post, ()) for post in posts])
        store.posts.set_counterparts(posts[0].id, [Counterpart(posts[1].id, 0.9)])
    for search in ("summit", "ministers", '"ministers met"', "summit -note"):
        fetched = [store.timeline.timeline_ids(PostFilter(search=search), 25)]
        monkeypatch.setattr(store_module, "WALK_DATES_HITS", 0)
        fetched.append(store.timeline.timeline_ids(PostFilter(search=search), 25))
        monkeypatch.setattr(store_module, "WALK_DATES_HITS", 10**9)
        assert fetched[0] == fetched[1], search
        assert len(fetched[0]) == 25 or search == "summit -note"
    store.close()


def test_a_topic_pages_the_same_posts_fetched_or_by_walking_the_dates(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.store.timeline as store_module

    store = Store.open(data_dir)
    posts = [
        make_post(
            MFA,
            str(number),
            1 + number % 28,
            [(f"Note {number}", "en" if number % 3 else "ru")],
            ("Korean Peninsula",) if number % 4 == 0 else ("Russia",) if number % 4 == 1 else ("Russia", "ASEAN"),
        )
        for number in range(80)
    ]
    with store.db.transaction():
        store.posts.upsert_posts([(post, ()) for post in posts])
    filters = (
        PostFilter(topics=("korean peninsula",)),  # the panel's spelling or the user's: any case
        PostFilter(topics=("Russia", "ASEAN")),
        PostFilter(topics=("Russia",), languages=("ru",)),
        PostFilter(search="topic:asean note"),
    )
    for post_filter in filters:
        pages = []
        for walk_from in (10**9, 0):  # every topic is rare, then every one is common
            monkeypatch.setattr(store_module, "WALK_DATES_HITS", walk_from)
            first = store.timeline.timeline_ids(post_filter, 7)
            pages.append((first, store.timeline.timeline_ids(post_filter, 100, after=first[-1])))
        assert pages[0] == pages[1], post_filter
        first, rest = pages[0]
        assert len(first) == 7 and len(first) + len(rest) == store.timeline.count(post_filter), post_filter
        assert first + rest == sorted(first + rest, reverse=True)  # newest first, no post twice
    store.close()
