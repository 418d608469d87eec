"""Numbers, dates and times reduced to canonical keys that are the same in Russian and English.

A translator rewrites «10 тысяч» as "10,000", «15,5 миллиона» as "15.5 million",
«в 17 часов 47 минут» as "at 5:47 PM", «12 декабря 2019 года» as "December 12, 2019" and
«триста долларов» as "$300". `number_keys` turns each of these into the same strings:

- ``n:<value>`` a quantity, multipliers applied (``n:10000``, ``n:15500000``, ``n:2019``);
- ``d:<MM>-<DD>`` a day of a month (``d:12-12``); its year, when given, is a separate ``n:`` key;
- ``m:<MM>`` a month named or dated (``m:12``);
- ``t:<HH>:<MM>`` a clock time on the 24-hour clock (``t:17:47``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_MONTHS_EN = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip


def _russian_month_forms() -> dict[str, int]:
    """Every case form of the Russian month names (января, в январе, январём ...)."""
    forms: dict[str, int] = {"май": 5, "мая": 5, "мае": 5, "маю": 5, "маем": 5}
    soft = {"январ": 1, "феврал": 2, "апрел": 4, "июн": 6, "июл": 7, "сентябр": 9, "октябр": 10,
            "ноябр": 11, "декабр": 12}  # fmt: skip
    for stem, month in soft.items():
        for ending in ("ь", "я", "е", "ю", "ём", "ем"):
            forms[stem + ending] = month
    for stem, month in (("март", 3), ("август", 8)):
        for ending in ("", "а", "е", "у", "ом"):
            forms[stem + ending] = month
    return forms


_MONTHS_RU = _russian_month_forms()
_MONTH_NAMES_EN = {name for name in _MONTHS_EN if len(name) > 3} | {"may"}

_WORD_NUMBERS_EN = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip


def _russian_word_numbers() -> dict[str, int]:
    table: dict[str, int] = {}
    forms = {
        1: "один одна одно одного одной одному одним одном одну",
        2: "два две двух двум двумя",
        3: "три трёх трех трём трем тремя",
        4: "четыре четырёх четырех четырём четырем четырьмя",
        40: "сорок сорока",
        90: "девяносто девяноста",
        100: "сто ста",
        200: "двести двухсот двумстам двумястами двухстах",
        300: "триста трёхсот трехсот трёмстам тремстам",
        400: "четыреста четырёхсот четырехсот",
        500: "пятьсот пятисот",
        600: "шестьсот шестисот",
        700: "семьсот семисот",
        800: "восемьсот восьмисот",
        900: "девятьсот девятисот",
        50: "пятьдесят пятидесяти",
        60: "шестьдесят шестидесяти",
        70: "семьдесят семидесяти",
        80: "восемьдесят восьмидесяти",
    }
    for value, words in forms.items():
        for word in words.split():
            table[word] = value
    # numerals ending in a soft sign decline as -ь / -и / -ью ("семью" is also "family": left out)
    soft = {
        5: "пять", 6: "шесть", 7: "семь", 8: "восемь", 9: "девять", 10: "десять", 11: "одиннадцать",
        12: "двенадцать", 13: "тринадцать", 14: "четырнадцать", 15: "пятнадцать", 16: "шестнадцать",
        17: "семнадцать", 18: "восемнадцать", 19: "девятнадцать", 20: "двадцать", 30: "тридцать",
    }  # fmt: skip
    for value, word in soft.items():
        stem = word[:-1]
        table[word] = value
        table[stem + "и"] = value
        if value != 7:
            table[stem + "ью"] = value
    table["восьми"] = 8
    return table


_WORD_NUMBERS_RU = _russian_word_numbers()
_WORD_NUMBERS = {**_WORD_NUMBERS_EN, **_WORD_NUMBERS_RU}
_HUNDRED_WORDS = {"hundred"}
_COMPOUND_PREFIX = re.compile(
    r"(двух|тр[её]х|четыр[её]х|пяти|шести|восьми|девяти|десяти)"
    r"(?=лет|летн|слой|сторон|кратн|месячн|дневн|часов|недельн|комнатн|этажн|местн|разов|мерн|процентн|уровнев"
    r"|ступенчат|значн|звезд|тысячн|минутн|секундн|томн|серийн|ярусн|сотн)",
    re.IGNORECASE,
)

_MULTIPLIERS = {
    "thousand": 10**3, "thousands": 10**3, "k": 10**3,
    "million": 10**6, "millions": 10**6, "mln": 10**6, "mn": 10**6,
    "billion": 10**9, "billions": 10**9, "bn": 10**9, "bln": 10**9,
    "trillion": 10**12, "trillions": 10**12, "tn": 10**12, "trn": 10**12,
    "тыс": 10**3, "млн": 10**6, "млрд": 10**9, "трлн": 10**12,
}  # fmt: skip
for _stem, _value in (("тысяч", 10**3), ("миллион", 10**6), ("миллиард", 10**9), ("триллион", 10**12)):
    for _ending in ("", "а", "и", "у", "ей", "ам", "ами", "ах", "ов", "ы", "ом", "е"):
        _MULTIPLIERS[_stem + _ending] = _value

# Separators of thousands: space, no-break space, narrow no-break space, thin space, apostrophes, comma.
_GROUP_SEPARATORS = " \u00a0\u202f\u2009'’,"
_NUMBER = r"(?<![\d.,])(?:\d{1,3}(?:[" + _GROUP_SEPARATORS + r"]\d{3})+(?![\d])(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
_WORD = r"[^\W\d_]+"

_TIME_AMPM = re.compile(r"(?<!\d)(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\b\.?", re.IGNORECASE)
_TIME_24 = re.compile(r"(?<![\d.,:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")
_TIME_RU = re.compile(
    r"(?<!\d)(\d{1,2})\s*(?:час(?:а|ов)?|ч\.)(?:\s*(\d{1,2})\s*мин(?:ут[аы]?|\.)?)?"
    r"(?:\s*(утра|дня|вечера|ночи))?",
    re.IGNORECASE,
)
_PARTS_OF_DAY = ("утра", "дня", "вечера", "ночи")
_TIME_RU_PART_OF_DAY = re.compile(r"(?<!\d)(\d{1,2})\s+(утра|дня|вечера|ночи)", re.IGNORECASE)
_DATE_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})([./])(\d{1,2})\2(\d{4})(?!\d)")
_DATE_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DAY_MONTH = re.compile(r"(?<![\d.,])(\d{1,2})(?:-?(?:го|е|st|nd|rd|th))?\s+(?:of\s+)?(" + _WORD + r")\.?"
                        r"(?:,?\s+(\d{4}))?", re.IGNORECASE)  # fmt: skip
_MONTH_DAY = re.compile(r"\b(" + _WORD + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?![\d.,:]\d)(?:,?\s+(\d{4}))?",
                        re.IGNORECASE)  # fmt: skip
_QUANTITY = re.compile(r"(" + _NUMBER + r")(?:\s*(" + _WORD + r")\.?)?")
_DIGIT = re.compile(r"\d")


def _month(word: str) -> int | None:
    lower = word.lower()
    return _MONTHS_EN.get(lower) or _MONTHS_RU.get(lower)


def _canonical(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def parse_number(text: str) -> Decimal | None:
    """The value of a written number such as "1'200", "10 000", "15,5", "1,234.5"; None if unreadable.

    Spaces (plain, no-break, thin), apostrophes and commas between groups of three digits separate
    thousands; otherwise a comma or a point is the decimal mark («15,5» and "15.5" are equal).
    """
    digits = text.strip()
    grouped = re.fullmatch(r"(\d{1,3}(?:[" + _GROUP_SEPARATORS + r"]\d{3})+)(?:[.,](\d+))?", digits)
    if grouped:
        fraction = grouped.group(2)
        digits = re.sub(r"\D", "", grouped.group(1)) + ("." + fraction if fraction else "")
    else:
        digits = digits.replace(",", ".")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _time_key(hour: int, minute: int) -> str | None:
    if 0 <= hour <= 23 and 0 <= minute <= 59:
        return f"t:{hour:02d}:{minute:02d}"
    return None


def _to_24h(hour: int, part: str) -> int:
    part = part.lower()
    if part in ("p", "дня", "вечера") and hour < 12:
        return hour + 12
    if part in ("a", "ночи", "утра") and hour == 12:
        return 0
    return hour


def _date_keys(day: int, month: int, year: str | None) -> list[str]:
    if not 1 <= day <= 31 or not 1 <= month <= 12:
        return []
    keys = [f"d:{month:02d}-{day:02d}", f"m:{month:02d}"]
    if year:
        keys.append(f"n:{int(year)}")
    return keys


class _Scanner:
    """Collects keys from a text, blanking the spans already read so later patterns skip them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.keys: set[str] = set()

    def consume(self, pattern: re.Pattern[str], handle: Callable[[re.Match[str]], list[str] | None]) -> None:
        pieces: list[str] = []
        last = 0
        for match in pattern.finditer(self.text):
            keys = handle(match)
            if keys is None:
                continue
            self.keys.update(keys)
            pieces.append(self.text[last : match.start()])
            pieces.append(" " * (match.end() - match.start()))
            last = match.end()
        if pieces:
            pieces.append(self.text[last:])
            self.text = "".join(pieces)


