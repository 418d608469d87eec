"""The command-line contract that users' scripts rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "resources" / "samples"
DUMP = SAMPLES / "000_a6b2ee9f8e8f0532.txt"
STATEMENT = SAMPLES / "002_102eb12058e9e2cd.txt"


def run(data_dir: Path, *arguments: str | Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    environment.pop("BULLETIN_READER_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(data_dir), *map(str, arguments)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=environment,
        timeout=120,
    )


def posts(data_dir: Path, *filters: str) -> list[dict[str, object]]:
    result = run(data_dir, "list", "--json", *filters)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def library_bytes(data_dir: Path) -> bytes:
    """The library's content as SQLite sees it, to check that a failed command changed nothing."""
    dump = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print('\\n'.join(c.iterdump()))",
            str(data_dir / "library.sqlite3"),
        ],
        capture_output=True,
        check=True,
    )
    return dump.stdout


def test_import_prints_a_summary_line_per_source(data_dir: Path) -> None:
    result = run(data_dir, "import", DUMP, STATEMENT)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    assert "new" in lines[0] and "000_a6b2ee9f8e8f0532" in lines[0]


def test_list_json_has_the_contract_fields_newest_first(data_dir: Path) -> None:
    assert run(data_dir, "import", SAMPLES).returncode == 0
    listed = posts(data_dir)
    assert len(listed) >= 12
    required = {
        "id",
        "source",
        "url",
        "date",
        "date_inferred",
        "title",
        "languages",
        "topics",
        "hashtags",
        "reactions",
        "media",
        "read",
        "bookmarked",
        "note",
        "passages",
        "pairs",
        "counterparts",
    }
    for item in listed:
        assert required <= item.keys()
    dates = [item["date"] for item in listed if item["date"]]
    assert dates == sorted(dates, reverse=True)
    with_text = [item for item in listed if item["passages"]]
    passage = with_text[0]["passages"][0]  # type: ignore[index]
    assert {"index", "lang", "kind", "text"} <= passage.keys()


def test_reimport_adds_nothing_and_keeps_state(data_dir: Path) -> None:
    assert run(data_dir, "import", DUMP).returncode == 0
    first = posts(data_dir)
    chosen = str(first[0]["id"])
    assert run(data_dir, "mark-read", chosen).returncode == 0
    assert run(data_dir, "bookmark", chosen, "--note", "brief the desk").returncode == 0
    again = run(data_dir, "import", DUMP)
    assert again.returncode == 0 and " 0 new" in again.stdout
    second = posts(data_dir)
    assert [item["id"] for item in second] == [item["id"] for item in first]
    shown = run(data_dir, "show", chosen, "--json")
    record = json.loads(shown.stdout)
    assert record["read"] is True and record["bookmarked"] is True and record["note"] == "brief the desk"


def test_filters(data_dir: Path) -> None:
    assert run(data_dir, "import", SAMPLES).returncode == 0
    russian = posts(data_dir, "--lang", "ru")
    assert russian and all("ru" in item["languages"] for item in russian)  # type: ignore[operator]
    asean = posts(data_dir, "--topic", "ASEAN")
    assert asean and all("ASEAN" in item["topics"] for item in asean)  # type: ignore[operator]
    chosen = str(asean[0]["id"])
    run(data_dir, "mark-read", chosen)
    assert chosen not in {item["id"] for item in posts(data_dir, "--unread")}
    run(data_dir, "bookmark", chosen)
    assert [item["id"] for item in posts(data_dir, "--bookmarked")] == [chosen]
    july = posts(data_dir, "--since", "2025-07-15", "--until", "2025-07-16")
    assert july and all(str(item["date"]).startswith("2025-07-15") for item in july)
    assert posts(data_dir, "--search", "summit")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("binary.bin", bytes(range(256)) * 64),
        ("truncated.json", b'{"name": "MFA", "type": "public_channel", "id": 1, "messages": [{"id": 1, "type": "mes'),
        ("empty.txt", b""),
    ],
)
def test_bad_input_is_one_clear_line_and_changes_nothing(
    data_dir: Path, tmp_path: Path, name: str, content: bytes
) -> None:
    assert run(data_dir, "import", DUMP).returncode == 0
    before = library_bytes(data_dir)
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run(data_dir, "import", STATEMENT, bad)
    assert result.returncode == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and name in message and "Traceback" not in message
    assert library_bytes(data_dir) == before


