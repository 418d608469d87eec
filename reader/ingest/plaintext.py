"""Shared pieces of the plain-text importers (scraped channel dumps, web statements).

Plain text has no markup, so structure comes from the lines themselves: emoji markers,
bullets, "Question:" / "Sergey Lavrov:" turns, heading-like lines, and the noise that
page scrapes leave behind (reaction chips, view counters, media widgets, "Read more").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from reader.domain import Media, MediaKind, Passage, PassageKind
from reader.text.encoding import sniff_text

_EMOJI_CHARS = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf"
    "\u2934\u2935\u2b00-\u2bff\u3030\u303d\u3297\u3299\ufe0f\u200d\U0001f000-\U0001faff"
)
_EMOJI = f"[{_EMOJI_CHARS}]"
_COUNT = r"\d+(?:[.,]\d+)?[KkMmКкМм]?"
REACTION_CHIPS = re.compile(rf"^(?:\s*{_EMOJI}+\s*{_COUNT})+\s*$")
_REACTION_CHIP = re.compile(rf"({_EMOJI}+)\s*({_COUNT})")
VIEW_COUNTER = re.compile(rf"^(?:👁\s*(?P<a>{_COUNT})|(?P<b>{_COUNT})\s*(?:views?|просмотр\w*))$", re.IGNORECASE)
_UNAVAILABLE = re.compile(
    r"^(?:please open telegram to view this post|this media is not supported in your browser|"
    r"откройте telegram, чтобы посмотреть этот пост)$",
    re.IGNORECASE,
)
_TOO_BIG = re.compile(r"^media is too big$", re.IGNORECASE)
_VIEW_IN_TELEGRAM = re.compile(r"^(?:view in telegram|открыть в telegram)$", re.IGNORECASE)
_READ_MORE = re.compile(r"^(?:👉\s*)?(?:read more|читать далее|читать полностью|подробнее)\.?$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[\W_]+$")
_LEADING_MARKS = re.compile(rf"^(?:{_EMOJI}|[\u2022\u25cf\u25aa\-–—]|\s)+")
_BULLET = re.compile(r"^[\u2022\u25cf\u25aa\u2023\u2043·]\s*|^[-–—]\s+")
_QUESTION = re.compile(r"^(?P<label>(?:Question|Вопрос)\s*(?:\([^)]*\))?)\s*:\s*(?P<text>.+)$", re.IGNORECASE)
# "С.В.Лавров:" / "S.Lavrov:" can only be a speaker line, also before the first question.
_INITIALS_SPEAKER = re.compile(r"^(?P<speaker>(?:[A-ZА-ЯЁ]\.\s?){1,2}[A-ZА-ЯЁ][\w'’-]+)\s*:\s+(?P<text>\S.*)$")
_SPEAKER = re.compile(
    r"^(?P<speaker>(?:[A-ZА-ЯЁ]\.\s?){1,2}[A-ZА-ЯЁ][\w'’-]+|[A-ZА-ЯЁ][\w.'’-]*(?:\s+[A-ZА-ЯЁ][\w.'’-]*){1,3}"
    r"|Answer|Ответ)\s*:\s+(?P<text>\S.*)$"
)
# "message_id,date,text,urls": a CSV or TSV table, which has importers of its own (or none).
_TABLE_HEADER = re.compile(r"^\s*\"?[\w.-]{1,40}\"?(?:[,;\t|]\"?[\w.-]{1,40}\"?){2,}\s*$")
_TERMINAL_PUNCTUATION = ".!?…:;,"
_HEADING_MAX_CHARS = 200
_FLAG = re.compile(r"[\U0001f1e6-\U0001f1ff]{2}")
# Emoji that open a new post in ministry channels (flags are checked separately); body paragraphs
# use others (🤝 🌐 💬 ✍️) that must not split a post.
_LEAD_EMOJI = ("🎙", "🗓", "📆", "📅", "⚡", "📢", "🔴", "❗", "🇺🇳", "📰", "🏛", "🔹🇷🇺")


def text_head(head: bytes) -> str | None:
    """Decoded start of a plain-text file, or None for binary, JSON, HTML, XML or CSV/TSV content."""
    text = sniff_text(head)
    if text is None:
        return None
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped or stripped[0] in "<{[" or _TABLE_HEADER.match(stripped.split("\n", 1)[0]):
        return None
    return stripped


def strip_marks(line: str) -> str:
    """The line without leading emoji, flags and bullets ("🇷🇺🇨🇳 On July 13, ..." -> "On July 13, ...")."""
    return _LEADING_MARKS.sub("", line).strip()


def starts_with_emoji(line: str) -> bool:
    return bool(line) and (re.match(_EMOJI, line) is not None or _FLAG.match(line) is not None)


def is_lead_marker(line: str) -> bool:
    """A line that opens a post: a flag pair or one of the announcement emoji."""
    return _FLAG.match(line) is not None or line.startswith(_LEAD_EMOJI)


def is_heading(line: str) -> bool:
    """A title-like line: short, starting with a capital, no closing sentence punctuation."""
    text = strip_marks(line)
    if not text or len(text) > _HEADING_MAX_CHARS or text[-1] in _TERMINAL_PUNCTUATION:
        return False
    if text.startswith("#") or not text[0].isupper():
        return False
    return len(text.split()) >= 3


def parse_reactions(line: str) -> dict[str, int]:
    """Reaction chips ("👍1 ❤️12 🔥1.2K") as emoji -> count; the emoji without variation selectors."""
    reactions: dict[str, int] = {}
    for emoji, count in _REACTION_CHIP.findall(line):
        key = emoji.replace("\ufe0f", "")
        reactions[key] = reactions.get(key, 0) + parse_count(count)
    return reactions


def parse_count(text: str) -> int:
    """ "1.2K" -> 1200, "15" -> 15, "3,4М" -> 3400000."""
    multiplier = 1
    if text[-1] in "KkКк":
        multiplier, text = 1000, text[:-1]
    elif text[-1] in "MmМм":
        multiplier, text = 1_000_000, text[:-1]
    return int(float(text.replace(",", ".")) * multiplier)


def parse_views(line: str) -> int | None:
    match = VIEW_COUNTER.match(line)
    if match is None:
        return None
    return parse_count(match.group("a") or match.group("b"))


def media_widget(line: str) -> Media | None:
    """The media a scraped widget line stands for, or None when the line is not a widget."""
    if _UNAVAILABLE.match(line):
        return Media(MediaKind.UNKNOWN, available=False)
    if _TOO_BIG.match(line):
        return Media(MediaKind.VIDEO, available=False, name="Media is too big")
    return None


def is_view_in_telegram(line: str) -> bool:
    return _VIEW_IN_TELEGRAM.match(line) is not None


def is_read_more(line: str) -> bool:
    return _READ_MORE.match(line) is not None


def is_separator(line: str) -> bool:
    """Lines like "***" or "———": structure, not text (emoji-only lines are text)."""
    return _SEPARATOR.match(line) is not None and not any(unicodedata.category(char) == "So" for char in line)


def passages_from_lines(lines: Sequence[str], *, lead: bool) -> tuple[Passage, ...]:
    """Passages for the lines of one post, with kinds from their shape.

    The first line is the post's lead when `lead` is set (bold in Telegram; a title when it reads
    like one). A turn is a "Question:" / «Вопрос:» line or a "Name Surname:" / "С.В.Лавров:" line
    and the paragraphs that follow it; its first passage carries the label as the source prints it
    (`speaker`), the paragraphs after it only the turn's kind, as the source shows the label once.
    """
    passages: list[Passage] = []
    in_turns = False
    for index, line in enumerate(lines):
        bare = strip_marks(line)
        question = _QUESTION.match(bare)
        if question is not None:
            in_turns = True
            label = " ".join(question.group("label").split())
            passages.append(Passage(question.group("text").strip(), kind=PassageKind.QUESTION, speaker=label))
            continue
        answer = (_SPEAKER.match(bare) if in_turns else None) or _INITIALS_SPEAKER.match(bare)
        if answer is not None:
            in_turns = True
            passages.append(
                Passage(answer.group("text").strip(), kind=PassageKind.ANSWER, speaker=answer.group("speaker"))
            )
            continue
        turn = passages[-1].kind if in_turns and passages else None
        if turn in (PassageKind.ANSWER, PassageKind.QUESTION) and not is_heading(line):
            passages.append(Passage(line, kind=turn))
            continue
        if index == 0 and lead:
            kind = PassageKind.TITLE if is_heading(line) else PassageKind.BODY
            passages.append(Passage(line, kind=kind, bold=True))
        elif _BULLET.match(line):
            passages.append(Passage(line, kind=PassageKind.LIST_ITEM))
        elif not starts_with_emoji(line) and is_heading(line):
            passages.append(Passage(line, kind=PassageKind.TITLE))
        else:
            passages.append(Passage(line))
    return tuple(passages)
