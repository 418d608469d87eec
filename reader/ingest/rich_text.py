"""Formatted text -> passages: the shared tail of every importer that reads rich text.

Telegram JSON entities, Telegram HTML, t.me pages and feed HTML all come down to a run of
text pieces, some of them links, bold or quoted. `RichText` collects those pieces and cuts
them into paragraphs at blank lines and block boundaries, keeping each link as a `Link`
with character offsets into its passage's text, so the reader can make it clickable.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from reader.domain import Link, Passage, PassageKind

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n\s*")
# A hashtag starts with a letter so that "#1" or "#&" in ordinary text is not taken for one.
_HASHTAG = re.compile(r"(?<![\w#/&])#([^\W\d_][\w]*)")
# Control characters (Telegram writes some as \xHH) carry nothing readable; line ends are kept.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
TITLE_MAX_CHARS = 200


@dataclass(slots=True)
class _Run:
    text: str
    href: str | None
    bold: bool
    quote: bool


_BREAK = _Run("", None, False, False)


class RichText:
    """Accumulates formatted text pieces and turns them into passages."""

    __slots__ = ("_runs",)

    def __init__(self) -> None:
        self._runs: list[_Run] = []

    def add(self, text: str, *, href: str | None = None, bold: bool = False, quote: bool = False) -> None:
        """Append a piece of text; a quote always stands in a paragraph of its own."""
        if not text:
            return
        if _CONTROL.search(text):
            text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
        last = self._runs[-1] if self._runs else None
        if last is not None and last is not _BREAK and last.quote != quote:
            self._runs.append(_BREAK)
        self._runs.append(_Run(text, href, bold, quote))

    def paragraph_break(self) -> None:
        """End the current paragraph (a block element ended)."""
        if self._runs and self._runs[-1] is not _BREAK:
            self._runs.append(_BREAK)

    def is_empty(self) -> bool:
        return not any(run.text.strip() for run in self._runs)

    def passages(self, *, detect_title: bool = True) -> tuple[Passage, ...]:
        """The passages in reading order.

        Args:
            detect_title: a short, wholly bold first paragraph followed by more text becomes a
                `PassageKind.TITLE` passage, as channels use bold first lines as headlines.
        """
        paragraphs: list[list[_Run]] = []
        block: list[_Run] = []
        for run in [*self._runs, _BREAK]:
            if run is not _BREAK:
                block.append(run)
                continue
            if block:
                paragraphs.extend(_split_block(block))
                block = []
        passages = [passage for runs in paragraphs if (passage := _passage_of(runs)) is not None]
        if (
            detect_title
            and len(passages) > 1
            and passages[0].bold
            and passages[0].kind is PassageKind.BODY
            and len(passages[0].text) <= TITLE_MAX_CHARS
        ):
            passages[0] = Passage(passages[0].text, kind=PassageKind.TITLE, links=passages[0].links, bold=True)
        return tuple(passages)


def _split_block(runs: list[_Run]) -> list[list[_Run]]:
    """Cut a block's runs at blank lines, which may span several runs (`<br><br>`)."""
    full = "".join(run.text for run in runs)
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BLANK_LINE.finditer(full):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(full)))
    if len(spans) == 1:
        return [runs]
    paragraphs: list[list[_Run]] = []
    bounds: list[int] = []
    offset = 0
    for run in runs:
        bounds.append(offset)
        offset += len(run.text)
    for span_start, span_end in spans:
        pieces: list[_Run] = []
        for run, run_start in zip(runs, bounds, strict=True):
            low = max(span_start, run_start)
            high = min(span_end, run_start + len(run.text))
            if high > low:
                pieces.append(_Run(run.text[low - run_start : high - run_start], run.href, run.bold, run.quote))
        if pieces:
            paragraphs.append(pieces)
    return paragraphs


def _passage_of(runs: list[_Run]) -> Passage | None:
    texts = [unicodedata.normalize("NFC", run.text) for run in runs]
    full = "".join(texts)
    stripped = full.strip()
    if not stripped:
        return None
    lead = len(full) - len(full.lstrip())
    links: list[Link] = []
    offset = 0
    for run, text in zip(runs, texts, strict=True):
        if run.href:
            start = max(0, offset - lead)
            end = min(len(stripped), offset + len(text) - lead)
            if end > start:
                previous = links[-1] if links else None
                if previous is not None and previous.url == run.href and previous.end >= start:
                    links[-1] = Link(run.href, previous.start, end)  # one link split by inner formatting
                else:
                    links.append(Link(run.href, start, end))
        offset += len(text)
    visible = [run for run, text in zip(runs, texts, strict=True) if text.strip()]
    return Passage(
        stripped,
        kind=PassageKind.QUOTE if all(run.quote for run in visible) else PassageKind.BODY,
        links=tuple(links),
        bold=all(run.bold for run in visible),
    )


def hashtags_in(text: str) -> list[str]:
    """Hashtags written in a text, with their `#`, in order of first appearance."""
    seen: dict[str, None] = {}
    for match in _HASHTAG.finditer(text):
        seen.setdefault("#" + match.group(1), None)
    return list(seen)


def title_of(passages: tuple[Passage, ...]) -> str:
    """The post's headline when its first passage is one."""
    if passages and passages[0].kind is PassageKind.TITLE:
        return passages[0].text
    return ""
