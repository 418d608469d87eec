"""Telegram Desktop JSON exports (`result.json`): one chat, or a whole account with `chats.list`.

The file is read as a stream of parser events (ijson, C backend when present), and one
message at a time is built into a post, so memory stays flat however large the export is.
Telegram writes some control characters as `\\xHH`, which is not JSON; `XEscapeFilter`
rewrites them to `\\u00HH` on the fly.

Format facts (from real exports): `text` is a string or a list of strings and entity
objects, `text_entities` is always the list form; `date` is the exporting computer's local
time without an offset, `date_unixtime` (since 2022) is the one to trust; photos and files
are paths relative to the export folder or a "(File not included ...)" placeholder; albums
are separate messages sent in the same second, the caption on one of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol

import ijson

from reader.domain import Media, MediaKind, Passage, Post, Source, post_id_for
from reader.errors import ImportWarning, InputError
from reader.ingest.base import Importer
from reader.ingest.media_content import unknown_passage
from reader.ingest.rich_text import RichText, hashtags_in, title_of
from reader.ingest.telegram_json_media import message_media, unknown_keys
from reader.text.json_cut import StringCut

try:
    _IJSON: Any = ijson.get_backend("yajl2_c")
except ImportError:  # pragma: no cover - the pure-Python backend is slower but equivalent
    _IJSON = ijson

# ijson's C backend rescans a string that spans reads, so the cost of one long text grows with
# (length / read size)²: a 50 MB message took 5 s with 256 KB reads and takes 0.5 s with 4 MB.
CHUNK_BYTES = 4 * 1024 * 1024
_CHAT_TYPES = (
    b"personal_chat|bot_chat|private_group|private_supergroup|public_supergroup|"
    b"private_channel|public_channel|saved_messages"
)
_SNIFF = re.compile(
    rb'"date_unixtime"\s*:|"type"\s*:\s*"(?:' + _CHAT_TYPES + rb')"|"about"\s*:\s*"Here is the data you'
)
# Chats whose messages have public or member links of the form t.me/c/<chat id>/<message id>.
_CHANNEL_TYPES = frozenset({"public_channel", "private_channel", "public_supergroup", "private_supergroup"})
# Prefixes of message objects in a single-chat export and in a full-account export.
_MESSAGE_PREFIXES = frozenset({"messages.item", "chats.list.item.messages.item", "left_chats.list.item.messages.item"})
_CHAT_PREFIXES = frozenset({"", "chats.list.item", "left_chats.list.item"})
_CHAT_FIELDS = frozenset({"name", "type", "id", "username"})
# The depth of the arrays holding messages (objects, arrays and the root count one each): a message's
# strings are cut together past the record limit of reader.text.json_cut.
_SINGLE_CHAT_MESSAGES_DEPTH = 2
_ACCOUNT_MESSAGES_DEPTH = 5


class Readable(Protocol):
    """The one method the filters need from a binary stream (a file, or another filter)."""

    def read(self, size: int = -1, /) -> bytes: ...


class XEscapeFilter:
    """A binary file wrapper that turns Telegram's `\\xHH` escapes into JSON's `\\u00HH`.

    An escape counts only when its backslash is itself unescaped (odd run of backslashes),
    so `\\\\x41` (an escaped backslash, then "x41") is left alone. A run of backslashes at the
    end of a chunk is held back until the next read, so escapes split across chunks are
    rewritten too.
    """

    _ESCAPE = re.compile(rb"(\\+)x([0-9A-Fa-f]{2})")

    def __init__(self, raw: Readable) -> None:
        self._raw = raw
        self._pending = b""
        self._started = False
        self._boost = 1
        self.bytes_read = 0
        self.at_end = False
        self.tail = b""  # the last bytes read, to tell a cut-off file from a damaged one

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""  # ijson probes the stream's type with read(0)
        while True:
            chunk = self._raw.read((size if size and size > 0 else CHUNK_BYTES) * self._boost)
            self.bytes_read += len(chunk)
            # yajl re-lexes a token that spans reads from its start on every read, so one 50 MB string
            # read in 256 KB pieces costs minutes. A chunk without a quote lies inside such a string:
            # double the next read (up to 64x) so the cost stays near-linear.
            self._boost = min(self._boost * 2, 64) if chunk and b'"' not in chunk else 1
            if chunk:
                self.tail = (self.tail + chunk)[-64:]
            else:
                self.at_end = True
            if not self._started:
                self._started = True
                if chunk.startswith(b"\xef\xbb\xbf"):
                    chunk = chunk[3:]
            data = self._pending + chunk
            self._pending = b""
            if chunk:
                cut = _held_back_start(data)
                data, self._pending = data[:cut], data[cut:]
                if not data:
                    continue  # the whole chunk was a backslash run: read on
            if b"\\x" in data:
                data = self._ESCAPE.sub(self._rewrite, data)
            return data

    @staticmethod
    def _rewrite(match: re.Match[bytes]) -> bytes:
        slashes = match.group(1)
        if len(slashes) % 2 == 0:
            return match.group(0)
        return slashes[:-1] + b"\\u00" + match.group(2)


_HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")


def _held_back_start(data: bytes) -> int:
    """Where a possibly unfinished escape (a backslash run, maybe `x` and one digit) starts at the end."""
    body = len(data)
    if body >= 2 and data[-1] in _HEX_DIGITS and data[-2] == ord("x"):
        body -= 2
    elif body >= 1 and data[-1] == ord("x"):
        body -= 1
    start = len(data[:body].rstrip(b"\\"))
    return start if start < body else len(data)


@dataclass(slots=True)
class _Chat:
    """Chat-level fields seen so far; they precede `messages` in Telegram's files."""

    name: str = ""
    type: str = ""
    id: str = ""
    username: str = ""
    source: Source | None = None

    def resolved(self, path: Path) -> Source:
        if self.source is None:
            key = f"tg:{self.username.lstrip('@')}" if self.username else f"tg:{self.id}"
            if not self.username and not self.id:
                key = f"tg:file:{path.parent.name or path.stem}"
            url = f"https://t.me/{self.username.lstrip('@')}" if self.username else None
            title = " ".join(self.name.split())
            self.source = Source(key=key, title=title or key, kind="telegram", url=url)
        return self.source

    def message_url(self, message_id: str) -> str | None:
        if self.username:
            return f"https://t.me/{self.username.lstrip('@')}/{message_id}"
        if self.id and self.type in _CHANNEL_TYPES:
            return f"https://t.me/c/{self.id}/{message_id}"
        return None


