"""CSV dumps of channel posts: a header naming text and date columns, in any order."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import ImportWarning, InputError
from reader.ingest.registry import importer_for_file

MFA_CSV = Path(__file__).resolve().parents[3] / "shared" / "data" / "mfa-posts" / "mfa_telegram.csv"


@pytest.mark.skipif(not MFA_CSV.exists(), reason="../shared/data/mfa-posts is not beside the checkout")
def test_the_mfa_dump_imports_as_505_posts_with_dates_and_links() -> None:
    importer = importer_for_file(MFA_CSV)
    assert importer.name == "csv-dump"
    warnings: list[ImportWarning] = []
    posts = list(importer.parse(MFA_CSV, warnings))
    assert len(posts) == 505 and not warnings
    assert all(post.date is not None for post in posts)
    assert len({post.id for post in posts}) == 505
    first = posts[0]
    assert (
        first.message_id == "28614" and first.date is not None and first.date.isoformat() == "2026-03-09T08:04:57+00:00"
    )
    assert first.views == 5370 and [m.kind.value for m in first.media] == ["photo"]
    linked = [post for post in posts if any(passage.links for passage in post.passages)]
    assert len(linked) > 400
    urls = [link.url for passage in first.passages for link in passage.links]
    assert urls[0].startswith("https://mid.ru/upload/") and not any(url.startswith("?") for url in urls)


def test_a_table_without_text_and_date_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text("name,value,comment\nalpha,1,first\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a format Bulletin Reader knows"):
        importer_for_file(path)


def test_a_tab_separated_dump_with_unix_times(tmp_path: Path) -> None:
    path = tmp_path / "dump.tsv"
    path.write_text("date\ttext\tchannel\n1741255200\tFirst post\tmid_test\n1741255300\tSecond post\tmid_test\n")
    importer = importer_for_file(path)
    posts = list(importer.parse(path, []))
    assert [post.text for post in posts] == ["First post", "Second post"]
    assert posts[0].source.title == "mid_test" and posts[0].date is not None
    assert posts[0].date.isoformat() == "2025-03-06T10:00:00+00:00"


@pytest.mark.parametrize("head", [b"{\r ", b"date,text\r x\n", b'"a\rb",c\n'])
def test_a_stray_carriage_return_in_the_first_line_is_not_taken_for_a_table(tmp_path: Path, head: bytes) -> None:
    path = tmp_path / "dump.csv"
    path.write_bytes(head)
    # Refused in one line, naming the file; --fuzz-long found a csv.Error traceback here instead.
    with pytest.raises(InputError, match="not a format Bulletin Reader knows"):
        importer_for_file(path)
