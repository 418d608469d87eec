"""Hostile and broken input, fuzzed from real samples: no crash, no hang, nothing written outside.

Every case goes through what an import does before the store (recognise the path, unpack
archives, parse every unit) inside a sandbox: the input file in its own folder, the system
temporary folder redirected into the sandbox, and network access trapped. A case passes when

- it ends in posts (with warnings) or a ReaderError naming the file, never another exception;
- it takes less than 5 seconds;
- afterwards the sandbox holds the input file and nothing else (temporary folders removed,
  no archive entry written beside or above them), and nothing tried to reach the network.

The seeds are the team's real samples in ../shared/data (when present) and the bundled samples.
CI runs a few hundred cases in total; `pytest tests/reliability --fuzz-long` runs 10,000.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import socket
import stat
import struct
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.domain import Post
from reader.errors import ImportWarning, ReaderError
from reader.ingest.registry import open_units

CASE_SECONDS = 5.0
HANG_SECONDS = 30  # a case still running after this is stopped and reported as a hang
SAFE_LINK_SCHEMES = ("http://", "https://", "tg://", "mailto:")


# ------------------------------------------------------------------------------------------ samples


@dataclass(frozen=True)
class Sample:
    name: str  # file name, with the extension a user's file would have
    data: bytes

    def __repr__(self) -> str:  # failing examples print the sample by name, not its bytes
        return f"Sample({self.name!r}, {len(self.data)} bytes)"


@dataclass(frozen=True)
class Mutation:
    data: bytes
    edits: tuple[str, ...]

    def __repr__(self) -> str:
        return f"Mutation({', '.join(self.edits)}; {len(self.data)} bytes)"


def _telegram_json_slice(path: Path, count: int) -> bytes:
    document = json.loads(path.read_text(encoding="utf-8"))
    document["messages"] = document["messages"][:count]
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _html_slice(path: Path, limit: int) -> bytes:
    text = path.read_text(encoding="utf-8")
    cut = text.find('<div class="message default', limit)
    if cut < 0:
        return text.encode("utf-8")
    return (text[:cut] + "</div></div></div></body></html>\n").encode("utf-8")


RSS_SAMPLE = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>MFA news</title><link>https://mid.ru/en/</link>
<description>Statements</description>
<item><title>Foreign Minister Sergey Lavrov's remarks</title><link>https://mid.ru/en/1</link>
<guid>https://mid.ru/en/1</guid><pubDate>Thu, 10 Jul 2025 09:30:00 +0300</pubDate>
<description>&lt;p&gt;Talks with the &lt;b&gt;ASEAN&lt;/b&gt; ministers.&lt;/p&gt;
&lt;img src="https://mid.ru/photo.jpg"&gt;&lt;script&gt;alert("x")&lt;/script&gt;</description>
<enclosure url="https://mid.ru/photo.jpg" type="image/jpeg" length="1000"/></item>
<item><title>Заявление МИД России</title><link>https://mid.ru/ru/2</link>
<pubDate>Fri, 11 Jul 2025 10:00:00 +0300</pubDate><description>Брифинг официального представителя.</description></item>
</channel></rss>
"""

