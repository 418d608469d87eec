"""State files read: their format, each entry checked, and the whole read as a stream.

A state file of two million posts took 1.8 GB parsed whole. `open_state_file` checks the file's
size, format and version, and returns a reader whose posts come in batches and whose decisions
come one by one, each a pass over the file with ijson's C parser behind reader.text.json_cut's
guard (depth, number length and string length are bounded before the parser sees them). Every
problem of the file is an InputError naming it, whichever pass finds it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import ijson

from reader.domain import PostState
from reader.errors import InputError
from reader.text.json_cut import StringCut
from reader.text.json_guard import Readable

STATE_FORMAT = "bulletin-reader-state"
STATE_VERSION = 1
# A million posts' state takes about 100 MB; a bigger file is refused before it is read.
MAX_STATE_FILE_BYTES = 256 * 1024 * 1024
EXPORT_FORMAT = "bulletin-reader"  # reader.export.jsonexport, whose "state" block is a state document
DECISIONS = frozenset({"confirmed", "rejected"})


@dataclass(frozen=True, slots=True)
class PairDecision:
    """The user confirmed or rejected a passage pair of a post (or across a post and its counterpart)."""

    post_id: str
    other_post_id: str
    ru: tuple[int, ...]
    en: tuple[int, ...]
    decision: str
    at: float


@dataclass(frozen=True, slots=True)
class CounterpartDecision:
    """The user confirmed or rejected that two posts say the same thing."""

    post_id: str
    other_id: str
    decision: str
    at: float


@dataclass(frozen=True, slots=True)
class StateSnapshot:
    """A parsed state document."""

    posts: dict[str, PostState] = field(default_factory=dict)
    pair_decisions: tuple[PairDecision, ...] = ()
    counterpart_decisions: tuple[CounterpartDecision, ...] = ()


try:
    _IJSON: Any = ijson.get_backend("yajl2_c")
except ImportError:  # pragma: no cover - the pure-Python backend is slower but equivalent
    _IJSON = ijson

POST_BATCH = 5000
_READ_BYTES = 1024 * 1024
T = TypeVar("T")
# Half of a surrogate pair written as an escape: SQLite cannot store it, and one of ijson's C paths
# turns it into "?" without a word, so the file is refused, as a whole-file parse did.
_LONE_SURROGATE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
_PAIR_HALF = 6  # bytes of one escape, `\\udXXX`: what the look-behind and the look-ahead need to see


class _WholeCharacters:
    """A binary file wrapper that raises ValueError at an escaped lone surrogate (`\\ud800`)."""

    def __init__(self, raw: Readable) -> None:
        self._raw = raw
        self._tail = b""  # the end of the last read: a pair split between reads is seen whole

    def read(self, size: int = -1, /) -> bytes:
        data = self._raw.read(size)
        text = self._tail + data
        if b"\\ud" in text or b"\\uD" in text:
            start = _PAIR_HALF if self._tail else 0  # what starts before was decided by the last read
            for match in _LONE_SURROGATE.finditer(text, start):
                if data and match.end() + _PAIR_HALF > len(text):
                    break  # its other half may come with the next read
                raise ValueError("a text holds half of a surrogate pair (\\ud800 … \\udfff)")
        self._tail = text[-3 * _PAIR_HALF :]
        return data


@dataclass(frozen=True, slots=True)
class StateFileReader:
    """The parts of one state file (or of a JSON export's state block), each read when asked for."""

    path: Path
    prefix: str  # "" for a state file, "state." for the state block of a JSON export

    def post_batches(self, size: int = POST_BATCH) -> Iterator[list[tuple[str, PostState]]]:
        """The posts' state, `size` posts at a time, in file order."""
        batch: list[tuple[str, PostState]] = []
        for post_id, fields in self._items(self.prefix + "posts", kv=True):
            batch.append((self._parsed(state_text, post_id), self._parsed(parse_post_state, fields)))
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def pair_decisions(self) -> Iterator[PairDecision]:
        for item in self._items(self.prefix + "pair_decisions.item"):
            yield self._parsed(parse_pair_decision, item)

    def counterpart_decisions(self) -> Iterator[CounterpartDecision]:
        for item in self._items(self.prefix + "counterpart_decisions.item"):
            yield self._parsed(parse_counterpart_decision, item)

    def snapshot(self) -> StateSnapshot:
        """The whole file at once (for backups, which Bulletin Reader writes and keeps small)."""
        posts = {post_id: state for batch in self.post_batches() for post_id, state in batch}
        return StateSnapshot(posts, tuple(self.pair_decisions()), tuple(self.counterpart_decisions()))

    def _parsed(self, parse: Callable[[Any], T], item: Any) -> T:
        try:
            return parse(item)
        except (KeyError, TypeError, ValueError, OverflowError) as error:
            raise InputError(self.path, f"the state file is malformed ({short_reason(error)})") from error

    def _items(self, prefix: str, *, kv: bool = False) -> Iterator[Any]:
        try:
            with self.path.open("rb") as handle:
                read = _IJSON.kvitems if kv else _IJSON.items
                yield from read(StringCut(_WholeCharacters(handle)), prefix, use_float=True, buf_size=_READ_BYTES)
        except OSError as error:
            raise InputError(self.path, f"cannot be read ({error.strerror or error})") from error
        except (ijson.JSONError, UnicodeDecodeError, ValueError, OverflowError) as error:
            raise InputError(self.path, f"not a Bulletin Reader state file (invalid JSON: {_reason(error)})") from error
        except (KeyError, TypeError) as error:
            raise InputError(self.path, f"the state file is malformed ({short_reason(error)})") from error


def open_state_file(path: Path) -> StateFileReader:
    """A reader for a state file or a JSON export's state block; InputError when it is neither, or too big."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from error
    if size > MAX_STATE_FILE_BYTES:
        raise InputError(path, f"too large for a state file ({size:,} bytes; at most {MAX_STATE_FILE_BYTES:,})")
    reader = StateFileReader(path, "")
    if _first(reader, "format") == EXPORT_FORMAT and _first(reader, "state") is not None:
        reader = StateFileReader(path, "state.")
    if _first(reader, reader.prefix + "format") != STATE_FORMAT:
        raise InputError(path, f'not a Bulletin Reader state file (no "format": "{STATE_FORMAT}")')
    version = _first(reader, reader.prefix + "version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError(path, "the state file has no valid version number")
    if version > STATE_VERSION:
        raise InputError(path, f"made by a newer Bulletin Reader (state version {version}); update to merge it")
    return reader


def carried_state_reader(path: Path) -> StateFileReader | None:
    """A reader for the state block of a Bulletin Reader JSON export, or None when it carries none."""
    if _first(StateFileReader(path, ""), "state") is None:
        return None
    return open_state_file(path)


def _first(reader: StateFileReader, prefix: str) -> Any:
    """The first value at `prefix`, or None; a container comes back empty, unread.

    Bulletin Reader writes a file's own keys first ("format", "version", an export's "state"), then
    its "posts": the search stops there, so it reads a few bytes, not a whole export.
    """
    for _prefix, event, value in _events(reader, prefix):
        if event in ("string", "number", "boolean", "null"):
            return value
        return {} if event == "start_map" else []
    return None


def _events(reader: StateFileReader, prefix: str) -> Iterator[tuple[str, str, Any]]:
    try:
        with reader.path.open("rb") as handle:
            for event in _IJSON.parse(StringCut(handle), buf_size=_READ_BYTES):
                if event[0] == prefix and event[1] not in ("map_key", "end_map", "end_array"):
                    yield event
                    return
                if event == ("", "map_key", "posts"):
                    return
    except OSError as error:
        raise InputError(reader.path, f"cannot be read ({error.strerror or error})") from error
    except (ijson.JSONError, UnicodeDecodeError, ValueError, OverflowError) as error:
        raise InputError(reader.path, f"not a Bulletin Reader state file (invalid JSON: {_reason(error)})") from error


def _reason(error: BaseException) -> str:
    """The first line of a parser's message: yajl adds the text around the error on the lines after it."""
    detail = error.args[0] if error.args else ""
    if isinstance(detail, bytes):
        detail = detail.decode("utf-8", "replace")
    lines = str(detail).strip().splitlines()
    return short_reason(ValueError(lines[0].strip())) if lines else type(error).__name__


