"""Finding the English post that translates a Russian one, by keys, time and alignment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from reader.align.counterparts import (
    CounterpartIndex,
    _aligned,
    counterpart_keys,
    counterpart_log_odds,
    score_counterpart,
)
from reader.domain import Passage, Post, Source

RU_SOURCE = Source("tg:mid_rf", "МИД России", "telegram")
EN_SOURCE = Source("tg:mfa_russia", "MFA Russia", "telegram")
NOON = datetime(2025, 7, 13, 12, 0, tzinfo=UTC)

STORIES = {
    "talks": (
        (
            "13 июля в Куала-Лумпуре состоялись переговоры Министра иностранных дел России С.В. Лаврова с "
            "Министром иностранных дел Малайзии.",
            "Стороны обсудили торговлю, которая в 2024 году выросла на 15,5 % и достигла 4,2 млрд долларов.",
        ),
        (
            "On July 13, Russian Foreign Minister Sergey Lavrov held talks with the Foreign Minister of Malaysia "
            "in Kuala Lumpur.",
            "The sides discussed trade, which grew by 15.5% in 2024 and reached $4.2 billion.",
        ),
    ),
    "school": (
        (
            "18 июля 2025 года учащиеся Школы №1529 имени А.С. Грибоедова посетили Посольство России в Сингапуре.",
            "Школьники пообщались с Послом России Н.Р. Кудашевым и узнали о работе дипломатов.",
        ),
        (
            "On July 18, 2025, students from School No. 1529 named after A.S. Griboyedov visited the Embassy of "
            "Russia in Singapore.",
            "The students met with Ambassador of Russia N.R. Kudashev and learned about the work of diplomats.",
        ),
    ),
    "exhibition": (
        (
            "В Ханое открылась фотовыставка «Москва — Ханой: 75 лет дипломатических отношений».",
            "Экспозиция из 120 фотографий продлится до 30 сентября.",
        ),
        (
            'A photo exhibition "Moscow – Hanoi: 75 Years of Diplomatic Relations" opened in Hanoi.',
            "The exhibition of 120 photographs will run until September 30.",
        ),
    ),
}


def post(lang: str, story: str, date: datetime) -> Post:
    source = RU_SOURCE if lang == "ru" else EN_SOURCE
    texts = STORIES[story][0 if lang == "ru" else 1]
    return Post(f"{source.key}/{story}", source, tuple(Passage(text, lang=lang) for text in texts), date=date)


def test_keys_of_a_post_and_its_translation_overlap() -> None:
    ru_keys = counterpart_keys(post("ru", "talks", NOON))
    en_keys = counterpart_keys(post("en", "talks", NOON))

    shared = ru_keys & en_keys
    assert {"d:07-13", "n:2024", "n:15.5", "n:4200000000"} <= shared
    assert "w:lavro" in shared


def test_translation_scores_high_and_unrelated_post_low() -> None:
    ru = post("ru", "school", NOON)

    assert score_counterpart(ru, post("en", "school", NOON + timedelta(hours=5))) >= 0.9
    assert score_counterpart(ru, post("en", "talks", NOON + timedelta(hours=5))) < 0.5
    assert score_counterpart(ru, post("en", "exhibition", NOON + timedelta(hours=5))) < 0.5


def test_translation_outside_the_time_window_scores_zero() -> None:
    ru = post("ru", "school", NOON)

    assert score_counterpart(ru, post("en", "school", NOON + timedelta(days=10))) == 0.0
    # scores of clear translations saturate near 1: compare the log-odds beneath them
    assert counterpart_log_odds(ru, post("en", "school", NOON + timedelta(days=1))) > counterpart_log_odds(
        ru, post("en", "school", NOON + timedelta(days=2, hours=20))
    )


def test_index_matches_each_post_with_its_translation_one_to_one() -> None:
    index = CounterpartIndex()
    for hours, story in enumerate(STORIES):
        index.add(post("ru", story, NOON + timedelta(hours=hours)))
        index.add(post("en", story, NOON + timedelta(hours=hours + 20)))

    matches = index.matches()

    assert sorted((match.ru_id, match.en_id) for match in matches) == [
        ("tg:mid_rf/exhibition", "tg:mfa_russia/exhibition"),
        ("tg:mid_rf/school", "tg:mfa_russia/school"),
        ("tg:mid_rf/talks", "tg:mfa_russia/talks"),
    ]
    assert all(0.5 <= match.score <= 1.0 for match in matches)


def test_index_never_offers_posts_outside_the_window() -> None:
    index = CounterpartIndex(window=timedelta(days=3))
    ru = post("ru", "talks", NOON)
    index.add(ru)
    index.add(post("en", "talks", NOON + timedelta(days=4)))

    assert index.candidates(ru) == []
    assert index.matches() == []


def test_post_without_counterpart_gets_none() -> None:
    index = CounterpartIndex()
    ru_talks = post("ru", "talks", NOON)
    index.add(ru_talks)
    index.add(post("ru", "school", NOON))
    index.add(post("en", "school", NOON + timedelta(hours=2)))

    assert index.counterparts(ru_talks) == ()
    assert [match.en_id for match in index.matches()] == ["tg:mfa_russia/school"]


def test_counterparts_are_found_from_either_side() -> None:
    index = CounterpartIndex()
    en = post("en", "exhibition", NOON + timedelta(hours=30))
    index.add(post("ru", "exhibition", NOON))
    index.add(en)

    found = index.counterparts(en)

    assert [counterpart.post_id for counterpart in found] == ["tg:mid_rf/exhibition"]
    assert 0.5 <= found[0].score <= 1.0


def test_only_furniture_is_left_out_of_the_alignment() -> None:
    """Hashtag lines, links and "Read more" footers are furniture; prose stays, links and all."""
    furniture = (
        "#Россия #Малайзия #Лавров",
        "👉 Read more: https://t.me/MFARussia/12345",
        "www.mid.ru/ru/foreign_policy/news/1234567",
        "Подробнее 👇",
        "15.07.2025 12:00",
    )
    prose = (
        "Стороны обсудили торговлю и инвестиции.",
        "Lavrov#1 was a typo of a shared tag in this sentence",  # a '#' inside a word starts no hashtag
        "Statement of the Ministry (see https://mid.ru/en/press/1) on the talks in Kuala Lumpur",
    )
    passages = tuple(Passage(text) for text in (*furniture, *prose))
    assert [passage.text for passage in _aligned(passages)] == list(prose)
    # a post of furniture alone is still aligned whole: there is nothing else to compare
    assert _aligned(passages[: len(furniture)]) == passages[: len(furniture)]
