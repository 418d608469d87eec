"""A text file that no format claims but that is clearly text: one document post; binary is still refused."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.errors import ImportWarning, InputError
from reader.ingest.registry import importer_for_file


def test_undated_text_becomes_one_post_with_an_inferred_date(tmp_path: Path) -> None:
    path = tmp_path / "memo.txt"
    path.write_text("Notes from the briefing\nThe spokeswoman answered questions on energy.\n", encoding="utf-8")
    os.utime(path, (1741255200, 1741255200))
    importer = importer_for_file(path)
    assert importer.name == "document"
    warnings: list[ImportWarning] = []
    (post,) = importer.parse(path, warnings)
    assert post.title == "Notes from the briefing"
    assert post.text == "Notes from the briefing\nThe spokeswoman answered questions on energy."
    assert post.date == datetime(2025, 3, 6, 10, 0, tzinfo=UTC) and post.date_inferred
    assert [warning.message for warning in warnings] == ["no date in the opening lines: the file's date is used"]


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 8,  # binary
        b'{"name": "Channel", "type": "public_channel", "messages": [{"id": 1, "text": "cut',  # truncated JSON
        b"1234 5678 9012 3456 7890 ;;; 1111 2222 3333 4444",  # no words
    ],
)
def test_what_is_not_clearly_text_is_still_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    try:
        importer = importer_for_file(path)
    except InputError:
        return
    # Some other importer may claim it (the truncated JSON is Telegram's); then it must fail on reading.
    assert importer.name != "document"
    with pytest.raises(InputError):
        list(importer.parse(path, []))