@dataclass(slots=True)
class _Pending:
    """A built post that may still absorb the next messages of its album."""

    post: Post
    sender: str
    unixtime: str
    group: str | None
    extra_passages: list[Passage] = field(default_factory=list)


def sniff(path: Path, head: bytes) -> bool:
    """A JSON object with Telegram's chat types or `date_unixtime` near the top."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith(b"{") and _SNIFF.search(head) is not None


def _events(path: Path, handle: IO[bytes], cutter: StringCut | None = None) -> Iterator[tuple[str, str, Any]]:
    filtered = XEscapeFilter(cutter or StringCut(handle))  # StringCut checks depth and numbers too
    try:
        yield from _IJSON.parse(filtered, buf_size=CHUNK_BYTES)
    except (ijson.JSONError, UnicodeDecodeError) as error:
        raise _broken(path, filtered, error) from error


def _broken(path: Path, filtered: XEscapeFilter, error: Exception) -> InputError:
    detail = error.args[0] if error.args else ""
    if isinstance(detail, bytes):  # yajl's messages come as bytes, with a context excerpt after the first line
        detail = detail.decode("utf-8", "replace")
    lines = str(detail).strip().splitlines()
    reason = lines[0].strip() if lines else error.__class__.__name__
    if "premature EOF" in reason or (filtered.at_end and not filtered.tail.rstrip().endswith(b"}")):
        reason = "the file ends in the middle of the data (cut off or incomplete)"
    else:
        reason = reason[:160]
    return InputError(path, f"the JSON is broken near byte {filtered.bytes_read:,}: {reason}")


def _open(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from error


def _single_chat_header(path: Path) -> _Chat | None:
    """The chat fields of a single-chat export, read up to its `messages` array; None for other layouts."""
    chat = _Chat()
    with _open(path) as handle:
        for prefix, event, value in _events(path, handle):
            if prefix == "messages" and event == "start_array":
                return chat
            if prefix == "chats" or (prefix and event == "start_map" and "." not in prefix):
                return None  # a full-account export or something else: take the general path
            if event in ("string", "number") and prefix in _CHAT_FIELDS:
                setattr(chat, prefix, str(value))
    return None


def _messages(path: Path) -> Iterator[tuple[_Chat, dict[str, Any]]]:
    """Each message object with the chat it belongs to, built one at a time."""
    chat = _single_chat_header(path)
    if chat is not None:
        # Fast path: ijson's C backend builds each message itself.
        with _open(path) as handle:
            cutter = StringCut(handle, record_depth=_SINGLE_CHAT_MESSAGES_DEPTH)
            filtered = XEscapeFilter(cutter)
            try:
                for message in _IJSON.items(filtered, "messages.item", buf_size=CHUNK_BYTES):
                    if isinstance(message, dict):
                        yield chat, cutter.resolve(message)
            except (ijson.JSONError, UnicodeDecodeError) as error:
                raise _broken(path, filtered, error) from error
        return
    with _open(path) as handle:
        chat = _Chat()
        builder: ijson.ObjectBuilder | None = None
        depth = 0
        saw_object = False
        cutter = StringCut(handle, record_depth=_ACCOUNT_MESSAGES_DEPTH)
        for prefix, event, value in _events(path, handle, cutter):
            if builder is not None:
                builder.event(event, value)
                if event in ("start_map", "start_array"):
                    depth += 1
                elif event in ("end_map", "end_array"):
                    depth -= 1
                    if depth == 0:
                        message = builder.value
                        builder = None
                        if isinstance(message, dict):
                            yield chat, cutter.resolve(message)
                continue
            if event == "start_map":
                if prefix in _MESSAGE_PREFIXES:
                    builder = ijson.ObjectBuilder()
                    builder.event(event, value)
                    depth = 1
                elif prefix in _CHAT_PREFIXES:
                    saw_object = True
                    if prefix:
                        chat = _Chat()
            elif event in ("string", "number"):
                parent, _, name = prefix.rpartition(".")
                if parent in _CHAT_PREFIXES and name in _CHAT_FIELDS and chat.source is None:
                    setattr(chat, name, str(value))
        if not saw_object:
            raise InputError(path, "not a Telegram JSON export (the file does not hold a JSON object)")


def parse(path: Path, warnings: list[ImportWarning]) -> Iterator[Post]:
    """Posts of a Telegram Desktop JSON export, oldest first; service messages are skipped."""
    folder = path.parent
    pending: _Pending | None = None
    count = 0
    for chat, message in _messages(path):
        count += 1
        if message.get("type", "message") == "service":
            continue  # joins, title changes, pins
        message_id = message.get("id")
        try:
            item = _convert(chat, message, path, folder, warnings)
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError, OSError) as error:
            warnings.append(ImportWarning(str(path), f"message {message_id}", f"skipped: {error}"))
            continue
        if item is None:
            continue
        if pending is not None and _same_album(pending, item):
            pending.post = _merged(pending.post, item.post)
            continue
        if pending is not None:
            yield pending.post
        pending = item
    if pending is not None:
        yield pending.post
    if count == 0:
        raise InputError(path, "no messages found: not a Telegram chat export or an empty one")


def _same_album(pending: _Pending, item: _Pending) -> bool:
    if pending.post.source.key != item.post.source.key or not item.post.media:
        return False
    if pending.group is not None or item.group is not None:
        return pending.group == item.group
    # Without a group id, album members are media messages sent in the same second by the same
    # sender, the caption on the first one.
    return (
        bool(pending.post.media)
        and not item.post.passages
        and pending.sender == item.sender
        and pending.unixtime == item.unixtime
        and bool(item.unixtime)
    )


def _merged(first: Post, second: Post) -> Post:
    reactions = dict(first.reactions)
    for emoji, count in second.reactions.items():
        reactions[emoji] = reactions.get(emoji, 0) + count
    hashtags = tuple(dict.fromkeys(first.hashtags + second.hashtags))
    return first.with_changes(
        passages=first.passages + second.passages,
        title=first.title or second.title,
        media=first.media + second.media,
        reactions=reactions,
        hashtags=hashtags,
        edited=max((d for d in (first.edited, second.edited) if d is not None), default=None),
    )


def _convert(
    chat: _Chat, message: dict[str, Any], path: Path, folder: Path, warnings: list[ImportWarning]
) -> _Pending | None:
    message_id = str(int(message["id"]))
    source = chat.resolved(path)
    date = _date(message.get("date_unixtime"), message.get("date"))
    if date is None:
        warnings.append(ImportWarning(str(path), f"message {message_id}", "no usable date"))
    rich, entity_tags = _rich_text(message.get("text_entities"), message.get("text"))
    passages = rich.passages()
    sender_name = message.get("from")
    if sender_name and chat.type not in _CHANNEL_TYPES:
        # In groups and personal chats whose words these are matters; in a channel it is the channel.
        passages = tuple(replace(passage, speaker=str(sender_name)) for passage in passages)
    attached = message_media(message, folder, path, message_id, warnings)
    media = tuple(attached.media)
    passages += tuple(attached.passages)
    if not passages and not media:
        unknown = unknown_keys(message)
        if message.get("type", "message") != "message":
            unknown.insert(0, str(message.get("type")))  # "unsupported": Telegram itself could not export it
        if not unknown:
            return None  # an empty message: nothing the export shows
        # A kind this version does not know: say so in the library and in the import summary.
        what = ", ".join(unknown)
        warnings.append(ImportWarning(str(path), f"message {message_id}", f"a message of an unknown kind ({what})"))
        passages = (unknown_passage(what),)
        media = (Media(MediaKind.UNKNOWN, available=False, name=what),)
    hashtags = tuple(dict.fromkeys([*entity_tags, *hashtags_in("\n".join(p.text for p in passages))]))
    reply = message.get("reply_to_message_id")
    forwarded = message.get("forwarded_from")
    post = Post(
        id=post_id_for(source.key, message_id),
        source=source,
        passages=passages,
        date=date,
        message_id=message_id,
        url=chat.message_url(message_id),
        title=title_of(passages),
        hashtags=hashtags,
        reactions=_reactions(message.get("reactions")),
        media=media,
        edited=_date(message.get("edited_unixtime"), message.get("edited")),
        forwarded_from=str(forwarded) if forwarded else None,
        reply_to=post_id_for(source.key, str(int(reply))) if reply is not None else None,
    )
    group = message.get("media_group_id")
    return _Pending(
        post=post,
        sender=str(message.get("from_id") or message.get("from") or ""),
        unixtime=str(message.get("date_unixtime") or message.get("date") or ""),
        group=str(group) if group is not None else None,
    )


def _date(unixtime: object, local: object) -> datetime | None:
    if unixtime not in (None, ""):
        return datetime.fromtimestamp(int(str(unixtime)), tz=UTC)
    if isinstance(local, str) and local:
        # Old exports: the exporting computer's local time without an offset; assume this computer's zone.
        return datetime.fromisoformat(local).astimezone().astimezone(UTC)
    return None


def _rich_text(entities: object, text: object) -> tuple[RichText, list[str]]:
    """Passages from `text_entities` (always a list) or else `text` (a string or a list)."""
    rich = RichText()
    hashtags: list[str] = []
    pieces: list[Any]
    # An empty entity list beside a non-empty text (hand-made or trimmed exports) must not lose the text.
    if isinstance(entities, list) and (entities or not text):
        pieces = entities
    elif isinstance(text, list):
        pieces = text
    else:
        pieces = [text] if isinstance(text, str) else []
    for piece in pieces:
        if isinstance(piece, str):
            rich.add(piece)
            continue
        # ijson gives dicts; the Mapping check (an ABC, many times slower) is for anything else.
        if type(piece) is not dict and not isinstance(piece, Mapping):
            continue
        kind = str(piece.get("type", "plain"))
        value = piece.get("text", "")
        if kind == "plain" and type(value) is str:
            rich.add(value)  # most pieces: no link, no style, nothing to flatten
            continue
        if isinstance(value, list):  # nested entities in some exports: flatten their text
            value = "".join(v if isinstance(v, str) else str(v.get("text", "")) for v in value)
        value = str(value)
        href = _href(kind, value, piece)
        if kind == "hashtag":
            hashtags.append(value if value.startswith("#") else "#" + value)
        rich.add(value, href=href, bold=kind == "bold", quote=kind in ("blockquote", "expandable_blockquote"))
    return rich, hashtags


def _href(kind: str, value: str, piece: Mapping[str, Any]) -> str | None:
    if kind == "text_link":
        href = piece.get("href")
        return str(href) if href else None
    if kind == "link":
        # A bare "example.com/page" is a web link; anything with another scheme is dropped by RichText.
        return value if ":" in value.partition("/")[0] else f"https://{value}"
    if kind == "mention":
        return f"https://t.me/{value.lstrip('@')}"
    if kind == "email":
        return f"mailto:{value}"
    return None


def _reactions(raw: object) -> dict[str, int]:
    reactions: dict[str, int] = {}
    if not isinstance(raw, list):
        return reactions
    for item in raw:
        if type(item) is not dict and not isinstance(item, Mapping):
            continue
        key = str(item.get("emoji") or ("⭐" if item.get("type") == "paid" else "custom"))
        reactions[key] = reactions.get(key, 0) + int(item.get("count", 0))
    return reactions


def count_messages_json(path: Path) -> int:
    """The parse-only floor for benchmarks: stream the file and build each message dict, but no posts."""
    return sum(1 for _ in _messages(path))


IMPORTER = Importer(name="telegram-json", sniff=sniff, parse=parse, priority=20)
