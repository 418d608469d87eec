"""Subscribe, refresh and unsubscribe through the operations, against a real local server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug import Request, Response

from reader.errors import FetchError, ReaderError
from reader.fetch.address import TELEGRAM_BASE_ENV
from reader.fetch.http import FetchPolicy, HttpClient
from reader.importing.service import Library
from reader.operations.subscriptions import AlreadyFollowedError, refresh, set_interval, subscribe, unsubscribe

from ..fake_web import Channel, FakeWeb, rss

FAST = FetchPolicy(connect_timeout=2.0, read_timeout=2.0, host_gap=0.0, backoff_base=0.05, max_retry_wait=2.0)
NOW = 1_800_000_000.0


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
    served.add(45, start=101)
    fake_web.channel(served)
    return served


def _posts_of(library: Library, key: str) -> int:
    return library.store.subscriptions.post_counts().get(key, (0, 0))[0]


def test_subscribing_brings_the_backfill_in_and_remembers_where_it_stopped(
    channel: Channel, library: Library, client: HttpClient
) -> None:
    report = subscribe(library, client, "@embassy_news", backfill=30, every_minutes=15, now=NOW)
    [outcome] = report.outcomes
    assert outcome.line() == f"Embassy News (telegram, {channel_url(channel, client)}): 30 new, 0 updated"
    assert _posts_of(library, "tg:embassy_news") == 30
    [followed] = library.store.subscriptions.all()
    assert (followed.cursor, followed.every_minutes, followed.failures) == ("145", 15, 0)
    assert followed.last_refresh == NOW and followed.next_refresh == NOW + 15 * 60
    with pytest.raises(AlreadyFollowedError):
        subscribe(library, client, "@embassy_news", now=NOW)


def test_a_later_refresh_brings_only_new_posts_and_updates_an_edited_one_keeping_user_state(
    channel: Channel, library: Library, client: HttpClient
) -> None:
    subscribe(library, client, "@embassy_news", backfill=45, now=NOW)
    store = library.store
    store.state.set_read(["tg:embassy_news/140"])
    store.state.set_bookmarked(["tg:embassy_news/140"])
    store.state.set_note("tg:embassy_news/140", "ask the press office")
    before = store.state.states(["tg:embassy_news/140"])["tg:embassy_news/140"]
    channel.add(3)
    channel.edit(140, "Corrected: the consular section is closed on Friday.")
    report = refresh(library, client, ["Embassy News"], now=NOW + 60)
    assert [(outcome.new, outcome.updated) for outcome in report.outcomes] == [(3, 1)]
    assert _posts_of(library, "tg:embassy_news") == 48
    after = store.state.states(["tg:embassy_news/140"])["tg:embassy_news/140"]
    assert after == before
    record = store.records.get_record("tg:embassy_news/140")
    assert record is not None and "consular section is closed" in record.post.text


def test_refresh_without_names_takes_only_the_sources_that_are_due(
    channel: Channel, fake_web: FakeWeb, library: Library, client: HttpClient
) -> None:
    subscribe(library, client, "@embassy_news", every_minutes=30, now=NOW)
    pages_before = len(fake_web.hits("/s/embassy_news"))
    assert refresh(library, client, now=NOW + 60).outcomes == ()
    assert len(fake_web.hits("/s/embassy_news")) == pages_before
    assert len(refresh(library, client, now=NOW + 31 * 60).outcomes) == 1


def test_a_new_interval_reschedules_from_the_last_refresh_and_keeps_a_failing_sources_backoff(
    channel: Channel, fake_web: FakeWeb, library: Library, client: HttpClient
) -> None:
    subscribe(library, client, "@embassy_news", every_minutes=30, now=NOW)
    set_interval(library, "Embassy News", 5, now=NOW + 60)
    assert refresh(library, client, now=NOW + 4 * 60).outcomes == ()
    assert len(refresh(library, client, now=NOW + 5 * 60).outcomes) == 1, "due 5 min after the last refresh"
    set_interval(library, "tg:embassy_news", 120, now=NOW + 6 * 60)
    assert refresh(library, client, now=NOW + 5 * 60 + 119 * 60).outcomes == ()
    assert len(refresh(library, client, now=NOW + 5 * 60 + 120 * 60).outcomes) == 1

    fake_web.serve("/feed.xml", b"maintenance", "text/plain", status=503, **{"Retry-After": "7200"})
    with pytest.raises(FetchError):
        subscribe(library, client, fake_web.url("/feed.xml"), now=NOW)
    fake_web.serve("/feed.xml", _feed(1), "application/rss+xml")
    subscribe(library, client, fake_web.url("/feed.xml"), name="Ministry", now=NOW)
    fake_web.serve("/feed.xml", b"maintenance", "text/plain", status=503, **{"Retry-After": "7200"})
    assert refresh(library, client, ["Ministry"], now=NOW + 60).failed
    backing_off = {item.key: item for item in library.store.subscriptions.all()}[f"feed:{fake_web.url('/feed.xml')}"]
    assert set_interval(library, "Ministry", 1, now=NOW + 120).next_refresh == backing_off.next_refresh
    assert {item.key: item.every_minutes for item in library.store.subscriptions.all()}[backing_off.key] == 1


def test_an_interval_for_a_source_not_followed_or_under_a_minute_is_refused(library: Library) -> None:
    with pytest.raises(ReaderError, match="not a followed source"):
        set_interval(library, "nowhere", 10)
    with pytest.raises(ReaderError, match="at least 1 minute"):
        set_interval(library, "nowhere", 0)


def test_a_failing_source_is_reported_backs_off_and_the_others_still_refresh(
    channel: Channel, fake_web: FakeWeb, library: Library, client: HttpClient
) -> None:
    fake_web.serve("/feed.xml", _feed(2), "application/rss+xml")
    subscribe(library, client, "@embassy_news", now=NOW)
    subscribe(library, client, fake_web.url("/feed.xml"), name="Ministry", now=NOW)
    channel.add(2)
    fake_web.serve("/feed.xml", b"down for maintenance", "text/plain", status=500)
    report = refresh(library, client, ["tg:embassy_news", "Ministry"], now=NOW + 60)
    ok, failed = report.outcomes
    assert (ok.new, ok.error) == (2, None)
    assert failed.error is not None and "500" in failed.error and not report.offline
    assert failed.line().startswith(f"Ministry (feed, {fake_web.url('/feed.xml')}): the server answered 500")
    first = library.store.subscriptions.get(failed.key)
    assert first is not None and first.failures == 1 and first.last_error == failed.error
    assert first.next_refresh is not None and NOW + 60 < first.next_refresh < NOW + 60 + 30 * 60
    refresh(library, client, ["Ministry"], now=NOW + 120)
    second = library.store.subscriptions.get(failed.key)
    assert second is not None and second.failures == 2
    assert second.next_refresh is not None and second.next_refresh - (NOW + 120) > 0.8 * 2 * 6 * 60
    assert _posts_of(library, failed.key) == 2, "a failing source keeps what it had"
    fake_web.serve("/feed.xml", _feed(3), "application/rss+xml")
    [back] = refresh(library, client, ["Ministry"], now=NOW + 180).outcomes
    assert (back.new, back.error) == (1, None)
    healed = library.store.subscriptions.get(failed.key)
    assert healed is not None and healed.failures == 0 and healed.last_error is None


def test_a_connection_broken_mid_walk_stores_nothing_and_the_next_refresh_completes_it(
    channel: Channel, fake_web: FakeWeb, library: Library, client: HttpClient
) -> None:
    broken = {"on": True}

    def page(request: Request) -> Response:
        before = request.args.get("before")
        body = channel.render(int(before) if before else None)
        if broken["on"] and before is not None:
            connection: socket.socket = request.environ["werkzeug.socket"]

            def cut() -> Iterator[bytes]:
                yield body[: len(body) // 2]
                connection.shutdown(socket.SHUT_RDWR)

            return Response(cut(), content_type="text/html", headers={"Content-Length": str(len(body))})
        return Response(body, content_type="text/html")

    fake_web.route("/s/embassy_news", page)
    [outcome] = subscribe(library, client, "@embassy_news", backfill=45, now=NOW).outcomes
    assert outcome.error is not None and "broke off" in outcome.error
    assert _posts_of(library, "tg:embassy_news") == 0
    broken["on"] = False
    [again] = refresh(library, client, ["tg:embassy_news"], now=NOW + 60).outcomes
    assert (again.new, again.error) == (45, None)


def test_a_feed_answering_304_brings_nothing_and_keeps_its_validators(
    fake_web: FakeWeb, library: Library, client: HttpClient
) -> None:
    body = _feed(3)

    def feed(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"3"':
            return Response(status=304)
        return Response(body, content_type="application/rss+xml", headers={"ETag": '"3"'})

    fake_web.route("/feed.xml", feed)
    [first] = subscribe(library, client, fake_web.url("/feed.xml"), now=NOW).outcomes
    assert first.new == 3
    [again] = refresh(library, client, [first.key], now=NOW + 3600).outcomes
    assert (again.new, again.updated, again.error) == (0, 0, None)
    followed = library.store.subscriptions.get(first.key)
    assert followed is not None and followed.etag == '"3"'
    assert fake_web.hits("/feed.xml")[-1].headers.get("If-None-Match") == '"3"'


def test_every_source_unreachable_is_reported_as_offline(
    library: Library, client: HttpClient, fake_web: FakeWeb
) -> None:
    fake_web.serve("/feed.xml", _feed(1), "application/rss+xml")
    subscribe(library, client, fake_web.url("/feed.xml"), now=NOW)
    fake_web.server.stop()
    report = refresh(library, client, now=NOW + 3600)
    assert report.offline and "cannot connect" in (report.outcomes[0].error or "")
    fake_web.server.start()


def test_unsubscribing_keeps_the_posts_unless_asked_to_delete_them(
    channel: Channel, fake_web: FakeWeb, library: Library, client: HttpClient
) -> None:
    subscribe(library, client, "@embassy_news", backfill=10, now=NOW)
    fake_web.serve("/feed.xml", _feed(2), "application/rss+xml")
    [feed] = subscribe(library, client, fake_web.url("/feed.xml"), now=NOW).outcomes
    unsubscribe(library, "Embassy News")
    assert _posts_of(library, "tg:embassy_news") == 10
    changes = unsubscribe(library, feed.key, delete_posts=True)
    assert changes.content and _posts_of(library, feed.key) == 0
    assert library.store.subscriptions.all() == []
    with pytest.raises(ReaderError, match="not a followed source"):
        unsubscribe(library, "Embassy News")


def test_subscribing_to_nothing_followable_changes_nothing(
    fake_web: FakeWeb, library: Library, client: HttpClient
) -> None:
    fake_web.serve("/about", b"<html><body><p>About us</p></body></html>")
    with pytest.raises(FetchError, match="not a public Telegram channel"):
        subscribe(library, client, fake_web.url("/about"), now=NOW)
    assert library.store.subscriptions.all() == []


def channel_url(channel: Channel, client: HttpClient) -> str:
    from reader.fetch.address import preview_address

    return preview_address(channel.name)


def _feed(count: int) -> bytes:
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    return rss(
        "Ministry statements",
        [
            (f"s{n}", f"Statement {n}", f"Text of statement {n}.", start + timedelta(hours=n))
            for n in range(count, 0, -1)
        ],
    )
