"""Property tests: the dump segmenter and the date functions never raise, and dumps concatenate."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest import scraped, statement
from reader.ingest.scraped import Segment, segment_dump
from reader.text.dates import date_posts, find_dates, post_date_mention
from reader.text.lang import LanguageDetector

SEED = "000_a6b2ee9f8e8f0532.txt"
_DETECTOR = LanguageDetector()

_WORDS = st.sampled_from(
    ["Lavrov", "talks", "ASEAN", "Россия", "переговоры", "July", "10", "2025", "июля", "the", "и", "#BRICS", "👍1"]
)
_LINE = st.lists(_WORDS, min_size=1, max_size=8).map(" ".join)
_LEAD_EMOJI = st.sampled_from(["🇷🇺🇨🇳 ", "🎙 ", "🗓 ", "⚡️ ", ""])


def _shape(segments: list[Segment]) -> list[tuple[tuple[str, ...], tuple[tuple[str, int], ...], int]]:
    return [(tuple(s.lines), tuple(sorted(s.reactions.items())), len(s.media)) for s in segments]


@st.composite
def _post_text(draw: st.DrawFn, serial: int) -> str:
    """A post as the page scrape writes it: unique lead, body, the body again, maybe chips or a widget."""
    lead = draw(_LEAD_EMOJI) + f"Lead line number {serial} " + draw(_LINE)
    body = draw(st.lists(_LINE, min_size=1, max_size=4, unique=True))
    body = [f"{line} (paragraph {serial}.{index})" for index, line in enumerate(body)]
    lines = [lead, *body, *body]
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["👍1", "❤3", "🔥2 👍10"])))
    if draw(st.booleans()):
        lines += ["Please open Telegram to view this post", "VIEW IN TELEGRAM"]
    return "\n".join(lines) + "\n"


@st.composite
def _dump(draw: st.DrawFn, first_serial: int) -> str:
    count = draw(st.integers(min_value=1, max_value=5))
    return "".join(draw(_post_text(first_serial + index)) for index in range(count))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_segmenter_never_raises_on_arbitrary_text(text: str) -> None:
    for segment in segment_dump(text):
        assert segment.lines or segment.media


@settings(max_examples=150, deadline=None)  # the first detect() loads langdetect profiles
@given(st.text(max_size=500))
def test_date_functions_never_raise_on_arbitrary_text(text: str) -> None:
    mentions = find_dates(text)
    for mention in mentions:
        assert 1 <= mention.month <= 12 and 1 <= mention.day <= 31
    date_posts([post_date_mention(text.split("\n")), *mentions, None])
    _DETECTOR.detect(text)


@settings(max_examples=100, deadline=None)
@given(_dump(0), _dump(100))
def test_concatenated_dumps_give_the_posts_of_both(first: str, second: str) -> None:
    assert _shape(segment_dump(first + second)) == _shape(segment_dump(first)) + _shape(segment_dump(second))


@settings(max_examples=60, deadline=None)
@given(_dump(0))
def test_generated_dumps_segment_into_their_posts(dump: str) -> None:
    segments = [segment for segment in segment_dump(dump) if segment.lines]
    assert [segment.lines[0].split("Lead line number ")[1].split()[0] for segment in segments] == [
        str(index) for index in range(len(segments))
    ]
    assert all(segment.repeated for segment in segments)


def test_the_seed_concatenated_with_itself_and_with_a_generated_dump(samples_dir: Path) -> None:
    seed = (samples_dir / SEED).read_text(encoding="utf-8").rstrip("\n") + "\n"  # the file has no final newline
    alone = _shape(segment_dump(seed))
    assert _shape(segment_dump(seed + seed)) == alone + alone
    other = "🗓 On August 1, 2025, talks took place.\nA body line.\nA body line.\n❤2\n"
    assert _shape(segment_dump(seed + other)) == alone + _shape(segment_dump(other))
    assert _shape(segment_dump(other + seed)) == _shape(segment_dump(other)) + alone


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_sniffers_never_raise_on_arbitrary_bytes(head: bytes) -> None:
    assert isinstance(scraped.sniff(Path("x.txt"), head), bool)
    assert isinstance(statement.sniff(Path("x.txt"), head), bool)
