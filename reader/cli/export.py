"""`export-bookmarks --format html|md|json|csv|csljson|pdf -o FILE [--force] [--all] [filters as in list]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import add_filter_arguments, filter_from_arguments, opened_library
from reader.export.netscape import copies_folder
from reader.export.service import FORMATS, QT_FORMATS, export_posts

if TYPE_CHECKING:
    from reader.cli.common import Commands


def add_export_bookmarks(commands: Commands) -> None:
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


def cmd_export_bookmarks(args: argparse.Namespace) -> int:
    post_filter = filter_from_arguments(args, bookmarked=args.bookmarked if args.all else True)
    with opened_library(args) as library:
        if args.format in QT_FORMATS:
            # Qt stays out of the export layer; the PDF writer lives with the desktop code.
            from reader.ui.pdf_export import export_pdf

            count, without_own_url = export_pdf(library.store, post_filter, args.output, force=args.force), 0
        else:
            report = export_posts(library.store, post_filter, args.format, args.output, force=args.force)
            count, without_own_url = report.posts, report.without_own_url
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
