"""What the command modules share: the library as a context manager, filters, usage errors."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from reader.errors import ReaderError
from reader.importing.backups import ensure_daily_backup
from reader.paths import resolve_data_dir
from reader.store import PostFilter

if TYPE_CHECKING:
    from reader.importing.service import Library

    Commands = argparse._SubParsersAction[argparse.ArgumentParser]

EXIT_USAGE = 2

Command = Callable[[argparse.Namespace], int]


class UsageError(ReaderError):
    pass


def _date(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def add_filter_arguments(command: argparse.ArgumentParser) -> None:
    """The filters shared by `list` and the export commands."""
    command.add_argument("--lang", action="append", default=[], help="language tag, e.g. ru or en (repeatable)")
    command.add_argument("--topic", action="append", default=[], help="topic, e.g. ASEAN (repeatable)")
    command.add_argument("--source", action="append", default=[], help="source key or part of its title")
    command.add_argument("--tag", action="append", default=[], help="a user tag the posts carry (repeatable)")
    command.add_argument("--unread", action="store_true")
    command.add_argument("--bookmarked", action="store_true")
    command.add_argument(
        "--hide-empty", action="store_true", help="leave out posts whose only content is media not in the export"
    )
    command.add_argument("--search", default="", help='search text: words, "phrases", -word, =word, lang:ru, ...')
    command.add_argument(
        "--as-typed",
        action="store_true",
        help="search words only as typed (by default a word the glossaries know is also searched in the other"
        " language, those hits listed after; =word does this for one word)",
    )
    command.add_argument("--since", type=_date, default=None, help="posts on or after this date (YYYY-MM-DD)")
    command.add_argument("--until", type=_date, default=None, help="posts before this date (YYYY-MM-DD)")


def filter_from_arguments(args: argparse.Namespace, *, bookmarked: bool | None = None) -> PostFilter:
    return PostFilter(
        languages=tuple(args.lang),
        topics=tuple(args.topic),
        sources=tuple(args.source),
        tags=tuple(args.tag),
        unread=args.unread,
        bookmarked=args.bookmarked if bookmarked is None else bookmarked,
        hide_empty=getattr(args, "hide_empty", False),
        since=args.since,
        until=args.until,
        search=args.search,
        widen=not getattr(args, "as_typed", False),
    )


@contextmanager
def opened_library(args: argparse.Namespace) -> Iterator[Library]:
    """The library of `--data-dir`, recovered first if it was damaged, closed when the block ends."""
    from reader.importing.recovery import open_store
    from reader.importing.service import Library

    data_dir = resolve_data_dir(args.data_dir)
    store, recovery = open_store(data_dir)
    if recovery is not None:  # a damaged library was moved aside; say so, then carry on with the fresh one
        for line in recovery.lines():
            print(f"bulletin-reader: {line}", file=sys.stderr)
    library = Library(data_dir, store=store)
    try:
        ensure_daily_backup(store, data_dir)  # once a day, before the command can change anything
        yield library
    finally:
        library.close()
