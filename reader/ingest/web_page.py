"""What a fetched HTML page points to: the feeds it announces, the channel preview it stands for.

Subscribing to a site's home page or to a channel's landing page should land on the thing that
has posts. These functions only read the page; the caller decides whether to fetch what they name.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json"})
FEED_TYPES = FEED_TYPES - {"application/feed+json"}
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p)[\s>]", re.I | re.S
)
_PREVIEW_PATH = re.compile(r"^/s/([A-Za-z][A-Za-z0-9_]{3,})/?$")
_TELEGRAM_LANDING = re.compile(rb'class="tgme_page[ "]|class="tgme_page_title')


def looks_like_html(data: bytes, content_type: str = "") -> bool:
    """HTML by its declared type or, when the server says nothing useful, by how it starts."""
    media_type = content_type.partition(";")[0].strip().lower()
    if media_type in ("text/html", "application/xhtml+xml"):
        return True
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    return _HTML_START.match(head) is not None


def _base(tree: LexborHTMLParser, page_url: str) -> str:
    node = tree.css_first("base[href]")
    href = (node.attributes.get("href") or "").strip() if node is not None else ""
    return urljoin(page_url, href) if href else page_url


def feed_links(data: bytes, page_url: str) -> list[str]:
    """Absolute http(s) addresses of the RSS/Atom feeds the page announces, in page order.

    `<link rel="alternate" type="application/rss+xml|atom+xml" href=...>`, usually in the head.
    """
    tree = LexborHTMLParser(data)
    base = _base(tree, page_url)
    found: list[str] = []
    for node in tree.css("link[href]"):
        rel = (node.attributes.get("rel") or "").lower().split()
        kind = (node.attributes.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rel or kind not in FEED_TYPES:
            continue
        url = urljoin(base, (node.attributes.get("href") or "").strip())
        if urlsplit(url).scheme in ("http", "https") and url not in found:
            found.append(url)
    return found


def channel_preview_link(data: bytes, page_url: str) -> str | None:
    """The web preview (`/s/NAME`) a Telegram channel's landing page offers, None for other pages.

    The landing page (`https://t.me/NAME`) shows the channel's name and buttons but no posts; its
    "Preview channel" button links to `/s/NAME`. Recognised by the page's own markup, so a mirror of
    t.me serves as well as t.me itself.
    """
    if _TELEGRAM_LANDING.search(data) is None:
        return None
    tree = LexborHTMLParser(data)
    base = _base(tree, page_url)
    for node in tree.css("a[href]"):
        url = urljoin(base, (node.attributes.get("href") or "").strip())
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and _PREVIEW_PATH.match(parts.path):
            return parts._replace(query="", fragment="").geturl()
    # No button to follow (a channel may hide it): its preview, if any, is at /s/ beside the page.
    parts = urlsplit(page_url)
    name = parts.path.strip("/")
    if _PREVIEW_PATH.match(f"/s/{name}"):
        return parts._replace(path=f"/s/{name}", query="", fragment="").geturl()
    return None
