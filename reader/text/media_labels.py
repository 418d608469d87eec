"""Short names for what a post carries: "Photo ×3", "Video 0:14, 10.5 MB", "Poll: Какие у вас планы…".

Used where a post has no text of its own to show (the timeline row of a media-only post, `list`)
and in the reader's media line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reader.domain import Media, MediaKind

_LABELS = {
    MediaKind.PHOTO: "Photo",
    MediaKind.VIDEO: "Video",
    MediaKind.VIDEO_MESSAGE: "Video message",
    MediaKind.ANIMATION: "GIF",
    MediaKind.AUDIO: "Audio",
    MediaKind.VOICE: "Voice message",
    MediaKind.FILE: "File",
    MediaKind.STICKER: "Sticker",
    MediaKind.POLL: "Poll",
    MediaKind.LOCATION: "Location",
    MediaKind.VENUE: "Place",
    MediaKind.CONTACT: "Contact",
    MediaKind.GAME: "Game",
    MediaKind.DICE: "Dice",
    MediaKind.INVOICE: "Invoice",
    MediaKind.UNKNOWN: "Media",
}
NOT_IN_EXPORT = "Media that is not in the export"
# Every English word the labels are made of, for a window that shows them in another language.
LABEL_TEXTS = (*_LABELS.values(), NOT_IN_EXPORT)
Translate = Callable[[str], str]


def _as_is(label: str) -> str:
    return label


_NAMED_WITH_COLON = frozenset({MediaKind.POLL, MediaKind.VENUE, MediaKind.CONTACT, MediaKind.GAME, MediaKind.INVOICE})
_NAME_CHARS = 60


def format_size(size: int) -> str:
    """1258291 -> "1.2 MB" (binary multiples, as Telegram prints them)."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"  # pragma: no cover - the loop returns at GB


def format_duration(seconds: int) -> str:
    """14 -> "0:14", 3723 -> "1:02:03"."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _NAME_CHARS else text[: _NAME_CHARS - 1].rstrip() + "…"


def describe_one(item: Media, translate: Translate = _as_is) -> str:
    kind_label = translate(_LABELS.get(item.kind, "Media"))
    label = kind_label
    details: list[str] = []
    if item.kind is MediaKind.FILE and item.name:
        label = f"{label} {_short(item.name)}"
    elif item.kind in _NAMED_WITH_COLON and item.name:
        label = f"{label}: {_short(item.name)}"
    elif item.kind in (MediaKind.STICKER, MediaKind.DICE, MediaKind.AUDIO) and item.name:
        label = f"{label} {_short(item.name)}"
    if item.duration is not None:
        details.append(format_duration(item.duration))
    if item.size is not None:
        details.append(format_size(item.size))
    named = label != kind_label
    text = f"{label}{', ' if named else ' '}{', '.join(details)}" if details else label
    if item.kind is MediaKind.UNKNOWN and not item.available:
        text = translate(NOT_IN_EXPORT)
    return text


def describe(media: Sequence[Media], translate: Translate = _as_is) -> str:
    """One line for all the media of a post; repeated plain kinds are counted ("Photo ×3").

    `translate` gives each English label word in the window's language (`LABEL_TEXTS` lists them).
    """
    parts: list[str] = []
    counts: dict[MediaKind, int] = {}
    for item in media:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    done: set[MediaKind] = set()
    for item in media:
        count = counts[item.kind]
        if count > 1 and item.kind not in _NAMED_WITH_COLON and item.kind is not MediaKind.FILE:
            if item.kind not in done:
                done.add(item.kind)
                total = sum(m.size or 0 for m in media if m.kind is item.kind)
                label = translate(_LABELS.get(item.kind, "Media") if item.kind is not MediaKind.UNKNOWN else "Media")
                parts.append(f"{label} ×{count}" + (f", {format_size(total)}" if total else ""))
            continue
        parts.append(describe_one(item, translate))
    return " · ".join(parts)
