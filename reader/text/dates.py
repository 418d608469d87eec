"""Dates in English and Russian bulletin text, and the dates of posts in undated dumps.

python-dateutil knows English month names but not Russian ones: `RussianEnglishParserInfo`
teaches it every case form (июль, июля, июле, ...) and the "года"/"г." after a year, so
`dateutil.parser.parse("18 июля 2025 года", parserinfo=...)` works. Finding mentions in
running text needs to know where a date starts and ends: plain regular expressions find
"<word> <day>" and "<day> <word>" candidates and the parserinfo decides whether the word
is a month.

Dates of posts are calendar days. They are returned as timezone-aware datetimes at
12:00 UTC so that the calendar day stays the same when shown in any time zone from
UTC-11 to UTC+11 (midnight UTC would show as the previous day in the Americas).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from dateutil import parser as dateutil_parser

# Month names: English full and short forms, Russian nominative, genitive, prepositional and short forms.
_MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("Jan", "January", "январь", "января", "январе", "янв"),
    ("Feb", "February", "февраль", "февраля", "феврале", "фев", "февр"),
    ("Mar", "March", "март", "марта", "марте", "мар"),
    ("Apr", "April", "апрель", "апреля", "апреле", "апр"),
    ("May", "май", "мая", "мае"),
    ("Jun", "June", "июнь", "июня", "июне", "июн"),
    ("Jul", "July", "июль", "июля", "июле", "июл"),
    ("Aug", "August", "август", "августа", "августе", "авг"),
    ("Sep", "Sept", "September", "сентябрь", "сентября", "сентябре", "сен", "сент"),
    ("Oct", "October", "октябрь", "октября", "октябре", "окт"),
    ("Nov", "November", "ноябрь", "ноября", "ноябре", "ноя", "нояб"),
    ("Dec", "December", "декабрь", "декабря", "декабре", "дек"),
)


class RussianEnglishParserInfo(dateutil_parser.parserinfo):  # type: ignore[misc]  # no stubs installed
    """dateutil's parserinfo that also knows Russian month names and skips "года"/"г."."""

    MONTHS = [tuple(names) for names in _MONTH_NAMES]  # noqa: RUF012 - dateutil reads class attributes
    JUMP = [*dateutil_parser.parserinfo.JUMP, "года", "год", "г"]  # noqa: RUF012


_INFO = RussianEnglishParserInfo(dayfirst=True)

_DIGIT = re.compile(r"\d")
_YEAR = r"(?P<year>(?:1[0-9]|20)\d\d)"
_NAME = r"(?P<name>[^\W\d_]{3,10})"
# Candidates are found with plain character classes (fast) and the month name is then checked
# with dateutil's parserinfo; an alternation of every month name would be tried at every position.
_NAME_DAY = re.compile(rf"\b{_NAME}\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:,?\s+{_YEAR})?\b", re.IGNORECASE)
_DAY_NAME = re.compile(
    rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_NAME}\b\.?(?:,?\s+{_YEAR}(?:\s*(?:года|г\.|г\b))?)?",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    rf"\b(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.{_YEAR}\b"
    r"|\b(?P<iso_year>(?:1[0-9]|20)\d\d)-(?P<iso_month>[01]\d)-(?P<iso_day>[0-3]\d)\b"
)
# A date that follows these words is a plan or a deadline, not when something happened.
_FUTURE_CUE = re.compile(
    r"(?:scheduled|planned|until|till|due|by|before|deadline|expires|запланирован\w*|до|к)\s*(?:on|for)?\s*$",
    re.IGNORECASE,
)
_RANGE_JOINER = re.compile(r"\s*(?:[-–—]|to|and|и|по)\s*", re.IGNORECASE)
_HISTORIC_BEFORE = 1991  # no bulletin channel or ministry website is older
_LEAP_YEAR = 2000  # checks day and month without a year: a leap year keeps February 29


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date written in a text. `year` is None when the text gives only day and month."""

    month: int
    day: int
    year: int | None
    start: int
    end: int
    text: str
    future: bool = False  # "scheduled for August 31": a plan, not the day of the post

    def on_year(self, year: int) -> date | None:
        """The mentioned day in `year`, or None when it does not exist (February 29)."""
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return None


def find_dates(text: str) -> list[DateMention]:
    """Every date mention in `text`, in order; never raises."""
    if _DIGIT.search(text) is None:
        return []
    found = [
        mention
        for pattern in (_NAME_DAY, _DAY_NAME, _NUMERIC)
        for match in pattern.finditer(text)
        if (mention := _mention_of(match)) is not None
    ]
    found.sort(key=lambda mention: mention.start)
    mentions: list[DateMention] = []
    for mention in found:
        if mentions and mention.start < mentions[-1].end:
            continue  # the same date seen by two patterns
        if mentions and mentions[-1].future and _RANGE_JOINER.fullmatch(text[mentions[-1].end : mention.start]):
            mention = replace(mention, future=True)  # "scheduled for August 31-September 1"
        mentions.append(mention)
    return mentions


def parse_date(text: str) -> datetime | None:
    """The first complete date (with year) in `text` as a UTC datetime, or None."""
    for mention in find_dates(text):
        if mention.year is not None:
            day = mention.on_year(mention.year)
            if day is not None:
                return as_datetime(day)
    return None


def as_datetime(day: date) -> datetime:
    """A calendar day as the timezone-aware datetime we store: 12:00 UTC of that day."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def _mention_of(match: re.Match[str]) -> DateMention | None:
    groups = match.groupdict()
    if groups.get("iso_year"):
        year_text: str | None = groups["iso_year"]
        month: int | None = int(groups["iso_month"])
        day = int(groups["iso_day"])
    else:
        year_text = groups.get("year")
        day = int(groups["day"])
        name = groups.get("name")
        if name is None:
            month = int(groups["month"])
        else:
            if name.isascii() and not name[0].isupper():
                return None  # "they may 5 ..." is not May 5; English month names are capitalised
            index = _INFO.month(name)  # dateutil's parserinfo, taught Russian above
            month = None if index is None else index
    if month is None:
        return None
    try:
        date(int(year_text) if year_text else _LEAP_YEAR, month, day)
    except ValueError:
        return None
    prefix = match.string[max(0, match.start() - 30) : match.start()]
    return DateMention(
        month=month,
        day=day,
        year=int(year_text) if year_text else None,
        start=match.start(),
        end=match.end(),
        text=match.group(0),
        future=_FUTURE_CUE.search(prefix) is not None,
    )


