"""`rename-source SOURCE NAME`: the user's name for a source, kept by later imports."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from reader import operations
from reader.cli.common import opened_library

if TYPE_CHECKING:
    from reader.cli.common import Commands


def add_rename_source(commands: Commands) -> None:
    command = commands.add_parser("rename-source", help="give a source a name of your own (kept by later imports)")
    command.add_argument("source", metavar="SOURCE", help="the source's key or its current name")
    command.add_argument("name", metavar="NAME")
    command.set_defaults(run=cmd_rename_source)


def cmd_rename_source(args: argparse.Namespace) -> int:
    with opened_library(args) as library:
        source = operations.find_source(library.store, args.source)
        operations.rename_source(library.store, source.key, args.name)
        title = operations.find_source(library.store, source.key).title
    print(f"{source.key}: {title}")
    return 0
