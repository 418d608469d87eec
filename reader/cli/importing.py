"""`import PATH...` and `link`: files, folders or zip archives, then their translations, with progress on a terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import opened_library

if TYPE_CHECKING:
    from reader.cli.common import Commands


def add_import(commands: Commands) -> None:
    command = commands.add_parser("import", help="import files, folders or zip archives")
    command.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    when = command.add_mutually_exclusive_group()
    when.add_argument(
        "--wait",
        action="store_true",
        help="return once the translations are linked too, waiting for linking that another process "
        "(the window, a command) is doing (the default)",
    )
    when.add_argument(
        "--no-link",
        action="store_true",
        help="return once the posts are stored and readable; their translations are linked later (`link`)",
    )
    command.set_defaults(run=cmd_import)


def add_link(commands: Commands) -> None:
    command = commands.add_parser("link", help="link the posts still waiting for their translations")
    command.add_argument(
        "--wait",
        action="store_true",
        help="when another process (the window, a command) is linking, wait for it and link what it leaves",
    )
    command.set_defaults(run=cmd_link)


def cmd_import(args: argparse.Namespace) -> int:
    from reader.cli.progress import ImportProgressBar

    with opened_library(args) as library:
        with ImportProgressBar() as bar:
            summary = library.import_paths(list(args.paths), progress=bar.update, link=not args.no_link)
        waiting = library.links_waiting()
    for source in summary.sources:
        print(source.line())
    for line in summary.state_lines:
        print(line)
    if waiting:
        print(f"{waiting} posts wait for their translations to be linked: bulletin-reader link")
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def cmd_link(args: argparse.Namespace) -> int:
    from reader.cli.progress import ImportProgressBar
    from reader.importing.service import ImportProgress

    with opened_library(args) as library:
        if library.linking_elsewhere():
            if not args.wait:
                print(
                    f"another process is linking ({library.links_waiting()} posts wait): "
                    "bulletin-reader link --wait waits for it to finish"
                )
                return 0
            print("waiting for the linking in another process to finish…", file=sys.stderr, flush=True)
            library.wait_for_linking()
        waiting = library.links_waiting()
        with ImportProgressBar() as bar:

            def linked(done: int, total: int) -> None:
                bar.update(ImportProgress("", 0, 1, 0, 0, 0, done, total))

            library.link(progress=linked)
    print(f"linked: {waiting} posts searched for their translations" if waiting else "nothing to link")
    return 0
