"""The user's state of posts: `mark-read`, `mark-unread`, `bookmark`, `unbookmark`, `note`, `tag`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from reader import operations
from reader.cli.common import opened_library

if TYPE_CHECKING:
    from reader.cli.common import Commands


def add_mark(commands: Commands) -> None:
    for name, read in (("mark-read", True), ("mark-unread", False)):
        command = commands.add_parser(name, help=f"mark posts {'read' if read else 'unread'}")
        command.add_argument("post_ids", nargs="+", metavar="POST_ID")
        command.set_defaults(run=cmd_mark, read=read)


def add_bookmark(commands: Commands) -> None:
    command = commands.add_parser("bookmark", help="bookmark posts, optionally with a note")
    command.add_argument("post_ids", nargs="+", metavar="POST_ID")
    command.add_argument("--note", default=None)
    command.add_argument("--tag", action="append", default=None, help="a user tag (repeatable)")
    command.set_defaults(run=cmd_bookmark, bookmarked=True)
    command = commands.add_parser("unbookmark", help="remove bookmarks")
    command.add_argument("post_ids", nargs="+", metavar="POST_ID")
    command.set_defaults(run=cmd_bookmark, bookmarked=False, note=None, tag=None)


def add_note(commands: Commands) -> None:
    command = commands.add_parser("note", help="set the note of a post (an empty TEXT removes it)")
    command.add_argument("post_id", metavar="POST_ID")
    command.add_argument("text", metavar="TEXT")
    command.set_defaults(run=cmd_note)


def add_tag(commands: Commands) -> None:
    command = commands.add_parser("tag", help="set the user tags of a post (no TAG removes them all)")
    command.add_argument("post_id", metavar="POST_ID")
    command.add_argument("tags", nargs="*", metavar="TAG")
    command.set_defaults(run=cmd_tag)


def cmd_mark(args: argparse.Namespace) -> int:
    with opened_library(args) as library:
        operations.require_posts(library.store, args.post_ids)
        operations.mark_read(library.store, args.post_ids, args.read)
    return 0


def cmd_bookmark(args: argparse.Namespace) -> int:
    with opened_library(args) as library:
        operations.require_posts(library.store, args.post_ids)
        operations.set_bookmarked(library.store, args.post_ids, args.bookmarked, note=args.note, tags=args.tag)
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    with opened_library(args) as library:
        operations.require_posts(library.store, [args.post_id])
        operations.set_note(library.store, args.post_id, args.text)
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    with opened_library(args) as library:
        operations.require_posts(library.store, [args.post_id])
        operations.set_tags(library.store, args.post_id, args.tags)
        state = library.store.state.states([args.post_id]).get(args.post_id)
    print(f"{args.post_id}: {', '.join(state.tags) if state and state.tags else 'no tags'}")
    return 0