# ------------------------------------------------------------------------------------------ parse


def read_state_file(path: Path) -> StateSnapshot:
    """Parse a state file (or the state block of a JSON export); InputError naming the file when it is neither.

    Read as a stream, whole: for files Bulletin Reader wrote itself, its backups.
    `reader.store.stateguard.import_state` merges any file batch by batch.
    """
    return open_state_file(path).snapshot()


def parse_state_document(document: object, origin: str) -> StateSnapshot:
    """Validate and convert a state document; InputError(origin, reason) for anything malformed."""
    if not isinstance(document, dict) or document.get("format") != STATE_FORMAT:
        raise InputError(origin, f'not a Bulletin Reader state file (no "format": "{STATE_FORMAT}")')
    version = document.get("version")
    if not isinstance(version, int) or version < 1:
        raise InputError(origin, "the state file has no valid version number")
    if version > STATE_VERSION:
        raise InputError(origin, f"made by a newer Bulletin Reader (state version {version}); update to merge it")
    try:
        posts = {
            state_text(post_id): parse_post_state(fields)
            for post_id, fields in _mapping(document.get("posts", {}), "posts").items()
        }
        pairs = tuple(parse_pair_decision(item) for item in _list(document.get("pair_decisions", []), "pairs"))
        counterparts = tuple(
            parse_counterpart_decision(item)
            for item in _list(document.get("counterpart_decisions", []), "counterpart_decisions")
        )
    except (KeyError, TypeError, ValueError, OverflowError) as error:
        raise InputError(origin, f"the state file is malformed ({short_reason(error)})") from error
    return StateSnapshot(posts, pairs, counterparts)


