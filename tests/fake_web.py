"""A real HTTP server on 127.0.0.1 for the subscription tests, and the sites it serves.

The server is pytest-httpserver's (werkzeug, threaded). `Channel` renders a public channel's web
preview the way t.me does (newest posts first page, `?before=ID` for older ones, built by hand
from the format); `rss` renders a feed. Tests change a channel between refreshes (new posts,
edits) and read the request log to see what the client asked for.
"""

from __future__ import annotations

import html
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

PAGE_SIZE = 20


@dataclass
class ChannelPost:
    id: int
    text: str
    date: datetime
    photos: tuple[str, ...] = ()  # image addresses, as the page's background-image styles give them
    edited: bool = False


@dataclass
class Channel:
    """A public channel's preview pages: `render(before)` is what `/s/NAME?before=` returns."""

    name: str
    title: str
    posts: dict[int, ChannelPost] = field(default_factory=dict)
    page_size: int = PAGE_SIZE

    def add(self, count: int, *, start: int | None = None, text: str = "Statement number {id} on the agenda.") -> None:
        first = start if start is not None else max(self.posts, default=1000) + 1
        for number in range(first, first + count):
            date = datetime(2026, 3, 1, tzinfo=UTC) + timedelta(minutes=number)
            self.posts[number] = ChannelPost(number, text.format(id=number), date)

    def edit(self, number: int, text: str) -> None:
        self.posts[number].text = text
        self.posts[number].edited = True

    def render(self, before: int | None) -> bytes:
        older = sorted((n for n in self.posts if before is None or n < before), reverse=True)
        shown = sorted(older[: self.page_size])
        more = ""
        if len(older) > len(shown) and shown:
            more = (
                f'<div class="tme_messages_more_wrap"><a href="/s/{self.name}?before={shown[0]}" '
                f'class="tme_messages_more js-messages_more" data-before="{shown[0]}"></a></div>'
            )
        messages = "\n".join(self._message(self.posts[number]) for number in shown)
        return (
            '<!DOCTYPE html><html><head><meta charset="utf-8">'
            f'<meta property="og:title" content="{html.escape(self.title)}">'
            f'<meta property="og:url" content="https://t.me/s/{self.name}"></head><body>'
            '<div class="tgme_channel_info"><div class="tgme_channel_info_header">'
            f'<div class="tgme_channel_info_header_title"><span dir="auto">{html.escape(self.title)}</span></div>'
            f'<div class="tgme_channel_info_header_username"><a href="https://t.me/{self.name}">@{self.name}</a></div>'
            '</div></div><section class="tgme_channel_history js-message_history">'
            f"{more}{messages}</section></body></html>"
        ).encode()

    def _message(self, post: ChannelPost) -> str:
        photos = "".join(
            f'<a class="tgme_widget_message_photo_wrap" href="https://t.me/{self.name}/{post.id}?single" '
            f"style=\"width:800px;background-image:url('{url}')\"></a>"
            for url in post.photos
        )
        edited = '<span class="tgme_widget_message_meta">edited</span>' if post.edited else ""
        return (
            '<div class="tgme_widget_message_wrap js-widget_message_wrap">'
            '<div class="tgme_widget_message text_not_supported_wrap js-widget_message" '
            f'data-post="{self.name}/{post.id}">'
            f'<div class="tgme_widget_message_bubble">{photos}'
            f'<div class="tgme_widget_message_text js-message_text" dir="auto">{html.escape(post.text)}</div>'
            '<div class="tgme_widget_message_footer"><div class="tgme_widget_message_info">'
            f'<span class="tgme_widget_message_views">1.2K</span>{edited}'
            f'<span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" '
            f'href="https://t.me/{self.name}/{post.id}"><time datetime="{post.date.isoformat()}" class="time">'
            f"{post.date:%H:%M}</time></a></span></div></div></div></div></div>"
        )


def rss(title: str, items: list[tuple[str, str, str, datetime]], *, enclosures: dict[str, str] | None = None) -> bytes:
    """An RSS 2.0 feed; items are (guid, title, text, date), newest first as feeds list them."""
    parts = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{html.escape(title)}</title>'
        "<link>https://ministry.example/</link><description>Statements</description>"
    ]
    for guid, item_title, text, date in items:
        enclosure = ""
        if enclosures and guid in enclosures:
            enclosure = f'<enclosure url="{html.escape(enclosures[guid])}" type="image/jpeg" length="100"/>'
        parts.append(
            f"<item><title>{html.escape(item_title)}</title><link>https://ministry.example/{html.escape(guid)}</link>"
            f"<guid>{html.escape(guid)}</guid><pubDate>{format_datetime(date)}</pubDate>"
            f"<description>{html.escape(text)}</description>{enclosure}</item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode()


class FakeWeb:
    """Routes on a real local server; each is a function of the request, and the latest one set wins."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self._lock = threading.Lock()
        self._routes: dict[str, Callable[[Request], Response]] = {}
        self.requests: list[Request] = []
        server.expect_request(re.compile(".*")).respond_with_handler(self._dispatch)

    def _dispatch(self, request: Request) -> Response:
        request.environ["fake_web.arrived"] = time.monotonic()
        with self._lock:
            self.requests.append(request)
            handler = self._routes.get(request.path)
        if handler is None:
            return Response(b"not found", status=404, content_type="text/plain")
        return handler(request)

    def url(self, path: str) -> str:
        return self.server.url_for(path)

    @property
    def base(self) -> str:
        return self.server.url_for("").rstrip("/")

    def route(self, path: str, handler: Callable[[Request], Response]) -> None:
        with self._lock:
            self._routes[path] = handler

    def serve(
        self,
        path: str,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        *,
        status: int = 200,
        **headers: str,
    ) -> None:
        self.route(path, lambda request: Response(body, status=status, content_type=content_type, headers=headers))

    def channel(self, channel: Channel) -> None:
        def page(request: Request) -> Response:
            before = request.args.get("before")
            body = channel.render(int(before) if before and before.isdigit() else None)
            return Response(body, content_type="text/html; charset=utf-8")

        self.route(f"/s/{channel.name}", page)

    def hits(self, path: str) -> list[Request]:
        with self._lock:
            return [request for request in self.requests if request.path == path]
