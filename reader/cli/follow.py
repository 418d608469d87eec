"""`subscribe`, `sources`, `refresh`, `set-interval`, `unsubscribe`: following public channels and feeds.

The network and import layers load only when one of these commands runs, so the others start fast.

`subscribe` and `refresh` print one summary line per source; a source that failed prints one line
on stderr naming it and why, the others still refresh, and the exit status is then 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from reader.cli.common import opened_library
from reader.errors import FetchError
from reader.fetch.schedule import DEFAULT_BACKFILL, DEFAULT_EVERY_MINUTES

if TYPE_CHECKING:
    from reader.cli.common import Commands
    from reader.operations.subscriptions import RefreshReport

EXIT_SOURCE_FAILED = 1


def add_subscribe(commands: Commands) -> None:
    command = commands.add_parser(
        "subscribe", help="follow a public Telegram channel or an RSS/Atom feed and bring its posts in"
    )
    command.add_argument("url", metavar="URL", help="https://t.me/NAME, @NAME, a feed, or a site that announces one")
    command.add_argument("--name", help="the name to show for it (default: the channel's or feed's own title)")
    command.add_argument(
        "--every", type=_positive, default=DEFAULT_EVERY_MINUTES, metavar="MINUTES", help="refresh interval"
    )
    command.add_argument(
        "--backfill", type=_count, default=DEFAULT_BACKFILL, metavar="N", help="older channel posts to take at first"
    )
    command.add_argument("--no-refresh", action="store_true", help="follow it now, fetch its posts at the next refresh")
    command.set_defaults(run=cmd_subscribe)


def add_sources(commands: Commands) -> None:
    command = commands.add_parser("sources", help="list sources: posts, unread, and how followed ones refresh")
    command.add_argument("--json", action="store_true", help="JSON Lines, one object per source")
    command.set_defaults(run=cmd_sources)


def add_refresh(commands: Commands) -> None:
    command = commands.add_parser("refresh", help="bring in new posts of followed sources (those due, or the named)")
    command.add_argument("sources", nargs="*", metavar="SOURCE", help="a followed source's id or name")
    command.set_defaults(run=cmd_refresh)


def add_set_interval(commands: Commands) -> None:
    command = commands.add_parser("set-interval", help="change how often a followed source refreshes")
    command.add_argument("source", metavar="SOURCE", help="a followed source's id or name")
    command.add_argument("every", type=_positive, metavar="MINUTES", help="the new refresh interval")
    command.set_defaults(run=cmd_set_interval)


def add_unsubscribe(commands: Commands) -> None:
    command = commands.add_parser("unsubscribe", help="stop following a source (its posts stay unless told)")
    command.add_argument("source", metavar="SOURCE", help="the source's id or name")
    command.add_argument("--delete-posts", action="store_true", help="remove its posts from the library too")
    command.set_defaults(run=cmd_unsubscribe)


def cmd_subscribe(args: argparse.Namespace) -> int:
    from reader.fetch.http import FetchPolicy, HttpClient
    from reader.operations import subscriptions

    with opened_library(args) as library, HttpClient(FetchPolicy.from_environment()) as client:
        try:
            report = subscriptions.subscribe(
                library,
                client,
                args.url,
                name=args.name,
                every_minutes=args.every,
                backfill=args.backfill,
                refresh_now=not args.no_refresh,
            )
        except FetchError as error:
            print(f"bulletin-reader: {error}", file=sys.stderr)
            return EXIT_SOURCE_FAILED
    return _report(report)


def cmd_refresh(args: argparse.Namespace) -> int:
    from reader.fetch.http import FetchPolicy, HttpClient
    from reader.operations import subscriptions

    with opened_library(args) as library, HttpClient(FetchPolicy.from_environment()) as client:
        report = subscriptions.refresh(library, client, args.sources)
    if not report.outcomes:
        print("no followed source is due (name sources to refresh them now)")
    return _report(report)


def cmd_sources(args: argparse.Namespace) -> int:
    from reader.operations import subscriptions

    with opened_library(args) as library:
        statuses = subscriptions.source_statuses(library)
    for status in statuses:
        print(json.dumps(status.to_dict(), ensure_ascii=False) if args.json else status.line())
    return 0


def cmd_set_interval(args: argparse.Namespace) -> int:
    from reader.operations import subscriptions

    with opened_library(args) as library:
        item = subscriptions.set_interval(library, args.source, args.every)
    print(f"{args.source}: every {item.every_minutes} min; next {subscriptions.next_refresh_text(item)}")
    return 0


def cmd_unsubscribe(args: argparse.Namespace) -> int:
    from reader.operations import subscriptions

    with opened_library(args) as library:
        subscriptions.unsubscribe(library, args.source, delete_posts=args.delete_posts)
    print(f"{args.source}: no longer followed" + ("; its posts were removed" if args.delete_posts else ""))
    return 0


def _report(report: RefreshReport) -> int:
    for outcome in report.outcomes:
        if outcome.error is None:
            print(outcome.line())
        else:
            print(f"bulletin-reader: {outcome.line()}", file=sys.stderr)
    if report.offline:
        print("bulletin-reader: offline — nothing could be reached; what is stored is unchanged", file=sys.stderr)
    return EXIT_SOURCE_FAILED if report.failed else 0


def _positive(text: str) -> int:
    value = _count(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("cannot be negative")
    return value