ATOM_SAMPLE = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Bulletins</title><id>urn:bulletins</id>
<updated>2025-07-10T09:30:00Z</updated>
<entry><title>On the meeting of ASEAN foreign ministers</title><id>urn:1</id>
<updated>2025-07-10T09:30:00Z</updated><link href="https://mid.ru/en/3"/>
<content type="html">&lt;p&gt;The ministers discussed the results of the summit.&lt;/p&gt;</content></entry>
</feed>
"""


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory, write_telegram_export) -> dict[str, list[Sample]]:  # type: ignore[no-untyped-def]
    """Seed files by family: real slices from ../shared/data when present, the bundled samples, and made ones."""
    from reader.export.service import export_posts
    from reader.importing.service import Library
    from reader.store import PostFilter

    repo = Path(__file__).resolve().parents[2]
    shared = repo.parent / "shared" / "data"
    seeds = repo / "resources" / "samples"
    scratch = tmp_path_factory.mktemp("fuzz-seeds")

    json_samples = [Sample("result.json", write_telegram_export(scratch / "made.json", 12, seed=5).read_bytes())]
    html_samples: list[Sample] = [Sample("rss.xml", RSS_SAMPLE.encode()), Sample("atom.xml", ATOM_SAMPLE.encode())]
    if shared.is_dir():
        json_samples.append(Sample("result.json", _telegram_json_slice(shared / "telegram-json" / "result.json", 30)))
        html_samples.append(Sample("messages.html", _html_slice(shared / "telegram-html" / "messages.html", 40_000)))
        html_samples.append(Sample("channel.html", (shared / "tme-web" / "clashreport-s.html").read_bytes()))
    text_samples = [Sample(path.name, path.read_bytes()) for path in sorted(seeds.glob("*.txt"))]

    # Bulletin Reader's own JSON export of a small library, with state in it.
    library = Library(scratch / "library")
    try:
        library.import_paths([seeds, scratch / "made.json"])
        ids = library.store.timeline.post_ids(PostFilter())
        library.store.state.set_bookmarked(ids[:3], note="note")
        library.store.state.set_read(ids[2:6])
        export = scratch / "export.json"
        export_posts(library.store, PostFilter(), "json", export)
    finally:
        library.close()
    json_samples.append(Sample("bulletins.json", export.read_bytes()))
    return {"json": json_samples, "html": html_samples, "text": text_samples}


# ------------------------------------------------------------------------------------------ the sandbox


@dataclass
class Outcome:
    posts: list[Post]
    warnings: list[ImportWarning]
    error: ReaderError | None
    seconds: float


class NetworkAttemptError(Exception):
    pass


@contextmanager
def _no_network(attempts: list[str]) -> Iterator[None]:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args)[:200])
        raise NetworkAttemptError(f"network access attempted: {args!r}")

    saved = (socket.socket.connect, socket.socket.connect_ex, socket.create_connection, socket.getaddrinfo)
    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    socket.getaddrinfo = refuse  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.socket.connect, socket.socket.connect_ex, socket.create_connection, socket.getaddrinfo = saved  # type: ignore[method-assign]


@contextmanager
def _hang_guard(seconds: int) -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"the case ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _files_under(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*")}


class Sandbox:
    """A folder for one case: `input/` holds the file, `tmp/` stands in for the system temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.input = root / "input"
        self.temp = root / "tmp"

    def __enter__(self) -> Sandbox:
        shutil.rmtree(self.root, ignore_errors=True)
        self.input.mkdir(parents=True)
        self.temp.mkdir()
        return self

    def __exit__(self, *exc_info: object) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def write(self, name: str, data: bytes) -> Path:
        path = self.input / name
        path.write_bytes(data)
        return path

    def run(self, path: Path) -> Outcome:
        """Import `path` as far as the store and check the case's promises."""
        before = _files_under(self.root)
        attempts: list[str] = []
        posts: list[Post] = []
        warnings: list[ImportWarning] = []
        error: ReaderError | None = None
        saved_tempdir = tempfile.tempdir
        tempfile.tempdir = str(self.temp)
        # CPU time, not wall time: the limit is about the importer's work, not about a busy machine.
        started = time.process_time()
        try:
            with _hang_guard(HANG_SECONDS), _no_network(attempts), open_units([path]) as units:
                for unit in units:
                    posts.extend(unit.importer.parse(unit.path, warnings))
        except ReaderError as refused:
            error = refused
        finally:
            tempfile.tempdir = saved_tempdir
        seconds = time.process_time() - started
        assert not attempts, f"the import tried to reach the network: {attempts}"
        assert seconds < CASE_SECONDS, f"the case took {seconds:.1f} s of CPU time"
        after = _files_under(self.root)
        assert after == before, f"files appeared or vanished: {sorted(after ^ before)[:10]}"
        if error is not None:
            assert str(path.name) in str(error) or str(path.parent) in str(error), f"the error names no file: {error}"
        for post in posts:
            _check_post(post)
        return Outcome(posts, warnings, error, seconds)


