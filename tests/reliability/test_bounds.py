"""Issue 23, finding 10: memory and disk stay bounded whatever the input.

Hostile inputs are built here, at a size CI can afford: the limits are scaled down through their
module constants, or the behaviour (nothing written, nothing built whole) is observed directly.
The full-size figures (a 200 MB message, a 60 MB one-line dump, a 1,023-entry zip of zeros, a
state file of 2 million entries) are measured by hand and given in the README.
"""

from __future__ import annotations

import io
import json
import re
import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.domain import Post
from reader.errors import ImportWarning, InputError
from reader.importing.backups import ensure_daily_backup
from reader.ingest import archive, html_stream, telegram_html, telegram_json
from reader.ingest.registry import expand, open_units
from reader.store import Store, statefile, stateguard
from reader.store.statefile import MergeSummary
from reader.store.stateguard import import_state
from reader.text import json_cut, limits
from reader.text.json_cut import StringCut
from tests.reliability.conftest import library_contents, run_cli


def _raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written by hand from data deflated once, so a thousand entries of zeros cost nothing to build."""
    body = io.BytesIO()
    directory = io.BytesIO()
    for name, deflated, crc, size in entries:
        encoded = name.encode()
        offset = body.tell()
        body.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(deflated), size, len(encoded), 0))
        body.write(encoded + deflated)
        header = (0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(deflated), size, len(encoded), 0, 0, 0, 0, 0o644 << 16)
        directory.write(struct.pack("<IHHHHHHIIIHHHHHII", *header, offset) + encoded)
    central = directory.getvalue()
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), body.tell(), 0)
    return body.getvalue() + central + end


def _deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _zeros_zip(path: Path, entries: int, size: int) -> Path:
    if entries > 65_535:  # past what a plain end record counts: let zipfile write the zip64 records
        with zipfile.ZipFile(path, "w") as bundle:
            for number in range(entries):
                bundle.writestr(f"export/part{number:05}.json", bytes(size))
        return path
    zeros = bytes(size)
    packed, crc = _deflated(zeros), zlib.crc32(zeros)
    path.write_bytes(_raw_zip([(f"export/part{number:05}.json", packed, crc, size) for number in range(entries)]))
    return path


class _NoExtraction:
    """Stands in for ZipFile.open: any entry opened for reading means unpacking had begun."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    def __call__(self, bundle: zipfile.ZipFile, name: object, *args: object, **kwargs: object) -> object:
        self.opened.append(str(name))
        raise AssertionError("an entry was read before the archive was refused")


def _files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


@pytest.mark.parametrize(
    ("entries", "size", "expected"),
    [
        (1023, 1024 * 1024, "zip bomb"),  # 1,023 MiB of zeros in about 1 MB: the archive, full size
        (99_999, 0, "99,999 entries; the limit is 20,000"),
    ],
)
def test_10_a_hostile_zip_is_refused_from_its_directory_before_a_byte_is_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entries: int, size: int, expected: str
) -> None:
    bundle = _zeros_zip(tmp_path / "bomb.zip", entries, size)
    assert bundle.stat().st_size < 12 * 1024 * 1024
    scratch = tmp_path / "data" / "tmp"
    scratch.mkdir(parents=True)
    guard = _NoExtraction()
    monkeypatch.setattr(zipfile.ZipFile, "open", guard)
    with pytest.raises(InputError) as refused, open_units([bundle], scratch):
        pass
    assert refused.value.path == str(bundle) and expected in refused.value.reason
    assert guard.opened == []
    assert _files_in(scratch) == []


def test_10_one_entry_past_the_entry_limit_is_refused_before_unpacking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_ENTRY_BYTES", 100_000)
    data = bytes(range(256)) * 500  # 128,000 bytes that do not pack tightly: no bomb, just too big
    bundle = tmp_path / "big.zip"
    with zipfile.ZipFile(bundle, "w", compression=zipfile.ZIP_STORED) as handle:
        handle.writestr("result.json", data)
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(InputError) as refused:
        archive.extract_zip(bundle, target)
    assert "'result.json' would expand to 128,000 bytes; the limit for one entry is 100,000" in refused.value.reason
    assert list(target.iterdir()) == []


