"""RSS and Atom files through feedparser, never fetching anything."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.domain import PassageKind, Post
from reader.errors import ImportWarning, InputError
from reader.ingest import feeds
from reader.ingest.registry import expand, importer_for_file

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def _import(path: Path) -> tuple[list[Post], list[ImportWarning]]:
    warnings: list[ImportWarning] = []
    return list(feeds.parse(path, warnings)), warnings


def test_rss_entries_with_dates_paragraphs_and_links() -> None:
    assert importer_for_file(DATA / "tiny.rss") is feeds.IMPORTER
    posts, warnings = _import(DATA / "tiny.rss")
    assert warnings == []
    first, second = posts
    assert first.source.title == "Embassy news" and first.source.kind == "feed"
    assert first.source.key == "feed:https://embassy.example/news"
    assert first.url == "https://embassy.example/news/101"
    assert first.date == datetime(2025, 8, 5, 6, 30, tzinfo=UTC)  # 09:30 +0300
    assert [p.text for p in first.passages] == [
        "Visa centre hours change",
        "The visa centre opens at 10:00 from 11 August.",
        "Details on the visa page.",
        "[image]",
    ]
    # A remote image is never fetched: it stays a link the reader opens in the browser on click.
    assert first.passages[3].links[0].url == "https://tracker.example/p.gif"
    assert first.passages[0].kind is PassageKind.TITLE and first.title == "Visa centre hours change"
    link = first.passages[2].links[0]
    assert link.url == "https://embassy.example/visa"  # resolved against the entry, never fetched
    assert first.passages[2].text[link.start : link.end] == "the visa page"
    assert "alert" not in first.text
    assert second.hashtags == ("#консульство",)
    assert second.passages[1].text == "Приём граждан проводится по записи."


def test_atom_entries_quotes_and_undated_entries() -> None:
    posts, warnings = _import(DATA / "tiny.atom")
    first, undated = posts
    assert first.source.key == "feed:https://mfa.example/feed.atom"
    assert first.date == datetime(2025, 12, 3, 18, 30, 2, tzinfo=UTC)
    assert [p.kind for p in first.passages] == [
        PassageKind.TITLE,
        PassageKind.BODY,
        PassageKind.QUOTE,
        PassageKind.BODY,
    ]
    assert first.passages[3].links[0].url == "https://asean.org/"
    assert undated.date is None and undated.passages[1].text == "A note without a date."
    assert [(w.location, w.message) for w in warnings] == [("entry 2", "no published or updated date")]


def test_reimport_gives_the_same_ids() -> None:
    assert [p.id for p in _import(DATA / "tiny.rss")[0]] == [p.id for p in _import(DATA / "tiny.rss")[0]]


def test_a_folder_of_feeds_imports_each_file(tmp_path: Path) -> None:
    for name in ("tiny.rss", "tiny.atom"):
        (tmp_path / f"copy-{name}").write_bytes((DATA / name).read_bytes())
    assert [unit.importer.name for unit in expand([tmp_path])] == ["feed", "feed"]


def test_content_that_looks_like_a_url_or_path_is_not_fetched(tmp_path: Path) -> None:
    # If feedparser were given this text as a string it would try to open it as a file name or URL.
    secret = tmp_path / "secret.txt"
    secret.write_text("<rss><channel><item><title>leaked</title></item></channel></rss>", encoding="utf-8")
    path = tmp_path / "tricky.rss"
    path.write_text(str(secret), encoding="utf-8")
    with pytest.raises(InputError):
        _import(path)


def test_broken_feed_is_refused_with_the_file_named(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("<rss><channel><title>x</title>", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        _import(path)
    assert raised.value.path == str(path)


def test_an_entry_with_hostile_nesting_is_skipped_with_a_warning(tmp_path: Path) -> None:
    deep = "&lt;div&gt;" * 20_000 + "deep" + "&lt;/div&gt;" * 20_000
    path = tmp_path / "deep.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>Deep</title><description>{deep}</description></item>"
        "<item><title>Fine</title><description>Plain text.</description></item></channel></rss>",
        encoding="utf-8",
    )
    posts, warnings = _import(path)
    assert [post.title for post in posts] == ["Fine"]
    assert warnings[0].location == "entry 1" and "nests more than" in warnings[0].message
