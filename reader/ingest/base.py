"""The contract every importer follows.

An importer is a module-level object with a name, a content sniffer and a parser.
`parse` is a generator so that large exports stream: it yields posts one by one and
appends per-message problems to `warnings` instead of raising. It raises `InputError`
only when the file cannot be read at all (wrong format, truncated beyond use, empty).

Posts from importers carry structure (passages with kinds, links, dates, reactions,
media, hashtags); languages, topics and pairs are filled in later by the text and align
layers, so importers may leave `Passage.lang`, `Post.topics` and `Post.pairs` empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.domain import Post
from reader.errors import ImportWarning
from reader.text import limits

HEAD_BYTES = 64 * 1024

Sniffer = Callable[[Path, bytes], bool]
Parser = Callable[[Path, list[ImportWarning]], Iterator[Post]]


@dataclass(frozen=True, slots=True)
class Importer:
    """One input format.

    Attributes:
        name: short format name shown to users ("telegram-json").
        sniff: given a path (a file, or a folder for folder formats) and the first
            `HEAD_BYTES` of the file (b"" for folders), says whether this format applies.
            Must be cheap and never raise.
        parse: yields the posts of the path, appending warnings for bad messages.
        handles_folders: the importer takes a whole folder (Telegram HTML export pages).
        priority: higher runs its sniffer first.
    """

    name: str
    sniff: Sniffer
    parse: Parser
    handles_folders: bool = False
    priority: int = 0

    def __post_init__(self) -> None:
        # Every importer's posts pass the same size limit, however the importer is reached.
        if not getattr(self.parse, "capped", False):
            object.__setattr__(self, "parse", _capping(self.parse))


def _capping(parse: Parser) -> Parser:
    def read(path: Path, warnings: list[ImportWarning]) -> Iterator[Post]:
        return capped_posts(parse(path, warnings), str(path), warnings)

    read.capped = True  # type: ignore[attr-defined]
    read.__doc__ = parse.__doc__
    return read


def capped_posts(posts: Iterable[Post], origin: str, warnings: list[ImportWarning]) -> Iterator[Post]:
    """Each post kept within MAX_POST_CHARS (reader.text.limits), with a warning for each one that was cut."""
    for post in posts:
        capped, cut = limits.cap_post(post)
        if cut:
            where = f"message {post.message_id}" if post.message_id else f"post {(post.title or post.id)[:80]!r}"
            reason = (
                f"text cut: {limits.size_text(cut)} over the limit of {limits.MAX_POST_CHARS:,} characters per post"
            )
            warnings.append(ImportWarning(origin, where, reason))
        yield capped
