"""Numbers, dates and times read the same in a Russian passage and its English translation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reader.align.numbers import number_keys, parse_number

# (Russian, English): each pair must give the same keys, and the keys must be the expected ones.
TRANSLATED = [
    ("10 тысяч", "10,000", {"n:10000"}),
    ("15,5 миллиона", "15.5 million", {"n:15500000"}),
    ("3,5 млрд рублей", "3.5 billion rubles", {"n:3500000000"}),
    ("2 тыс. человек", "2 thousand people", {"n:2000"}),
    ("около 1\u00a0200 человек", "approximately 1'200 people", {"n:1200"}),
    ("1 200 000", "1,200,000", {"n:1200000"}),
    ("в 17 часов 47 минут", "At 5:47 PM", {"t:17:47"}),
    ("в 9:30", "at 9:30 a.m.", {"t:09:30"}),
    ("в 5 вечера", "at 5 p.m.", {"t:17:00"}),
    ("12 декабря 2019 года", "December 12, 2019", {"d:12-12", "m:12", "n:2019"}),
    ("18 июля 2025 года", "On July 18, 2025", {"d:07-18", "m:07", "n:2025"}),
    ("9 мая", "9th of May", {"d:05-09", "m:05"}),
    ("18.07.2025", "7/18/2025", {"d:07-18", "m:07", "n:2025"}),
    ("в июле", "in July", {"m:07"}),
    ("триста долларов", "$300", {"n:300"}),
    ("двадцать пять", "twenty-five", {"n:25"}),
    ("двести пятьдесят", "two hundred and fifty", {"n:250"}),
    ("три тысячи", "three thousand", {"n:3000"}),
    ("Школы №1529", "School No. 1529", {"n:1529"}),
    ("50 %", "50 percent", {"n:50"}),
]


@pytest.mark.parametrize(("russian", "english", "expected"), TRANSLATED)
def test_translation_keeps_the_keys(russian: str, english: str, expected: set[str]) -> None:
    assert number_keys(russian) == expected
    assert number_keys(english) == expected


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1'200", Decimal(1200)),
        ("1’200", Decimal(1200)),
        ("10 000", Decimal(10000)),
        ("10\u202f000", Decimal(10000)),
        ("15,5", Decimal("15.5")),
        ("1,234.5", Decimal("1234.5")),
        ("1 234,5", Decimal("1234.5")),
        ("7", Decimal(7)),
    ],
)
def test_parse_number_reads_separators(written: str, value: Decimal) -> None:
    assert parse_number(written) == value


def test_ambiguous_comma_keeps_both_readings() -> None:
    # «2,256 секунды» is two and a quarter seconds; "2,256 seconds" in English could be 2256
    assert {"n:2.256", "n:2256"} <= number_keys("2,256")


def test_words_that_only_look_like_numbers_give_no_keys() -> None:
    assert number_keys("You may go now") == frozenset()  # "may" the verb is not May
    assert number_keys("one of them") == frozenset()  # a lone "one" is a pronoun
    assert number_keys("одна из них") == frozenset()
    assert number_keys("семинар по семье") == frozenset()


def test_separate_numbers_stay_separate() -> None:
    assert number_keys("between 24–48 hours") == {"n:24", "n:48"}
    assert number_keys("в 2019 году 300 человек") == {"n:2019", "n:300"}


def test_compound_russian_numerals_match_english_words() -> None:
    assert number_keys("двухлетнего ребёнка") == number_keys("a two-year-old child")


def test_roman_numerals_read_as_numbers_but_abbreviations_do_not() -> None:
    assert number_keys("XXI века") == number_keys("the 21st century") == {"n:21"}
    assert number_keys("Елизавета II") == number_keys("Elizabeth II") == {"n:2"}
    assert number_keys("Washington DC, a CD-ROM, I am") == frozenset()
