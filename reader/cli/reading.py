"""`list` and `show`: posts as text lines or JSON Lines."""

from __future__ import annotations

import argparse
import itertools
import json
from typing import TYPE_CHECKING

from reader.cli.common import UsageError, add_filter_arguments, filter_from_arguments, opened_library
from reader.export.records import record_to_dict
from reader.text.media_labels import describe as describe_media

if TYPE_CHECKING:
    from reader.cli.common import Commands


def add_list(commands: Commands) -> None:
    command = commands.add_parser("list", help="list posts, newest first")
    add_filter_arguments(command)
    command.add_argument("--limit", type=int, default=None, help="at most this many posts")
    command.add_argument("--json", action="store_true", help="JSON Lines, one object per post")
    command.set_defaults(run=cmd_list)


def add_show(commands: Commands) -> None:
    command = commands.add_parser("show", help="show one post")
    command.add_argument("post_id", metavar="POST_ID")
    command.add_argument("--json", action="store_true")
    command.set_defaults(run=cmd_show)


def cmd_list(args: argparse.Namespace) -> int:
    with opened_library(args) as library:
        records = library.store.records.iter_records(filter_from_arguments(args))
        if args.limit is not None:
            records = itertools.islice(records, args.limit)
        for record in records:
            if args.json:
                print(json.dumps(record_to_dict(record), ensure_ascii=False))
            else:
                post = record.post
                date = post.date.strftime("%Y-%m-%d") if post.date else "----------"
                marks = ("*" if record.state.bookmarked else " ") + (" " if record.state.read else "•")
                headline = post.title or next((p.text for p in post.passages if p.text.strip()), "")
                headline = headline or describe_media(post.media)  # "Photo ×3", "Poll: …"
                headline = " ".join(headline.split())  # one line per post, whatever breaks the title holds
                print(f"{marks} {date}  {'+'.join(post.languages) or '--':5}  {post.id}  {headline[:80]}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with opened_library(args) as library:
        record = library.store.records.get_record(args.post_id)
        if record is None:
            raise UsageError(f"{args.post_id}: no such post")
        if args.json:
            print(json.dumps(record_to_dict(record), ensure_ascii=False))
        else:
            post = record.post
            print(post.title or describe_media(post.media))
            when = record_to_dict(record)["date"] or "no date"  # the day alone when the source gives no time
            print(f"{post.source.title} · {'≈ ' if post.date_inferred else ''}{when} · {post.url or ''}")
            if post.forwarded_from:
                print(f"Forwarded from {post.forwarded_from}")
            if post.media and post.title:
                print(describe_media(post.media))
            print()
            for index, passage in enumerate(post.passages):
                if index == 0 and post.title and passage.text == post.title:
                    continue  # printed above as the title
                print(f"[{passage.lang or '--'}] {passage.labelled_text}")
    return 0
