"""The cheap paths of counterpart search give the same answers as the full ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.align.counterparts import (
    best_counterparts,
    counterpart_keys,
    counterpart_log_odds,
    counterpart_log_odds_bound,
    post_signals,
    score_counterpart,
)
from reader.align.signals import key_signals, text_signals
from reader.domain import Counterpart, Passage, PassageKind, Post, Source

RU_SOURCE = Source("tg:mid_rf", "МИД России", "telegram")
EN_SOURCE = Source("tg:mfa_russia", "MFA Russia", "telegram")
NOON = datetime(2025, 7, 13, 12, 0, tzinfo=UTC)

# Sentence i of RUSSIAN translates sentence i of ENGLISH.
RUSSIAN = (
    "13 июля в Куала-Лумпуре состоялись переговоры Министра иностранных дел России С.В. Лаврова.",
    "Стороны обсудили торговлю, которая в 2024 году выросла на 15,5 % и достигла 4,2 млрд долларов.",
    "18 июля 2025 года учащиеся Школы №1529 имени А.С. Грибоедова посетили Посольство России в Сингапуре.",
    "Школьники пообщались с Послом России Н.Р. Кудашевым и узнали о работе дипломатов.",
    "В Ханое открылась фотовыставка «Москва — Ханой: 75 лет дипломатических отношений».",
    "Экспозиция из 120 фотографий продлится до 30 сентября.",
    "⚡️ Заявление МИД России #РоссияКитай https://mid.ru/ru/press/1",
    "Вопрос: Как Вы оцените итоги визита?",
    "Ответ: Визит прошёл успешно, подписано двенадцать соглашений.",
)
ENGLISH = (
    "On July 13, Russian Foreign Minister Sergey Lavrov held talks in Kuala Lumpur.",
    "The sides discussed trade, which grew by 15.5% in 2024 and reached $4.2 billion.",
    "On July 18, 2025, students from School No. 1529 named after A.S. Griboyedov visited the Russian Embassy "
    "in Singapore.",
    "The students met with Russian Ambassador N.R. Kudashev and learned about the work of diplomats.",
    'A photo exhibition "Moscow – Hanoi: 75 Years of Diplomatic Relations" opened in Hanoi.',
    "The exhibition of 120 photographs will run until September 30.",
    "⚡️ Statement by the Russian MFA #РоссияКитай https://mid.ru/ru/press/1",
    "Question: How would you assess the results of the visit?",
    "Answer: The visit was a success, twelve agreements were signed.",
)
KINDS = (PassageKind.BODY, PassageKind.BODY, PassageKind.QUESTION, PassageKind.ANSWER)
SPEAKERS = (None, None, "Сергей Лавров", "Sergey Lavrov", "Мария Захарова")


def make_post(
    lang: str, name: str, passages: list[Passage], date: datetime | None, topics: tuple[str, ...] = ()
) -> Post:
    source = RU_SOURCE if lang == "ru" else EN_SOURCE
    return Post(f"{source.key}/{name}", source, tuple(passages), date=date, topics=topics)


def story(lang: str, indexes: list[int], date: datetime | None, name: str = "") -> Post:
    texts = RUSSIAN if lang == "ru" else ENGLISH
    passages = [Passage(texts[index], lang=lang) for index in indexes]
    return make_post(lang, name or "-".join(map(str, indexes)), passages, date)


passage_choice = st.tuples(
    st.integers(0, len(RUSSIAN) - 1), st.sampled_from(KINDS), st.sampled_from(SPEAKERS), st.booleans()
)


def build(lang: str, name: str, choices: list[tuple[int, PassageKind, str | None, bool]], date: datetime) -> Post:
    texts = RUSSIAN if lang == "ru" else ENGLISH
    passages = [
        Passage(texts[index] + (" " + texts[(index + 3) % len(texts)] if longer else ""), lang, kind, speaker)
        for index, kind, speaker, longer in choices
    ]
    return make_post(lang, name, passages, date, topics=("diplomacy",) if len(choices) % 2 else ())


@settings(max_examples=150, deadline=None)
@given(
    st.lists(passage_choice, min_size=1, max_size=6),
    st.lists(passage_choice, min_size=1, max_size=6),
    st.floats(min_value=-80.0, max_value=80.0),
)
def test_the_bound_is_never_below_the_score(
    ru_choices: list[tuple[int, PassageKind, str | None, bool]],
    en_choices: list[tuple[int, PassageKind, str | None, bool]],
    hours: float,
) -> None:
    ru_post = build("ru", "q", ru_choices, NOON)
    en_post = build("en", "c", en_choices, NOON + timedelta(hours=hours))

    assert counterpart_log_odds_bound(ru_post, en_post) >= counterpart_log_odds(ru_post, en_post)


def test_the_bound_tells_a_translation_from_an_unrelated_post() -> None:
    ru_post = story("ru", [0, 1], NOON)

    assert counterpart_log_odds_bound(ru_post, story("en", [0, 1], NOON + timedelta(hours=5))) > 0
    assert counterpart_log_odds_bound(ru_post, story("en", [4, 5], NOON + timedelta(hours=5))) < 0
    assert counterpart_log_odds_bound(ru_post, story("en", [7, 8], NOON + timedelta(hours=5))) < 0


def test_best_counterparts_equal_scoring_every_candidate() -> None:
    ru_post = story("ru", [0, 1], NOON, "query")
    candidates = [
        story("en", indexes, NOON + timedelta(hours=hours))
        for indexes, hours in (([4, 5], 2), ([0, 1], 30), ([0], 3), ([2, 3], 1), ([0, 1], 4), ([7, 8], 0))
    ]
    for threshold in (0.5, 0.1, 0.01):
        expected = sorted(
            (
                Counterpart(candidate.id, round(score, 4))
                for candidate in candidates
                if (score := score_counterpart(ru_post, candidate)) >= threshold
            ),
            key=lambda counterpart: -counterpart.score,
        )
        assert best_counterparts(ru_post, candidates, threshold) == tuple(expected)
        assert best_counterparts(ru_post, candidates, threshold, limit=1) == tuple(expected[:1])
        # and from the English side, with the Russian posts as candidates
        en_post = candidates[4]
        assert best_counterparts(en_post, [ru_post], threshold) == tuple(
            Counterpart(ru_post.id, round(score, 4))
            for score in [score_counterpart(ru_post, en_post)]
            if score >= threshold
        )


def test_the_best_counterpart_is_the_translation() -> None:
    en_post = story("en", [2, 3], NOON, "translation")
    candidates = [story("ru", indexes, NOON) for indexes in ([0, 1], [4, 5], [2, 3], [6])]

    assert [found.post_id for found in best_counterparts(en_post, candidates, limit=1)] == [candidates[2].id]


def test_counterpart_keys_are_those_of_the_full_signals() -> None:
    passages = [
        Passage(RUSSIAN[6], "ru"),
        Passage(RUSSIAN[7], "ru", PassageKind.QUESTION),
        Passage(RUSSIAN[8], "ru", PassageKind.ANSWER, speaker="Сергей Лавров"),
        Passage("The end.", "en"),
    ]
    post = make_post("ru", "mixed", passages, NOON, topics=("diplomacy",))
    signals = post_signals(post)
    numbers = {key for key in signals.numbers if key.startswith(("d:", "t:")) or key in ("n:2025", "n:1")}

    keys = counterpart_keys(post)

    assert {"w:" + cognate for cognate in signals.cognates} <= keys
    assert set(signals.markers) <= keys
    assert numbers <= keys
    assert "topic:diplomacy" in keys
    assert "w:lavro" in keys  # from the speaker's name


def test_key_signals_are_part_of_the_text_signals() -> None:
    for text, lang in [*((text, "ru") for text in RUSSIAN), *((text, "en") for text in ENGLISH)]:
        full = text_signals(text, lang)
        keys = key_signals(text)
        assert (keys.length, keys.numbers, keys.cognates, keys.markers) == (
            full.length,
            full.numbers,
            full.cognates,
            full.markers,
        )
