"""The parser over every command, and `main`: run one command, turn problems into one line and exit 2."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from reader import __version__
from reader.cli import backup, export, follow, importing, pairs, reading, sources, state
from reader.cli.common import EXIT_USAGE
from reader.errors import ReaderError
from reader.paths import resolve_data_dir
from reader.store import QuerySyntaxError

if TYPE_CHECKING:
    from reader.cli.common import Commands


def add_gui(commands: Commands) -> None:
    command = commands.add_parser("gui", help="start the desktop app (the default)")
    command.set_defaults(run=cmd_gui)


def cmd_gui(args: argparse.Namespace) -> int:
    from reader.app import main as gui_main

    return gui_main(args.data_dir, list(getattr(args, "qt_arguments", [])))


# Every command, in the order `--help` lists them.
COMMANDS: tuple[Callable[[Commands], None], ...] = (
    importing.add_import,
    importing.add_link,
    reading.add_list,
    reading.add_show,
    state.add_mark,
    state.add_bookmark,
    follow.add_subscribe,
    follow.add_sources,
    follow.add_refresh,
    follow.add_set_interval,
    follow.add_unsubscribe,
    sources.add_rename_source,
    add_gui,
    export.add_export_bookmarks,
    backup.add_export_state,
    backup.add_import_state,
    backup.add_check,
    state.add_note,
    state.add_tag,
    pairs.add_export_pairs,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bulletin-reader",
        description="Read Russian and English ministry bulletins offline: import, list, bookmark, export.",
    )
    parser.add_argument("--version", action="version", version=f"bulletin-reader {__version__}")
    parser.add_argument("--data-dir", help="library folder (default: $BULLETIN_READER_DATA_DIR or the app-data folder)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in COMMANDS:
        add(commands)
    return parser


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
    except UnicodeEncodeError:
        # An argument with bytes that are not UTF-8 (Python keeps them as lone surrogates) reached SQLite.
        print("bulletin-reader: an argument is not valid text (it holds bytes that are not UTF-8)", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("bulletin-reader: interrupted; nothing was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `bulletin-reader list | head` closed the pipe: not an error; keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