@pytest.mark.parametrize(
    ("entries", "size", "expected"), [(1023, 1024 * 1024, "zip bomb"), (99_999, 0, "the limit is 20,000")]
)
def test_10_the_cli_refuses_a_hostile_zip_in_one_line_and_changes_nothing(
    tmp_path: Path, entries: int, size: int, expected: str
) -> None:
    bundle = _zeros_zip(tmp_path / "bomb.zip", entries, size)
    data_dir = tmp_path / "data"
    run_cli(data_dir, "mark-read", "nothing-yet")  # creates the library; the id is unknown
    before = library_contents(data_dir)
    result = run_cli(data_dir, "import", str(bundle))
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and str(bundle) in result.stderr and expected in result.stderr
    assert "Traceback" not in result.stderr
    assert library_contents(data_dir) == before
    assert _files_in(data_dir / "tmp") == []


# ------------------------------------------------------------------------------------------ long JSON strings

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=30,
)


class _Trickle:
    """A file that hands out at most a few bytes per read, so every split of a string or escape is tried."""

    def __init__(self, data: bytes, sizes: list[int]) -> None:
        self._data = data
        self._sizes = sizes or [1]
        self._reads = 0

    def read(self, size: int = -1, /) -> bytes:
        step = self._sizes[self._reads % len(self._sizes)]
        self._reads += 1
        piece, self._data = self._data[:step], self._data[step:]
        return piece


def _through(cutter: StringCut) -> bytes:
    out = bytearray()
    while chunk := cutter.read(65536):
        out += chunk
    return bytes(out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_JSON, st.booleans(), st.lists(st.integers(1, 9), min_size=1, max_size=6))
def test_10_json_within_the_limits_passes_byte_for_byte(document: object, ascii_only: bool, sizes: list[int]) -> None:
    data = json.dumps(document, ensure_ascii=ascii_only).encode()
    cutter = StringCut(_Trickle(data, sizes), max_string=10_000, max_record=10_000, record_depth=1)
    assert _through(cutter) == data
    assert cutter.cuts == {}


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in [key, *_strings(item)]]
    return []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_JSON, st.booleans(), st.lists(st.integers(1, 9), min_size=1, max_size=6), st.integers(0, 12))
def test_10_json_past_the_limits_stays_valid_json_with_short_strings(
    document: object, ascii_only: bool, sizes: list[int], limit: int
) -> None:
    data = json.dumps(document, ensure_ascii=ascii_only).encode()
    cutter = StringCut(_Trickle(data, sizes), max_string=limit, max_record=3 * limit, record_depth=1)
    cut = json.loads(_through(cutter))  # still JSON: no escape or character was split
    marker = len(" [… text cut: 1023 bytes over the limit]".encode())
    for text in _strings(cutter.resolve(cut)):
        assert len(text.encode("utf-8", "surrogatepass")) <= limit + 12 + marker or "\u2063" in text
    if not cutter.cuts:
        assert cut == document


def _telegram_export(path: Path, message_text: str) -> Path:
    """A one-channel export whose second message holds `message_text` (JSON), between two ordinary ones."""
    path.write_text(
        '{"name": "Ministry", "type": "public_channel", "id": 77, "messages": ['
        '{"id": 1, "type": "message", "date_unixtime": "1704103200", "text": "Before."},'
        f'{{"id": 2, "type": "message", "date_unixtime": "1704103300", {message_text}}},'
        '{"id": 3, "type": "message", "date_unixtime": "1704103400", "text": "After."}]}',
        encoding="utf-8",
    )
    return path


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)  # as Telegram writes it: UTF-8, not escapes


