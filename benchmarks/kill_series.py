"""SIGKILL series: commands killed at random moments, then the library and the user's state checked.

    python -m benchmarks.kill_series [--imports 30] [--merges 10] [--exports 10] [--recoveries 10]

Each trial copies a prepared library, starts one command in a subprocess, kills it after a seeded
random delay spread over the command's own uninterrupted run (timed once per kind), runs the next
command as a user would (which finishes what can be finished: a repair, the cleaning of leftovers),
and counts:

- corrupt libraries: a file that fails SQLite's integrity_check, or one moved aside as damaged
  when it was not damaged before the kill;
- half-written results: an import with some but not all of its posts, a state merge with some but
  not all of its changes, an export file that exists but is not the whole export;
- state rows lost: rows the user had before the kill (or that a finished repair brings back) missing
  or older afterwards.

Imports alternate between a Telegram JSON export and an HTML export of the same messages; merges are
`import-state` of a file touching every post; exports are `export-bookmarks --format json`; recoveries
are `list` on a library whose content file was cut in half (the repair salvages thousands of rows).
The tests run a short series of their own (tests/reliability/test_crash_safety.py); this is the long one.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.corpus import load_pools, write_html_export, write_json_export
from reader.domain import PostState
from reader.store import PostFilter, Store
from reader.store.db import DATABASE_NAME, STATE_DATABASE_NAME

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED = 20261207


@dataclass
class Tally:
    kind: str
    trials: int = 0
    killed_running: int = 0
    corrupt: int = 0
    half_written: int = 0
    rows_lost: int = 0
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.kind}: {self.trials} kills ({self.killed_running} while running), {self.corrupt} corrupt "
            f"libraries, {self.half_written} half-written results, {self.rows_lost} state rows lost"
        )


def cli(data_dir: Path, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "reader.cli", "--data-dir", str(data_dir), *arguments]


def run(data_dir: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, PYTHONPATH=str(REPO_ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        cli(data_dir, *arguments), cwd=REPO_ROOT, env=environment, capture_output=True, text=True, check=False
    )


def timed(data_dir: Path, *arguments: str) -> float:
    started = time.monotonic()
    result = run(data_dir, *arguments)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(arguments)} failed: {result.stderr}")
    return time.monotonic() - started


def kill_after(data_dir: Path, delay: float, *arguments: str) -> bool:
    """Start the command, SIGKILL it after `delay` seconds; True when it was still running."""
    environment = dict(os.environ, PYTHONPATH=str(REPO_ROOT), QT_QPA_PLATFORM="offscreen")
    process = subprocess.Popen(
        cli(data_dir, *arguments), cwd=REPO_ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(delay)
    running = process.poll() is None
    if running:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    return running


def repair_began(data_dir: Path) -> bool:
    return any((data_dir / "recovering").glob("salvage-*"))


def timed_repair(data_dir: Path, *arguments: str) -> float:
    """Seconds from the moment the repair writes its salvage to the end of the command."""
    environment = dict(os.environ, PYTHONPATH=str(REPO_ROOT), QT_QPA_PLATFORM="offscreen")
    process = subprocess.Popen(
        cli(data_dir, *arguments), cwd=REPO_ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    while not repair_began(data_dir) and process.poll() is None:
        time.sleep(0.002)
    began = time.monotonic()
    process.wait(timeout=600)
    return time.monotonic() - began


def kill_during_repair(data_dir: Path, delay: float, *arguments: str) -> bool:
    """Start the command, SIGKILL it `delay` seconds after its repair began; True when it was still running."""
    environment = dict(os.environ, PYTHONPATH=str(REPO_ROOT), QT_QPA_PLATFORM="offscreen")
    process = subprocess.Popen(
        cli(data_dir, *arguments), cwd=REPO_ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    while not repair_began(data_dir) and process.poll() is None:
        time.sleep(0.002)
    time.sleep(delay)
    running = process.poll() is None
    if running:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    return running


def integrity_ok(data_dir: Path) -> bool:
    for name in (DATABASE_NAME, STATE_DATABASE_NAME):
        path = data_dir / name
        with contextlib.closing(sqlite3.connect(path)) as connection:
            if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                return False
    return True


def contents(data_dir: Path) -> tuple[set[str], dict[str, PostState]]:
    store = Store.open(data_dir)
    try:
        return set(store.timeline.post_ids(PostFilter())), dict(store.state.iter_states())
    finally:
        store.close()


def lost_rows(before: dict[str, PostState], after: dict[str, PostState]) -> int:
    """Rows the user had that are gone or hold an older change of some field."""
    lost = 0
    for post_id, state in before.items():
        now = after.get(post_id)
        if now is None:
            lost += 1
            continue
        for at in ("read_at", "bookmarked_at", "note_at", "tags_at"):
            mine, theirs = getattr(state, at), getattr(now, at)
            if mine is not None and (theirs is None or theirs < mine):
                lost += 1
                break
    return lost


def prepare_library(root: Path, messages: int) -> tuple[Path, Path, Path]:
    """A library of `messages` posts with state on most of them, and the two big exports to import."""
    pools = load_pools()
    base_export = write_json_export(root / "base", messages, SEED, pools)
    big_json = write_json_export(root / "big-json", messages * 2, SEED + 1, pools)
    write_html_export(root / "big-html", messages * 2, SEED + 1, pools)
    library = root / "library"
    timed(library, "import", "--no-link", str(base_export))
    store = Store.open(library)
    try:
        ids = sorted(store.timeline.post_ids(PostFilter()))
        store.state.set_read(ids[: len(ids) * 2 // 3], at=1_700_000_100.0)
        store.state.set_bookmarked(ids[::3], note="заметка / note", at=1_700_000_200.0)
        for post_id in ids[::7]:
            store.state.set_tags(post_id, ["brief", "ASEAN"], at=1_700_000_300.0)
    finally:
        store.close()
    timed(library, "list", "--unread")  # the day's backup
    return library, big_json, root / "big-html"


def trial_copy(library: Path, root: Path, name: str) -> Path:
    target = root / name
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(library, target)
    return target


def series(
    tally: Tally,
    count: int,
    root: Path,
    rng: random.Random,
    prepare: Callable[[Path], None],
    arguments: Callable[[int], tuple[str, ...]],
    check: Callable[[Path, int], None],
    library: Path,
    earliest: float = 0.0,
) -> None:
    reference = trial_copy(library, root, f"{tally.kind}-timing")
    prepare(reference)
    seconds = [timed(reference, *arguments(index)) for index in range(min(2, count))]
    for index in range(count):
        data_dir = trial_copy(library, root, f"{tally.kind}-trial")
        prepare(data_dir)
        delay = rng.uniform(earliest, max(earliest, seconds[index % len(seconds)] * 1.05))
        tally.trials += 1
        tally.killed_running += kill_after(data_dir, delay, *arguments(index))
        check(data_dir, index)


def import_series(count: int, root: Path, rng: random.Random, library: Path, exports: tuple[Path, Path]) -> Tally:
    tally = Tally("imports (JSON and HTML)")
    before_ids, before_states = contents(library)
    new_ids = []
    for number, export in enumerate(exports):
        reference = trial_copy(library, root, f"import-reference-{number}")
        timed(reference, "import", "--no-link", str(export))
        new_ids.append(contents(reference)[0] - before_ids)

    def check(data_dir: Path, index: int) -> None:
        after = run(data_dir, "list", "--unread")  # the next command, as a user would run it
        if "damaged" in after.stderr or not integrity_ok(data_dir):
            tally.corrupt += 1
        ids, states = contents(data_dir)
        if (ids - before_ids) not in (set(), new_ids[index % 2]):
            tally.half_written += 1
            tally.notes.append(f"trial {index}: {len(ids - before_ids)} of {len(new_ids[index % 2])} posts")
        tally.rows_lost += lost_rows(before_states, states)

    series(
        tally,
        count,
        root,
        rng,
        lambda _data_dir: None,
        lambda index: ("import", "--no-link", str(exports[index % 2])),
        check,
        library,
    )
    return tally


def merge_series(count: int, root: Path, rng: random.Random, library: Path) -> Tally:
    tally = Tally("import-state merges")
    ids, before_states = contents(library)
    state_file = root / "merge-state.json"
    posts = {
        post_id: {"read": {"value": True, "at": 1_750_000_000.0}, "note": {"value": f"merged {post_id}", "at": 1.75e9}}
        for post_id in sorted(ids)
    }
    state_file.write_text(json.dumps({"format": "bulletin-reader-state", "version": 1, "posts": posts}))
    reference = trial_copy(library, root, "merge-reference")
    timed(reference, "import-state", str(state_file))
    merged_states = contents(reference)[1]

    def check(data_dir: Path, index: int) -> None:
        after = run(data_dir, "list", "--unread")
        if "damaged" in after.stderr or not integrity_ok(data_dir):
            tally.corrupt += 1
        states = contents(data_dir)[1]
        if states not in (before_states, merged_states):
            tally.half_written += 1
        tally.rows_lost += lost_rows(before_states, states)

    series(
        tally,
        count,
        root,
        rng,
        lambda _data_dir: None,
        lambda _index: ("import-state", str(state_file)),
        check,
        library,
    )
    return tally


def export_series(count: int, root: Path, rng: random.Random, library: Path) -> Tally:
    tally = Tally("exports")
    _ids, before_states = contents(library)
    reference = trial_copy(library, root, "export-reference")
    whole = root / "export-reference.json"
    timed(reference, "export-bookmarks", "--format", "json", "-o", str(whole))
    expected = json.loads(whole.read_text(encoding="utf-8"))

    def check(data_dir: Path, index: int) -> None:
        target = root / "export.json"
        if not integrity_ok(data_dir):
            tally.corrupt += 1
        if target.exists():  # the export finished before the kill: it must be whole
            try:
                document = json.loads(target.read_text(encoding="utf-8"))
            except ValueError:
                document = None
            if document is None or document.get("posts") != expected.get("posts"):
                tally.half_written += 1
            target.unlink()
        # The next export to the same place clears what the killed one left behind.
        again = run(data_dir, "export-bookmarks", "--format", "json", "-o", str(target))
        leftovers = list(root.glob(".export.json*"))
        if again.returncode != 0 or leftovers:
            tally.half_written += 1
            tally.notes.append(f"trial {index}: {again.stderr.strip()} left behind: {leftovers}")
            for path in leftovers:
                path.unlink()
        target.unlink(missing_ok=True)
        tally.rows_lost += lost_rows(before_states, contents(data_dir)[1])

    series(
        tally,
        count,
        root,
        rng,
        lambda _data_dir: None,
        lambda _index: ("export-bookmarks", "--format", "json", "--force", "-o", str(root / "export.json")),
        check,
        library,
    )
    return tally


def _cut_content(data_dir: Path) -> None:
    database = data_dir / DATABASE_NAME
    data = database.read_bytes()
    database.write_bytes(data[: len(data) // 2])


def recovery_series(count: int, root: Path, rng: random.Random, library: Path) -> Tally:
    tally = Tally("recoveries")
    reference = trial_copy(library, root, "recovery-reference")
    _cut_content(reference)
    timed(reference, "list", "--unread")
    expected = contents(reference)[1]

    phases: dict[str, int] = {}

    def check(data_dir: Path, index: int) -> None:
        phase = _recovery_phase(data_dir)
        phases[phase] = phases.get(phase, 0) + 1
        finish = run(data_dir, "list", "--unread")  # repairs, or finishes the interrupted repair
        if finish.returncode != 0 or not integrity_ok(data_dir):
            tally.corrupt += 1
        states = contents(data_dir)[1]
        tally.rows_lost += lost_rows(expected, states)
        if list((data_dir / "recovering").glob("salvage-*")):
            tally.half_written += 1  # a salvage the finished repair did not merge and clear

    # The kills aim at the repair itself: from the moment its salvage file appears to the command's end.
    timing = trial_copy(library, root, "recovery-timing")
    _cut_content(timing)
    seconds = timed_repair(timing, "list", "--unread")
    for index in range(count):
        data_dir = trial_copy(library, root, "recovery-trial")
        _cut_content(data_dir)
        tally.trials += 1
        tally.killed_running += kill_during_repair(data_dir, rng.uniform(0.0, seconds), "list", "--unread")
        check(data_dir, index)
    tally.notes.append("killed " + ", ".join(f"{phase}: {number}" for phase, number in sorted(phases.items())))
    return tally


def _recovery_phase(data_dir: Path) -> str:
    """How far the killed repair got, from what it left in the data folder."""
    journals = [path.name for path in (data_dir / "recovering").glob("salvage-*")]
    if any(name.endswith(".part") for name in journals):
        return "while salvaging"
    if journals:
        return "after the salvage (moving or merging)"
    if list(data_dir.glob(f"{DATABASE_NAME}.damaged-*")):
        return "after the repair"
    return "before the repair began"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.kill_series", description=__doc__.split("\n")[0])
    parser.add_argument("--imports", type=int, default=30)
    parser.add_argument("--merges", type=int, default=10)
    parser.add_argument("--exports", type=int, default=10)
    parser.add_argument("--recoveries", type=int, default=10)
    parser.add_argument("--messages", type=int, default=2000, help="posts of the prepared library")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="kill-series-") as folder:
        root = Path(folder)
        library, big_json, big_html = prepare_library(root, args.messages)
        runs: list[Callable[[], Tally]] = [
            lambda: import_series(args.imports, root, rng, library, (big_json, big_html)),
            lambda: merge_series(args.merges, root, rng, library),
            lambda: export_series(args.exports, root, rng, library),
            lambda: recovery_series(args.recoveries, root, rng, library),
        ]
        tallies = []
        for series_run in runs:
            tally = series_run()
            tallies.append(tally)
            print(tally.line(), flush=True)
            for note in tally.notes:
                print(f"  {note}", flush=True)
    failed = any(tally.corrupt or tally.half_written or tally.rows_lost for tally in tallies)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
