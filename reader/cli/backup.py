"""`export-state -o FILE`, `import-state FILE`: the user's state as a file; `check`: the library files' health."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import EXIT_USAGE, opened_library
from reader.importing.backups import export_state
from reader.store.stateguard import import_state

if TYPE_CHECKING:
    from reader.cli.common import Commands


def add_export_state(commands: Commands) -> None:
    command = commands.add_parser("export-state", help="save read marks, bookmarks, notes and tags to a JSON file")
    command.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    command.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    command.set_defaults(run=cmd_export_state)


def add_import_state(commands: Commands) -> None:
    command = commands.add_parser(
        "import-state", help="merge a state file (from export-state or a JSON export): the latest change wins"
    )
    command.add_argument("path", type=Path, metavar="FILE")
    command.set_defaults(run=cmd_import_state)


def add_check(commands: Commands) -> None:
    command = commands.add_parser(
        "check", help="check both library files whole (SQLite's integrity_check); repair a damaged one"
    )
    command.set_defaults(run=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    from reader.importing.recovery import check_library
    from reader.paths import resolve_data_dir

    verdicts, report = check_library(resolve_data_dir(args.data_dir))
    if report is not None:
        for line in report.lines():
            print(f"bulletin-reader: {line}", file=sys.stderr)
        return EXIT_USAGE
    for verdict in verdicts:
        print(f"{verdict.path}: ok ({verdict.seconds:.2f} s)")
    return 0


def cmd_export_state(args: argparse.Namespace) -> int:
    with opened_library(args) as library:
        count = export_state(library.store, args.output, force=args.force)
    print(f"saved the state of {count} posts to {args.output}")
    return 0


def cmd_import_state(args: argparse.Namespace) -> int:
    with opened_library(args) as library:
        summary = import_state(library.store, args.path)
    print(f"{args.path}: {summary.line()}")
    return 0
