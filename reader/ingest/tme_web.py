"""Saved web previews of public channels (`https://t.me/s/<channel>` pages).

Format facts (from a real saved page): each post is a `div.tgme_widget_message` with
`data-post="<channel>/<id>"`; some posts wrap their text div in a second, identical text div,
and a reply carries the quoted message's text in another text div inside the reply link, so
the text is taken from the outermost text div outside replies only; reactions are
`span.tgme_reaction` chips (emoji in `<b>`, count after it), views read "3.12K"; videos the
page cannot play are "Media is too big" / "not supported" widgets. Nothing is fetched: media
on these pages are remote, so they are recorded by kind and marked not available.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from reader.domain import MediaKind, Post, Source, post_id_for
from reader.errors import ImportWarning, InputError
from reader.ingest.base import Importer
from reader.ingest.html_text import TooDeepError, add_html, check_nesting
from reader.ingest.rich_text import RichText, hashtags_in, title_of
from reader.ingest.tme_media import page_media

_SNIFF = re.compile(rb'class="tgme_widget_message[ "]|class="tgme_channel_info[ "]|content="https://t\.me/s/')
_COUNT = re.compile(r"([\d.,]+)\s*([KkMm]?)")
_POST_LINK = re.compile(r"^https?://(?:www\.)?t\.me/(?:s/)?([A-Za-z0-9_]+)/(\d+)")
_TEXT_CLASS = "js-message_text"


def sniff(path: Path, head: bytes) -> bool:
    """A page with t.me widget markup."""
    return _SNIFF.search(head) is not None


def parse_count(text: str) -> int | None:
    """ "3.12K" -> 3120, "846" -> 846, "1.2M" -> 1200000; None when there is no number."""
    match = _COUNT.search(text.replace("\u00a0", ""))
    if match is None:
        return None
    number, suffix = match.groups()
    try:
        value = float(number.replace(",", "")) if suffix else float(number.replace(",", "").replace(".", ""))
    except ValueError:
        return None
    return round(value * {"": 1, "k": 1_000, "m": 1_000_000}[suffix.lower()])


def _classes(node: LexborNode) -> set[str]:
    return set((node.attributes.get("class") or "").split())


def _inside(node: LexborNode, stop: LexborNode, classes: frozenset[str]) -> bool:
    """Whether an ancestor of `node` below `stop` has one of `classes`."""
    parent = node.parent
    while parent is not None and parent.mem_id != stop.mem_id:
        if classes & _classes(parent):
            return True
        parent = parent.parent
    return False


_NESTING = frozenset({_TEXT_CLASS, "tgme_widget_message_reply", "js-message_reply_text"})


def _text_of(message: LexborNode, base_url: str) -> RichText:
    rich = RichText()
    for node in message.css(f"div.{_TEXT_CLASS}"):
        # The outer div of a doubled pair holds the whole text; the inner one and reply quotes are skipped.
        if not _inside(node, message, _NESTING):
            add_html(node, rich, base_url=base_url)
            rich.paragraph_break()
    return rich


def _reactions(message: LexborNode) -> dict[str, int]:
    reactions: dict[str, int] = {}
    for chip in message.css(".tgme_reaction"):
        emoji_node = chip.css_first("b")
        if emoji_node is not None:
            emoji = emoji_node.text(deep=True).strip()
        elif "tgme_reaction_paid" in _classes(chip):
            emoji = "⭐"
        else:
            emoji = "custom"
        own_text = "".join(c.text_content or "" for c in _children(chip) if c.tag == "-text")
        count = parse_count(own_text)
        if emoji and count is not None:
            reactions[emoji] = reactions.get(emoji, 0) + count
    return reactions


def _children(node: LexborNode) -> Iterator[LexborNode]:
    child = node.child
    while child is not None:
        yield child
        child = child.next


def _channel(tree: LexborHTMLParser, first_post: str) -> Source:
    username = first_post.partition("/")[0]
    title = ""
    for selector in (".tgme_channel_info_header_title", ".tgme_header_title", ".tgme_widget_message_owner_name"):
        node = tree.css_first(selector)
        if node is not None and (title := " ".join(node.text(deep=True).split())):
            break
    if not title:
        meta = tree.css_first('meta[property="og:title"]')
        title = (meta.attributes.get("content") or "") if meta is not None else ""
    return Source(
        key=f"tg:{username.lower()}",
        title=title or username,
        kind="telegram",
        url=f"https://t.me/{username}",
    )


def parse(path: Path, warnings: list[ImportWarning]) -> Iterator[Post]:
    """Posts of a saved t.me/s/ page, each `data-post` once, in page order (oldest first)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from error
    yield from parse_bytes(data, str(path), warnings)


