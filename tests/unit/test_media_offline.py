"""Photos kept for offline reading: downloaded at refresh, copied at import, within a quota."""

from __future__ import annotations

import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.domain import MediaKind
from reader.fetch.address import TELEGRAM_BASE_ENV
from reader.fetch.http import FetchPolicy, HttpClient
from reader.fetch.media import QUOTA_ENV, MediaStore
from reader.importing.service import Library
from reader.operations.subscriptions import refresh, subscribe
from reader.store import PostFilter

from ..fake_web import Channel, FakeWeb, rss

FAST = FetchPolicy(connect_timeout=2.0, read_timeout=2.0, host_gap=0.0, backoff_base=0.05, max_retry_wait=2.0)
NOW = 1_800_000_000.0
EXPORT = Path(__file__).resolve().parents[1] / "data" / "ingest" / "export_json"


def png(seed: int, size: int = 8) -> bytes:
    """A real PNG of `size`×`size` pixels whose colour depends on `seed`."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes([seed % 256, (seed * 7) % 256, (seed * 13) % 256]) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * size)) + chunk(b"IEND", b"")
    )


@pytest.fixture()
def client() -> Iterator[HttpClient]:
    with HttpClient(FAST) as http:
        yield http


@pytest.fixture()
def library(data_dir: Path) -> Iterator[Library]:
    opened = Library(data_dir, import_workers=0)
    yield opened
    opened.close()


@pytest.fixture()
def channel(fake_web: FakeWeb, monkeypatch: pytest.MonkeyPatch) -> Channel:
    monkeypatch.setenv(TELEGRAM_BASE_ENV, fake_web.base)
    served = Channel("embassy_news", "Embassy News")
    served.add(6, start=1)
    for number in (2, 3, 5):
        fake_web.serve(f"/cdn/p{number}.jpg", png(number), "image/png")
    served.posts[2].photos = (fake_web.url("/cdn/p2.jpg"), fake_web.url("/cdn/p3.jpg"))
    served.posts[3].photos = (fake_web.url("/cdn/p3.jpg"),)  # the same picture again: kept once
    served.posts[5].photos = (fake_web.url("/cdn/p5.jpg"),)
    fake_web.channel(served)
    return served


def _photos(library: Library, post_id: str) -> list[tuple[bool, str | None]]:
    record = library.store.records.get_record(post_id)
    assert record is not None
    return [(item.available, item.path) for item in record.post.media if item.kind is MediaKind.PHOTO]


def test_channel_photos_are_downloaded_at_refresh_and_kept_once_by_content(
    channel: Channel, fake_web: FakeWeb, library: Library, client: HttpClient, data_dir: Path
) -> None:
    subscribe(library, client, "@embassy_news", now=NOW)
    photos = _photos(library, "tg:embassy_news/2")
    assert [available for available, _ in photos] == [True, True]
    for _, path in photos:
        assert path is not None and path.startswith("media/")
    assert (data_dir / str(photos[0][1])).read_bytes() == png(2)
    assert _photos(library, "tg:embassy_news/3") == [photos[1]]
    assert len(list((data_dir / "media").glob("*/*"))) == 3
    hits = len(fake_web.hits("/cdn/p2.jpg"))
    channel.add(1)
    refresh(library, client, ["tg:embassy_news"], now=NOW + 3600)
    assert len(fake_web.hits("/cdn/p2.jpg")) == hits, "a photo kept already was fetched again"
    assert _photos(library, "tg:embassy_news/2") == photos


def test_a_photo_that_cannot_be_fetched_leaves_the_post_and_is_tried_next_time(
    channel: Channel, fake_web: FakeWeb, library: Library, client: HttpClient
) -> None:
    fake_web.serve("/cdn/p5.jpg", b"", status=404)
    [outcome] = subscribe(library, client, "@embassy_news", now=NOW).outcomes
    assert outcome.error is None and outcome.new == 6
    assert _photos(library, "tg:embassy_news/5") == [(False, None)]
    fake_web.serve("/cdn/p5.jpg", png(5), "image/png")
    refresh(library, client, ["tg:embassy_news"], now=NOW + 3600)
    [(available, path)] = _photos(library, "tg:embassy_news/5")
    assert available and path is not None


def test_a_photo_over_ten_megabytes_is_not_kept(
    channel: Channel, fake_web: FakeWeb, library: Library, client: HttpClient
) -> None:
    fake_web.serve("/cdn/p5.jpg", png(5) + bytes(11 * 1024 * 1024), "image/png")
    subscribe(library, client, "@embassy_news", now=NOW)
    assert _photos(library, "tg:embassy_news/5") == [(False, None)]


def test_feed_image_enclosures_are_kept_offline(fake_web: FakeWeb, library: Library, client: HttpClient) -> None:
    from datetime import UTC, datetime

    fake_web.serve("/img/visit.png", png(9), "image/png")
    items = [("v1", "Visit", "The minister's visit.", datetime(2026, 3, 1, tzinfo=UTC))]
    body = rss("Ministry", items, enclosures={"v1": fake_web.url("/img/visit.png")})
    fake_web.serve("/feed.xml", body, "application/rss+xml")
    [outcome] = subscribe(library, client, fake_web.url("/feed.xml"), now=NOW).outcomes
    assert outcome.new == 1
    [record] = [library.store.records.get_record(post_id) for post_id in library.store.timeline.post_ids(PostFilter())]
    assert record is not None
    [photo] = record.post.media
    assert photo.available and photo.path is not None and photo.url == fake_web.url("/img/visit.png")
    assert (library.data_dir / photo.path).read_bytes() == png(9)


def test_the_quota_evicts_the_oldest_photos_but_never_a_bookmarked_posts(
    channel: Channel, library: Library, client: HttpClient, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    subscribe(library, client, "@embassy_news", now=NOW)
    library.store.state.set_bookmarked(["tg:embassy_news/2"])
    kept = {path for _, path in _photos(library, "tg:embassy_news/2")}
    media = MediaStore(data_dir)
    freed = media.enforce_quota(0, library.store.subscriptions.bookmarked_media())
    assert freed > 0
    remaining = {path.relative_to(data_dir).as_posix() for path in (data_dir / "media").glob("*/*")}
    assert remaining == kept
    monkeypatch.setenv(QUOTA_ENV, "0")
    channel.add(1)
    refresh(library, client, ["tg:embassy_news"], now=NOW + 3600)  # the refresh enforces the setting itself
    remaining = {path.relative_to(data_dir).as_posix() for path in (data_dir / "media").glob("*/*")}
    assert remaining == kept


def test_export_photos_are_copied_in_and_outlive_the_export_folder(
    library: Library, tmp_path: Path, data_dir: Path
) -> None:
    export = tmp_path / "export"
    shutil.copytree(EXPORT, export)
    library.import_paths([export / "result.json"])
    shutil.rmtree(export)
    found = []
    for post_id in library.store.timeline.post_ids(PostFilter()):
        record = library.store.records.get_record(post_id)
        assert record is not None
        found += [item for item in record.post.media if item.kind is MediaKind.PHOTO and item.available]
    kept = [item for item in found if item.path and item.path.startswith("media/")]
    assert len(kept) == 1
    assert (data_dir / str(kept[0].path)).read_bytes() == (
        EXPORT / "photos" / "photo_1@01-03-2024_10-00-00.jpg"
    ).read_bytes()
    assert not any(item.path and "passwd" in item.path and item.path.startswith("media/") for item in found)