def test_unknown_post_and_missing_file_exit_2(data_dir: Path) -> None:
    assert run(data_dir, "show", "nope/1").returncode == 2
    result = run(data_dir, "import", data_dir / "missing.json")
    assert result.returncode == 2 and "missing.json" in result.stderr


def test_environment_variable_selects_the_data_folder(data_dir: Path) -> None:
    environment = {**os.environ, "BULLETIN_READER_DATA_DIR": str(data_dir)}
    subprocess.run(
        [sys.executable, "-m", "reader", "import", str(DUMP)],
        cwd=REPO,
        env=environment,
        check=True,
        capture_output=True,
    )
    assert (data_dir / "library.sqlite3").exists()


def test_version() -> None:
    result = subprocess.run([sys.executable, "-m", "reader", "--version"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0 and result.stdout.startswith("bulletin-reader ")


def test_import_of_a_telegram_export_reports_what_it_read_per_kind(data_dir: Path) -> None:
    export = REPO / "tests" / "data" / "ingest" / "tg_kinds_html"
    result = run(data_dir, "import", export)
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    # 21 messages, one of them the second photo of an album folded into the first.
    assert "20 posts: 2 poll, 2 video, 2 text, 2 photo, 1 location," in line
    assert "1 unknown" in line and "message 17: a message of an unknown kind" in result.stderr
    listed = {post["id"]: post for post in posts(data_dir)}
    poll = listed["tg:Канал «Вести»/1"]
    assert poll["media"] == [{"kind": "poll", "available": True, "name": "Какие у вас планы на выходные?"}]
    video = listed["tg:Канал «Вести»/7"]
    assert video["media"] == [{"kind": "video", "available": False, "size": 11010048, "duration": 14}]


def test_show_labels_each_turn_of_seed_002_once(data_dir: Path) -> None:
    assert run(data_dir, "import", STATEMENT).returncode == 0
    (post,) = posts(data_dir)
    shown = run(data_dir, "show", str(post["id"]))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.count("Question:") == 6
    assert shown.stdout.count("Sergey Lavrov:") == 6


def test_list_gives_day_only_dates_and_hides_empty_posts(data_dir: Path) -> None:
    assert run(data_dir, "import", DUMP).returncode == 0
    everything = posts(data_dir)
    assert all(len(str(post["date"])) == 10 for post in everything if post["date"])  # YYYY-MM-DD
    shown = posts(data_dir, "--hide-empty")
    assert len(everything) - len(shown) == 2  # the dump's two "Please open Telegram" widget posts
    assert all(post["media"] == [{"kind": "unknown", "available": False}] for post in everything if post not in shown)


def test_rename_source_names_it_in_show_and_keeps_it_across_imports(data_dir: Path) -> None:
    assert run(data_dir, "import", STATEMENT).returncode == 0
    post = posts(data_dir)[0]
    result = run(data_dir, "rename-source", str(post["source"]), "Embassy statements")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(": Embassy statements\n")
    assert run(data_dir, "import", STATEMENT).returncode == 0
    shown = run(data_dir, "show", str(post["id"]))
    assert shown.stdout.splitlines()[1].startswith("Embassy statements · ")
    missing = run(data_dir, "rename-source", "no-such-source", "X")
    assert (missing.returncode, missing.stderr) == (2, "bulletin-reader: no-such-source: no such source\n")
