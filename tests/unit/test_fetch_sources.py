"""Recognising what an address is and bringing a source's posts in, against a real local server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from werkzeug import Request, Response

from reader.errors import FetchError
from reader.fetch.address import TELEGRAM_BASE_ENV, first_address
from reader.fetch.http import FetchPolicy, HttpClient
from reader.fetch.sources import Followed, SourceKind, fetch, identify

from ..fake_web import Channel, FakeWeb, rss

DATA = Path(__file__).resolve().parents[1] / "data" / "fetch"
FAST = FetchPolicy(connect_timeout=2.0, read_timeout=2.0, host_gap=0.0, backoff_base=0.05, max_retry_wait=2.0)
MESSAGE_WRAP = '<div class="tgme_widget_message_wrap js-widget_message_wrap">'


@pytest.fixture()
def client() -> Iterator[HttpClient]:
    with HttpClient(FAST) as http:
        yield http


@pytest.fixture()
def channel(fake_web: FakeWeb, monkeypatch: pytest.MonkeyPatch) -> Channel:
    """A 95-post channel served as t.me serves a web preview, with @names resolved on the test server."""
    monkeypatch.setenv(TELEGRAM_BASE_ENV, fake_web.base)
    served = Channel("embassy_news", "Embassy News")
    served.add(95, start=1001)
    fake_web.channel(served)
    return served


def _followed(found_url: str, cursor: str | None = None, backfill: int = 200) -> Followed:
    """The channel as followed; with a cursor, as if every post up to it were stored."""
    stored = frozenset(str(number) for number in range(1001, int(cursor) + 1)) if cursor else frozenset()
    return Followed(
        SourceKind.TELEGRAM,
        found_url,
        "tg:embassy_news",
        "Embassy News",
        cursor=cursor,
        backfill=backfill,
        stored_ids=stored,
    )


def test_what_the_user_types_becomes_the_address_to_fetch() -> None:
    base = "https://mirror.example"
    assert first_address("@embassy_news", base) == "https://mirror.example/s/embassy_news"
    assert first_address("t.me/embassy_news", base) == "https://mirror.example/s/embassy_news"
    assert first_address("https://t.me/s/embassy_news/1234", base) == "https://mirror.example/s/embassy_news"
    assert first_address("https://mid.ru/en/rss.php", base) == "https://mid.ru/en/rss.php"
    assert first_address("ministry.example/news#top", base) == "https://ministry.example/news"
    for wrong in ("", "@x", "just words", "ftp://ministry.example/feed", "file:///etc/passwd"):
        with pytest.raises(FetchError):
            first_address(wrong, base)


def test_an_at_name_is_recognised_as_a_channel_with_a_preview_of_its_newest_posts(
    channel: Channel, client: HttpClient
) -> None:
    found = identify(client, "@embassy_news")
    assert found.kind is SourceKind.TELEGRAM
    assert (found.key, found.title) == ("tg:embassy_news", "Embassy News")
    assert found.url.endswith("/s/embassy_news")
    assert [post.message_id for post in found.preview] == ["1095", "1094", "1093", "1092", "1091"]


def test_a_channel_landing_page_leads_to_its_preview_on_any_host(
    channel: Channel, fake_web: FakeWeb, client: HttpClient
) -> None:
    fake_web.serve("/embassy_news", (DATA / "landing.html").read_bytes())
    found = identify(client, fake_web.url("/embassy_news"))
    assert found.kind is SourceKind.TELEGRAM and found.url == fake_web.url("/s/embassy_news")


def test_first_refresh_takes_the_newest_posts_back_to_the_backfill(
    channel: Channel, fake_web: FakeWeb, client: HttpClient
) -> None:
    found = identify(client, "@embassy_news")
    fetched = fetch(client, _followed(found.url, backfill=50), found.response)
    assert [post.message_id for post in fetched.posts] == [str(number) for number in range(1046, 1096)]
    assert fetched.cursor == "1095"
    assert fetched.pages == 3  # 20 + 20 + 20 posts read to have 50
    befores = [request.args.get("before") for request in fake_web.hits("/s/embassy_news")]
    assert befores == [None, "1076", "1056"]


def test_a_backfill_larger_than_the_channel_stops_at_its_oldest_page(channel: Channel, client: HttpClient) -> None:
    fetched = fetch(client, _followed(_preview(channel, client), backfill=500))
    assert len(fetched.posts) == 95 and fetched.pages == 5


def test_a_later_refresh_stops_at_the_newest_stored_post(
    channel: Channel, fake_web: FakeWeb, client: HttpClient
) -> None:
    url = _preview(channel, client)
    channel.add(3)
    before = len(fake_web.hits("/s/embassy_news"))
    fetched = fetch(client, _followed(url, cursor="1095"))
    assert len(fake_web.hits("/s/embassy_news")) - before == 1
    assert {"1096", "1097", "1098"} <= {post.message_id for post in fetched.posts}
    assert fetched.cursor == "1098"


def test_a_later_refresh_never_takes_the_posts_the_backfill_left_out(channel: Channel, client: HttpClient) -> None:
    url = _preview(channel, client)
    channel.add(2)
    stored = frozenset({"1091", "1092", "1093", "1094", "1095"})  # a first refresh with --backfill 5
    source = Followed(SourceKind.TELEGRAM, url, "tg:embassy_news", "Embassy News", cursor="1095", stored_ids=stored)
    numbers = sorted(int(post.message_id or 0) for post in fetch(client, source).posts)
    assert numbers == [1091, 1092, 1093, 1094, 1095, 1096, 1097]


def test_more_new_posts_than_a_page_walks_back_until_the_stored_ones(channel: Channel, client: HttpClient) -> None:
    url = _preview(channel, client)
    channel.add(45)
    fetched = fetch(client, _followed(url, cursor="1095"))
    numbers = [int(post.message_id or 0) for post in fetched.posts]
    assert set(range(1096, 1141)) <= set(numbers)
    assert fetched.pages == 3


def test_an_edited_post_comes_back_with_its_new_text(channel: Channel, client: HttpClient) -> None:
    url = _preview(channel, client)
    channel.edit(1094, "Corrected: the briefing moves to Thursday.")
    fetched = fetch(client, _followed(url, cursor="1095"))
    edited = next(post for post in fetched.posts if post.message_id == "1094")
    assert edited.text == "Corrected: the briefing moves to Thursday."


def test_a_channel_page_that_links_to_itself_does_not_loop(fake_web: FakeWeb, client: HttpClient) -> None:
    served = Channel("looping", "Loop")
    served.add(30, start=1)
    page = served.render(None).replace(b'data-before="11"', b'data-before="31"')
    fake_web.serve("/s/looping", page)
    fetched = fetch(client, Followed(SourceKind.TELEGRAM, fake_web.url("/s/looping"), "tg:looping", "Loop"))
    assert fetched.pages == 1 and len(fetched.posts) == 20


def test_malformed_channel_html_gives_the_readable_posts(fake_web: FakeWeb, client: HttpClient) -> None:
    fake_web.serve("/s/broken_channel", (DATA / "malformed_channel.html").read_bytes())
    found = identify(client, fake_web.url("/s/broken_channel"))
    fetched = fetch(client, Followed(found.kind, found.url, found.key, found.title), found.response)
    texts = [post.text for post in fetched.posts]
    assert any(text.startswith("First post") for text in texts)
    assert any("Third post, fine." in text for text in texts)
    assert fetched.cursor == "10"


def test_garbage_where_a_page_should_be_is_a_clear_error(fake_web: FakeWeb, client: HttpClient) -> None:
    fake_web.serve("/s/garbled", bytes(range(256)) * 40, "text/html")
    with pytest.raises(FetchError, match="not a public Telegram channel, an RSS/Atom feed"):
        identify(client, fake_web.url("/s/garbled"))
    fake_web.serve("/weather", (DATA / "unrelated.html").read_bytes())
    with pytest.raises(FetchError, match="not a public Telegram channel"):
        identify(client, fake_web.url("/weather"))


def test_a_page_announcing_feeds_leads_to_its_first_feed(fake_web: FakeWeb, client: HttpClient) -> None:
    fake_web.serve("/", (DATA / "site.html").read_bytes())
    fake_web.serve("/rss/statements.xml", _statements_feed(3), "application/rss+xml")
    found = identify(client, fake_web.url("/"))
    assert found.kind is SourceKind.FEED
    assert found.url == fake_web.url("/rss/statements.xml")
    assert found.title == "Ministry statements"
    assert found.preview[0].title == "Statement 3"


def test_a_dead_announced_feed_falls_through_to_the_next(fake_web: FakeWeb, client: HttpClient) -> None:
    fake_web.serve("/", (DATA / "site.html").read_bytes())
    fake_web.serve(
        "/feeds/briefings.atom", (Path(DATA).parent / "ingest" / "tiny.atom").read_bytes(), "application/atom+xml"
    )
    found = identify(client, fake_web.url("/"))
    assert found.url == fake_web.url("/feeds/briefings.atom")


def test_a_feed_is_refetched_conditionally_and_a_304_brings_nothing(fake_web: FakeWeb, client: HttpClient) -> None:
    body = _statements_feed(4)
    fake_web.route("/feed.xml", lambda request: _conditional(request, body))
    found = identify(client, fake_web.url("/feed.xml"))
    source = Followed(SourceKind.FEED, found.url, found.key, found.title)
    first = fetch(client, source, found.response)
    assert len(first.posts) == 4 and first.validators.etag == '"4"'
    assert all(post.source.key == f"feed:{found.url}" for post in first.posts)
    again = fetch(client, Followed(SourceKind.FEED, found.url, found.key, found.title, first.validators))
    assert again.not_modified and again.posts == () and again.validators == first.validators


def test_shared_channel_page_split_into_pages_is_walked_whole(
    shared_dir: Path, fake_web: FakeWeb, client: HttpClient
) -> None:
    """The real saved page of a public channel, served as t.me would in pages of six posts."""
    text = (shared_dir / "data" / "tme-web" / "clashreport-s.html").read_text(encoding="utf-8")
    head = text[: text.index('<div class="tgme_widget_message_centered js-messages_more_wrap">')]
    body, tail = text[len(head) :].rsplit("</section>", 1)
    messages = [MESSAGE_WRAP + part for part in body.split(MESSAGE_WRAP)[1:]]
    numbers = [int(re.search(r'data-post="ClashReport/(\d+)"', part).group(1)) for part in messages]  # type: ignore[union-attr]

    def page(request: Request) -> Response:
        before = request.args.get("before")
        older = [(n, m) for n, m in zip(numbers, messages, strict=True) if before is None or n < int(before)]
        shown = older[-6:]
        more = ""
        if len(older) > len(shown):
            oldest = shown[0][0]
            more = f'<a href="/s/ClashReport?before={oldest}" class="tme_messages_more" data-before="{oldest}"></a>'
        html = head + more + "".join(m for _, m in shown) + "</section>" + tail
        return Response(html.encode(), content_type="text/html; charset=utf-8")

    fake_web.route("/s/ClashReport", page)
    found = identify(client, fake_web.url("/s/ClashReport"))
    assert (found.key, found.title) == ("tg:clashreport", "Clash Report")
    fetched = fetch(client, Followed(found.kind, found.url, found.key, found.title, backfill=100), found.response)
    assert fetched.pages == 3
    assert {int(post.message_id or 0) for post in fetched.posts} <= set(numbers)
    assert len(fetched.posts) >= 15  # the page's posts less any that are media without text
    assert fetched.cursor == str(max(numbers))


def test_feed_built_from_shared_posts_is_read_whole(shared_dir: Path, fake_web: FakeWeb, client: HttpClient) -> None:
    import csv

    with (shared_dir / "data" / "mfa-posts" / "mfa_telegram.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[:40]
    items = [
        (row["message_id"], row["text"].strip().split("\n")[0][:80], row["text"], datetime.fromisoformat(row["date"]))
        for row in rows
    ]
    fake_web.serve("/mfa.rss", rss("MFA Russia", items), "application/rss+xml")
    found = identify(client, fake_web.url("/mfa.rss"))
    fetched = fetch(client, Followed(found.kind, found.url, found.key, found.title), found.response)
    assert len(fetched.posts) == 40
    assert {post.date for post in fetched.posts} == {item[3].astimezone(UTC) for item in items}


def _preview(channel: Channel, client: HttpClient) -> str:
    return identify(client, f"@{channel.name}").url


def _statements_feed(count: int) -> bytes:
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    items = [
        (f"s{n}", f"Statement {n}", f"Text of statement {n}.", start + timedelta(hours=n)) for n in range(count, 0, -1)
    ]
    return rss("Ministry statements", items)


def _conditional(request: Request, body: bytes) -> Response:
    etag = f'"{body.count(b"<item>")}"'
    if request.headers.get("If-None-Match") == etag:
        return Response(status=304, headers={"ETag": etag})
    return Response(body, content_type="application/rss+xml", headers={"ETag": etag})


def test_a_single_article_page_is_one_post_that_an_edit_updates(fake_web: FakeWeb, client: HttpClient) -> None:
    page = (DATA / "article.html").read_bytes()
    fake_web.serve("/statements/1234", page)
    found = identify(client, fake_web.url("/statements/1234"))
    assert found.kind is SourceKind.ARTICLE and found.title.startswith("Заявление МИД России")
    source = Followed(found.kind, found.url, found.key, found.title)
    [post] = fetch(client, source, found.response).posts
    assert post.place == "Москва" and post.date is not None and post.date.day == 4
    assert any("товарооборот" in passage.text for passage in post.passages)
    assert not any("Политика конфиденциальности" in passage.text for passage in post.passages)
    fake_web.serve("/statements/1234", page.replace("полтора раза".encode(), "два раза".encode()))
    [edited] = fetch(client, source).posts
    assert edited.id == post.id and "два раза" in edited.text
