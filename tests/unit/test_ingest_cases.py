"""Data-driven ingest cases: `tests/data/ingest/<case>.<ext>` (or a folder `<case>/`) beside `<case>.expected.json`.

One parametrised test reads every case through the registry, as `bulletin-reader import` does, and
compares what a user would see: the format picked, the source, each post's date, title, passages
(kind, text, speaker), media objects, forward/reply context, and the warnings of the import summary.
A post's keys that the expected file leaves out are not compared.

To add a case, put the input beside an expected file written by hand; `python -m
tests.unit.test_ingest_cases CASE` prints what the importers make of an input, to check by eye.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from reader.domain import Post
from reader.errors import ImportWarning
from reader.ingest.registry import expand

CASES_DIR = Path(__file__).resolve().parents[1] / "data" / "ingest"
SUFFIX = ".expected.json"


def _case_input(expected: Path) -> Path:
    name = expected.name[: -len(SUFFIX)]
    candidates = [path for path in expected.parent.iterdir() if path.name == name or path.name.startswith(name + ".")]
    inputs = [path for path in candidates if not path.name.endswith(SUFFIX)]
    assert len(inputs) == 1, f"{expected.name}: expected one input named {name}.<ext> or {name}/, found {inputs}"
    return inputs[0]


def _cases() -> list[Path]:
    return sorted(CASES_DIR.glob(f"*{SUFFIX}"))


def _post_view(post: Post) -> dict[str, Any]:
    view: dict[str, Any] = {
        "message_id": post.message_id,
        "date": post.date.isoformat() if post.date else None,
        "date_inferred": post.date_inferred,
        "title": post.title,
        "passages": [
            {
                "kind": str(passage.kind),
                "text": passage.text,
                **({"speaker": passage.speaker} if passage.speaker else {}),
            }
            for passage in post.passages
        ],
        "media": [item.to_dict() for item in post.media],
        "forwarded_from": post.forwarded_from,
        "reply_to": post.reply_to,
        "reactions": dict(post.reactions),
        "views": post.views,
        "place": post.place,
        "url": post.url,
    }
    return view


def run_case(path: Path) -> dict[str, Any]:
    """What the registry and the importer make of one input."""
    warnings: list[ImportWarning] = []
    units = list(expand([path]))
    assert len(units) == 1, f"{path.name}: one import unit expected, got {len(units)}"
    unit = units[0]
    posts = list(unit.importer.parse(unit.path, warnings))
    sources = {post.source.key: post.source for post in posts}
    return {
        "importer": unit.importer.name,
        "sources": [{"key": source.key, "title": source.title} for source in sources.values()],
        "posts": [_post_view(post) for post in posts],
        "warnings": [f"{warning.location}: {warning.message}" for warning in warnings],
    }


@pytest.mark.parametrize("expected_path", _cases(), ids=lambda path: path.name[: -len(SUFFIX)])
def test_ingest_case(expected_path: Path) -> None:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    actual = run_case(_case_input(expected_path))
    assert actual["importer"] == expected["importer"]
    if "sources" in expected:
        assert actual["sources"] == expected["sources"]
    assert len(actual["posts"]) == len(expected["posts"]), [post["message_id"] for post in actual["posts"]]
    for number, (got, want) in enumerate(zip(actual["posts"], expected["posts"], strict=True)):
        shown = {key: got[key] for key in want}
        assert shown == want, f"post {number} ({got['message_id']})"
    # Each expected warning is a piece of one actual warning, in order; no warning more or less.
    assert len(actual["warnings"]) == len(expected.get("warnings", [])), actual["warnings"]
    for got_warning, want_warning in zip(actual["warnings"], expected.get("warnings", []), strict=True):
        assert want_warning in got_warning


def test_every_case_has_its_input() -> None:
    cases = _cases()
    assert cases, "no ingest cases found"
    for expected in cases:
        assert _case_input(expected).exists()


if __name__ == "__main__":  # pragma: no cover - a helper to look at a new input
    for name in sys.argv[1:]:
        path = CASES_DIR / name if (CASES_DIR / name).exists() else Path(name)
        result = run_case(path)
        for post in result["posts"]:  # the defaults would only clutter a hand-written expectation
            for key, empty in (("date_inferred", False), ("reactions", {}), ("views", None), ("place", None)):
                if post.get(key) == empty:
                    del post[key]
            for key in ("forwarded_from", "reply_to", "url"):
                if post.get(key) is None:
                    del post[key]
        print(json.dumps(result, ensure_ascii=False, indent=1))
