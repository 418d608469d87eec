"""Formatted text -> passages: the shared tail of every importer that reads rich text.

Telegram JSON entities, Telegram HTML, t.me pages and feed HTML all come down to a run of
text pieces, some of them links, bold or quoted. `RichText` collects those pieces and cuts
them into paragraphs at blank lines and block boundaries, keeping each link as a `Link`
with character offsets into its passage's text, so the reader can make it clickable.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import accumulate

from reader.domain import Link, Passage, PassageKind

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n\s*")
# A hashtag starts with a letter so that "#1" or "#&" in ordinary text is not taken for one.
_HASHTAG = re.compile(r"#[^\W\d_]\w*")
# Control characters (Telegram writes some as \xHH) carry nothing readable; line ends are kept.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
TITLE_MAX_CHARS = 200
SAFE_LINK_SCHEMES = ("http://", "https://", "tg://", "mailto:")


class RichText:
    """Accumulates formatted text pieces and turns them into passages.

    Pieces are kept as parallel lists (text, style) plus the offsets where a block forced a
    paragraph end; `passages()` cuts the joined text once, which keeps large imports fast.
    """

    __slots__ = ("_breaks", "_length", "_plain", "_styles", "_texts")

    def __init__(self) -> None:
        self._texts: list[str] = []
        self._styles: list[tuple[str | None, bool, bool]] = []
        self._breaks: list[int] = []
        self._length = 0
        self._plain = True  # no piece so far is a link, bold or quoted: most messages

    def add(self, text: str, *, href: str | None = None, bold: bool = False, quote: bool = False) -> None:
        """Append a piece of text; a quote always stands in a paragraph of its own."""
        if not text:
            return
        if href is not None and not href.lower().startswith(SAFE_LINK_SCHEMES):
            href = None  # the one gate every importer's links pass: nothing but web, tg and mail links
        if _CONTROL.search(text):
            text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if self._styles and self._styles[-1][2] != quote:
            self._breaks.append(self._length)
        self._texts.append(text)
        self._styles.append((href, bold, quote))
        if href is not None or bold or quote:
            self._plain = False
        self._length += len(text)

    def paragraph_break(self) -> None:
        """End the current paragraph (a block element ended)."""
        if not self._breaks or self._breaks[-1] != self._length:
            self._breaks.append(self._length)

    def is_empty(self) -> bool:
        return not "".join(self._texts).strip()

    def passages(self, *, detect_title: bool = True) -> tuple[Passage, ...]:
        """The passages in reading order.

        Args:
            detect_title: a short, wholly bold first paragraph followed by more text becomes a
                `PassageKind.TITLE` passage, as channels use bold first lines as headlines.
        """
        full = "".join(self._texts)
        if self._plain:
            # Plain pieces only: every passage is a body passage without links and not bold (so not a
            # title either); the style runs need no walking.
            return tuple(Passage(text) for start, end in self._spans(full) if (text := full[start:end].strip()))
        starts = list(accumulate((len(piece) for piece in self._texts), initial=0))
        passages: list[Passage] = []
        first_run = 0
        for start, end in self._spans(full):
            # Spans come in order, so the runs before this one never need looking at again.
            while first_run < len(self._texts) and starts[first_run + 1] <= start:
                first_run += 1
            if (passage := self._passage(full, start, end, starts, first_run)) is not None:
                passages.append(passage)
        if (
            detect_title
            and len(passages) > 1
            and passages[0].bold
            and passages[0].kind is PassageKind.BODY
            and len(passages[0].text) <= TITLE_MAX_CHARS
        ):
            passages[0] = Passage(passages[0].text, kind=PassageKind.TITLE, links=passages[0].links, bold=True)
        return tuple(passages)

    def _spans(self, full: str) -> list[tuple[int, int]]:
        """Paragraph spans of the joined text: cut at blank lines and at forced breaks."""
        cuts = [(match.start(), match.end()) for match in _BLANK_LINE.finditer(full)]
        if self._breaks:
            cuts = sorted(cuts + [(offset, offset) for offset in self._breaks])
        spans: list[tuple[int, int]] = []
        start = 0
        for cut_start, cut_end in cuts:
            if cut_start > start:
                spans.append((start, cut_start))
            start = max(start, cut_end)
        if start < len(full):
            spans.append((start, len(full)))
        return spans

    def _passage(self, full: str, start: int, end: int, starts: list[int], first_run: int) -> Passage | None:
        text = full[start:end]
        stripped = text.strip()
        if not stripped:
            return None
        first = start + len(text) - len(text.lstrip())
        last = first + len(stripped)
        links: list[Link] = []
        all_bold = all_quote = True
        for index in range(first_run, len(self._texts)):
            run_start, run_end = starts[index], starts[index + 1]
            if run_end <= first:
                continue
            if run_start >= last:
                break
            href, bold, quote = self._styles[index]
            low, high = max(run_start, first), min(run_end, last)
            # Once a run has made the passage neither all bold nor all quoted, only links are left to see.
            if (all_bold or all_quote) and not (bold and quote) and not full[low:high].isspace():
                all_bold = all_bold and bold
                all_quote = all_quote and quote
            if href:
                previous = links[-1] if links else None
                if previous is not None and previous.url == href and previous.end >= low - first:
                    links[-1] = Link(href, previous.start, high - first)  # one link split by inner formatting
                else:
                    links.append(Link(href, low - first, high - first))
        return Passage(
            stripped,
            kind=PassageKind.QUOTE if all_quote else PassageKind.BODY,
            links=tuple(links),
            bold=all_bold,
        )


def hashtags_in(text: str) -> list[str]:
    """Hashtags written in a text, with their `#`, in order of first appearance."""
    if "#" not in text:
        return []
    seen: dict[str, None] = {}
    for match in _HASHTAG.finditer(text):
        at = match.start()
        if at and (text[at - 1].isalnum() or text[at - 1] in "_#/&"):
            continue  # part of a word, a URL fragment or an HTML entity, not a tag
        seen.setdefault(match.group(0), None)
    return list(seen)


def title_of(passages: tuple[Passage, ...]) -> str:
    """The post's headline when its first passage is one."""
    if passages and passages[0].kind is PassageKind.TITLE:
        return passages[0].text
    return ""