SHAPES = {
    "one string": lambda blob: f'"text": {_json(blob)}, "text_entities": [{{"type": "plain", "text": {_json(blob)}}}]',
    "entity list": lambda blob: (
        '"text": '
        + _json([blob[i : i + 5000] for i in range(0, len(blob), 5000)])
        + ', "text_entities": '
        + _json([{"type": "plain", "text": blob[i : i + 5000]} for i in range(0, len(blob), 5000)])
    ),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_10_a_huge_telegram_message_is_cut_while_it_streams_with_a_marker_and_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    # Scaled down 1,000 times: posts of 1,000 characters, strings cut at 4 KB, and a 2 MB message.
    monkeypatch.setattr(limits, "MAX_POST_CHARS", 1000)
    monkeypatch.setattr(limits, "MAX_STREAMED_BYTES", 4000)
    monkeypatch.setattr(json_cut, "READ_BYTES", 64 * 1024)
    blob = ("Заявление министерства " * 100_000)[:2_000_000]
    export = _telegram_export(tmp_path / "result.json", SHAPES[shape](blob))
    warnings: list[ImportWarning] = []
    tracemalloc.start()
    try:
        posts = list(telegram_json.IMPORTER.parse(export, warnings))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The 2 MB text (3.8 MB as UTF-8, twice over in text and text_entities) was never built whole.
    assert export.stat().st_size > 7_000_000
    assert peak < 2_000_000, f"{peak:,} bytes at the peak"
    assert [post.message_id for post in posts] == ["1", "2", "3"]
    text = posts[1].passages[-1].text
    assert sum(len(passage.text) for passage in posts[1].passages) < 1100
    assert text.startswith("Заявление министерства") and re.search(r"\[… text cut: 3\.\d MB over the limit\]$", text)
    assert [(warning.location, warning.message[:12]) for warning in warnings] == [("message 2", "text cut: 3.")]
    assert "over the limit of 1,000 characters per post" in warnings[0].message
    assert posts[2].passages[0].text == "After."


# ------------------------------------------------------------------------------------------ text without line breaks

TEXT_SHAPES = {
    "statement": lambda blob: "Заявление МИД России о переговорах\nМосква, 6 марта 2025 года\n" + blob + "\n",
    "csv dump": lambda blob: "date,text\n2025-03-06," + blob + "\n2025-03-07,Second post.\n",
}


@pytest.mark.parametrize("shape", sorted(TEXT_SHAPES))
def test_10_a_one_line_text_dump_is_read_in_bounded_memory_and_cut_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    from reader.text import encoding

    # Scaled down 1,000 times: posts of 1,000 characters, a 3 MB line, read 16 KB at a time.
    monkeypatch.setattr(limits, "MAX_POST_CHARS", 1000)
    monkeypatch.setattr(encoding, "_READ_BYTES", 16 * 1024)
    blob = ("переговоры ministry statement " * 120_000)[:3_000_000]
    path = tmp_path / ("dump.csv" if shape == "csv dump" else "statement.txt")
    path.write_text(TEXT_SHAPES[shape](blob), encoding="utf-8")
    (unit,) = list(expand([path]))
    warnings: list[ImportWarning] = []
    tracemalloc.start()
    try:
        posts = list(unit.importer.parse(path, warnings))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 600_000, f"{peak:,} bytes at the peak for a {path.stat().st_size:,}-byte line"
    long_post = posts[0]
    text = " ".join(passage.text for passage in long_post.passages)
    assert len(text) < 1200 and re.search(r"\[… text cut: 3\.\d MB over the limit\]$", text), text[-80:]
    assert len(warnings) == 1 and "text cut: 3." in warnings[0].message
    if shape == "csv dump":
        assert posts[1].passages[0].text == "Second post."


def test_10_the_cli_cuts_a_one_line_statement_says_so_on_stderr_and_shows_the_marker(tmp_path: Path) -> None:
    blob = ("переговоры ministry statement " * 80_000)[:2_400_000]  # 2.4 million characters on one line
    path = tmp_path / "statement.txt"
    path.write_text(TEXT_SHAPES["statement"](blob), encoding="utf-8")
    data_dir = tmp_path / "data"
    result = run_cli(data_dir, "import", "--no-link", str(path))
    assert result.returncode == 0, result.stderr
    (warning,) = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert str(path) in warning and "text cut: 1.8 MB" in warning and "1,000,000 characters per post" in warning
    shown = run_cli(data_dir, "list", "--json")
    (post,) = [json.loads(line) for line in shown.stdout.splitlines()]
    text = " ".join(passage["text"] for passage in post["passages"])
    assert 1_000_000 < len(text) < 1_000_100 and text.endswith(" over the limit]")


# ------------------------------------------------------------------------------------------ state files

RUSSIAN = "tg:mid_rf/200"


def _state_for_strangers(path: Path, count: int, *, known: str | None = None) -> Path:
    """A state file with read marks for `count` posts no library holds (and a bookmark on `known`)."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"format": "bulletin-reader-state", "version": 1, "posts": {')
        if known is not None:
            handle.write(f'"{known}": {{"bookmarked": {{"value": true, "at": 1700000000.0}}}}, ')
        entry = '"tg:elsewhere/{}": {{"read": {{"value": true, "at": 1700000000.0}}}}'
        handle.write(", ".join(entry.format(number) for number in range(count)))
        handle.write("}}")
    return path


def _import_measured(store: Store, path: Path) -> tuple[MergeSummary, int]:
    tracemalloc.start()
    try:
        summary = import_state(store, path)
        return summary, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_10_state_for_posts_not_in_the_library_is_kept_up_to_a_bound_and_the_rest_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bilingual_library: Callable[[Path], Store]
) -> None:
    # Scaled down: 50 posts' waiting state kept, against 100,000; the files name 20,000 and 200,000 strangers.
    monkeypatch.setattr(statefile, "MAX_WAITING_POSTS", 50)
    monkeypatch.setattr(stateguard, "MAX_WAITING_POSTS", 50)
    small = bilingual_library(tmp_path / "small")
    _summary, small_peak = _import_measured(small, _state_for_strangers(tmp_path / "small.json", 20_000))
    small.close()
    data_dir = tmp_path / "library"
    store = bilingual_library(data_dir)
    path = _state_for_strangers(tmp_path / "state.json", 200_000, known=RUSSIAN)
    summary, peak = _import_measured(store, path)
    # Read as a stream: ten times the entries, the same memory (a whole-file parse grew with the file).
    assert peak < 1.3 * small_peak, f"{peak:,} bytes at the peak against {small_peak:,} for a tenth of it"
    assert (summary.posts, summary.waiting, summary.dropped) == (51, 50, 199_950)
    assert "199,950 entries for other posts not in this library were dropped (at most 50" in summary.line()
    assert store.state.states([RUSSIAN])[RUSSIAN].bookmarked
    assert store.state.waiting_count() == 50
    again = import_state(store, path)  # safe to repeat: the 50 kept are merged again, nothing more is taken
    assert (again.posts, again.waiting, again.dropped) == (0, 50, 199_950)
    backup = ensure_daily_backup(store, data_dir)
    store.close()
    assert backup is not None
    saved = json.loads(backup.read_text(encoding="utf-8"))["posts"]
    assert RUSSIAN in saved and len(saved) == 51
    assert backup.stat().st_size < 20_000


def test_10_a_library_holding_too_much_waiting_state_keeps_its_backups_small(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bilingual_library: Callable[[Path], Store]
) -> None:
    from reader.domain import PostState

    monkeypatch.setattr(statefile, "MAX_WAITING_POSTS", 50)
    data_dir = tmp_path / "library"
    store = bilingual_library(data_dir)
    with store.db.state_transaction():  # what an older version let a state file leave behind
        for number in range(5000):
            store.state.put_state(f"tg:elsewhere/{number}", PostState(read=True, read_at=1_700_000_000.0 + number))
    store.state.set_read([RUSSIAN])
    backup = ensure_daily_backup(store, data_dir)
    store.close()
    assert backup is not None
    saved = json.loads(backup.read_text(encoding="utf-8"))["posts"]
    assert RUSSIAN in saved and len(saved) == 51
    assert "tg:elsewhere/4999" in saved and "tg:elsewhere/4949" not in saved  # the latest changed are kept


def test_10_import_state_of_a_file_with_strangers_reports_the_drop_on_the_command_line(
    tmp_path: Path, bilingual_library: Callable[[Path], Store]
) -> None:
    data_dir = tmp_path / "library"
    bilingual_library(data_dir).close()
    path = _state_for_strangers(tmp_path / "state.json", 3, known=RUSSIAN)
    result = run_cli(data_dir, "import-state", str(path))
    assert result.returncode == 0, result.stderr
    assert "4 posts' state" in result.stdout and "3 posts' state is for posts not in this library" in result.stdout


# ------------------------------------------------------------------------------------------ HTML pages

_HTML_HEAD = (
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"/><title>Exported Data</title></head><body>'
    '<div class="page_wrap"><div class="page_header"><div class="content"><div class="text bold">\nMFA Russia\n'
    '</div></div></div><div class="page_body chat_page"><div class="history">\n'
)
_HTML_TAIL = "\n</div></div></div></body></html>\n"


def _html_message(number: int, text: str) -> str:
    return (
        f'<div class="message default clearfix" id="message{number}"><div class="pull_left userpic_wrap"></div>'
        '<div class="body"><div class="pull_right date details" title="10.07.2025 09:30:00 UTC+03:00">09:30</div>'
        f'<div class="from_name">\nMFA Russia\n</div><div class="text">\n{text}\n</div></div></div>\n'
    )


def _html_page(path: Path, count: int, big: dict[int, str] | None = None) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(_HTML_HEAD)
        handle.write(
            '<div class="message service" id="message-1"><div class="body details">\n10 July 2025\n</div></div>'
        )
        for number in range(1, count + 1):
            text = (big or {}).get(number, f"Заявление номер {number}. <strong>Statement</strong> {number}.")
            handle.write(_html_message(number, text))
        handle.write(_HTML_TAIL)
    return path


def _parse_measured(path: Path, keep: int = 5) -> tuple[list[Post], int, list[ImportWarning], int]:
    """The first `keep` posts of a page, how many it has, the warnings, and the peak of traced memory."""
    warnings: list[ImportWarning] = []
    kept: list[Post] = []
    count = 0
    tracemalloc.start()
    try:
        for post in telegram_html.PAGE_IMPORTER.parse(path, warnings):
            count += 1
            if len(kept) < keep:
                kept.append(post)
        return kept, count, warnings, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_10_an_html_page_is_parsed_message_by_message_in_memory_that_does_not_grow_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Scaled down: read 16 KB at a time and parse 32 KB batches, against 1 MB and 512 KB.
    monkeypatch.setattr(html_stream, "READ_BYTES", 16 * 1024)
    monkeypatch.setattr(html_stream, "BATCH_BYTES", 32 * 1024)
    (tmp_path / "small").mkdir()
    (tmp_path / "large").mkdir()
    small = _html_page(tmp_path / "small" / "messages.html", 1_000)
    large = _html_page(tmp_path / "large" / "messages.html", 10_000)
    _posts, small_count, _warnings, small_peak = _parse_measured(small)
    posts, count, warnings, peak = _parse_measured(large)
    assert (small_count, count, warnings) == (1_000, 10_000, [])
    assert [post.message_id for post in posts[:3]] == ["1", "2", "3"]
    assert posts[4].passages[0].text == "Заявление номер 5. Statement 5."
    assert large.stat().st_size > 3_400_000
    # The whole page was held (3.4 MB and more) by a parse of the page at once; the stream holds a batch.
    assert peak < 1.3 * small_peak, f"{peak:,} bytes at the peak against {small_peak:,}"


def test_10_an_html_message_past_the_limit_is_cut_without_swallowing_the_next_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_POST_CHARS", 1000)
    monkeypatch.setattr(limits, "MAX_STREAMED_BYTES", 4000)
    monkeypatch.setattr(html_stream, "READ_BYTES", 4096)
    # Message 2 is 600 KB of nested markup, left open where the limit cuts it.
    blob = "<div><strong>Министерство</strong> заявило " * 13_000 + "конец" + "</div>" * 13_000
    page = _html_page(tmp_path / "messages.html", 4, big={2: blob})
    posts, _count, warnings, _peak = _parse_measured(page)
    assert [post.message_id for post in posts] == ["1", "2", "3", "4"]
    cut = " ".join(passage.text for passage in posts[1].passages)
    assert cut.startswith("Министерство заявило") and re.search(r"\[… text cut: \d+ KB over the limit\]$", cut)
    assert "конец" not in cut
    assert [(warning.location, warning.message[:10]) for warning in warnings] == [("message 2", "text cut: ")]
    assert posts[2].passages[0].text == "Заявление номер 3. Statement 3."


def test_10_a_state_file_past_the_size_limit_is_refused_in_one_line_before_it_is_read(
    tmp_path: Path, bilingual_library: Callable[[Path], Store]
) -> None:
    data_dir = tmp_path / "library"
    bilingual_library(data_dir).close()
    before = library_contents(data_dir)
    huge = tmp_path / "state.json"
    with huge.open("wb") as handle:  # sparse: 300 MB that take no room on disk
        handle.write(b'{"format": "bulletin-reader-state", "version": 1, "posts": {')
        handle.truncate(300 * 1024 * 1024)
    result = run_cli(data_dir, "import-state", str(huge))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert str(huge) in result.stderr and "too large for a state file (314,572,800 bytes" in result.stderr
    assert library_contents(data_dir) == before


def test_10_a_bad_entry_late_in_a_state_file_leaves_the_state_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bilingual_library: Callable[[Path], Store]
) -> None:
    from reader.store import statefile_stream

    monkeypatch.setattr(statefile_stream, "POST_BATCH", 2)  # the good entries are merged batches before the bad one
    store = bilingual_library(tmp_path / "library")
    good = ", ".join(f'"tg:elsewhere/{number}": {{"read": {{"value": true, "at": 10.0}}}}' for number in range(5))
    path = tmp_path / "state.json"
    path.write_text(
        '{"format": "bulletin-reader-state", "version": 1, "posts": {'
        f'"{RUSSIAN}": {{"bookmarked": {{"value": true, "at": 10.0}}}}, {good}, '
        '"tg:elsewhere/bad": {"read": {"value": "yes", "at": 10.0}}}}',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="malformed"):
        import_state(store, path)
    assert dict(store.state.iter_states()) == {}
    store.close()


def test_10_a_followed_feed_with_an_endless_item_is_cut_like_an_imported_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.fetch import sources
    from reader.fetch.http import Response

    monkeypatch.setattr(limits, "MAX_POST_CHARS", 1000)
    body = "Заявление министерства. " * 400
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>MFA</title>'
        "<link>https://mfa.example/</link><item><title>Statement</title><link>https://mfa.example/1</link>"
        f"<pubDate>Thu, 10 Jul 2025 09:30:00 +0000</pubDate><description>{body}</description></item></channel></rss>"
    )
    warnings: list[ImportWarning] = []
    response = Response("https://mfa.example/feed.xml", 200, feed.encode(), "application/rss+xml")
    (post,) = sources._parse_feed(response, warnings)
    text = " ".join(passage.text for passage in post.passages)
    assert len(text) < 1100 and text.endswith("over the limit]")
    assert [warning.path for warning in warnings] == ["https://mfa.example/feed.xml"]
