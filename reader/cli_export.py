"""CLI commands for bookmarks and exports, registered through reader.cli.EXTRA_COMMANDS.

export-bookmarks --format html|md|json|csv|csljson|pdf -o FILE [--force] [--all] [filters as in list]
export-state -o FILE [--force]
import-state FILE
note POST_ID TEXT
tag POST_ID [TAG...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader import operations
from reader.cli import EXTRA_COMMANDS, add_filter_arguments, filter_from_arguments, open_library
from reader.export.netscape import copies_folder
from reader.export.service import FORMATS, QT_FORMATS, export_posts
from reader.export.state import export_state, import_state


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the export, state, note and tag sub-commands to the CLI."""
    command = commands.add_parser(
        "export-bookmarks",
        help="export bookmarks (or, with --all, the posts of the filters) with their translations",
        description="Export bookmarked posts - each with its counterpart in the other language - to a file. "
        "With --all, export every post matching the filters instead of only the bookmarks.",
    )
    command.add_argument("--format", required=True, choices=list(FORMATS), help="file format")
    command.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE", help="the file to write (for md, the folder)"
    )
    command.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    command.add_argument("--all", action="store_true", help="export the posts of the filters, not only bookmarks")
    add_filter_arguments(command)
    command.set_defaults(run=cmd_export_bookmarks)

    command = commands.add_parser("export-state", help="save read marks, bookmarks, notes and tags to a JSON file")
    command.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    command.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    command.set_defaults(run=cmd_export_state)

    command = commands.add_parser(
        "import-state", help="merge a state file (from export-state or a JSON export): the latest change wins"
    )
    command.add_argument("path", type=Path, metavar="FILE")
    command.set_defaults(run=cmd_import_state)

    command = commands.add_parser("note", help="set the note of a post (an empty TEXT removes it)")
    command.add_argument("post_id", metavar="POST_ID")
    command.add_argument("text", metavar="TEXT")
    command.set_defaults(run=cmd_note)

    command = commands.add_parser("tag", help="set the user tags of a post (no TAG removes them all)")
    command.add_argument("post_id", metavar="POST_ID")
    command.add_argument("tags", nargs="*", metavar="TAG")
    command.set_defaults(run=cmd_tag)


def cmd_export_bookmarks(args: argparse.Namespace) -> int:
    post_filter = filter_from_arguments(args, bookmarked=args.bookmarked if args.all else True)
    library = open_library(args)
    try:
        if args.format in QT_FORMATS:
            # Qt stays out of the export layer; the PDF writer lives with the desktop code.
            from reader.ui.pdf_export import export_pdf

            count, without_own_url = export_pdf(library.store, post_filter, args.output, force=args.force), 0
        else:
            report = export_posts(library.store, post_filter, args.format, args.output, force=args.force)
            count, without_own_url = report.posts, report.without_own_url
    finally:
        library.close()
    print(f"exported {count} {'bookmarks' if args.format == 'html' else 'posts'} to {args.output}")
    if without_own_url:
        print(
            f"{without_own_url} of them have no address of their own: they link to their channel, "
            f"or to a copy of the post in {copies_folder(args.output)}"
        )
    if count == 0:
        hint = "no posts match the filters" if args.all else "no bookmarks match (bookmark posts, or use --all)"
        print(f"bulletin-reader: {hint}", file=sys.stderr)
    return 0


def cmd_export_state(args: argparse.Namespace) -> int:
    library = open_library(args)
    try:
        count = export_state(library.store, args.output, force=args.force)
    finally:
        library.close()
    print(f"saved the state of {count} posts to {args.output}")
    return 0


def cmd_import_state(args: argparse.Namespace) -> int:
    library = open_library(args)
    try:
        summary = import_state(library.store, args.path)
    finally:
        library.close()
    print(f"{args.path}: {summary.line()}")
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    library = open_library(args)
    try:
        operations.require_posts(library.store, [args.post_id])
        operations.set_note(library.store, args.post_id, args.text)
    finally:
        library.close()
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    library = open_library(args)
    try:
        operations.require_posts(library.store, [args.post_id])
        operations.set_tags(library.store, args.post_id, args.tags)
        state = library.store.states([args.post_id]).get(args.post_id)
    finally:
        library.close()
    print(f"{args.post_id}: {', '.join(state.tags) if state and state.tags else 'no tags'}")
    return 0


EXTRA_COMMANDS.append(register)
