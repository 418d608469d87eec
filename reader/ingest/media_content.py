"""Readable passages for what a message carries besides its text.

Telegram exports and pages describe polls, places, contact cards, games, dice and invoices as
structured data; a reader wants to read them like text. Every format builds the same passages
here (kind `MEDIA`), so a poll reads the same from a JSON export, an HTML export or a t.me page.
The wording follows what Telegram's own HTML export prints ("123 votes", "Final results").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from reader.domain import Media, MediaKind, Passage, PassageKind

_SIZE = re.compile(r"(?P<number>\d+(?:[.,]\d+)?)\s*(?P<unit>B|KB|MB|GB|TB|байт|КБ|МБ|ГБ)\b", re.IGNORECASE)
_UNITS = {"b": 1, "байт": 1, "kb": 1024, "кб": 1024, "mb": 1024**2, "мб": 1024**2, "gb": 1024**3, "гб": 1024**3}
_DURATION = re.compile(r"(?<![\d:])(?:(?P<h>\d{1,2}):)?(?P<m>\d{1,2}):(?P<s>\d{2})(?![\d:])")
_DIMENSIONS = re.compile(r"(?<!\d)(?P<w>\d{1,5})\s*[x×]\s*(?P<h>\d{1,5})(?!\d)")


@dataclass(slots=True)
class MessageMedia:
    """The media of one message and the passages that let a reader read them."""

    media: list[Media] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PollAnswer:
    text: str
    votes: int | None = None
    chosen: bool = False
    share: int | None = None  # percent, when the page gives it instead of the votes


def _media_passage(text: str, *, bold: bool = False) -> Passage:
    return Passage(" ".join(text.split()), kind=PassageKind.MEDIA, bold=bold)


def votes_text(count: int) -> str:
    return f"{count:,} vote" if count == 1 else f"{count:,} votes"


def poll_passages(question: str, answers: Sequence[PollAnswer], total: int | None, closed: bool) -> list[Passage]:
    """The question, one line per answer (its share when the votes are known) and the vote total."""
    passages = [_media_passage(question, bold=True)] if question.strip() else []
    known = total is not None and total > 0
    for answer in answers:
        if not answer.text.strip():
            continue
        line = answer.text
        if answer.share is not None:
            line += f" — {answer.share}%"
        elif answer.votes is not None and known:
            share = round(100 * answer.votes / total) if total else 0
            line += f" — {share}% ({votes_text(answer.votes)})"
        elif answer.votes:
            line += f" — {votes_text(answer.votes)}"
        if answer.chosen:
            line += " ✓"
        passages.append(Passage(" ".join(f"• {line}".split()), kind=PassageKind.MEDIA))
    if total is not None:
        summary = votes_text(total) if total else "No votes"
        passages.append(_media_passage(f"{summary} · Final results" if closed else summary))
    return passages


def location_passages(
    latitude: float | None, longitude: float | None, title: str = "", address: str = ""
) -> list[Passage]:
    """A place: its name and address when it is a venue, and its coordinates."""
    passages = [_media_passage(title, bold=True)] if title.strip() else []
    if address.strip():
        passages.append(_media_passage(address))
    if latitude is not None and longitude is not None:
        passages.append(_media_passage(f"📍 {latitude:.6g}, {longitude:.6g}"))
    return passages


def contact_passages(name: str, phone: str) -> list[Passage]:
    line = " · ".join(part for part in (" ".join(name.split()), phone.strip()) if part)
    return [_media_passage(f"👤 {line}")] if line else []


def titled_passages(title: str, description: str = "", status: str = "") -> list[Passage]:
    """A game or an invoice: its title, its description, and a status line (the price)."""
    passages = [_media_passage(title, bold=True)] if title.strip() else []
    passages += [_media_passage(text) for text in (description, status) if text.strip()]
    return passages


def dice_passages(emoji: str, value: int | None) -> list[Passage]:
    emoji = emoji or "🎲"
    return [_media_passage(f"{emoji} {value}" if value is not None else emoji)]


def money_text(amount: int | None, currency: str) -> str:
    """Telegram keeps invoice amounts in the smallest unit of the currency (cents)."""
    if amount is None:
        return currency
    return f"{amount / 100:,.2f} {currency}".strip()


def unknown_passage(what: str) -> Passage:
    """The placeholder of a message kind no importer knows: it says so rather than showing nothing."""
    return _media_passage(f"[A message of a kind Bulletin Reader cannot show yet: {what}]")


def parse_count(text: str) -> int | None:
    """ "1,234 votes" -> 1234, "1.2K votes" -> 1200."""
    match = re.search(r"(\d[\d,\s\u00a0]*(?:\.\d+)?)\s*([KkMm]?)", text)
    if match is None:
        return None
    digits = re.sub(r"[,\s\u00a0]", "", match.group(1))
    multiplier = {"k": 1000, "m": 1_000_000}.get(match.group(2).casefold(), 1)
    return int(float(digits) * multiplier)


def parse_size(text: str) -> int | None:
    """ "10.5 MB" -> 11010048 (Telegram prints binary multiples)."""
    match = _SIZE.search(text)
    if match is None:
        return None
    number = float(match.group("number").replace(",", "."))
    return int(number * _UNITS[match.group("unit").casefold()])


def parse_duration(text: str) -> int | None:
    """ "00:14" -> 14, "1:02:03" -> 3723."""
    match = _DURATION.search(text)
    if match is None:
        return None
    hours = int(match.group("h") or 0)
    return hours * 3600 + int(match.group("m")) * 60 + int(match.group("s"))


def parse_dimensions(text: str) -> tuple[int, int] | None:
    match = _DIMENSIONS.search(text)
    return (int(match.group("w")), int(match.group("h"))) if match else None


def content_media(kind: MediaKind, name: str | None = None) -> Media:
    """A media object for content that has no file (a poll, a place): nothing to open, nothing missing."""
    return Media(kind, path=None, available=True, name=name)
