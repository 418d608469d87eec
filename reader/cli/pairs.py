"""`export-pairs`: paired Russian–English passages for translators' tools (TMX 1.4 or TSV).

export-pairs --format tmx|tsv -o FILE [--confirmed-only] [--force] [filters as in list]
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from reader.align.aligner import pair_posts
from reader.align.pairs_export import PairItem, write_tmx, write_tsv
from reader.cli.common import UsageError, add_filter_arguments, filter_from_arguments, opened_library
from reader.domain import apply_pair_decisions
from reader.errors import ExportError
from reader.store import PostFilter, Store

if TYPE_CHECKING:
    from reader.cli.common import Commands

Decisions = dict[tuple[str, str], dict[tuple[tuple[int, ...], tuple[int, ...]], str]]


def add_export_pairs(commands: Commands) -> None:
    command = commands.add_parser(
        "export-pairs",
        help="export paired Russian and English passages as TMX 1.4 or TSV",
        description="Write every Russian passage with its English counterpart - inside bilingual posts and "
        "across a Russian post and its English version - for translation-memory tools.",
    )
    command.add_argument("--format", required=True, choices=["tmx", "tsv"])
    command.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    command.add_argument("--confirmed-only", action="store_true", help="only pairs you confirmed in the reader")
    command.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    add_filter_arguments(command)
    command.set_defaults(run=cmd_export_pairs)


def paired_items(store: Store, post_filter: PostFilter) -> Iterator[PairItem]:
    """In-post pairs of bilingual posts, and passage pairs of each Russian post with its English version.

    The user's confirmed and rejected cross-post pairs replace the aligner's; each pair of posts is
    written once, from its Russian side.
    """
    cross = _cross_post_decisions(store)
    for record in store.records.iter_records(post_filter):
        post = record.post
        if post.pairs:
            yield post, post.pairs
        if not record.counterparts or not post.languages or post.languages[0] != "ru":
            continue
        best = record.counterparts[0]
        english = store.records.get_record(best.post_id)
        if english is None:
            continue
        pairs = pair_posts(post, english.post)
        decisions = cross.get((post.id, english.post.id), {})
        yield post, apply_pair_decisions(pairs, decisions), english.post


def _cross_post_decisions(store: Store) -> Decisions:
    found: Decisions = {}
    for post_id, other_id, ru, en, decision, _when in store.pairs.iter_pair_decisions():
        if other_id:
            found.setdefault((post_id, other_id), {})[(ru, en)] = decision
    return found


def cmd_export_pairs(args: argparse.Namespace) -> int:
    output: Path = args.output
    if output.exists() and not args.force:
        raise UsageError(f"{output}: the file exists; add --force to overwrite it")
    with opened_library(args) as library:
        items = list(paired_items(library.store, filter_from_arguments(args)))
        writer = write_tmx if args.format == "tmx" else write_tsv
        try:
            count = writer(output, items, confirmed_only=args.confirmed_only)
        except OSError as error:
            raise ExportError(f"{output}: cannot be written ({error.strerror or error})") from error
    print(f"exported {count} passage pairs to {output}")
    return 0