def _handle_ampm(match: re.Match[str]) -> list[str] | None:
    hour = int(match.group(1))
    if not 1 <= hour <= 12:
        return None
    key = _time_key(_to_24h(hour, match.group(3)), int(match.group(2) or 0))
    return [key] if key else None


def _handle_24h(match: re.Match[str]) -> list[str] | None:
    key = _time_key(int(match.group(1)), int(match.group(2)))
    return [key] if key else None


def _handle_time_ru(match: re.Match[str]) -> list[str] | None:
    hour = int(match.group(1))
    if match.group(3):
        hour = _to_24h(hour, match.group(3))
    key = _time_key(hour, int(match.group(2) or 0))
    return [key] if key else None


def _handle_part_of_day(match: re.Match[str]) -> list[str] | None:
    key = _time_key(_to_24h(int(match.group(1)), match.group(2)), 0)
    return [key] if key else None


def _handle_numeric_date(match: re.Match[str]) -> list[str] | None:
    first, second = int(match.group(1)), int(match.group(3))
    # dotted dates are day.month (Russian and European); slashed ones are month/day when that is valid
    if match.group(2) == "/" and first <= 12 and second <= 31:
        first, second = second, first
    return _date_keys(first, second, match.group(4)) or None


def _handle_iso_date(match: re.Match[str]) -> list[str] | None:
    return _date_keys(int(match.group(3)), int(match.group(2)), match.group(1)) or None


