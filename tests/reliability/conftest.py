"""Reliability tests: crash safety, damaged stores, hostile input, no remote content.

`--fuzz-long` (declared in tests/conftest.py) raises the hypothesis budget of the fuzz tests from
a few hundred cases in total (what CI runs) to 10,000. The fuzz tests take their share of the
budget from the `fuzz_budget` fixture, and the number of cases run is printed at the end.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reader.domain import PostState
from reader.store import PostFilter, Store

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES_DIR = REPO_ROOT / "resources" / "samples"


def run_cli(data_dir: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`bulletin-reader --data-dir DATA_DIR ARGUMENTS` in a fresh interpreter, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "reader.cli", "--data-dir", str(data_dir), *arguments],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def library_contents(data_dir: Path) -> tuple[set[str], dict[str, PostState]]:
    """The post ids and user state of a library, after checking the database's integrity."""
    store = Store.open(data_dir)
    try:
        assert store.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return set(store.timeline.post_ids(PostFilter())), dict(store.state.iter_states())
    finally:
        store.close()


CI_TOTAL_CASES = 360
LONG_TOTAL_CASES = 10_000

# Each fuzz test's weight in the total; the shares add up to the budget.
FUZZ_WEIGHTS: dict[str, int] = {
    "telegram_json_mutations": 3,
    "telegram_json_wrong_types": 3,
    "json_deep_nesting": 1,
    "text_mutations": 2,
    "html_mutations": 2,
    "html_hostile": 1,
    "zip_member_names": 1,
    "any_bytes": 2,
    "library_import": 1,
}


@dataclass
class FuzzBudget:
    """How many hypothesis examples each fuzz test may run, and how many were run."""

    total: int
    long: bool
    ran: dict[str, int] = field(default_factory=dict)

    def share(self, name: str) -> int:
        weight = FUZZ_WEIGHTS[name]
        return max(1, self.total * weight // sum(FUZZ_WEIGHTS.values()))

    def count(self, name: str) -> None:
        self.ran[name] = self.ran.get(name, 0) + 1


_BUDGET_KEY = pytest.StashKey[FuzzBudget]()


def pytest_configure(config: pytest.Config) -> None:
    long = bool(config.getoption("--fuzz-long", default=False))
    config.stash[_BUDGET_KEY] = FuzzBudget(LONG_TOTAL_CASES if long else CI_TOTAL_CASES, long)


@pytest.fixture(scope="session")
def fuzz_budget(pytestconfig: pytest.Config) -> FuzzBudget:
    return pytestconfig.stash[_BUDGET_KEY]


_NOTES_KEY = pytest.StashKey[list[str]]()


@pytest.fixture(scope="session")
def reliability_notes(pytestconfig: pytest.Config) -> list[str]:
    """Lines a test wants in the session summary (e.g. the crash-trial outcomes)."""
    return pytestconfig.stash.setdefault(_NOTES_KEY, [])


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    for note in config.stash.get(_NOTES_KEY, []):
        terminalreporter.write_line(f"reliability: {note}")
    budget = config.stash.get(_BUDGET_KEY, None)
    if budget is None or not budget.ran:
        return
    parts = ", ".join(f"{name} {count}" for name, count in sorted(budget.ran.items()))
    terminalreporter.write_line(f"reliability fuzz: {sum(budget.ran.values())} cases run ({parts})")


# ------------------------------------------------------------------------------------------ test inputs

TelegramExportWriter = Callable[..., Path]


def _sample_paragraphs() -> list[str]:
    paragraphs: list[str] = []
    for path in sorted(SAMPLES_DIR.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if len(line.strip()) >= 40:
                paragraphs.append(line.strip())
    return paragraphs


@pytest.fixture(scope="session")
def write_telegram_export() -> TelegramExportWriter:
    """A writer of seeded Telegram Desktop JSON exports built from the bundled sample paragraphs.

    `write_telegram_export(path, count, channel_id=..., first_id=..., seed=...)` writes one public
    channel with `count` messages (text as a plain string or an entity list, as real exports do)
    and returns the path. The same arguments always give the same file.
    """
    paragraphs = _sample_paragraphs()
    assert paragraphs, f"no sample paragraphs in {SAMPLES_DIR}"

    def write(path: Path, count: int, *, channel_id: int = 1700000001, first_id: int = 1, seed: int = 1) -> Path:
        rng = random.Random(seed)
        name = f"Reliability channel {channel_id}"
        messages = []
        moment = 1_700_000_000
        for number in range(count):
            moment += rng.randint(60, 7200)
            body = "\n\n".join(rng.sample(paragraphs, rng.randint(1, 3)))
            text: object = body
            entities = [{"type": "plain", "text": body}]
            if number % 3 == 0:
                title = f"Statement {number} on #ASEAN"
                text = [{"type": "bold", "text": title}, "\n" + body]
                entities = [{"type": "bold", "text": title}, {"type": "plain", "text": "\n" + body}]
            messages.append(
                {
                    "id": first_id + number,
                    "type": "message",
                    "date": "2023-11-14T22:13:20",
                    "date_unixtime": str(moment),
                    "from": name,
                    "from_id": f"channel{channel_id}",
                    "text": text,
                    "text_entities": entities,
                }
            )
        document = {"name": name, "type": "public_channel", "id": channel_id, "messages": messages}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        return path

    return write
