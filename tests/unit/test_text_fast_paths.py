"""The fast paths of topic and language detection give what the plain, step-by-step checks give.

Topics are found from sets of distinct words and per-word results worked out once; languages skip
the word counts of Latin lines once one English line decides, and remember the verdicts of repeated
lines. None of that may change a result, whatever the order in which texts arrive.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.domain import Passage
from reader.text import topics as topics_module
from reader.text.lang import LanguageDetector
from reader.text.topics import Glossary

_GLOSSARY = Glossary.load()
_REFERENCE = Glossary.load()  # used only by the step-by-step scan
_FORMS = sorted({form for english, russian in _GLOSSARY.forms().values() for form in (*english, *russian)})
_FORM_WORDS = sorted({word for form in _FORMS for word in form.split()})
_OTHER_WORDS = [
    "the", "of", "and", "talks", "Lavrov", "и", "что", "переговоры", "Китаем", "Китая", "США", "us",
    "turkey", "Turkey", "East", "Middle", "Great", "Київ", "і", "що", "les", "und", "café", "Ελλάδα",
    "日本", "2025", "10", "#RussiaUSA", "#Россия", "https://t.me/x", "www.mid.ru", "📍", "—", ",", ".",
]  # fmt: skip
_ENDINGS = ["", "", "", "а", "ом", "ами", "е", "ы", "s", "n", "ian"]


@st.composite
def _word(draw: st.DrawFn) -> str:
    word = draw(st.sampled_from(_FORM_WORDS + _OTHER_WORDS))
    return word + draw(st.sampled_from(_ENDINGS)) if word.isalpha() else word


_LINE = st.one_of(
    st.lists(_word(), max_size=12).map(" ".join),
    st.tuples(_word(), st.sampled_from(_FORMS), _word()).map(" ".join),  # whole forms of several words
    st.text(max_size=40),
)
_POST = st.lists(_LINE, min_size=1, max_size=6)


def _step_by_step_topics(glossary: Glossary, text: str) -> tuple[str, ...]:
    """Topics by the plain scan: every word in turn, every form starting there checked in place."""
    return glossary._with_broader(topic for topic, _ in glossary._mentions(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_POST)
def test_topics_are_those_of_the_step_by_step_scan(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert _GLOSSARY.topics_in(text) == _step_by_step_topics(_REFERENCE, text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_POST, min_size=2, max_size=5))
def test_topics_do_not_depend_on_what_the_glossary_saw_before(posts: list[list[str]]) -> None:
    texts = ["\n".join(lines) for lines in posts]
    warmed = Glossary.load()
    for text in reversed(texts):
        warmed.topics_in(text)
    assert [warmed.topics_in(text) for text in texts] == [Glossary.load().topics_in(text) for text in texts]


def test_topics_survive_the_word_caches_filling_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(topics_module, "_CACHE_LIMIT", 3)
    glossary = Glossary.load()
    for text in ["Переговоры с Китаем и США", "Talks with China on the Middle East", "Встреча в рамках ШОС"]:
        assert glossary.topics_in(text) == _step_by_step_topics(_REFERENCE, text)
    assert "China" in glossary.topics_in("Лавров провёл переговоры с Китаем")


def _languages(detector: LanguageDetector, lines: list[str]) -> list[str | None]:
    return [passage.lang for passage in detector.assign_languages(tuple(Passage(line) for line in lines))]


_WARMED = LanguageDetector()  # one each: every new detector loads langdetect's profiles again
_FRESH = LanguageDetector()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_POST, min_size=2, max_size=4))
def test_languages_do_not_depend_on_what_the_detector_saw_before(posts: list[list[str]]) -> None:
    for lines in reversed(posts):
        _languages(_WARMED, lines)
        _languages(_WARMED, lines[::2])
    fresh = []
    for lines in posts:
        _FRESH._verdict_cache.clear()  # as if new, without loading langdetect again
        fresh.append(_languages(_FRESH, lines))
    assert [_languages(_WARMED, lines) for lines in posts] == fresh


def test_every_latin_line_of_a_post_with_an_english_sentence_is_english() -> None:
    lines = [
        "Key talking points:",
        "The minister said that the talks with the delegation were useful.",
        "Kuala Lumpur, July 10",
        "#RussiaASEAN",
        "https://t.me/MFARussia",
    ]
    assert _languages(LanguageDetector(), lines) == ["en", "en", "en", "en", None]


def test_a_line_in_another_script_follows_the_post_by_weight_of_all_its_lines() -> None:
    # The Greek line has no language of its own: it takes the language with the most decided text.
    # The Russian line outweighs the first English line but not all three.
    lines = [
        "Россия и Китай выступили за укрепление стратегического партнёрства и сотрудничества в рамках ШОС.",
        "The talks were useful.",
        "The minister said that the sides agreed on the plan for the next year.",
        "It was the first visit of the delegation to the region in ten years.",
        "Ελλάδα",
    ]
    assert _languages(LanguageDetector(), lines) == ["ru", "en", "en", "en", "en"]
    assert _languages(LanguageDetector(), lines[:2] + lines[4:]) == ["ru", "en", "ru"]


def test_enrich_keeps_every_other_field_of_the_post() -> None:
    # TextPipeline.enrich builds the enriched post from Post's fields in order, not with replace().
    from datetime import UTC, datetime

    from reader.domain import Link, Media, MediaKind, Pair, Post, Source
    from reader.text.pipeline import TextPipeline

    post = Post(
        id="tg:mfa/7",
        source=Source("tg:mfa", "MFA", "telegram", "https://t.me/mfa"),
        passages=(Passage("Лавров провёл переговоры в Москве.", links=(Link("https://mid.ru", 0, 6),)),),
        date=datetime(2025, 7, 10, 12, tzinfo=UTC),
        date_inferred=True,
        message_id="7",
        url="https://t.me/mfa/7",
        reactions={"👍": 3},
        media=(Media(MediaKind.PHOTO, "photos/1.jpg"),),
        edited=datetime(2025, 7, 11, 12, tzinfo=UTC),
        forwarded_from="MID",
        reply_to="tg:mfa/6",
        place="Moscow",
        views=10,
        pairs=(Pair((0,), (1,), 0.9),),
    )
    pipeline = TextPipeline(Glossary.load(), LanguageDetector())
    enriched = pipeline.enrich(post)
    expected = post.with_changes(
        passages=enriched.passages, hashtags=enriched.hashtags, topics=enriched.topics, title=enriched.title
    )
    assert enriched == expected
    assert enriched.passages[0].lang == "ru"
    assert enriched.title == "Лавров провёл переговоры в Москве."