def _handle_day_month(match: re.Match[str]) -> list[str] | None:
    month = _month(match.group(2))
    if month is None or match.group(2) == "may":
        return None  # "aged 12–18 may be": the verb
    return _date_keys(int(match.group(1)), month, match.group(3)) or None


def _handle_month_day(match: re.Match[str]) -> list[str] | None:
    month = _month(match.group(1))
    if month is None or match.group(1) == "may":
        return None  # lower-case "may" is the verb
    return _date_keys(int(match.group(2)), month, match.group(3)) or None


def _handle_quantity(match: re.Match[str]) -> list[str] | None:
    value = parse_number(match.group(1))
    if value is None:
        return None
    unit = (match.group(2) or "").lower()
    multiplier = _MULTIPLIERS.get(unit)
    if multiplier is not None and (unit != "k" or match.group(0)[len(match.group(1)) :].startswith("k")):
        value *= multiplier
    keys = [f"n:{_canonical(value)}"]
    if re.fullmatch(r"\d{1,3},\d{3}", match.group(1)) and not match.group(1).endswith("000"):
        # "2,256" is 2256 in English but 2.256 in Russian: keep both readings
        keys.append(f"n:{_canonical(Decimal(match.group(1).replace(',', '.')) * (multiplier or 1))}")
    return keys


