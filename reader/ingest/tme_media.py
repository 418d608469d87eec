"""What a post of a t.me web preview shows besides its text.

The page shows media from Telegram's servers (the reader never fetches them), so every media
object here is `available=False`; what the page says about it is kept: a video's length
(`time.message_video_duration`), a document's name and size (`_document_title`,
`_document_extra`), a poll's question, options with their percentages and voters, a place,
a contact card. "Media is too big" and "Please open Telegram to view this post" widgets
(`message_media_not_supported`) are media the page cannot show.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import parse_qs, urlsplit

from selectolax.lexbor import LexborNode

from reader.domain import Media, MediaKind
from reader.ingest import media_content
from reader.ingest.media_content import MessageMedia, PollAnswer

MEDIA_SELECTOR = (
    "a.tgme_widget_message_photo_wrap, a.tgme_widget_message_video_player, "
    ".tgme_widget_message_document_wrap, .tgme_widget_message_voice, .tgme_widget_message_sticker_wrap, "
    ".tgme_widget_message_roundvideo_player, .message_media_not_supported_wrap, .tgme_widget_message_poll, "
    "a.tgme_widget_message_location_wrap, .tgme_widget_message_contact_wrap"
)
_BACKGROUND = re.compile(r"background-image\s*:\s*url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", re.IGNORECASE)
_NESTED_IN_PLAYER = frozenset({"tgme_widget_message_video_player", "tgme_widget_message_roundvideo_player"})


def _classes(node: LexborNode) -> list[str]:
    return (node.attributes.get("class") or "").split()


def _text(node: LexborNode | None) -> str:
    return " ".join(node.text(deep=True).split()) if node is not None else ""


def _inside(node: LexborNode, stop: LexborNode, classes: frozenset[str]) -> bool:
    parent = node.parent
    while parent is not None and parent is not stop and parent.mem_id != stop.mem_id:
        if classes.intersection(_classes(parent)):
            return True
        parent = parent.parent
    return False


def _background_image(node: LexborNode) -> str | None:
    """The photo's address, which the page gives only in the wrapper's `background-image` style."""
    match = _BACKGROUND.search(node.attributes.get("style") or "")
    if match is None:
        return None
    url = match.group(1).strip()
    if url.startswith("//"):
        url = "https:" + url  # t.me writes its CDN addresses without a scheme
    return url if url.lower().startswith(("http://", "https://")) else None


def page_media(message: LexborNode) -> MessageMedia:
    found = MessageMedia()
    for node in message.css(MEDIA_SELECTOR):
        classes = _classes(node)
        not_supported = (
            "not_supported" in " ".join(classes) or node.css_first(".message_media_not_supported") is not None
        )
        if "message_media_not_supported_wrap" in classes:
            if not _inside(node, message, _NESTED_IN_PLAYER):
                found.media.append(Media(MediaKind.UNKNOWN, available=False))
        elif "tgme_widget_message_poll" in classes:
            _poll(node, found)
        elif "tgme_widget_message_location_wrap" in classes:
            _location(node, message, found)
        elif "tgme_widget_message_contact_wrap" in classes:
            name = _text(node.css_first(".tgme_widget_message_contact_name"))
            found.media.append(media_content.content_media(MediaKind.CONTACT, name or None))
            phone = _text(node.css_first(".tgme_widget_message_contact_phone"))
            found.passages += media_content.contact_passages(name, phone)
        elif "tgme_widget_message_photo_wrap" in classes:
            found.media.append(Media(MediaKind.PHOTO, available=False, url=_background_image(node)))
        elif "tgme_widget_message_document_wrap" in classes:
            audio = node.css_first(".tgme_widget_message_document_icon.audio") is not None
            extra = _text(node.css_first(".tgme_widget_message_document_extra"))
            found.media.append(
                Media(
                    MediaKind.AUDIO if audio else MediaKind.FILE,
                    available=False,
                    name=_text(node.css_first(".tgme_widget_message_document_title")) or None,
                    size=media_content.parse_size(extra),
                    duration=media_content.parse_duration(extra),
                )
            )
        elif "tgme_widget_message_voice" in classes:
            duration = _text(message.css_first(".tgme_widget_message_voice_duration"))
            found.media.append(Media(MediaKind.VOICE, available=False, duration=media_content.parse_duration(duration)))
        elif "tgme_widget_message_sticker_wrap" in classes:
            found.media.append(Media(MediaKind.STICKER, available=False))
        else:
            round_video = "tgme_widget_message_roundvideo_player" in classes
            kind = MediaKind.VIDEO_MESSAGE if round_video else MediaKind.VIDEO
            if node.css_first(".message_video_play.gif, .tgme_widget_message_gif") is not None:
                kind = MediaKind.ANIMATION
            duration = _text(node.css_first("time, .message_video_duration, .tgme_widget_message_roundvideo_duration"))
            found.media.append(
                Media(
                    kind,
                    available=False,
                    name="Media is too big" if not_supported else None,
                    duration=media_content.parse_duration(duration),
                )
            )
    return found


def _poll(node: LexborNode, found: MessageMedia) -> None:
    question = _text(node.css_first(".tgme_widget_message_poll_question"))
    answers: list[PollAnswer] = []
    for option in node.css(".tgme_widget_message_poll_option"):
        percent = _text(option.css_first(".tgme_widget_message_poll_option_percent")).rstrip("%").strip()
        answers.append(
            PollAnswer(
                _text(option.css_first(".tgme_widget_message_poll_option_text")),
                share=int(percent) if percent.isdigit() else None,
            )
        )
    voters = _text(node.css_first(".tgme_widget_message_voters"))
    total = media_content.parse_count(voters) if voters else None
    closed = "final" in _text(node.css_first(".tgme_widget_message_poll_type")).casefold()
    found.media.append(media_content.content_media(MediaKind.POLL, question or None))
    found.passages += media_content.poll_passages(question, answers, total, closed)


def _location(node: LexborNode, message: LexborNode, found: MessageMedia) -> None:
    query = parse_qs(urlsplit(node.attributes.get("href") or "").query)
    point = (query.get("q") or query.get("ll") or [""])[0].split(",")
    latitude: float | None = None
    longitude: float | None = None
    # A map link without coordinates: the venue's name and address still tell the place.
    with contextlib.suppress(ValueError, IndexError):
        latitude, longitude = float(point[0]), float(point[1])
    title = _text(message.css_first(".tgme_widget_message_venue_title"))
    address = _text(message.css_first(".tgme_widget_message_venue_address"))
    kind = MediaKind.VENUE if title else MediaKind.LOCATION
    found.media.append(media_content.content_media(kind, title or None))
    found.passages += media_content.location_passages(latitude, longitude, title, address)
