"""What a Telegram HTML export message shows besides its text, read from `div.media_wrap`.

Telegram Desktop writes media in two shapes. Photos, videos, GIFs and stickers whose files were
exported are thumbnails (`a.photo_wrap`, `a.video_file_wrap` with `div.video_duration`,
`a.animated_wrap`, `a.sticker_wrap`). Everything else is a generic card, `.media.media_<kind>`
with `.title`, `.description` and `.status` lines: files ("report.pdf", "1.2 MB"), voice and
audio ("00:15, 23.4 KB"), videos not exported ("Video file" / "Video message" / "Animation"),
contacts, locations, venues, games, invoices. Polls are `div.media_poll` with a question, the
answers ("- Yes <span class=details>12 votes</span>") and a total.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from selectolax.lexbor import LexborNode

from reader.domain import Media, MediaKind
from reader.errors import ImportWarning
from reader.ingest import media_content
from reader.ingest.export_files import export_file
from reader.ingest.media_content import MessageMedia, PollAnswer, content_media

_THUMB_KINDS = {
    "photo_wrap": MediaKind.PHOTO,
    "video_file_wrap": MediaKind.VIDEO,
    "animated_wrap": MediaKind.ANIMATION,
    "sticker_wrap": MediaKind.STICKER,
}
_CARD_KINDS = {
    "media_photo": MediaKind.PHOTO,
    "media_video": MediaKind.VIDEO,
    "media_voice_message": MediaKind.VOICE,
    "media_audio_file": MediaKind.AUDIO,
    "media_file": MediaKind.FILE,
    "media_contact": MediaKind.CONTACT,
    "media_location": MediaKind.LOCATION,
    "media_live_location": MediaKind.LOCATION,
    "media_venue": MediaKind.VENUE,
    "media_game": MediaKind.GAME,
    "media_invoice": MediaKind.INVOICE,
    "media_dice": MediaKind.DICE,
}
# The card titles Telegram prints when it has no better name: they name the kind, not the file.
_GENERIC_TITLES = {
    "photo": MediaKind.PHOTO,
    "sticker": MediaKind.STICKER,
    "video file": MediaKind.VIDEO,
    "video message": MediaKind.VIDEO_MESSAGE,
    "round video message": MediaKind.VIDEO_MESSAGE,
    "animation": MediaKind.ANIMATION,
    "voice message": MediaKind.VOICE,
    "audio file": MediaKind.AUDIO,
    "file": MediaKind.FILE,
    "location": MediaKind.LOCATION,
    "live location": MediaKind.LOCATION,
}
_VOTES = re.compile(r"(\d[\d,\s]*)\s+votes?", re.IGNORECASE)
_COORDINATES = re.compile(r"(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)")


def _classes(node: LexborNode) -> list[str]:
    return (node.attributes.get("class") or "").split()


def _text(node: LexborNode | None) -> str:
    return " ".join(node.text(deep=True).split()) if node is not None else ""


def _children(node: LexborNode) -> Iterator[LexborNode]:
    child = node.child
    while child is not None:
        if child.tag in ("a", "div"):
            yield child
        child = child.next


def read_media_wrap(
    node: LexborNode, page: Path, message_id: str, warnings: list[ImportWarning], found: MessageMedia
) -> None:
    """Add the media of one `div.media_wrap` (and the passages that describe them) to `found`."""
    for item in _children(node):
        classes = _classes(item)
        if "media_poll" in classes:
            _poll(item, found)
            continue
        thumb = next((kind for name, kind in _THUMB_KINDS.items() if name in classes), None)
        if thumb is not None:
            found.media.append(_thumbnail(item, thumb, page))
            continue
        card = next((kind for name, kind in _CARD_KINDS.items() if name in classes), None)
        if card is not None:
            _card(item, card, page, found)
            continue
        if "media" in classes or any(name.startswith("media_") for name in classes):
            # A card of a kind this version does not know: keep its words and say so.
            what = next((name for name in classes if name.startswith("media_")), "media")
            title = _text(item.css_first(".title"))
            warnings.append(ImportWarning(str(page), f"message {message_id}", f"a message of an unknown kind ({what})"))
            found.media.append(Media(MediaKind.UNKNOWN, available=False, name=title or what))
            found.passages.append(media_content.unknown_passage(" · ".join(p for p in (what, title) if p)))


def _href_media(item: LexborNode, page: Path) -> tuple[str | None, bool]:
    href = item.attributes.get("href") if item.tag == "a" else None
    return export_file(page.parent, href or "")


def _thumbnail(item: LexborNode, kind: MediaKind, page: Path) -> Media:
    shown, available = _href_media(item, page)
    duration = media_content.parse_duration(_text(item.css_first(".video_duration")))
    name = shown.rpartition("/")[2] if shown else None
    return Media(kind, shown, available and shown is not None, name, duration=duration)


def _card(item: LexborNode, kind: MediaKind, page: Path, found: MessageMedia) -> None:
    title = _text(item.css_first(".title"))
    description = _text(item.css_first(".description"))
    status = _text(item.css_first(".status"))
    generic = _GENERIC_TITLES.get(title.casefold())
    if kind in (MediaKind.PHOTO, MediaKind.VIDEO) and generic is not None:
        kind = generic  # "Sticker" is printed as a photo card, "Video message" as a video card
    if kind is MediaKind.CONTACT:
        found.media.append(content_media(kind, title or None))
        found.passages += media_content.contact_passages(title, status.removesuffix(" - vCard"))
        return
    if kind in (MediaKind.LOCATION, MediaKind.VENUE):
        latitude, longitude = _coordinates(status, item.attributes.get("href") or "")
        place = "" if generic is not None else title
        found.media.append(content_media(kind, place or None))
        found.passages += media_content.location_passages(latitude, longitude, place, description)
        return
    if kind in (MediaKind.GAME, MediaKind.INVOICE, MediaKind.DICE):
        found.media.append(content_media(kind, title or None))
        found.passages += media_content.titled_passages(title, description, status)
        return
    shown, available = _href_media(item, page)
    name: str | None = None if generic is not None else title or None
    if kind is MediaKind.STICKER:
        emoji = status.split(",")[0].strip()  # "😀, 12.3 KB"
        name = emoji if emoji and media_content.parse_size(emoji) is None else None
    dimensions = media_content.parse_dimensions(status) if kind is MediaKind.PHOTO else None
    found.media.append(
        Media(
            kind,
            shown,
            available and shown is not None,
            name,
            size=media_content.parse_size(status),
            duration=media_content.parse_duration(status),
            width=dimensions[0] if dimensions else None,
            height=dimensions[1] if dimensions else None,
        )
    )


def _coordinates(status: str, href: str) -> tuple[float | None, float | None]:
    match = _COORDINATES.search(status)
    if match is None and href:
        query = parse_qs(urlsplit(href).query).get("q", [""])[0]
        match = _COORDINATES.search(query)
    if match is None:
        return None, None
    return float(match.group(1)), float(match.group(2))


def _poll(item: LexborNode, found: MessageMedia) -> None:
    question = _text(item.css_first(".question"))
    closed = _text(item.css_first(".details")).casefold() == "final results"
    answers: list[PollAnswer] = []
    for answer in item.css(".answer"):
        details = answer.css_first(".details")
        detail_text = _text(details)
        whole = _text(answer)
        text = whole[: len(whole) - len(detail_text)].strip() if detail_text and whole.endswith(detail_text) else whole
        votes = _VOTES.search(detail_text)
        answers.append(
            PollAnswer(
                text.removeprefix("-").strip(),
                int(re.sub(r"\D", "", votes.group(1))) if votes else (0 if detail_text == "" else None),
                "chosen" in detail_text.casefold(),
            )
        )
    total_text = _text(item.css_first(".total"))
    total_match = _VOTES.search(total_text)
    total = int(re.sub(r"\D", "", total_match.group(1))) if total_match else (0 if total_text else None)
    found.media.append(content_media(MediaKind.POLL, question or None))
    found.passages += media_content.poll_passages(question, answers, total, closed)
