"""`python -m benchmarks [--posts N] [--only PART] [--json FILE]`: the speed table with its targets.

Builds a seeded corpus (a Telegram JSON and an HTML export of N messages) in a temporary folder,
imports both, and measures how soon the posts are readable (against parsing alone), the linking of
translations, memory and the library's size, language detection against plain langdetect, store
queries, pairing, and the GUI in an offscreen subprocess. Prints one table; `--json FILE` also writes it as JSON.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.corpus import build_corpus
from benchmarks.gui import measure_gui
from benchmarks.parts import (
    State,
    Targets,
    import_store,
    measure_detection,
    measure_import,
    measure_pairing,
    measure_queries,
    store_import_rows,
)
from benchmarks.refresh import measure_refresh
from benchmarks.report import Row, format_table, machine, not_measured, write_json

PARTS = ("import", "detect", "pairing", "queries", "gui", "refresh")
NEEDS_STORE = {"pairing", "queries", "gui"}
DEFAULT_POSTS = 100_000
DEFAULT_COUNTERPART_LIMIT = 600.0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=DEFAULT_POSTS, help="messages in each export (default 100,000)")
    parser.add_argument("--only", choices=PARTS, action="append", help="run only this part (repeatable)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the table as JSON")
    parser.add_argument("--seed", type=int, default=20250710, help="corpus seed (the same seed, the same corpus)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build in DIR and keep it (corpus and stores)")
    parser.add_argument(
        "--counterpart-limit",
        type=float,
        default=DEFAULT_COUNTERPART_LIMIT,
        metavar="SECONDS",
        help="stop each import's counterpart search after this long and report its rate (0: no limit; default 600)",
    )
    return parser


def _log(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


def run(
    posts: int, parts: Sequence[str], seed: int, work: Path, counterpart_limit: float = DEFAULT_COUNTERPART_LIMIT
) -> tuple[list[Row], list[str]]:
    """Build the corpus in `work` and run the parts in order; returns rows and notes."""
    _log(f"building the corpus: {posts:,} messages, seed {seed}, in {work}")
    started = time.perf_counter()
    corpus = build_corpus(work / "corpus", posts, seed)
    _log(f"corpus ready in {time.perf_counter() - started:.1f} s from {', '.join(corpus.sources)}")
    state = State(corpus=corpus, work=work, targets=Targets.for_posts(posts), counterpart_limit=counterpart_limit)
    rows: list[Row] = []
    if "import" not in parts and NEEDS_STORE.intersection(parts):
        _log("importing the JSON export for the store-based parts")
        try:
            rows.extend(store_import_rows(state, import_store(state, "json")))
        except RuntimeError as error:
            state.notes.append(f"import for queries failed: {error}")
    steps: dict[str, Callable[[State], list[Row]]] = {
        "import": measure_import,
        "detect": measure_detection,
        "pairing": measure_pairing,
        "queries": measure_queries,
        "gui": measure_gui,
        "refresh": measure_refresh,
    }
    for part in PARTS:
        if part not in parts:
            continue
        _log(f"measuring {part}")
        try:
            rows.extend(steps[part](state))
        except Exception as error:  # one broken part must not hide the others' numbers
            rows.append(not_measured(part, "all", f"{type(error).__name__}: {error}"))
    notes = [
        f"corpus: {posts:,} messages per export from {', '.join(corpus.sources)}; {corpus.makeup.line()}",
        *state.notes,
    ]
    return rows, notes


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.posts < 10:
        build_parser().error("--posts must be at least 10")
    parts = tuple(args.only) if args.only else PARTS
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        work = args.keep
        if any(work.iterdir()):
            build_parser().error(f"--keep {work}: the folder must be empty")
    else:
        work = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    try:
        rows, notes = run(args.posts, parts, args.seed, work, args.counterpart_limit)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    info = machine()
    print(
        f"Bulletin Reader benchmark: {args.posts:,} posts; {info['cpu']}, {info['cores']} cores, "
        f"{info['memory_gb']} GB, Python {info['python']}; load average {load_before:.1f} at the start, "
        f"{info['load_average_1min']} at the end"
    )
    print(format_table(rows))
    for note in notes:
        print(f"note: {note}")
    if args.json:
        context = {"posts": args.posts, "seed": args.seed, "parts": list(parts), "notes": notes}
        write_json(args.json, rows, {**context, "load_average_at_start": round(load_before, 2)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
