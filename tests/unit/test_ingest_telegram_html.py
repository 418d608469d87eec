"""Telegram Desktop HTML exports: the real three-page sample and a hand-made group chat."""

from __future__ import annotations

import re
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.domain import MediaKind, PassageKind, Post
from reader.errors import ImportWarning, InputError
from reader.ingest import telegram_html
from reader.ingest.registry import expand
from reader.ingest.telegram_html import count_messages_html, parse, read_messages

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
_MESSAGE_DIV = re.compile(r'<div class="message default clearfix( joined)?" id="message(\d+)"')


def _import(path: Path) -> tuple[list[Post], list[ImportWarning]]:
    warnings: list[ImportWarning] = []
    return list(parse(path, warnings)), warnings


@pytest.fixture(scope="module")
def sample_dir(shared_dir: Path) -> Path:
    return shared_dir / "data" / "telegram-html"


@pytest.fixture(scope="module")
def sample(sample_dir: Path) -> tuple[list[Post], list[ImportWarning]]:
    return _import(sample_dir)


def _ids_in_files(folder: Path) -> list[tuple[str, bool]]:
    """(message id, joined) of every non-service message, read from the files with a plain regex."""
    found: list[tuple[str, bool]] = []
    for name in ("messages.html", "messages2.html", "messages3.html"):
        text = (folder / name).read_text(encoding="utf-8")
        found += [(number, bool(joined)) for joined, number in _MESSAGE_DIV.findall(text)]
    return found


def test_folder_is_one_unit_read_by_the_html_importer(sample_dir: Path) -> None:
    (unit,) = list(expand([sample_dir]))
    assert unit.importer is telegram_html.IMPORTER and unit.path == sample_dir


def test_all_pages_in_order_without_service_messages(
    sample_dir: Path, sample: tuple[list[Post], list[ImportWarning]]
) -> None:
    posts, warnings = sample
    in_files = _ids_in_files(sample_dir)
    assert len(in_files) == 2999  # 3,163 message divs minus 164 day separators and service messages
    assert [post.message_id for post in posts] == [number for number, _joined in in_files]
    dates = [post.date for post in posts if post.date is not None]
    assert len(dates) == len(posts) and dates == sorted(dates)
    # The last page links to messages4.html, which the sample does not include: said once, not fatal.
    assert [(w.location, Path(w.path).name) for w in warnings] == [("pages", "messages3.html")]


def test_known_message_text_date_title_and_link(sample: tuple[list[Post], list[ImportWarning]]) -> None:
    posts, _warnings = sample
    post = next(post for post in posts if post.message_id == "25")
    # div.date title="05.09.2018 16:42:32": an old export without a zone, read as this computer's local time.
    assert post.date == datetime(2018, 9, 5, 16, 42, 32).astimezone().astimezone(UTC)
    assert post.title == "🕴 Silence Group Quietly Emerges as New Threat to Banks 🕴"
    assert [p.kind for p in post.passages] == [PassageKind.TITLE, PassageKind.BODY, PassageKind.BODY, PassageKind.BODY]
    assert post.passages[1].text.startswith("Though only two members strong, hackers pose a credible threat")
    read = post.passages[2]
    assert read.text == "📖 Read"
    assert read.links[0].url.startswith("https://www.darkreading.com/attacks-breaches/silence-group")
    assert post.passages[3].text == 'via "Dark Reading".'
    assert post.source.title == "🛡 Cybersecurity & Privacy news 🛡"


def test_joined_messages_carry_the_sender_over(sample_dir: Path) -> None:
    joined = {number for number, is_joined in _ids_in_files(sample_dir) if is_joined}
    assert len(joined) == 1080
    messages = [message for _chat, message in read_messages(sample_dir, [])]
    assert {message.sender for message in messages} == {"🛡 Cybersecurity & Privacy news 🛡"}
    assert joined <= {message.message_id for message in messages}


def test_a_page_file_reads_its_whole_export(sample_dir: Path, sample: tuple[list[Post], list[ImportWarning]]) -> None:
    posts, _warnings = _import(sample_dir / "messages2.html")
    assert [post.id for post in posts] == [post.id for post in sample[0]]
    assert count_messages_html(sample_dir) == len(posts)


def test_a_later_page_without_its_siblings_is_refused(sample_dir: Path, tmp_path: Path) -> None:
    lonely = tmp_path / "messages5.html"
    shutil.copy(sample_dir / "messages3.html", lonely)
    with pytest.raises(InputError) as raised:
        _import(lonely)
    assert raised.value.path == str(lonely)
    assert "missing" in raised.value.reason and "messages.html" in raised.value.reason
    # The folder holding it alone is not a whole export either: the page is offered and refused.
    (unit,) = list(expand([tmp_path]))
    with pytest.raises(InputError, match="missing"):
        list(unit.importer.parse(unit.path, []))


def test_hand_made_group_chat_keeps_senders_reactions_and_structure() -> None:
    posts, warnings = _import(DATA / "export_html")
    assert warnings == []
    by_id = {post.message_id: post for post in posts}
    assert list(by_id) == ["10", "11", "13", "14"]  # 12 is a pin notice, -1/-2 are day separators
    first = by_id["10"]
    assert first.date == datetime(2024, 3, 1, 7, 0, tzinfo=UTC)  # 10:00 UTC+03:00
    assert first.reactions == {"👍": 3, "❤": 2}
    assert first.hashtags == ("#visa",)
    assert [p.kind for p in first.passages][:3] == [PassageKind.TITLE, PassageKind.BODY, PassageKind.QUOTE]
    link = first.passages[1].links[0]
    assert first.passages[1].text[link.start : link.end] == "the site"
    assert "alert" not in first.text  # the script is dropped
    assert all(link.url.startswith("https://") for p in first.passages for link in p.links)  # javascript: too
    # The joined message inherits its sender, also across the page boundary (message 14).
    assert {p.speaker for p in by_id["11"].passages} == {"Anna Petrova"}
    assert {p.speaker for p in by_id["14"].passages} == {"Boris"}
    photo = by_id["11"].media[0]
    assert photo.kind is MediaKind.PHOTO and photo.available and photo.path == "photos/photo_1@01-03-2024_10-00-00.jpg"
    forwarded = by_id["13"]
    assert forwarded.forwarded_from == "Ministry News"
    assert forwarded.reply_to == "tg:Diplomats Group/10"
    assert [(m.kind, m.available) for m in forwarded.media] == [(MediaKind.PHOTO, False)]


def test_hostile_nesting_is_refused_before_parsing(tmp_path: Path) -> None:
    # lexbor needs quadratic time for deep nesting; 100,000 levels would take minutes.
    page = (DATA / "export_html" / "messages2.html").read_text(encoding="utf-8")
    deep = page.replace("Boris again, on the next page", "<div>" * 100_000 + "deep" + "</div>" * 100_000)
    (tmp_path / "messages.html").write_text(deep, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(InputError, match="nests more than"):
        _import(tmp_path)
    assert time.monotonic() - started < 2
