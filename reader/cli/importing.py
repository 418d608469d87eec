"""`import PATH...`: files, folders or zip archives, with a progress bar on a terminal."""

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
    command.set_defaults(run=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    from reader.cli.progress import ImportProgressBar

    with opened_library(args) as library, ImportProgressBar() as bar:
        summary = library.import_paths(list(args.paths), progress=bar.update)
    for source in summary.sources:
        print(source.line())
    for line in summary.state_lines:
        print(line)
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0