def _check_post(post: Post) -> None:
    assert post.id and isinstance(post.id, str)
    for passage in post.passages:
        assert isinstance(passage.text, str)
        for link in passage.links:
            # Any scheme may be stored (the reader opens only http, https and tg); it must be text.
            assert isinstance(link.url, str), f"link is not text: {link.url!r}"
    for media in post.media:
        if media.path is not None:
            assert not media.path.startswith("/") and ".." not in Path(media.path).parts, media.path


@pytest.fixture()
def sandbox(tmp_path: Path) -> Iterator[Callable[[], Sandbox]]:
    counter = iter(range(1_000_000))
    yield lambda: Sandbox(tmp_path / f"case-{next(counter)}")


def _fuzz_settings(budget: Any, name: str) -> Callable[[Any], Any]:
    return settings(
        max_examples=budget.share(name),
        deadline=None,  # the sandbox enforces the 5 s limit itself, with a clear message
        derandomize=not budget.long,  # CI runs the same cases every time; --fuzz-long explores
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# ------------------------------------------------------------------------------------------ mutations

BAD_UTF8 = (b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x00", b"\xfe\xff")


@st.composite
def _mutated(draw: st.DrawFn, data: bytes) -> Mutation:
    """The sample with 1-4 edits: truncation, flipped bytes, deletions, repeats, invalid UTF-8, junk."""
    buffer = bytearray(data)
    edits: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(("truncate", "flip", "delete", "repeat", "bad_utf8", "junk")))
        position = draw(st.integers(0, len(buffer)))
        if operation == "truncate":
            del buffer[position:]
            edits.append(f"truncate at {position}")
        elif operation == "flip" and buffer:
            flips = []
            for _ in range(draw(st.integers(1, 16))):
                index = draw(st.integers(0, len(buffer) - 1))
                buffer[index] ^= 1 << draw(st.integers(0, 7))
                flips.append(index)
            edits.append(f"flip bits at {flips}")
        elif operation == "delete":
            length = draw(st.integers(1, 2000))
            del buffer[position : position + length]
            edits.append(f"delete {length} at {position}")
        elif operation == "repeat":
            chunk = bytes(buffer[position : position + draw(st.integers(1, 500))])
            times = draw(st.integers(1, 20))
            buffer[position:position] = chunk * times
            edits.append(f"repeat {len(chunk)} bytes x{times} at {position}")
        elif operation == "bad_utf8":
            bad = draw(st.sampled_from(BAD_UTF8)) * draw(st.integers(1, 3))
            buffer[position:position] = bad
            edits.append(f"insert {bad!r} at {position}")
        else:
            junk = draw(st.binary(min_size=1, max_size=64))
            buffer[position:position] = junk
            edits.append(f"insert {junk!r} at {position}")
    return Mutation(bytes(buffer), tuple(edits))


def _pick(samples: dict[str, list[Sample]], family: str) -> st.SearchStrategy[Sample]:
    return st.sampled_from(samples[family])


def test_telegram_and_bulletin_json_mutations(samples, sandbox, fuzz_budget) -> None:  # type: ignore[no-untyped-def]
    @_fuzz_settings(fuzz_budget, "telegram_json_mutations")
    @given(st.data())
    def case(data: st.DataObject) -> None:
        sample = data.draw(_pick(samples, "json"))
        mutated = data.draw(_mutated(sample.data))
        fuzz_budget.count("telegram_json_mutations")
        with sandbox() as box:
            box.run(box.write(sample.name, mutated.data))

    case()


def test_text_dump_mutations(samples, sandbox, fuzz_budget) -> None:  # type: ignore[no-untyped-def]
    @_fuzz_settings(fuzz_budget, "text_mutations")
    @given(st.data())
    def case(data: st.DataObject) -> None:
        sample = data.draw(_pick(samples, "text"))
        mutated = data.draw(_mutated(sample.data))
        fuzz_budget.count("text_mutations")
        with sandbox() as box:
            box.run(box.write(sample.name, mutated.data))

    case()


def test_html_and_feed_mutations(samples, sandbox, fuzz_budget) -> None:  # type: ignore[no-untyped-def]
    @_fuzz_settings(fuzz_budget, "html_mutations")
    @given(st.data())
    def case(data: st.DataObject) -> None:
        sample = data.draw(_pick(samples, "html"))
        mutated = data.draw(_mutated(sample.data))
        fuzz_budget.count("html_mutations")
        with sandbox() as box:
            box.run(box.write(sample.name, mutated.data))

    case()


# ------------------------------------------------------------------------------------------ wrong JSON types

_JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
_JSON_VALUES = st.recursive(
    _JSON_SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


def _paths(node: object, prefix: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _replace(node: Any, path: tuple[object, ...], value: object) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if not isinstance(node, dict | list):
        return node  # an earlier replacement took this branch away
    if isinstance(node, dict):
        return {key: (_replace(child, rest, value) if key == head else child) for key, child in node.items()}
    return [(_replace(child, rest, value) if index == head else child) for index, child in enumerate(node)]


def test_json_with_wrong_types(samples, sandbox, fuzz_budget) -> None:  # type: ignore[no-untyped-def]
    documents = [(sample, json.loads(sample.data)) for sample in samples["json"]]
    # Favour the fields importers read (near the top and in the first messages) over deep leaves.
    paths = [
        (sample, document, [path for path in _paths(document) if len(path) <= 5][:1500])
        for sample, document in documents
    ]

    @_fuzz_settings(fuzz_budget, "telegram_json_wrong_types")
    @given(st.data())
    def case(data: st.DataObject) -> None:
        sample, document, candidates = data.draw(st.sampled_from(paths))
        changed = document
        for _ in range(data.draw(st.integers(1, 3))):
            path = data.draw(st.sampled_from(candidates))
            changed = _replace(changed, path, data.draw(_JSON_VALUES))
        fuzz_budget.count("telegram_json_wrong_types")
        with sandbox() as box:
            box.run(box.write(sample.name, json.dumps(changed, ensure_ascii=False).encode("utf-8")))

    case()


def _nested(depth: int, opening: str, closing: str, inner: str = "1") -> str:
    return opening * depth + inner + closing * depth


def test_deep_nesting(sandbox, fuzz_budget) -> None:  # type: ignore[no-untyped-def]
    def telegram(text: str) -> str:
        return (
            '{"name": "Deep", "type": "public_channel", "id": 77, "messages": [{"id": 1, "type": "message", '
            f'"date": "2024-01-01T10:00:00", "date_unixtime": "1704103200", "text": {text}, '
            f'"text_entities": {text}}}]}}'
        )

    def bulletin(text: str) -> str:
        return f'{{"format": "bulletin-reader", "version": 1, "state": {text}, "posts": [{text}]}}'

    shapes: dict[str, Callable[[int], tuple[str, str]]] = {
        "telegram text list": lambda depth: ("result.json", telegram(_nested(depth, "[", "]"))),
        "telegram text object": lambda depth: ("result.json", telegram(_nested(depth, '{"a":', "}"))),
        "bulletin export": lambda depth: ("export.json", bulletin(_nested(depth, "[", "]"))),
        "bare JSON": lambda depth: (
            "result.json",
            '{"type": "public_channel", "messages": ' + _nested(depth, "[", "]") + "}",
        ),
        "telegram html": lambda depth: (
            "messages.html",
            '<html><body><div class="page_wrap"><div class="history">'
            '<div class="message default clearfix" id="message5"><div class="body">'
            '<div class="pull_right date details" title="05.09.2018 16:42:32">16:42</div><div class="text">'
            + _nested(depth, "<span>", "</span>", "deep")
            + "</div></div></div></div></div></body></html>",
        ),
        "feed": lambda depth: (
            "feed.xml",
            '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>x</title><description>'
            + _nested(depth, "&lt;div&gt;", "&lt;/div&gt;", "deep")
            + "</description></item></channel></rss>",
        ),
    }

    @_fuzz_settings(fuzz_budget, "json_deep_nesting")
    @given(st.sampled_from(sorted(shapes)), st.integers(min_value=50, max_value=100_000))
    def case(shape: str, depth: int) -> None:
        name, text = shapes[shape](depth)
        fuzz_budget.count("json_deep_nesting")
        with sandbox() as box:
            box.run(box.write(name, text.encode("utf-8")))

    case()


# ------------------------------------------------------------------------------------------ arbitrary bytes

_PREFIXES = (
    b"",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"{",
    b'{"format": "bulletin-reader", "version": 1, ',
    b'{"name": "x", "type": "public_channel", "messages": [',
    b"<",
    b"<?xml version='1.0'?><rss>",
    b'<!DOCTYPE html><html><body><div class="tgme_widget_message"',
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x1f\x8b",
)


def test_arbitrary_bytes(sandbox, fuzz_budget) -> None:  # type: ignore[no-untyped-def]
    @_fuzz_settings(fuzz_budget, "any_bytes")
    @given(
        st.sampled_from(_PREFIXES),
        st.binary(max_size=4096),
        st.sampled_from(("data.json", "page.html", "dump.txt", "feed.xml", "export.zip", "noext")),
    )
    def case(prefix: bytes, body: bytes, name: str) -> None:
        fuzz_budget.count("any_bytes")
        with sandbox() as box:
            box.run(box.write(name, prefix + body))

    case()


# ------------------------------------------------------------------------------------------ hostile HTML

HOSTILE_FRAGMENTS = (
    '<script>alert("owned")</script>',
    '<img src="https://tracker.example/pixel.gif">',
    '<img src="file:///etc/passwd">',
    '<img src="../../../../etc/hostname" onerror="alert(1)">',
    '<iframe src="https://evil.example/"></iframe>',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<style>@import url(https://evil.example/y.css); body { background: url(https://evil.example/z.png) }</style>",
    '<svg onload="alert(2)"><image href="https://evil.example/i.png"/></svg>',
    '<a href="javascript:alert(3)">click me</a>',
    '<a href="file:///etc/shadow">local file</a>',
    '<a href="data:text/html,<script>alert(4)</script>">data link</a>',
    '<a href="vbscript:msgbox(5)">vb</a>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<object data="https://evil.example/o.swf"></object><embed src="https://evil.example/e.swf">',
    '<form action="https://evil.example/"><input name="q"></form>',
    '<a href="https://mid.ru/en/">a fine link</a>',
    '<a href="tg://resolve?domain=MFARussia">telegram</a>',
    "<b>bold &amp; &lt;escaped&gt;</b>",
    '<video src="https://evil.example/v.mp4" autoplay></video>',
)
_FORBIDDEN_IN_TEXT = ("alert(", "msgbox(", "@import", "evil.example/x.css")


def _hostile_telegram_html(fragment: str) -> tuple[str, bytes]:
    return (
        "messages.html",
        (
            "<!DOCTYPE html><html><head><script src='js/script.js'></script></head><body>"
            '<div class="page_wrap"><div class="page_body chat_page"><div class="history">'
            '<div class="message default clearfix" id="message7"><div class="body">'
            '<div class="pull_right date details" title="05.09.2018 16:42:32 UTC+03:00">16:42</div>'
            '<div class="from_name">Channel</div>'
            f'<div class="text">Before {fragment} after</div></div></div></div></div></div></body></html>'
        ).encode(),
    )


def _hostile_tme_page(fragment: str) -> tuple[str, bytes]:
    return (
        "channel.html",
        (
            "<!DOCTYPE html><html><head><meta property='og:title' content='Channel'></head><body>"
            '<div class="tgme_channel_info_header_username"><a href="https://t.me/somechannel">@somechannel</a></div>'
            '<div class="tgme_widget_message_wrap"><div class="tgme_widget_message" data-post="somechannel/12">'
            f'<div class="tgme_widget_message_text js-message_text">Before {fragment} after</div>'
            '<a class="tgme_widget_message_date" href="https://t.me/somechannel/12">'
            '<time datetime="2025-07-10T09:30:00+00:00">09:30</time></a></div></div></body></html>'
        ).encode(),
    )


def _hostile_feed(fragment: str) -> tuple[str, bytes]:
    escaped = fragment.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        "feed.xml",
        (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>News</title>'
            "<link>https://mid.ru/</link><item><title>Item</title><link>https://mid.ru/en/9</link>"
            f"<description>Before {escaped} after</description></item></channel></rss>"
        ).encode(),
    )


def test_html_with_scripts_and_remote_content(sandbox, fuzz_budget) -> None:  # type: ignore[no-untyped-def]
    @_fuzz_settings(fuzz_budget, "html_hostile")
    @given(
        st.sampled_from((_hostile_telegram_html, _hostile_tme_page, _hostile_feed)),
        st.lists(st.sampled_from(HOSTILE_FRAGMENTS), min_size=1, max_size=6),
    )
    def case(container: Callable[[str], tuple[str, bytes]], fragments: list[str]) -> None:
        name, data = container(" ".join(fragments))
        fuzz_budget.count("html_hostile")
        with sandbox() as box:
            outcome = box.run(box.write(name, data))
        assert outcome.error is None, f"a readable page was refused: {outcome.error}"
        assert outcome.posts, "the post around the hostile markup was lost"
        for post in outcome.posts:
            text = post.text
            for forbidden in _FORBIDDEN_IN_TEXT:
                assert forbidden not in text, f"active content survived as text: {forbidden!r} in {text!r}"
            assert "<script" not in text.lower() and "<img" not in text.lower()

    case()


# ------------------------------------------------------------------------------------------ archives


def _export_json() -> bytes:
    return json.dumps(
        {
            "name": "Zipped",
            "type": "public_channel",
            "id": 42,
            "messages": [
                {
                    "id": 1,
                    "type": "message",
                    "date": "2024-01-01T10:00:00",
                    "date_unixtime": "1704103200",
                    "text": "Hello",
                }
            ],
        }
    ).encode()


_ZIP_NAME_SHAPES = st.one_of(
    st.builds(
        lambda depth, leaf: "../" * depth + leaf, st.integers(1, 8), st.sampled_from(("x-7f3a.json", "escape-7f3a.txt"))
    ),
    st.builds(lambda depth: "..\\" * depth + "escape-7f3a.txt", st.integers(1, 6)),
    st.builds(lambda depth: "ok/" + "../" * depth + "escape-7f3a.txt", st.integers(2, 8)),
    st.sampled_from(("/escape-7f3a.txt", "//srv/share/escape-7f3a.txt", "C:/escape-7f3a.txt", "C:\\escape-7f3a.txt")),
    st.sampled_from(("./fine.txt", "a/./b/../c.txt", "dir/", "....//x", "..", ".", "/", "a//b")),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=40),
)


def _zip_with(entries: list[tuple[str, bytes, bool]]) -> bytes:
    buffer = io.BytesIO()
    written = {"export/result.json"}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("export/result.json", _export_json())
        for name, data, symlink in entries:
            if name in written:  # zipfile warns about duplicates; they add nothing here
                continue
            written.add(name)
            info = zipfile.ZipInfo(name)
            if symlink:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            bundle.writestr(info, data)
    return buffer.getvalue()


def _landing_places(box: Sandbox, name: str) -> list[Path]:
    """Where an entry name would land if unpacked naively into a folder under the sandbox's tmp/."""
    places = []
    for form in {name, name.replace("\\", "/")}:
        if form.startswith("/"):
            places.append(Path(os.path.normpath(form)))
        places.append(Path(os.path.normpath(box.temp / "unpacked" / form)))
    return [place for place in places if box.temp not in place.parents and place != box.temp]


def test_zip_entries_never_land_outside(sandbox, fuzz_budget) -> None:  # type: ignore[no-untyped-def]
    @_fuzz_settings(fuzz_budget, "zip_member_names")
    @given(st.lists(st.tuples(_ZIP_NAME_SHAPES, st.binary(max_size=64), st.booleans()), min_size=1, max_size=4))
    def case(entries: list[tuple[str, bytes, bool]]) -> None:
        fuzz_budget.count("zip_member_names")
        with sandbox() as box:
            places = {place for name, _data, _link in entries for place in _landing_places(box, name)}
            existing = {place for place in places if place.exists() or place.is_symlink()}
            box.run(box.write("export.zip", _zip_with(entries)))
            landed = {place for place in places if place.exists() or place.is_symlink()} - existing
            assert not landed, f"archive entries were written outside: {sorted(map(str, landed))}"

    case()


def test_zip_refused_before_extracting_when_it_would_pass_1_gb(sandbox) -> None:  # type: ignore[no-untyped-def]
    """A few kilobytes that declare 1.1 GB: refused before a byte is written, quickly."""
    chunk = b"\0" * (1024 * 1024)
    packed = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = packed.compress(chunk) + packed.flush()
    crc = zlib.crc32(chunk)
    with sandbox() as box:
        archive = box.write(
            "bomb.zip", _raw_zip([(f"part{index:04}.json", deflated, crc, len(chunk)) for index in range(1100)])
        )
        assert archive.stat().st_size < 2_000_000
        outcome = box.run(archive)
    assert outcome.error is not None and "bomb.zip" in str(outcome.error)
    # Refused from the archive's directory: unpacking even part of 1.1 GB would take far longer.
    assert outcome.seconds < 0.5, f"refused only after {outcome.seconds:.1f} s: it was being unpacked"


def test_zip_whose_headers_lie_about_sizes_is_stopped(sandbox) -> None:  # type: ignore[no-untyped-def]
    """An entry declaring 1 KB that inflates to 64 MB never gets past its declared size."""
    data = b"\0" * (64 * 1024 * 1024)
    packed = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = packed.compress(data) + packed.flush()
    with sandbox() as box:
        archive = box.write("liar.zip", _raw_zip([("export/result.json", deflated, zlib.crc32(data), 1024)]))
        outcome = box.run(archive)
    assert outcome.error is not None and "liar.zip" in str(outcome.error)


def _raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip built by hand from already deflated data, so the sizes it declares are whatever we say."""
    body = io.BytesIO()
    directory = io.BytesIO()
    for name, deflated, crc, size in entries:
        encoded = name.encode()
        offset = body.tell()
        body.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(deflated), size, len(encoded), 0))
        body.write(encoded + deflated)
        directory.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(deflated),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0o644 << 16,
                offset,
            )
        )
        directory.write(encoded)
    central = directory.getvalue()
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), body.tell(), 0)
    return body.getvalue() + central + end


# ------------------------------------------------------------------------------------------ 50 MB on one line

FIFTY_MB = 50 * 1024 * 1024


def _words(size: int) -> bytes:
    rng = random.Random(9)
    words = [b"ministry", b"statement", b"ASEAN", b"talks", b"\xd0\xbc\xd0\xb8\xd1\x80", b"2025", b"#news"]
    out = bytearray()
    while len(out) < size:
        out += b" ".join(rng.choice(words) for _ in range(4096)) + b" "
    return bytes(out[:size]).decode("utf-8", errors="ignore").encode("utf-8")  # whole characters only


LONG_LINE_SHAPES: dict[str, Callable[[bytes], tuple[str, bytes]]] = {
    "telegram json": lambda blob: (
        "result.json",
        b'{"name": "Long", "type": "public_channel", "id": 5, "messages": [{"id": 1, "type": "message", '
        b'"date": "2024-01-01T10:00:00", "date_unixtime": "1704103200", "text": "' + blob + b'"}]}',
    ),
    "bulletin export": lambda blob: (
        "export.json",
        b'{"format": "bulletin-reader", "version": 1, "posts": [{"id": "file:x/1", "source_key": "file:x", '
        b'"passages": [{"index": 0, "lang": "en", "kind": "body", "text": "' + blob + b'"}]}]}',
    ),
    "text dump": lambda blob: ("dump.txt", blob),
    "t.me page": lambda blob: _hostile_tme_page(blob.decode()),
    "telegram html": lambda blob: _hostile_telegram_html(blob.decode()),
    "feed": lambda blob: _hostile_feed(blob.decode()),
}


@pytest.fixture(scope="module")
def fifty_mb_of_words() -> bytes:
    return _words(FIFTY_MB)


@pytest.mark.parametrize("shape", sorted(LONG_LINE_SHAPES))
def test_a_50_mb_single_line(shape: str, fifty_mb_of_words: bytes, sandbox) -> None:  # type: ignore[no-untyped-def]
    name, data = LONG_LINE_SHAPES[shape](fifty_mb_of_words)
    assert b"\n" not in data and len(data) >= FIFTY_MB - 4
    with sandbox() as box:
        outcome = box.run(box.write(name, data))
    assert outcome.error is not None or len(outcome.posts) == 1, "neither refused nor imported"


# ------------------------------------------------------------------------------------------ through the library


@pytest.fixture(scope="module")
def used_library(tmp_path_factory: pytest.TempPathFactory, write_telegram_export) -> Path:  # type: ignore[no-untyped-def]
    """A library with posts and state, copied for each case."""
    from reader.importing.service import Library
    from reader.store import PostFilter

    folder = tmp_path_factory.mktemp("fuzz-library")
    library = Library(folder / "data")
    try:
        library.import_paths([write_telegram_export(folder / "first.json", 15, channel_id=1200000001, seed=41)])
        ids = sorted(library.store.timeline.post_ids(PostFilter()))
        library.store.state.set_read(ids[:5])
        library.store.state.set_bookmarked(ids[3:6], note="keep")
    finally:
        library.close()
    return folder / "data"


def _snapshot(data_dir: Path) -> tuple[list[str], list[tuple[str, Any]]]:
    from reader.store import PostFilter, Store

    store = Store.open(data_dir)
    try:
        return sorted(store.timeline.post_ids(PostFilter())), sorted(store.state.iter_states())
    finally:
        store.close()


def test_mutated_files_through_the_whole_import(samples, used_library: Path, tmp_path: Path, fuzz_budget) -> None:  # type: ignore[no-untyped-def]
    """Enrichment, pairing and the store too: a refused file leaves the library exactly as it was."""
    from reader.importing.service import Library

    before = _snapshot(used_library)
    every_sample = [sample for family in ("json", "text", "html") for sample in samples[family]]
    counter = iter(range(1_000_000))

    @_fuzz_settings(fuzz_budget, "library_import")
    @given(st.data())
    def case(data: st.DataObject) -> None:
        sample = data.draw(st.sampled_from(every_sample))
        mutated = data.draw(_mutated(sample.data))
        fuzz_budget.count("library_import")
        root = tmp_path / f"case-{next(counter)}"
        data_dir = root / "data"
        shutil.copytree(used_library, data_dir)
        source = root / "input" / sample.name
        source.parent.mkdir()
        source.write_bytes(mutated.data)
        library = Library(data_dir)
        started = time.process_time()
        try:
            with _hang_guard(HANG_SECONDS):
                library.import_paths([source])
        except ReaderError:
            library.close()
            assert _snapshot(data_dir) == before, "a refused import changed the library"
        else:
            library.close()
            ids, states = _snapshot(data_dir)
            # A Bulletin Reader export carries the state of its own posts, merged in; earlier state stays.
            earlier = dict(before[1])
            assert set(before[0]) <= set(ids)
            assert {post_id: state for post_id, state in states if post_id in earlier} == earlier
        finally:
            library.close()
        assert time.process_time() - started < CASE_SECONDS
        assert sorted(path.name for path in root.iterdir()) == ["data", "input"]
        shutil.rmtree(root)

    case()


@pytest.mark.parametrize("name", ["feed.xml", "result.json"])
def test_a_file_holding_the_same_post_twice_imports(name: str, data_dir: Path, tmp_path: Path) -> None:
    """Found by --fuzz-long: a repeated entry gave the same post id twice in one batch and the store's
    second INSERT failed the whole import with an IntegrityError (a traceback in the CLI)."""
    from reader.importing.service import Library
    from reader.store import PostFilter

    if name == "feed.xml":
        item = "<item><title>Statement</title><link>https://mid.ru/en/1</link><guid>x-1</guid></item>"
        data = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{item}{item}</channel></rss>'
    else:
        message = (
            '{"id": 7, "type": "message", "date": "2024-01-01T10:00:00", "date_unixtime": "1704103200", '
            '"text": "The same statement"}'
        )
        data = f'{{"name": "Twice", "type": "public_channel", "id": 99, "messages": [{message}, {message}]}}'
    source = tmp_path / name
    source.write_text(data, encoding="utf-8")
    library = Library(data_dir)
    try:
        summary = library.import_paths([source])
        assert summary.new == 1
        assert len(library.store.timeline.post_ids(PostFilter())) == 1
    finally:
        library.close()
