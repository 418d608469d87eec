"""What a Telegram JSON export message carries besides its text: files, polls, places, cards.

Field names are those Telegram Desktop writes: `photo` (+ `photo_file_size`, `width`, `height`),
`file` (+ `file_name`, `file_size`, `media_type`, `sticker_emoji`, `duration_seconds`,
`performer`, `title`, `width`, `height`), `poll`, `location_information` (+ `place_name` and
`address` for a venue, `live_location_period_seconds`), `contact_information`, `game_title`,
`invoice_information`, `dice`. A file left out of the export is a "(File not included ...)"
text instead of a path.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reader.domain import Media, MediaKind
from reader.errors import ImportWarning
from reader.ingest import media_content
from reader.ingest.export_files import export_file
from reader.ingest.media_content import MessageMedia, PollAnswer, content_media

_NOT_INCLUDED = ("(File ", "(Photo ")  # "(File not included...)", "(File exceeds maximum size...)", ...
_FILE_KINDS = {
    "video_file": MediaKind.VIDEO,
    "animation": MediaKind.ANIMATION,
    "video_message": MediaKind.VIDEO_MESSAGE,
    "voice_message": MediaKind.VOICE,
    "audio_file": MediaKind.AUDIO,
    "sticker": MediaKind.STICKER,
}
# Keys of a message that are not content: who, when, where it came from. Anything else on a message
# without text and media is a kind we do not know.
KNOWN_KEYS = frozenset(
    {
        "id", "type", "date", "date_unixtime", "edited", "edited_unixtime", "from", "from_id", "author",
        "forwarded_from", "forwarded_from_id", "saved_from", "reply_to_message_id", "reply_to_peer_id", "via_bot",
        "text", "text_entities", "reactions", "media_group_id", "self_destruct_period_seconds", "media_spoiler",
        "thumbnail", "thumbnail_file_size", "mime_type", "inline_bot_buttons", "signature", "is_topic_message",
    }
)  # fmt: skip


def _int(value: object) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(float(str(value)))
    except ValueError:
        return None


def _float(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(str(value))
    except ValueError:
        return None


def _text(value: object) -> str:
    """A plain string, or the text of a rich-text list (newer exports write poll questions so)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(part if isinstance(part, str) else str(part.get("text", "")) for part in value if part)
    return ""


def message_media(
    message: Mapping[str, Any], folder: Path, path: Path, message_id: str, warnings: list[ImportWarning]
) -> MessageMedia:
    found = MessageMedia()
    photo = message.get("photo")
    if isinstance(photo, str) and photo:
        found.media.append(
            _file_media(
                MediaKind.PHOTO,
                photo,
                folder,
                path,
                message_id,
                warnings,
                size=_int(message.get("photo_file_size")),
                width=_int(message.get("width")),
                height=_int(message.get("height")),
            )
        )
    file = message.get("file")
    if isinstance(file, str) and file:
        kind = _FILE_KINDS.get(str(message.get("media_type", "")), MediaKind.FILE)
        name = message.get("file_name")
        if kind is MediaKind.STICKER:
            name = message.get("sticker_emoji") or name
        elif kind is MediaKind.AUDIO and (message.get("performer") or message.get("title")):
            name = " – ".join(str(part) for part in (message.get("performer"), message.get("title")) if part)
        found.media.append(
            _file_media(
                kind,
                file,
                folder,
                path,
                message_id,
                warnings,
                name=str(name) if name else None,
                size=_int(message.get("file_size")),
                duration=_int(message.get("duration_seconds")),
                width=_int(message.get("width")),
                height=_int(message.get("height")),
            )
        )
    _structured(message, found)
    return found


def _structured(message: Mapping[str, Any], found: MessageMedia) -> None:
    poll = message.get("poll")
    if isinstance(poll, Mapping):
        question = _text(poll.get("question"))
        answers = [
            PollAnswer(_text(answer.get("text")), _int(answer.get("voters")), bool(answer.get("chosen")))
            for answer in poll.get("answers") or []
            if isinstance(answer, Mapping)
        ]
        total = _int(poll.get("total_voters"))
        found.media.append(content_media(MediaKind.POLL, question or None))
        found.passages += media_content.poll_passages(question, answers, total, bool(poll.get("closed")))
    location = message.get("location_information")
    place_name = _text(message.get("place_name"))
    if isinstance(location, Mapping) or place_name:
        point = location if isinstance(location, Mapping) else {}
        latitude, longitude = _float(point.get("latitude")), _float(point.get("longitude"))
        venue = bool(place_name or message.get("address"))
        kind = MediaKind.VENUE if venue else MediaKind.LOCATION
        found.media.append(content_media(kind, place_name or None))
        found.passages += media_content.location_passages(
            latitude, longitude, place_name, _text(message.get("address"))
        )
    contact = message.get("contact_information")
    if isinstance(contact, Mapping):
        name = " ".join(_text(contact.get(key)) for key in ("first_name", "last_name")).strip()
        found.media.append(content_media(MediaKind.CONTACT, name or None))
        found.passages += media_content.contact_passages(name, _text(contact.get("phone_number")))
    if message.get("game_title"):
        title = _text(message.get("game_title"))
        found.media.append(content_media(MediaKind.GAME, title))
        found.passages += media_content.titled_passages(
            title, _text(message.get("game_description")), _text(message.get("game_link"))
        )
    invoice = message.get("invoice_information")
    if isinstance(invoice, Mapping):
        title = _text(invoice.get("title"))
        price = media_content.money_text(_int(invoice.get("amount")), _text(invoice.get("currency")))
        found.media.append(content_media(MediaKind.INVOICE, title or None))
        found.passages += media_content.titled_passages(title, _text(invoice.get("description")), price)
    dice = message.get("dice")
    if isinstance(dice, Mapping):
        emoji = _text(dice.get("emoticon") or dice.get("emoji"))
        found.media.append(content_media(MediaKind.DICE, emoji or None))
        found.passages += media_content.dice_passages(emoji, _int(dice.get("value")))


def unknown_keys(message: Mapping[str, Any]) -> list[str]:
    """The content keys of a message that no reader above understood."""
    return [key for key in message if key not in KNOWN_KEYS]


def _file_media(
    kind: MediaKind,
    relative: str,
    folder: Path,
    path: Path,
    message_id: str,
    warnings: list[ImportWarning],
    *,
    name: str | None = None,
    size: int | None = None,
    duration: int | None = None,
    width: int | None = None,
    height: int | None = None,
) -> Media:
    if relative.startswith(_NOT_INCLUDED):
        shown: str | None = None
        available = False
    else:
        shown, available = export_file(folder, relative)
        if shown is None:
            # The reader must never be sent to files outside the export it came from.
            warnings.append(
                ImportWarning(str(path), f"message {message_id}", f"media path outside the export ignored: {relative}")
            )
    return Media(kind, shown, available, name, size, duration, width, height)
