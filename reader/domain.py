"""Plain domain objects shared by every layer.

Nothing here imports Qt or touches the database: importers build these objects,
the text and align layers enrich them, the store persists them and the UI shows them.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from enum import StrEnum
from operator import attrgetter


class PassageKind(StrEnum):
    """The role a passage plays inside its post."""

    TITLE = "title"
    BODY = "body"
    QUESTION = "question"
    ANSWER = "answer"
    QUOTE = "quote"
    LIST_ITEM = "list_item"
    MEDIA = "media"  # what an attachment says: a poll's question and answers, a place, a contact card


class MediaKind(StrEnum):
    """What a message carries besides its text, as Telegram and feeds name it."""

    PHOTO = "photo"
    VIDEO = "video"
    VIDEO_MESSAGE = "video_message"  # a round video note
    ANIMATION = "animation"  # a GIF or a silent looping video
    AUDIO = "audio"
    VOICE = "voice"
    FILE = "file"
    STICKER = "sticker"
    POLL = "poll"
    LOCATION = "location"
    VENUE = "venue"
    CONTACT = "contact"
    GAME = "game"
    DICE = "dice"
    INVOICE = "invoice"
    UNKNOWN = "unknown"  # a page or export said there was media but not which


@dataclass(frozen=True, slots=True)
class Link:
    """A link inside a passage: `start`/`end` are character offsets into the passage text."""

    url: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class Media:
    """One attachment of a post.

    `available` says whether the file itself is in the export (`path`, relative to the export
    folder); the other fields are what the export or page tells about it even when the file is
    not there: a file's or song's `name` (a sticker's emoji, a poll's question), `size` in bytes,
    `duration` in seconds, `width`/`height` in pixels. `url` is where a page or feed said the file
    is on the web: a refresh downloads photos from there into the library's media folder (then
    `path` is relative to the data folder, under `media/`); the reader never loads it.
    """

    kind: MediaKind
    path: str | None = None
    available: bool = True
    name: str | None = None
    size: int | None = None
    duration: int | None = None
    width: int | None = None
    height: int | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The media as a JSON object, absent fields left out."""
        data: dict[str, object] = {"kind": str(self.kind), "available": self.available}
        for name in ("name", "size", "duration", "width", "height", "path", "url"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Media:
        """The inverse of `to_dict`; the old `"unavailable"` kind reads as an unknown kind not in the export."""
        kind_text = str(data.get("kind") or "unknown")
        available = bool(data.get("available", True))
        if kind_text == "unavailable":
            kind_text, available = "unknown", False
        try:
            kind = MediaKind(kind_text)
        except ValueError:
            kind = MediaKind.UNKNOWN
        return cls(
            kind,
            _optional_str(data.get("path")),
            available,
            _optional_str(data.get("name")),
            _optional_int(data.get("size")),
            _optional_int(data.get("duration")),
            _optional_int(data.get("width")),
            _optional_int(data.get("height")),
            _optional_str(data.get("url")),
        )


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


def _optional_int(value: object) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class Passage:
    """One paragraph (or question, answer, heading ...) of a post, in one language."""

    text: str
    lang: str | None = None  # BCP-47 tag such as "ru", "en", "uk"; None for emoji/number-only lines
    kind: PassageKind = PassageKind.BODY
    speaker: str | None = None
    links: tuple[Link, ...] = ()
    bold: bool = False

    def __reduce__(self) -> tuple[type[Passage], tuple[object, ...]]:
        # Import workers send parsed posts by the thousand: the plain tuple of the fields loads in a
        # third of the time the dataclass's per-field __setstate__ takes.
        return (Passage, (self.text, self.lang, self.kind, self.speaker, self.links, self.bold))

    @property
    def labelled_text(self) -> str:
        """The text as the source prints it: "Speaker: text" on the first paragraph of a turn only."""
        return f"{self.speaker}: {self.text}" if self.speaker else self.text


@dataclass(frozen=True, slots=True)
class Pair:
    """A bead of the alignment: Russian passage indexes paired with English passage indexes."""

    ru: tuple[int, ...]
    en: tuple[int, ...]
    score: float
    confirmed: bool = False  # set from user state, never by the aligner

    @property
    def confident(self) -> bool:
        return self.score >= LOW_CONFIDENCE_SCORE


LOW_CONFIDENCE_SCORE = 0.5


PairDecisions = Mapping[tuple[tuple[int, ...], tuple[int, ...]], str]


def apply_pair_decisions(pairs: tuple[Pair, ...], decisions: PairDecisions) -> tuple[Pair, ...]:
    """The aligner's pairs with the user's choices: rejected ones dropped, confirmed ones added.

    A confirmed pair replaces every aligner pair that shares a passage with it; the result is in
    reading order.
    """
    if not decisions:
        return pairs
    confirmed = [Pair(ru, en, 1.0, confirmed=True) for (ru, en), choice in decisions.items() if choice == "confirmed"]
    taken_ru = {index for pair in confirmed for index in pair.ru}
    taken_en = {index for pair in confirmed for index in pair.en}
    kept = [
        pair
        for pair in pairs
        if decisions.get((pair.ru, pair.en)) != "rejected"
        and not taken_ru.intersection(pair.ru)
        and not taken_en.intersection(pair.en)
    ]
    return tuple(sorted(confirmed + kept, key=lambda pair: (min(pair.ru, default=0), min(pair.en, default=0))))


@dataclass(frozen=True, slots=True)
class Counterpart:
    """Another post that says the same thing in the other language."""

    post_id: str
    score: float


@dataclass(frozen=True, slots=True)
class Source:
    """A channel, site or feed that posts come from.

    `key` is stable across re-imports: `tg:<username or chat id>`, `feed:<feed url or title>`,
    `file:<file name>` for plain text dumps.
    """

    key: str
    title: str
    kind: str  # "telegram", "web", "feed", "scrape", "statement"
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Topic:
    """A normalised topic: `key` is the canonical name used for filtering ("ASEAN")."""

    key: str
    label_en: str
    label_ru: str = ""


@dataclass(frozen=True, slots=True)
class Post:
    """One bulletin post, as imported and enriched; user state lives elsewhere."""

    id: str
    source: Source
    passages: tuple[Passage, ...]
    date: datetime | None = None  # timezone-aware (UTC) when known
    date_inferred: bool = False
    message_id: str | None = None
    url: str | None = None
    title: str = ""
    hashtags: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    reactions: Mapping[str, int] = field(default_factory=dict)
    media: tuple[Media, ...] = ()
    edited: datetime | None = None
    forwarded_from: str | None = None
    reply_to: str | None = None
    place: str | None = None
    views: int | None = None
    pairs: tuple[Pair, ...] = ()
    # The source gives the day, not the time (a dump's "July 10", a statement's date line): `date` is
    # that day's noon UTC so it stays the same day everywhere, and is shown without a time.
    date_only: bool = False

    def __reduce__(self) -> tuple[type[Post], tuple[object, ...]]:
        # As Passage's: a parsed post crosses from an import worker to the writer as its fields.
        return (Post, _post_fields(self))

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages of the post's passages, most used first."""
        counts: dict[str, int] = {}
        for passage in self.passages:
            if passage.lang:
                counts[passage.lang] = counts.get(passage.lang, 0) + len(passage.text)
        return tuple(sorted(counts, key=lambda lang: -counts[lang]))

    @property
    def text(self) -> str:
        return "\n".join(passage.text for passage in self.passages)

    def with_changes(self, **changes: object) -> Post:
        return replace(self, **changes)  # type: ignore[arg-type]


_post_fields = attrgetter(*(item.name for item in fields(Post)))


@dataclass(frozen=True, slots=True)
class Changes:
    """What a state mutation changed, so each view can decide whether to refresh."""

    read: tuple[str, ...] = ()
    unread: tuple[str, ...] = ()
    bookmarked: tuple[str, ...] = ()
    unbookmarked: tuple[str, ...] = ()
    noted: tuple[str, ...] = ()  # the note or the tags of these posts changed
    tagged: tuple[str, ...] = ()  # the tags of these posts changed (they are in `noted` too)
    decided: tuple[str, ...] = ()  # posts whose pair or counterpart decisions changed
    renamed_sources: tuple[str, ...] = ()  # source keys
    content: bool = False  # posts were added or updated

    def __bool__(self) -> bool:
        return bool(
            self.read
            or self.unread
            or self.bookmarked
            or self.unbookmarked
            or self.noted
            or self.tagged
            or self.decided
            or self.renamed_sources
            or self.content
        )


def normalise_for_identity(text: str) -> str:
    """The form of a text used for stable ids: NFC, unified line ends, collapsed blanks."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return " ".join(text.split()).casefold()


def post_id_for(source_key: str, message_id: str | None, text: str = "") -> str:
    """Stable post id: source key + message id where the format has ids, else a text hash."""
    if message_id:
        return f"{source_key}/{message_id}"
    digest = hashlib.sha1(normalise_for_identity(text).encode("utf-8")).hexdigest()[:16]
    return f"{source_key}/h{digest}"


@dataclass(frozen=True, slots=True)
class PostState:
    """The user's state of one post, kept apart from content so re-imports never touch it.

    Timestamps are unix seconds of the last change of each field, for last-writer-wins merging.
    """

    read: bool = False
    bookmarked: bool = False
    note: str = ""
    tags: tuple[str, ...] = ()
    read_at: float | None = None
    bookmarked_at: float | None = None
    note_at: float | None = None
    tags_at: float | None = None


@dataclass(frozen=True, slots=True)
class PostRecord:
    """A post as the reader shows it: content, the user's state and its counterparts."""

    post: Post
    state: PostState = PostState()
    counterparts: tuple[Counterpart, ...] = ()


@dataclass(frozen=True, slots=True)
class Subscription:
    """A source the user follows: where to fetch it, how often, and how its last refreshes went.

    Times are unix seconds. `failures` counts refreshes that failed in a row (0 after a success);
    `next_refresh` already includes the backoff they earned. `etag`/`last_modified` are the server's
    validators for a conditional GET; `cursor` is the newest message id stored (channels).
    """

    key: str
    kind: str  # "telegram", "feed"
    url: str
    every_minutes: int = 30
    backfill: int = 200
    created_at: float = 0.0
    last_refresh: float | None = None
    last_attempt: float | None = None
    last_error: str | None = None
    failures: int = 0
    next_refresh: float | None = None
    etag: str | None = None
    last_modified: str | None = None
    cursor: str | None = None
