"""The command line: `bulletin-reader import|list|show|mark-read|bookmark|export-... [--json]`.

It shares reader.importing.service with the GUI and never needs a display. Problems of the user's input
print one line on stderr naming the file and the reason, and exit with status 2.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reader import __version__
from reader.errors import ReaderError
from reader.export.records import record_to_dict
from reader.export.state import ensure_daily_backup
from reader.paths import resolve_data_dir
from reader.store import PostFilter, QuerySyntaxError
from reader.text.media_labels import describe as describe_media

if TYPE_CHECKING:
    from reader.importing.service import Library

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bulletin-reader",
        description="Read Russian and English ministry bulletins offline: import, list, bookmark, export.",
    )
    parser.add_argument("--version", action="version", version=f"bulletin-reader {__version__}")
    parser.add_argument("--data-dir", help="library folder (default: $BULLETIN_READER_DATA_DIR or the app-data folder)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    command = commands.add_parser("import", help="import files, folders or zip archives")
    command.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    command.add_argument(
        "--no-link",
        action="store_true",
        help="return once the posts are stored and readable; their translations are linked later (`link`)",
    )
    command.set_defaults(run=cmd_import)

    command = commands.add_parser("link", help="link the posts still waiting for their translations")
    command.set_defaults(run=cmd_link)

    command = commands.add_parser("list", help="list posts, newest first")
    add_filter_arguments(command)
    command.add_argument("--limit", type=int, default=None, help="at most this many posts")
    command.add_argument("--json", action="store_true", help="JSON Lines, one object per post")
    command.set_defaults(run=cmd_list)

    command = commands.add_parser("show", help="show one post")
    command.add_argument("post_id", metavar="POST_ID")
    command.add_argument("--json", action="store_true")
    command.set_defaults(run=cmd_show)

    for name, read in (("mark-read", True), ("mark-unread", False)):
        command = commands.add_parser(name, help=f"mark posts {'read' if read else 'unread'}")
        command.add_argument("post_ids", nargs="+", metavar="POST_ID")
        command.set_defaults(run=cmd_mark, read=read)

    command = commands.add_parser("bookmark", help="bookmark posts, optionally with a note")
    command.add_argument("post_ids", nargs="+", metavar="POST_ID")
    command.add_argument("--note", default=None)
    command.add_argument("--tag", action="append", default=None, help="a user tag (repeatable)")
    command.set_defaults(run=cmd_bookmark, bookmarked=True)
    command = commands.add_parser("unbookmark", help="remove bookmarks")
    command.add_argument("post_ids", nargs="+", metavar="POST_ID")
    command.set_defaults(run=cmd_bookmark, bookmarked=False, note=None, tag=None)

    command = commands.add_parser("gui", help="start the desktop app (the default)")
    command.set_defaults(run=cmd_gui)

    from reader import (
        cli_export,  # noqa: F401  (registers export-bookmarks, export-state, import-state, note, tag)
        cli_pairs,  # noqa: F401  (registers export-pairs)
    )

    for register in EXTRA_COMMANDS:
        register(commands)
    return parser


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


def open_library(args: argparse.Namespace) -> Library:
    from reader.importing.recovery import open_store
    from reader.importing.service import Library

    data_dir = resolve_data_dir(args.data_dir)
    store, recovery = open_store(data_dir)
    if recovery is not None:  # a damaged library was moved aside; say so, then carry on with the fresh one
        for line in recovery.lines():
            print(f"bulletin-reader: {line}", file=sys.stderr)
    ensure_daily_backup(store, data_dir)  # once a day, before the command can change anything
    return Library(data_dir, store=store)


def cmd_import(args: argparse.Namespace) -> int:
    from reader.cli_progress import ImportProgressBar

    library = open_library(args)
    try:
        with ImportProgressBar() as bar:
            summary = library.import_paths(list(args.paths), progress=bar.update, link=not args.no_link)
        waiting = library.links_waiting()
    finally:
        library.close()
    for source in summary.sources:
        print(source.line())
    if waiting:
        print(f"{waiting} posts wait for their translations to be linked: bulletin-reader link")
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def cmd_link(args: argparse.Namespace) -> int:
    from reader.cli_progress import ImportProgressBar
    from reader.importing.service import ImportProgress

    library = open_library(args)
    try:
        waiting = library.links_waiting()
        with ImportProgressBar() as bar:

            def linked(done: int, total: int) -> None:
                bar.update(ImportProgress("", 0, 1, 0, 0, 0, done, total))

            library.link(progress=linked)
    finally:
        library.close()
    print(f"linked: {waiting} posts searched for their translations" if waiting else "nothing to link")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    library = open_library(args)
    try:
        post_filter = filter_from_arguments(args)
        records = library.store.iter_records(post_filter)
        if args.limit is not None:
            records = itertools.islice(records, args.limit)
        for record in records:
            if args.json:
                print(json.dumps(record_to_dict(record), ensure_ascii=False))
            else:
                post = record.post
                date = post.date.strftime("%Y-%m-%d") if post.date else "----------"
                marks = ("*" if record.state.bookmarked else " ") + (" " if record.state.read else "•")
                headline = post.title or next((p.text for p in post.passages if p.text.strip()), "")
                headline = headline or describe_media(post.media)  # "Photo ×3", "Poll: …"
                headline = " ".join(headline.split())  # one line per post, whatever breaks the title holds
                print(f"{marks} {date}  {'+'.join(post.languages) or '--':5}  {post.id}  {headline[:80]}")
    finally:
        library.close()
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    library = open_library(args)
    try:
        record = library.store.get_record(args.post_id)
        if record is None:
            raise UsageError(f"{args.post_id}: no such post")
        if args.json:
            print(json.dumps(record_to_dict(record), ensure_ascii=False))
        else:
            post = record.post
            print(post.title or describe_media(post.media))
            when = record_to_dict(record)["date"] or "no date"  # the day alone when the source gives no time
            print(f"{post.source.title} · {'≈ ' if post.date_inferred else ''}{when} · {post.url or ''}")
            if post.forwarded_from:
                print(f"Forwarded from {post.forwarded_from}")
            if post.media and post.title:
                print(describe_media(post.media))
            print()
            for index, passage in enumerate(post.passages):
                if index == 0 and post.title and passage.text == post.title:
                    continue  # printed above as the title
                print(f"[{passage.lang or '--'}] {passage.labelled_text}")
    finally:
        library.close()
    return 0


def _require_posts(library: Library, post_ids: Sequence[str]) -> None:
    for post_id in post_ids:
        if library.store.rowid_of(post_id) is None:
            raise UsageError(f"{post_id}: no such post")


def cmd_mark(args: argparse.Namespace) -> int:
    library = open_library(args)
    try:
        _require_posts(library, args.post_ids)
        library.store.set_read(args.post_ids, args.read)
    finally:
        library.close()
    return 0


def cmd_bookmark(args: argparse.Namespace) -> int:
    library = open_library(args)
    try:
        _require_posts(library, args.post_ids)
        library.store.set_bookmarked(args.post_ids, args.bookmarked, note=args.note)
        if args.bookmarked and args.tag:
            for post_id in args.post_ids:
                library.store.set_tags(post_id, args.tag)
    finally:
        library.close()
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from reader.app import main as gui_main

    return gui_main(args.data_dir, list(getattr(args, "qt_arguments", [])))


def _recover_mid_command(args: argparse.Namespace, error: sqlite3.DatabaseError) -> int:
    """The library opened but turned out damaged inside: recover it, report, and ask to run again."""
    from reader.importing.recovery import is_damage, recover
    from reader.store.db import DATABASE_NAME, describe_problem

    data_dir = resolve_data_dir(args.data_dir)
    if not is_damage(error):
        # Disk full, read-only, busy: say so; the command's transaction was rolled back.
        print(f"bulletin-reader: {describe_problem(data_dir / DATABASE_NAME, error)}", file=sys.stderr)
        return EXIT_USAGE
    report = recover(data_dir, str(error))
    for line in report.lines():
        print(f"bulletin-reader: {line}", file=sys.stderr)
    print(f"bulletin-reader: the {args.command} command was not completed; run it again", file=sys.stderr)
    return EXIT_USAGE


# Commands added by other modules register their sub-parser here (export, state, pairs).
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]] = []


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args, unknown = parser.parse_known_args(arguments)
    if args.command is None:  # a bare `bulletin-reader` starts the desktop app
        args.command, args.run = "gui", cmd_gui
    if unknown and args.command != "gui":
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    args.qt_arguments = unknown
    try:
        return int(args.run(args))
    except QuerySyntaxError as error:
        print(f"bulletin-reader: search: {error}", file=sys.stderr)
        return EXIT_USAGE
    except sqlite3.DatabaseError as error:
        return _recover_mid_command(args, error)
    except ReaderError as error:
        print(f"bulletin-reader: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("bulletin-reader: interrupted; nothing was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `bulletin-reader list | head` closed the pipe: not an error; keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    # `python -m reader.cli` runs this file as __main__, a second copy of the module: commands that other
    # modules register on reader.cli.EXTRA_COMMANDS are only seen by the imported one.
    from reader.cli import main as imported_main

    sys.exit(imported_main())
