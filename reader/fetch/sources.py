"""Fetching a followed source: recognise what an address is, then bring its posts in.

A source is recognised from what the server returns, so a mirror of t.me, a proxy or a test
server behaves like the real thing. The bytes go to the importers in `reader.ingest`; nothing here
parses HTML or XML itself beyond asking those modules.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from reader.domain import Media, Post, Source, post_id_for
from reader.errors import FetchError, ImportWarning, InputError
from reader.fetch.address import channel_name, first_address, preview_address
from reader.fetch.http import HttpClient, Response, Validators
from reader.fetch.media import MediaStore
from reader.fetch.schedule import DEFAULT_BACKFILL
from reader.ingest import feeds, tme_web, web_page, web_statement
from reader.ingest.base import HEAD_BYTES, capped_posts

# On later refreshes a channel is walked back to the newest stored post, but never further than this:
# after a long absence from a busy channel, the newest posts are what a reader wants.
MAX_CATCH_UP_POSTS = 1000
# Less main text than this is a page's furniture ("Loading…", a cookie notice), not a statement.
MIN_ARTICLE_CHARS = 200
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


class SourceKind(StrEnum):
    TELEGRAM = "telegram"
    FEED = "feed"
    ARTICLE = "article"  # a single statement or article page: one post, updated when the page changes


@dataclass(frozen=True, slots=True)
class Found:
    """What an address turned out to be, with the response already fetched (so a refresh can reuse it)."""

    kind: SourceKind
    url: str  # fetched at every refresh: the channel's preview page or the feed itself
    key: str  # the store's source key
    title: str
    response: Response
    preview: tuple[Post, ...] = ()  # the newest posts, newest first, for a look before subscribing


@dataclass(frozen=True, slots=True)
class Followed:
    """A subscription as the fetcher needs it."""

    kind: SourceKind
    url: str
    key: str
    title: str
    validators: Validators = field(default_factory=Validators)
    cursor: str | None = None  # Telegram: the highest message id stored so far
    backfill: int = DEFAULT_BACKFILL
    # The media of its newest stored posts that are kept offline already (post id -> media): not fetched again.
    stored_media: Mapping[str, tuple[Media, ...]] = field(default_factory=dict)
    # Message ids of its newest stored posts: older posts on a page are taken only if stored (edits),
    # never the ones a first refresh left out beyond its backfill.
    stored_ids: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Fetched:
    """The posts one refresh brought: complete, or an exception was raised and nothing is here."""

    posts: tuple[Post, ...]
    warnings: tuple[ImportWarning, ...] = ()
    validators: Validators = field(default_factory=Validators)
    cursor: str | None = None
    not_modified: bool = False
    pages: int = 0


def identify(client: HttpClient, text: str) -> Found:
    """Fetch what the user typed and say what it is; FetchError when it is nothing we can follow."""
    url = first_address(text)
    return _recognise(client, client.get(url, accept=PAGE_ACCEPT), hops=0)


def _recognise(client: HttpClient, response: Response, hops: int) -> Found:
    head = response.body[:HEAD_BYTES]
    if tme_web.sniff(Path(), head):
        return _telegram_found(response)
    if feeds.sniff(Path(), head):
        return _feed_found(response)
    if hops == 0 and web_page.looks_like_html(response.body, response.content_type):
        preview = web_page.channel_preview_link(response.body, response.url)
        if preview is not None:
            found = _recognise(client, client.get(preview, accept=PAGE_ACCEPT), hops + 1)
            if found.kind is not SourceKind.TELEGRAM:
                raise FetchError(response.url, "a Telegram channel without a public web preview")
            return found
        for link in web_page.feed_links(response.body, response.url)[:3]:
            try:
                found = _recognise(client, client.get(link, accept=FEED_ACCEPT), hops + 1)
            except FetchError:
                continue  # a stale announced feed: try the next one the page names
            if found.kind is SourceKind.FEED:
                return found
        article = _article_posts(response, [])
        if article:
            post = article[0]
            return Found(
                SourceKind.ARTICLE, response.url, f"web:{response.url}", post.title or response.url, response, (post,)
            )
    raise FetchError(
        response.url, "not a public Telegram channel, an RSS/Atom feed, a page announcing one, or an article"
    )


def _telegram_found(response: Response) -> Found:
    warnings: list[ImportWarning] = []
    posts = _parse_channel_page(response, warnings)
    name = channel_name(response.url)
    if posts:
        name = (posts[-1].source.url or "").rstrip("/").rsplit("/", 1)[-1] or name
    if name is None:
        raise FetchError(response.url, "a t.me page, but it does not say which channel it is")
    parts = urlsplit(response.url)
    url = preview_address(name, f"{parts.scheme}://{parts.netloc}")
    key = f"tg:{name.lower()}"
    title = posts[-1].source.title if posts else name
    return Found(SourceKind.TELEGRAM, url, key, title, response, tuple(reversed(posts[-5:])))


def _feed_found(response: Response) -> Found:
    warnings: list[ImportWarning] = []
    posts = _parse_feed(response, warnings)
    key = f"feed:{response.url}"
    title = posts[0].source.title if posts else urlsplit(response.url).netloc
    newest = sorted(posts, key=lambda post: post.date.timestamp() if post.date else 0.0, reverse=True)
    return Found(SourceKind.FEED, response.url, key, title, response, tuple(newest[:5]))


def fetch(
    client: HttpClient, source: Followed, first: Response | None = None, media: MediaStore | None = None
) -> Fetched:
    """Every post of `source` that this refresh should store, with their photos kept in `media` when given.

    Raises FetchError or FetchCancelledError; a photo that cannot be fetched never fails the source.
    """
    if source.kind is SourceKind.TELEGRAM:
        fetched = _fetch_channel(client, source, first)
    elif source.kind is SourceKind.ARTICLE:
        fetched = _fetch_article(client, source, first)
    else:
        fetched = _fetch_feed(client, source, first)
    if media is None or not fetched.posts:
        return fetched
    return replace(fetched, posts=tuple(media.download_photos(client, fetched.posts, source.stored_media)))


def _fetch_feed(client: HttpClient, source: Followed, first: Response | None) -> Fetched:
    response = first or client.get(source.url, source.validators, accept=FEED_ACCEPT)
    if response.not_modified:
        return Fetched((), validators=source.validators, not_modified=True, pages=1)
    warnings: list[ImportWarning] = []
    posts = tuple(_as_source(post, source) for post in _parse_feed(response, warnings))
    return Fetched(posts, tuple(warnings), response.validators, pages=1)


def _fetch_article(client: HttpClient, source: Followed, first: Response | None) -> Fetched:
    response = first or client.get(source.url, source.validators, accept=PAGE_ACCEPT)
    if response.not_modified:
        return Fetched((), validators=source.validators, not_modified=True, pages=1)
    warnings: list[ImportWarning] = []
    posts = _article_posts(response, warnings)
    if not posts:
        raise FetchError(response.url, "the page no longer has an article's text")
    return Fetched(tuple(_as_source(post, source) for post in posts), tuple(warnings), response.validators, pages=1)


def _article_posts(response: Response, warnings: list[ImportWarning]) -> list[Post]:
    """The page's one post through the main-text extractor of the importers; [] when it finds no article.

    The post keeps one id whatever its text becomes, so an edited page updates its post.
    """
    if not web_page.looks_like_html(response.body, response.content_type):
        return []
    try:
        found = web_statement.posts_from_html(
            response.body, Path(urlsplit(response.url).path or "page"), warnings, response.url
        )
        posts = list(capped_posts(found, response.url, warnings))
    except InputError:
        return []
    if not posts or len(posts[0].text) < MIN_ARTICLE_CHARS:
        return []  # an app shell or an error page, not an article
    message_id = "a" + hashlib.sha1(response.url.encode("utf-8")).hexdigest()[:16]
    return [replace(posts[0], message_id=message_id, url=posts[0].url or response.url)]


def _fetch_channel(client: HttpClient, source: Followed, first: Response | None) -> Fetched:
    """The channel's newest page, then older ones (`?before=ID`) until the stored posts or the backfill.

    Posts already stored that appear on the pages read are returned too: an edited post is updated.
    """
    known = int(source.cursor) if source.cursor and source.cursor.isdigit() else None
    wanted = source.backfill if known is None else MAX_CATCH_UP_POSTS
    warnings: list[ImportWarning] = []
    collected: dict[int, Post] = {}
    response = first or client.get(source.url, accept=PAGE_ACCEPT)
    pages = 1
    newest = known or 0
    while True:
        ids = []
        for post in _parse_channel_page(response, warnings):
            if post.message_id and post.message_id.isdigit() and post.source.key == source.key:
                ids.append(int(post.message_id))
                collected[ids[-1]] = _as_source(post, source)
        newest = max([newest, *ids])
        unseen = sum(1 for number in collected if known is None or number > known)
        if not ids or (known is not None and min(ids) <= known) or unseen >= wanted:
            break
        older = tme_web.older_page(response.body)
        # Each step must lead to older posts, so a page linking to itself or forward cannot loop.
        if older is None or int(older) > min(ids):
            break
        response = client.get(f"{source.url}?{urlencode({'before': older})}", accept=PAGE_ACCEPT)
        pages += 1
    if known is None:
        # The first refresh keeps the newest `backfill` posts; the last page read may hold a few more.
        numbers = sorted(collected)[-source.backfill :] if source.backfill > 0 else []
    else:
        numbers = [number for number in sorted(collected) if number > known or str(number) in source.stored_ids]
    posts = tuple(collected[number] for number in numbers)
    return Fetched(posts, tuple(warnings), cursor=str(newest) if newest else source.cursor, pages=pages)


def _parse_channel_page(response: Response, warnings: list[ImportWarning]) -> list[Post]:
    if not tme_web.sniff(Path(), response.body[:HEAD_BYTES]):
        if web_page.looks_like_html(response.body, response.content_type) and web_page.channel_preview_link(
            response.body, response.url
        ):
            raise FetchError(response.url, "the channel has no public web preview (it may be private or renamed)")
        raise FetchError(response.url, "the server did not return a channel page")
    try:
        return list(capped_posts(tme_web.parse_bytes(response.body, response.url, warnings), response.url, warnings))
    except InputError as error:
        if "no posts" in error.reason:
            return []  # a channel that has not posted yet
        raise FetchError(response.url, error.reason) from error


def _parse_feed(response: Response, warnings: list[ImportWarning]) -> list[Post]:
    try:
        posts = feeds.parse_bytes(response.body, response.url, warnings, fallback_title=response.url)
        return list(capped_posts(posts, response.url, warnings))
    except InputError as error:
        if "no entries" in error.reason:
            return []
        raise FetchError(response.url, error.reason) from error


def _as_source(post: Post, source: Followed) -> Post:
    """The post under the subscription's own source: its key (so two feeds of one site stay apart)
    and the name it goes by in the library (so a refresh never undoes the user's renaming)."""
    own = Source(source.key, source.title, source.kind.value, source.url)
    if post.source == own:
        return post
    return replace(post, source=own, id=post_id_for(source.key, post.message_id, post.text))
