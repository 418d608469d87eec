"""Date mentions in English and Russian, and dates of the posts of undated dumps."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from dateutil import parser as dateutil_parser

from reader.text.dates import (
    RussianEnglishParserInfo,
    as_datetime,
    date_posts,
    find_dates,
    parse_date,
    post_date_mention,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("📍 Kuala Lumpur, July 10", (None, 7, 10)),
        ("🗓 On July 13, Russia's Foreign Minister", (None, 7, 13)),
        ("On July 15, 1846, he was born", (1846, 7, 15)),
        ("talks in Istanbul (July 23, 2025)", (2025, 7, 23)),
        ("18 июля 2025 года учащиеся Школы", (2025, 7, 18)),
        ("Москва, 1 сентября 2024 г.", (2024, 9, 1)),
        ("в июле: 3 мая и 22 декабря", (None, 5, 3)),
        ("опубликовано 10.07.2025", (2025, 7, 10)),
        ("Moscow, 10 July 2025", (2025, 7, 10)),
        ("updated 2025-07-10", (2025, 7, 10)),
        ("on Sept. 3 2024", (2024, 9, 3)),
    ],
)
def test_first_date_mention(text: str, expected: tuple[int | None, int, int]) -> None:
    mention = find_dates(text)[0]
    assert (mention.year, mention.month, mention.day) == expected
    assert text[mention.start : mention.end] == mention.text


def test_no_dates_where_there_are_none() -> None:
    assert find_dates("scheduled for October 2025 in Kuala Lumpur") == []
    assert find_dates("31 февраля 2025 года") == []
    assert find_dates("Mayday 99 balloons") == []
    assert find_dates("they may 5 times refuse, and the 15th Meeting") == []


def test_dateutil_is_taught_russian_month_names() -> None:
    info = RussianEnglishParserInfo(dayfirst=True)
    for text, month in (("12 декабря 2019 года", 12), ("1 мая 2020", 5), ("Июль 2021", 7), ("в феврале 2022", 2)):
        assert dateutil_parser.parse(text, parserinfo=info, fuzzy=True).month == month


def test_plans_are_not_the_date_of_a_post() -> None:
    mentions = find_dates("the SCO Plus summit, scheduled for August 31-September 1 in Tianjin")
    assert [mention.future for mention in mentions] == [True, True]
    assert post_date_mention(["Talks", "the summit, scheduled for August 31 in Tianjin"]) is None


def test_parse_date_is_timezone_aware_utc() -> None:
    assert parse_date("Kuala Lumpur, July 11, 2025") == datetime(2025, 7, 11, 12, tzinfo=UTC)
    assert parse_date("18 июля 2025 года").date() == date(2025, 7, 18)  # type: ignore[union-attr]
    assert parse_date("July 11") is None
    assert as_datetime(date(2025, 1, 2)).tzinfo is UTC


def _dates(leads: list[str]) -> list[tuple[date | None, bool]]:
    results = date_posts([post_date_mention([lead]) for lead in leads])
    return [(result.value.date() if result.value else None, result.inferred) for result in results]


def test_years_come_from_neighbours_and_history_stays_history() -> None:
    leads = [
        "📍 Kuala Lumpur, July 10",
        "remarks (Kuala Lumpur, July 10, 2025)",
        "On July 15, 1846, Miklouho-Maclay was born",  # historic: an anniversary post on July 15
        "EAEU–Indonesia: On the Path to the Free Trade Agreement",
        "18 июля 2025 года учащиеся посетили Посольство",
        "On July 28, 1914, the war began",  # historic, and its day would go backwards? no: after July 18
    ]
    assert _dates(leads) == [
        (date(2025, 7, 10), False),
        (date(2025, 7, 10), False),
        (date(2025, 7, 15), False),
        (date(2025, 7, 15), True),
        (date(2025, 7, 18), False),
        (date(2025, 7, 28), False),
    ]


def test_dates_never_go_backwards() -> None:
    leads = ["On July 20, 2025, talks", "On July 3, President Putin said", "Nothing dated here", "July 21"]
    assert _dates(leads) == [
        (date(2025, 7, 20), False),
        (date(2025, 7, 20), True),
        (date(2025, 7, 20), True),
        (date(2025, 7, 21), False),
    ]


def test_a_dump_crossing_new_year_moves_to_the_next_year() -> None:
    assert _dates(["December 30, 2024: results", "January 2", "Без даты"]) == [
        (date(2024, 12, 30), False),
        (date(2025, 1, 2), False),
        (date(2025, 1, 2), True),
    ]


def test_undated_posts_at_the_start_take_the_first_known_date() -> None:
    assert _dates(["no date", "10.07.2025 новости"]) == [(date(2025, 7, 10), True), (date(2025, 7, 10), False)]
    assert _dates(["no date", "still none"]) == [(None, True), (None, True)]
