"""The benchmark command runs end to end on a small corpus and reports every row (no timing asserts)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

EXPECTED_ROWS = {
    ("import JSON", "posts readable"),
    ("import JSON", "linking"),
    ("import JSON", "linking done"),
    ("import JSON", "peak memory"),
    ("import JSON", "library size / export"),
    ("import JSON", "parse-only throughput"),
    ("import JSON", "posts phase / parse-only time"),
    ("import JSON", "twins linked"),
    ("import HTML", "posts readable"),
    ("import HTML", "linking done"),
    ("import HTML", "twins linked"),
    ("import HTML", "peak memory"),
    ("import HTML", "library size"),
    ("import HTML", "parse-only throughput"),
    ("import HTML", "posts phase / parse-only time"),
    ("detect", "our detector"),
    ("detect", "plain langdetect"),
    ("detect", "speed-up over langdetect"),
    ("detect", "agreement with langdetect"),
    ("detect", "accuracy on labelled seed lines"),
    ("pairing", "in-post pairs"),
    ("pairing", "counterpart search per post"),
    ("queries", "list: all"),
    ("queries", "list: language ru"),
    ("queries", "list: unread"),
    ("queries", "list: 2022 only"),
    ("queries", "list: source"),
    ("queries", "search: cooperation"),
    ("queries", 'search: "foreign minister"'),
    ("gui", "start to first painted timeline"),
    ("gui", "filter change to repaint"),
    ("gui", "longest stall: search typed at 10 keys/s"),
    ("gui", "longest stall: mark all read"),
    ("gui", "peak memory"),
    ("refresh", "refresh 50 sources × 20 new posts, end to end"),
    ("refresh", "longest GUI stall during a refresh of 50 sources (F5)"),
}


@pytest.mark.slow
def test_bench_runs_and_reports_every_row(tmp_path: Path) -> None:
    report = tmp_path / "bench.json"
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--posts", "2000", "--json", str(report)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
        env=environment,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    document = json.loads(report.read_text(encoding="utf-8"))
    assert document["posts"] == 2000
    rows = {(row["part"], row["name"]): row for row in document["rows"]}
    assert set(rows) >= EXPECTED_ROWS, f"missing rows: {sorted(EXPECTED_ROWS - set(rows))}"
    # Every row is either measured against its target, informational, or says why it was not measured.
    for row in rows.values():
        assert row["status"] in ("PASS", "MISS", "info", "not measured"), row
        if row["status"] == "not measured":
            assert row["note"], row
        else:
            assert row["value"] is not None and row["value"] >= 0, row
    # The parts that need nothing but the store and the pipeline always produce numbers.
    for key in [key for key in EXPECTED_ROWS if key[0] in ("queries", "detect")]:
        assert rows[key]["status"] != "not measured", rows[key]
    # The printed table carries the same rows.
    for part, name in EXPECTED_ROWS:
        assert any(part in line and name in line for line in completed.stdout.splitlines()), (part, name)


def test_corpus_is_repeatable_and_mixed(tmp_path: Path) -> None:
    from benchmarks.corpus import build_corpus

    first = build_corpus(tmp_path / "a", 300, seed=5)
    second = build_corpus(tmp_path / "b", 300, seed=5)
    assert first.json_path.read_bytes() == second.json_path.read_bytes()
    assert [page.read_bytes() for page in first.html_pages] == [page.read_bytes() for page in second.html_pages]
    export = json.loads(first.json_path.read_text(encoding="utf-8"))
    messages = export["messages"]
    assert len(messages) == 300
    assert any("reactions" in message for message in messages)
    assert any("edited_unixtime" in message for message in messages)
    assert any(message.get("photo", "").startswith("(File not included") for message in messages)
    assert any(isinstance(message["text"], str) for message in messages)
    assert any(isinstance(message["text"], list) for message in messages)
    html = first.html_pages[0].read_text(encoding="utf-8")
    assert html.count('class="message default clearfix') == 300
    assert 'class="message default clearfix joined"' in html
    # some Russian posts are followed by their English translation, for the counterpart search to find
    assert first.makeup.twins
    by_id = {message["id"]: message for message in messages}
    assert all(int(by_id[ru]["date_unixtime"]) <= int(by_id[en]["date_unixtime"]) for ru, en in first.makeup.twins)


def test_a_queries_only_run_reports_the_library_size_it_searched(tmp_path: Path) -> None:
    report = tmp_path / "bench.json"
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--posts", "300", "--only", "queries", "--json", str(report)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
        env=environment,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    rows = {(row["part"], row["name"]): row for row in json.loads(report.read_text(encoding="utf-8"))["rows"]}
    size = rows[("import JSON", "library size / export")]
    assert size["status"] in ("PASS", "MISS") and 0 < size["value"] < 5, size
    assert "MB per 1,000 posts" in size["note"], size