# Roman numerals up to 399, of two letters or more: centuries, monarchs, congresses. Single letters
# and D/M (DC, CD, MIX) are too often abbreviations.
_ROMAN = re.compile(r"C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman_value(numeral: str) -> int:
    total = 0
    for index, letter in enumerate(numeral):
        value = _ROMAN_VALUES[letter]
        following = _ROMAN_VALUES[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


_SPELLED_MULTIPLIERS = {word for word in _MULTIPLIERS if len(word) > 2 and word not in ("mln", "bln", "trn")}
_NUMBER_WORD_GAP = re.compile(r"[\s\-‐–]*(?:and[\s\-]+)?", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W\d_]+")


# What `_word_keys` can react to: a number, multiplier or month word, a capital Roman numeral or a
# compound such as «двухлетний». Most passages have none, and these C-level checks spare them
# the word-by-word loop.
_MONTH_WORDS = frozenset(_MONTHS_EN) | frozenset(_MONTHS_RU)
_WORD_KEY_TRIGGERS = frozenset(_WORD_NUMBERS) | _SPELLED_MULTIPLIERS | frozenset(_MONTHS_RU) | _MONTH_NAMES_EN
_ROMAN_CANDIDATE = re.compile(r"(?<![^\W\d_])[IVXLC]{2,}(?![^\W\d_])")
_COMPOUND_CANDIDATE = re.compile(r"(?<![^\W\d_])" + _COMPOUND_PREFIX.pattern, re.IGNORECASE)


def _may_have_word_keys(text: str) -> bool:
    return (
        not _WORD_KEY_TRIGGERS.isdisjoint(_TOKEN.findall(text.lower()))
        or _ROMAN_CANDIDATE.search(text) is not None
        or _COMPOUND_CANDIDATE.search(text) is not None
    )


def _word_keys(text: str) -> set[str]:
    """Numbers written in words ("twenty-five", «двадцать пять», «триста», "three thousand",
    «двухлетний») and months named without a day ("in July", «в июле»)."""
    keys: set[str] = set()
    if not _may_have_word_keys(text):
        return keys
    total = current = words_in_number = 0
    has_multiplier = False
    previous_end = -1

    def flush() -> None:
        nonlocal total, current, words_in_number, has_multiplier
        value = total + current
        # a lone "one"/«один» is usually a pronoun or article, not a quantity
        if words_in_number and (value > 1 or words_in_number > 1 or has_multiplier):
            keys.add(f"n:{value}")
        total = current = words_in_number = 0
        has_multiplier = False

    for match in _TOKEN.finditer(text):
        token = match.group(0)
        word = token.lower()
        small = _WORD_NUMBERS.get(word)
        if small is None and word not in _SPELLED_MULTIPLIERS:
            month = _MONTHS_RU.get(word)
            if month is None and word in _MONTH_NAMES_EN and token[0].isupper():  # not "may" the verb
                month = _MONTHS_EN[word]
            if month is not None:
                keys.add(f"m:{month:02d}")
            elif len(token) > 1 and token.isupper() and _ROMAN.fullmatch(token):
                keys.add(f"n:{_roman_value(token)}")  # «XXI век» ~ "21st century"
            elif len(word) > 6 and (compound := _COMPOUND_PREFIX.match(word)):
                keys.add(f"n:{_WORD_NUMBERS_RU[compound.group(1)]}")  # «двухлетний» ~ "two-year-old"
            continue
        if words_in_number and not _NUMBER_WORD_GAP.fullmatch(text, previous_end, match.start()):
            flush()
        previous_end = match.end()
        if small is None:  # a multiplier: "thousand", «миллиона»
            total += max(current, 1) * _MULTIPLIERS[word]
            current = 0
            has_multiplier = True
        elif word in _HUNDRED_WORDS:
            current = max(current, 1) * 100
        else:
            # "двадцать пять", "триста двадцать" extend a number; "two three" starts a new one
            extends = (current % 100 == 0 and small < 100) or (current % 10 == 0 and small < 10)
            if current and not extends:
                flush()
            current += small
        words_in_number += 1
    flush()
    return keys


@lru_cache(maxsize=8192)
def number_keys(text: str) -> frozenset[str]:
    """Canonical keys of the quantities, dates, months and clock times mentioned in a text.

    Works the same for Russian and English, so keys of a passage and of its translation overlap.

    Examples:
        >>> sorted(number_keys("15,5 миллиона"))
        ['n:15500000']
        >>> sorted(number_keys("December 12, 2019 at 5:47 PM"))
        ['d:12-12', 'm:12', 'n:2019', 't:17:47']
    """
    if not _DIGIT.search(text):
        return frozenset(_word_keys(text))
    scanner = _Scanner(text)
    lower = text.lower()
    # each pattern costs a pass over the text: skip those whose tell-tale character is absent
    if "-" in text:
        scanner.consume(_DATE_ISO, _handle_iso_date)
    if "." in text or "/" in text:
        scanner.consume(_DATE_NUMERIC, _handle_numeric_date)
    if "m" in lower:
        scanner.consume(_TIME_AMPM, _handle_ampm)
    if ":" in text:
        scanner.consume(_TIME_24, _handle_24h)
    if "ч" in lower:
        scanner.consume(_TIME_RU, _handle_time_ru)
    if any(part in lower for part in _PARTS_OF_DAY):
        scanner.consume(_TIME_RU_PART_OF_DAY, _handle_part_of_day)
    # both keep only matches naming a month: without a month word they would scan for nothing
    if not _MONTH_WORDS.isdisjoint(_TOKEN.findall(scanner.text.lower())):
        scanner.consume(_DAY_MONTH, _handle_day_month)
        scanner.consume(_MONTH_DAY, _handle_month_day)
    scanner.consume(_QUANTITY, _handle_quantity)
    keys = scanner.keys
    keys.update(_word_keys(scanner.text))
    return frozenset(keys)