def short_reason(error: BaseException) -> str:
    text = str(error)
    return text if len(text) <= 200 else text[:200] + "…"


def state_text(value: object) -> str:
    """A string SQLite can store: text with a lone surrogate (from a \\ud800 escape) is refused."""
    text = str(value)
    text.encode("utf-8")  # UnicodeEncodeError, a ValueError, names the position
    return text


def _mapping(value: object, name: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"{name} must be an object")
    return value


def _list(value: object, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"{name} must be a list")
    return value


def _time(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"bad timestamp {value!r}")
    return float(value)


def _field(fields: Mapping[str, Any], name: str) -> tuple[Any, float] | None:
    item = fields.get(name)
    if item is None:
        return None
    item = _mapping(item, name)
    return item["value"], _time(item["at"])


def parse_post_state(fields: object) -> PostState:
    fields = _mapping(fields, "post state")
    # Keyword arguments gathered once: a state file can hold a million entries, and building a
    # PostState through dataclasses.replace per field took most of the time of reading one.
    values: dict[str, Any] = {}
    if (read := _field(fields, "read")) is not None:
        values["read"], values["read_at"] = _bool(read[0]), read[1]
    if (bookmarked := _field(fields, "bookmarked")) is not None:
        values["bookmarked"], values["bookmarked_at"] = _bool(bookmarked[0]), bookmarked[1]
    if (note := _field(fields, "note")) is not None:
        if not isinstance(note[0], str):
            raise TypeError("note must be text")
        values["note"], values["note_at"] = state_text(note[0]), note[1]
    if (tags := _field(fields, "tags")) is not None:
        items = _list(tags[0], "tags")
        if not all(isinstance(tag, str) for tag in items):
            raise TypeError("tags must be text")
        clean = {state_text(tag).strip() for tag in items if tag.strip()}
        values["tags"], values["tags_at"] = tuple(sorted(clean)), tags[1]
    return PostState(**values)


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {value!r}")
    return value


def _decision(value: object) -> str:
    if value not in DECISIONS:
        raise ValueError(f"decision must be confirmed or rejected, not {value!r}")
    return str(value)


def _indexes(value: object) -> tuple[int, ...]:
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, int) and not isinstance(item, bool) and item >= 0 for item in items):
        raise ValueError(f"bad passage indexes {value!r}")
    return tuple(items)


def parse_pair_decision(item: object) -> PairDecision:
    item = _mapping(item, "pair decision")
    return PairDecision(
        state_text(item["post_id"]),
        state_text(item.get("other_post_id", "")),
        _indexes(item["ru"]),
        _indexes(item["en"]),
        _decision(item["decision"]),
        _time(item["at"]),
    )


def parse_counterpart_decision(item: object) -> CounterpartDecision:
    item = _mapping(item, "counterpart decision")
    return CounterpartDecision(
        state_text(item["post_id"]), state_text(item["other_id"]), _decision(item["decision"]), _time(item["at"])
    )
