"""Saved t.me/s/ web previews: the real Clash Report page."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.domain import MediaKind, PassageKind, Post
from reader.errors import ImportWarning, InputError
from reader.ingest import tme_web
from reader.ingest.registry import importer_for_file
from reader.ingest.tme_web import parse, parse_count


@pytest.fixture(scope="module")
def page(shared_dir: Path) -> Path:
    return shared_dir / "data" / "tme-web" / "clashreport-s.html"


@pytest.fixture(scope="module")
def posts(page: Path) -> list[Post]:
    warnings: list[ImportWarning] = []
    found = list(parse(page, warnings))
    assert warnings == []
    return found


def test_recognised_by_content(page: Path) -> None:
    assert importer_for_file(page) is tme_web.IMPORTER


def test_each_post_once_with_its_url(page: Path, posts: list[Post]) -> None:
    data_posts = re.findall(r'data-post="([^"]+)"', page.read_text(encoding="utf-8"))
    assert len(data_posts) == 17
    assert [post.url for post in posts] == [f"https://t.me/{item}" for item in data_posts]
    assert posts[0].id == "tg:clashreport/93429" and posts[0].source.title == "Clash Report"


def test_doubled_text_div_is_read_once(page: Path, posts: list[Post]) -> None:
    html = page.read_text(encoding="utf-8")
    doubled = '<div class="tgme_widget_message_text js-message_text" dir="auto">' * 2
    assert html.count(doubled) == 2  # the page really nests the text div twice in two posts
    post = next(post for post in posts if post.message_id == "93430")
    assert post.text.count("Ukrainian drones targeted three Ozon logistics hubs") == 1
    assert [p.kind for p in post.passages] == [PassageKind.BODY, PassageKind.QUOTE]


def test_reply_quote_is_not_part_of_the_text(posts: list[Post]) -> None:
    post = next(post for post in posts if post.message_id == "93433")
    assert post.text.startswith("Britain will support Ukraine’s long-range missile production")
    assert "Andy Burnham" not in post.text
    assert post.reply_to == "tg:clashreport/93428"


def test_reactions_views_date_and_media(posts: list[Post]) -> None:
    first = posts[0]
    assert first.reactions == {"🖕": 31, "❤": 24, "🤡": 6, "🥱": 5, "🤔": 1, "🤮": 1}
    assert first.views == 3120  # "3.12K"
    assert first.date == datetime(2026, 8, 24, 3, 46, 52, tzinfo=UTC)
    assert [m.kind for m in first.media] == [MediaKind.PHOTO]
    assert not first.media[0].available  # remote: never fetched
    too_big = next(post for post in posts if post.message_id == "93436")
    assert too_big.media and all(m.kind is MediaKind.VIDEO and not m.available for m in too_big.media)
    assert all(m.name == "Media is too big" for m in too_big.media)
    assert "VIEW IN TELEGRAM" not in too_big.text and "Media is too big" not in too_big.text
    assert sum(1 for post in posts if post.views is not None) == 17


@pytest.mark.parametrize("text, value", [("3.12K", 3120), ("846", 846), ("1.2M", 1_200_000), ("—", None)])
def test_counts_with_suffixes(text: str, value: int | None) -> None:
    assert parse_count(text) == value


def test_page_without_posts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text('<html><body><div class="tgme_channel_info">nothing</div></body></html>', encoding="utf-8")
    with pytest.raises(InputError, match="no posts"):
        list(parse(path, []))
