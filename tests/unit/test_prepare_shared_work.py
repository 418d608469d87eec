"""Work the import shares or moves between processes gives what the plain, separate steps give.

A post's words are found once for the glossary and the search index; a worker may detect a post's
languages and pairs and leave the rest to the writer; a row's "has text" is decided without building
the snippet. None of that may change a row, a stem, a language or a topic.
"""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.domain import Link, Media, MediaKind, Passage, PassageKind, Post, Source
from reader.importing import prepare
from reader.store.codec import has_own_text, snippet_of
from reader.store.rows import prepare_post
from reader.store.search import index_document, words
from reader.text.pipeline import TextPipeline
from reader.text.topics import text_words

_PIPELINE = TextPipeline.default()
_SOURCE = Source("tg:test", "Test", "telegram")
# Words and marks that make the two tokenisations part ways: apostrophes inside and around words,
# underscores, digits, other scripts, and glossary forms so that topics are found.
_PIECES = [
    "don't", "Russia’s", "'quoted'", "’", "'", "''", "a''b", "snake_case", "_", "__init__", "O'Neill",
    "Lavrov", "Лавров", "переговоры", "Китаем", "ASEAN", "Middle", "East", "the", "of", "и", "що",
    "2025", "10,5", "café", "Ελλάδα", "日本", "#RussiaUSA", "#Россия_Китай", "https://t.me/x", "📍",
    "—", ",", ".", "\n", "  ",
]  # fmt: skip
_TEXT = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=20).map(" ".join),
    st.lists(st.sampled_from(_PIECES), max_size=8).map("".join),
    st.text(max_size=60),
)


def _post(texts: list[str], title: str = "", kinds: list[PassageKind] | None = None) -> Post:
    kinds = kinds or [PassageKind.BODY] * len(texts)
    passages = tuple(Passage(text, kind=kind) for text, kind in zip(texts, kinds, strict=True))
    return Post(id="tg:test/1", source=_SOURCE, passages=passages, title=title, message_id="1")


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=4), _TEXT)
def test_words_found_once_are_each_sides_own_words(texts: list[str], title: str) -> None:
    text = "\n".join(texts)
    index_words, topic_words = prepare.words_of(text)
    assert index_words == words(text)
    assert topic_words == text_words(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=4), _TEXT)
def test_a_prepared_post_is_the_same_as_from_the_separate_steps(texts: list[str], title: str) -> None:
    raw = _post(texts, title)
    prepared = prepare.prepare(_PIPELINE, raw)
    separate = prepare_post(prepare.enrich(_PIPELINE, raw), None)
    assert prepared == separate
    assert prepared.fts == index_document(separate.values[6], texts)  # type: ignore[arg-type]


def test_a_title_that_is_not_a_passage_is_indexed_once_before_the_text() -> None:
    raw = _post(["Переговоры в Пекине прошли успешно.", "Talks in Beijing went well."], title="Визит_2025 don't")
    prepared = prepare.prepare(_PIPELINE, raw)
    assert prepared.fts == index_document("Визит_2025 don't", [p.text for p in raw.passages])
    assert prepared.fts is not None and prepared.fts.startswith("виз 2025 don't переговор ")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_TEXT, st.sampled_from([PassageKind.BODY, PassageKind.MEDIA, PassageKind.QUOTE])), max_size=4),
    _TEXT,
)
def test_has_own_text_is_whether_the_snippet_is_empty(passages: list[tuple[str, PassageKind]], title: str) -> None:
    post = _post([text for text, _ in passages], title, [kind for _, kind in passages])
    assert has_own_text(post) == bool(snippet_of(post))


def test_a_parsed_post_crosses_a_pipe_unchanged() -> None:
    post = Post(
        id="tg:test/7",
        source=_SOURCE,
        passages=(
            Passage("Текст со ссылкой", "ru", PassageKind.QUOTE, "Мария", (Link("https://mid.ru", 0, 5),), True),
            Passage("Poll: yes or no?", None, PassageKind.MEDIA),
        ),
        date=datetime(2025, 7, 10, 12, 30, tzinfo=UTC),
        message_id="7",
        title="Текст",
        hashtags=("#Россия",),
        reactions={"👍": 3},
        media=(Media(MediaKind.POLL, name="yes or no?"),),
        views=12,
        date_only=True,
    )
    again = pickle.loads(pickle.dumps(post, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == post
    assert type(again.passages[0].kind) is PassageKind


def test_chunks_left_to_the_writer_hold_the_detected_posts_in_order() -> None:
    posts = [_post([f"Пост номер {number}.", f"Post number {number}."]) for number in range(10)]
    asked = iter([False, True, True, False])
    totals: list[int] = []
    chunks = list(prepare._chunks_of(_PIPELINE, iter(posts), (0,), 0, 3, totals, leave_to_writer=lambda: next(asked)))
    assert totals == [4]
    assert [chunk.number for chunk in chunks] == [0, 1, 2, 3]
    assert [(len(chunk.posts), len(chunk.detected)) for chunk in chunks] == [(3, 0), (0, 3), (0, 3), (1, 0)]
    assert chunks[1].detected == [prepare.detect(_PIPELINE, post) for post in posts[3:6]]
    assert chunks[2].detected[0].passages[0].lang == "ru" and chunks[2].detected[0].pairs
    assert chunks[0].posts == [prepare.prepare(_PIPELINE, post) for post in posts[:3]]


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=5), _TEXT)
def test_detected_then_described_is_enriched(texts: list[str], title: str) -> None:
    raw = _post(texts, title)
    detected = pickle.loads(pickle.dumps(prepare.detect(_PIPELINE, raw)))  # as it crosses from the worker
    assert prepare.prepare_detected(_PIPELINE, detected) == prepare.prepare(_PIPELINE, raw)
    assert _PIPELINE.describe(_PIPELINE.detect(raw)) == _PIPELINE.enrich(raw)


def test_a_bilingual_post_detected_by_the_worker_keeps_its_languages_and_pairs() -> None:
    raw = _post(
        [
            "Министр иностранных дел провёл переговоры с коллегой из Китая.",
            "The foreign minister held talks with his Chinese colleague.",
        ]
    )
    prepared = prepare.prepare_detected(_PIPELINE, prepare.detect(_PIPELINE, raw))
    assert prepared == prepare.prepare(_PIPELINE, raw)
    assert prepared.languages == ("en", "ru") or prepared.languages == ("ru", "en")
    assert prepared.pairs and "China" in prepared.topics