# -- dates of the posts of a chronological dump ---------------------------------------------------


def post_date_mention(lines: Sequence[str], scan_lines: int = 2) -> DateMention | None:
    """The mention that dates a post: the first one in its lead or first body line.

    Later lines tell stories ("On August 1, the German Empire declared war") and plans
    ("scheduled for August 31"); they do not say when the post was written.
    """
    for line in lines[:scan_lines]:
        for mention in find_dates(line):
            if not mention.future:
                return mention
    return None


@dataclass(frozen=True, slots=True)
class PostDate:
    """The date given to one post of a dump; `inferred` when its text did not give the day."""

    value: datetime | None
    inferred: bool


def date_posts(mentions: Sequence[DateMention | None]) -> list[PostDate]:
    """Dates for the posts of a chronological dump, from each post's dating mention (or None).

    Missing years come from the neighbouring posts; a year before 1991 or well before the
    dump's own years is historic ("On July 17, 1846, ... was born"): only its day and month
    count, as posts marking anniversaries appear on the day. Dates never go backwards; a post
    without a usable mention gets the date of the post before it (or after it, at the start),
    marked as inferred.
    """
    reference_year = _reference_year(mentions)

    def is_historic(mention: DateMention) -> bool:
        if mention.year is None:
            return False
        if mention.year < _HISTORIC_BEFORE:
            return True
        return reference_year is not None and mention.year < reference_year - 1

    explicit: list[date | None] = []
    for mention in mentions:
        full = None
        if mention is not None and mention.year is not None and not is_historic(mention):
            full = mention.on_year(mention.year)
        explicit.append(full)

    days: list[date | None] = []
    previous: date | None = None
    for index, mention in enumerate(mentions):
        day: date | None = None
        if mention is not None:
            if explicit[index] is not None:
                day = explicit[index]
            else:
                upcoming = next((later for later in explicit[index + 1 :] if later is not None), None)
                day = _place_in_year(mention, previous, upcoming, reference_year)
        if day is not None and previous is not None and day < previous:
            day = None  # a look back at an earlier event, not the day of this post
        days.append(day)
        if day is not None:
            previous = day

    results: list[PostDate] = []
    last_known: date | None = None
    for index, day in enumerate(days):
        if day is not None:
            last_known = day
            results.append(PostDate(as_datetime(day), inferred=False))
            continue
        neighbour = last_known or next((later for later in days[index + 1 :] if later is not None), None)
        results.append(PostDate(as_datetime(neighbour) if neighbour else None, inferred=True))
    return results


def _reference_year(mentions: Sequence[DateMention | None]) -> int | None:
    latest_plausible = datetime.now(UTC).year + 1
    years = [
        mention.year
        for mention in mentions
        if mention is not None and mention.year is not None and _HISTORIC_BEFORE <= mention.year <= latest_plausible
    ]
    return max(years) if years else None


def _place_in_year(
    mention: DateMention, previous: date | None, upcoming: date | None, reference_year: int | None
) -> date | None:
    """The day of a mention without (a usable) year, between the previous and the next dated posts."""
    year = previous.year if previous else (upcoming.year if upcoming else reference_year)
    if year is None:
        return None
    for candidate_year in (year, year + 1):  # a dump running from December into January
        day = mention.on_year(candidate_year)
        if day is None:
            continue
        if previous is not None and day < previous:
            continue
        if previous is not None and day - previous > timedelta(days=183):
            return None
        if upcoming is not None and day > upcoming:
            return None
        return day
    return None
