"""Plain-text scrapes of Telegram channel web previews (t.me/s/...), saved as text.

Posts are not delimited in these files. The page's nested text blocks put each post down
as its first line (the bold lead) and its body, and then the body once more:

    🇷🇺🇨🇳 On July 13, Lavrov and Wang Yi held talks.      <- lead
    The Ministers expressed satisfaction ...               <- body
    #RussiaChina
    The Ministers expressed satisfaction ...               <- the body again
    #RussiaChina
    👍1                                                    <- reaction chips end the post

So a post starts where a line is followed by a block that repeats at once. A post whose
repeat is missing (the last one of a file, often) runs until the next post that repeats,
the next lead marker (a flag pair, 🎙 🗓 ⚡️ ...), chips or a media widget. Every paragraph is
stored once. Media widgets ("Please open Telegram to view this post", "Media is too big",
"VIEW IN TELEGRAM") become media-only posts, or the media of the post whose lead and body
they stand between; "Read more" links, separators and view counters are not text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.domain import Media, MediaKind, Passage, Post, Source, post_id_for
from reader.errors import ImportWarning
from reader.ingest import plaintext
from reader.ingest.base import Importer
from reader.text.dates import date_posts, post_date_mention
from reader.text.encoding import read_text
from reader.text.normalize import clean_line
from reader.text.pipeline import make_title

SOURCE_KIND = "scrape"
_MAX_BODY_LINES = 400  # a longer "repeat" would be a coincidence, and searching for it costs time
_SNIFF_MIN_REPEATED_CHARS = 30


@dataclass(slots=True)
class Segment:
    """One post found in a dump: its lines once, and what the page showed around them."""

    lines: list[str]
    first_line: int  # 1-based line number in the file, for warnings
    repeated: bool = False
    reactions: dict[str, int] = field(default_factory=dict)
    media: list[Media] = field(default_factory=list)
    views: int | None = None

    @property
    def media_only(self) -> bool:
        return not self.lines


def segment_dump(text: str) -> list[Segment]:
    """Cut the text of a channel dump into posts, in file order; never raises."""
    segments: list[Segment] = []
    run: list[tuple[int, str]] = []  # (line number, text) of consecutive content lines
    widgets: list[tuple[int, int, Media]] = []  # (content index in run, line number, media)
    previous_was_widget = False

    def flush() -> None:
        if run or widgets:
            segments.extend(_segments_of_run(run, widgets))
        run.clear()
        widgets.clear()

    for number, raw in enumerate(text.split("\n"), start=1):
        line = clean_line(raw)
        if not line:
            continue
        widget = plaintext.media_widget(line)
        if widget is not None:
            widgets.append((len(run), number, widget))
            previous_was_widget = True
            continue
        if plaintext.is_view_in_telegram(line):
            if not previous_was_widget:  # a bare "VIEW IN TELEGRAM" is a widget of its own
                widgets.append((len(run), number, Media(MediaKind.UNKNOWN, available=False)))
            previous_was_widget = False
            continue
        previous_was_widget = False
        if plaintext.is_read_more(line) or plaintext.is_separator(line):
            continue
        views = plaintext.parse_views(line)
        if views is not None:
            flush()
            if segments:
                segments[-1].views = views
            continue
        if plaintext.REACTION_CHIPS.match(line):
            flush()
            if segments:
                for emoji, count in plaintext.parse_reactions(line).items():
                    segments[-1].reactions[emoji] = segments[-1].reactions.get(emoji, 0) + count
            continue
        run.append((number, line))
    flush()
    return segments


def _segments_of_run(run: Sequence[tuple[int, str]], widgets: Sequence[tuple[int, int, Media]]) -> list[Segment]:
    lines = [text for _, text in run]
    placed: list[tuple[int, int, Segment]] = []  # (position, 0 media-only / 1 text, segment)
    spans = _split_run(lines)
    for start, _end, body_end, repeated in spans:
        segment = Segment(lines=lines[start:body_end], first_line=run[start][0], repeated=repeated)
        placed.append((start, 1, segment))
    for position, number, media in widgets:
        owner = next((segment for start, end, segment in _with_ends(placed, spans) if start < position < end), None)
        if owner is not None:
            owner.media.append(media)
        else:
            placed.append((position, 0, Segment(lines=[], first_line=number, media=[media])))
    placed.sort(key=lambda item: (item[0], item[1]))
    return [segment for _, _, segment in placed]


def _with_ends(
    placed: Sequence[tuple[int, int, Segment]], spans: Sequence[tuple[int, int, int, bool]]
) -> Iterator[tuple[int, int, Segment]]:
    text_segments = [segment for _, kind, segment in placed if kind == 1]
    for (start, end, _, _), segment in zip(spans, text_segments, strict=True):
        yield start, end, segment


def _split_run(lines: Sequence[str]) -> list[tuple[int, int, int, bool]]:
    """Posts of a run of content lines as (start, end, end of the once-stored lines, repeated)."""
    keys = [plaintext_key(line) for line in lines]
    positions: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        positions.setdefault(key, []).append(index)
    spans: list[tuple[int, int, int, bool]] = []
    index = 0
    while index < len(lines):
        body = _repeated_body_length(keys, positions, index)
        if body:
            end = index + 1 + 2 * body
            spans.append((index, end, index + 1 + body, True))
            index = end
            continue
        end = index + 1
        while end < len(lines) and not plaintext.is_lead_marker(lines[end]):
            if _repeated_body_length(keys, positions, end):
                break
            end += 1
        spans.append((index, end, end, False))
        index = end
    return spans


def _repeated_body_length(keys: Sequence[str], positions: dict[str, list[int]], lead: int) -> int:
    """The longest k such that the k lines after `lead` are repeated right after themselves; 0 if none."""
    first = lead + 1
    if first >= len(keys):
        return 0
    best = 0
    for again in positions[keys[first]]:
        body = again - first
        if body <= 0 or body <= best:
            continue
        if body > _MAX_BODY_LINES or again + body > len(keys):
            break
        if keys[first:again] == keys[again : again + body]:
            best = body
    return best


def plaintext_key(line: str) -> str:
    """The form in which two copies of a line compare equal: the cleaned line itself.

    The page prints both copies from the same markup, so they are identical once cleaned.
    """
    return line


# -- the importer ---------------------------------------------------------------------------------


def sniff(path: Path, head: bytes) -> bool:
    """A plain-text dump: lines that repeat in blocks, reaction chips or media widgets."""
    if not head:
        return False
    text = plaintext.text_head(head)
    if text is None:
        return False
    return has_dump_evidence(text)


def has_dump_evidence(text: str) -> bool:
    """Whether plain text shows the marks of a channel page scrape."""
    seen: set[str] = set()
    lead_markers = 0
    for raw in text.split("\n"):
        line = clean_line(raw)
        if not line:
            continue
        if plaintext.media_widget(line) or plaintext.is_view_in_telegram(line):
            return True
        if plaintext.REACTION_CHIPS.match(line) and not line[0].isdigit():
            return True
        if plaintext.is_lead_marker(line):
            lead_markers += 1
        if len(line) >= _SNIFF_MIN_REPEATED_CHARS:
            key = plaintext_key(line)
            if key in seen:
                return True
            seen.add(key)
    return lead_markers >= 2


def parse(path: Path, warnings: list[ImportWarning]) -> Iterator[Post]:
    """The posts of a dump, in file order, each once."""
    text = read_text(path)
    source = Source(key=f"file:{path.stem}", title=path.stem, kind=SOURCE_KIND)
    segments = segment_dump(text)
    if not segments:
        warnings.append(ImportWarning(str(path), "line 1", "no posts found in this text"))
        return
    dates = date_posts([post_date_mention(segment.lines) if segment.lines else None for segment in segments])
    seen: set[str] = set()
    previous_id = "start"
    media_only_count = 0
    for segment, post_date in zip(segments, dates, strict=True):
        if segment.media_only:
            media_only_count += 1
            # Media-only posts have no text to hash: name them by the post they follow.
            identity = f"media-only after {previous_id} #{media_only_count}"
            post_id = post_id_for(source.key, None, identity)
            passages: tuple[Passage, ...] = ()
            title = ""
        else:
            media_only_count = 0
            post_id = post_id_for(source.key, None, "\n".join(segment.lines))
            passages = plaintext.passages_from_lines(segment.lines, lead=True)
            title = make_title(plaintext.strip_marks(segment.lines[0]))
        if post_id in seen:
            warnings.append(
                ImportWarning(str(path), f"line {segment.first_line}", "the same post appears twice; kept once")
            )
            continue
        seen.add(post_id)
        previous_id = post_id
        yield Post(
            id=post_id,
            source=source,
            passages=passages,
            date=post_date.value,
            date_inferred=post_date.inferred,
            date_only=post_date.value is not None,
            title=title,
            reactions=dict(segment.reactions),
            media=tuple(segment.media),
            views=segment.views,
        )


IMPORTER = Importer(name="scraped-dump", sniff=sniff, parse=parse)
