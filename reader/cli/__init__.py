"""The command line: `bulletin-reader import|list|show|mark-read|bookmark|export-... [--json]`.

It calls the same operations and import service as the GUI and never needs a display. Problems of
the user's input print one line on stderr naming the file and the reason, and exit with status 2.
Each command group is a module; `main.COMMANDS` lists every command in the order `--help` shows.
"""

from reader.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