def parse_bytes(data: bytes, origin: str, warnings: list[ImportWarning]) -> Iterator[Post]:
    """Posts of a t.me/s/ page's bytes (saved or fetched); `origin` names it in errors and warnings."""
    path = origin
    try:
        check_nesting(data)
    except TooDeepError as error:
        raise InputError(path, f"refused: {error}") from error
    tree = LexborHTMLParser(data)
    messages = [node for node in tree.css("div.tgme_widget_message[data-post]")]
    if not messages:
        raise InputError(path, "no posts found in this t.me page")
    source = _channel(tree, messages[0].attributes.get("data-post") or "")
    seen: set[str] = set()
    for message in messages:
        data_post = message.attributes.get("data-post") or ""
        if data_post in seen:
            continue
        seen.add(data_post)
        try:
            post = _post(message, data_post, source, warnings, path)
        except (ValueError, TypeError, AttributeError, OverflowError, OSError) as error:
            warnings.append(ImportWarning(str(path), f"message {data_post}", f"skipped: {error}"))
            continue
        if post is not None:
            yield post


def _post(message: LexborNode, data_post: str, source: Source, warnings: list[ImportWarning], path: str) -> Post | None:
    channel, _, message_id = data_post.partition("/")
    if not message_id.isdigit():
        warnings.append(ImportWarning(str(path), f"message {data_post}", "skipped: no message number"))
        return None
    if f"tg:{channel.lower()}" != source.key:
        # A page mixing channels (search results): each post keeps its own channel.
        source = Source(f"tg:{channel.lower()}", channel, "telegram", f"https://t.me/{channel}")
    post_url = f"https://t.me/{channel}/{message_id}"
    attached = page_media(message)
    passages = _text_of(message, post_url).passages() + tuple(attached.passages)
    media = tuple(attached.media)
    if not passages and not media:
        return None
    if not passages and all(item.kind is MediaKind.UNKNOWN for item in media):
        warnings.append(ImportWarning(str(path), f"message {data_post}", "media the page cannot show"))
    time_node = message.css_first(".tgme_widget_message_date time[datetime]") or message.css_first("time[datetime]")
    date: datetime | None = None
    if time_node is not None:
        date = datetime.fromisoformat(time_node.attributes.get("datetime") or "").astimezone(UTC)
    else:
        warnings.append(ImportWarning(str(path), f"message {data_post}", "no date on the page"))
    views_node = message.css_first(".tgme_widget_message_views")
    reply_to: str | None = None
    reply = message.css_first("a.tgme_widget_message_reply")
    if reply is not None and (found := _POST_LINK.match(reply.attributes.get("href") or "")):
        reply_to = post_id_for(f"tg:{found.group(1).lower()}", found.group(2))
    forwarded_node = message.css_first(".tgme_widget_message_forwarded_from_name")
    return Post(
        id=post_id_for(source.key, message_id),
        source=source,
        passages=passages,
        date=date,
        message_id=message_id,
        url=post_url,
        title=title_of(passages),
        hashtags=tuple(hashtags_in("\n".join(p.text for p in passages))),
        reactions=_reactions(message),
        media=media,
        forwarded_from=" ".join(forwarded_node.text(deep=True).split()) if forwarded_node is not None else None,
        reply_to=reply_to,
        views=parse_count(views_node.text(deep=True)) if views_node is not None else None,
    )


def older_page(data: bytes) -> str | None:
    """The `before` value of the page's "load older posts" link, None on the oldest page.

    A web preview shows the newest posts; `?before=<id>` gives the ones older than that message.
    """
    more = LexborHTMLParser(data).css_first("a.tme_messages_more[data-before]")
    if more is None:
        return None
    before = (more.attributes.get("data-before") or "").strip()
    return before if before.isdigit() else None


IMPORTER = Importer(name="tme-web", sniff=sniff, parse=parse, priority=15)
