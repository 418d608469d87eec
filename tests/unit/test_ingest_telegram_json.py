"""Telegram Desktop JSON exports: the real sample, hand-made edge cases, streaming and escapes."""

from __future__ import annotations

import io
import json
import tracemalloc
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from reader.domain import MediaKind, PassageKind, Post
from reader.errors import ImportWarning, InputError
from reader.ingest import telegram_json
from reader.ingest.registry import importer_for_file
from reader.ingest.telegram_json import IMPORTER, XEscapeFilter, count_messages_json, parse

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
NOT_INCLUDED = "(File not included"


def _import(path: Path) -> tuple[list[Post], list[ImportWarning]]:
    warnings: list[ImportWarning] = []
    return list(parse(path, warnings)), warnings


@pytest.fixture(scope="module")
def sample(shared_dir: Path) -> tuple[Path, list[dict[str, Any]], list[Post]]:
    path = shared_dir / "data" / "telegram-json" / "result.json"
    messages = json.loads(path.read_text(encoding="utf-8"))["messages"]
    posts, warnings = _import(path)
    assert warnings == []
    return path, messages, posts


def _has_media(message: dict[str, Any]) -> bool:
    return bool(message.get("photo") or message.get("file"))


def test_sample_is_recognised_by_content(sample: tuple[Path, list[dict[str, Any]], list[Post]]) -> None:
    path, _messages, _posts = sample
    assert importer_for_file(path) is IMPORTER


def test_sample_yields_every_message_but_service_ones_and_album_followers(
    sample: tuple[Path, list[dict[str, Any]], list[Post]],
) -> None:
    _path, messages, posts = sample
    regular = [m for m in messages if m["type"] == "message"]
    # Album followers, as the file shows them: a media message without text sent in the same second
    # by the same sender right after another media message.
    followers = {
        later["id"]
        for earlier, later in pairwise(regular)
        if _has_media(earlier)
        and _has_media(later)
        and not later["text"]
        and earlier["date_unixtime"] == later["date_unixtime"]
        and earlier.get("from_id") == later.get("from_id")
    }
    assert len(messages) - len(regular) == 2  # two title changes
    assert len(posts) == len(regular) - len(followers)
    assert {int(post.message_id or 0) for post in posts} == {m["id"] for m in regular} - followers
    service_ids = {m["id"] for m in messages if m["type"] == "service"}
    assert not service_ids & {int(post.message_id or 0) for post in posts}


def test_known_message_text_date_link_and_url(sample: tuple[Path, list[dict[str, Any]], list[Post]]) -> None:
    _path, messages, posts = sample
    post = next(post for post in posts if post.message_id == "2433")
    raw = next(m for m in messages if m["id"] == 2433)
    assert post.passages[0].text.startswith("С понедельника, 21 февраля, на дорогах Украины")
    assert len(post.passages) == 5  # four paragraphs and the signature line
    # date_unixtime wins over the local-time `date` ("2022-02-21T11:25:21", two hours ahead of UTC).
    assert post.date == datetime.fromtimestamp(int(raw["date_unixtime"]), UTC)
    assert post.date == datetime(2022, 2, 21, 9, 25, 21, tzinfo=UTC)
    signature = post.passages[-1]
    (link,) = signature.links
    assert link.url == "https://t.me/uk24raine/2432"
    assert signature.text[link.start : link.end] == "Украина 24"
    assert post.source.key == "tg:1477898878"
    assert post.source.title == "Україна 24 🇺🇦 - ВІЙНА"
    assert post.url == "https://t.me/c/1477898878/2433"


def test_edits_forwards_and_unavailable_files(sample: tuple[Path, list[dict[str, Any]], list[Post]]) -> None:
    _path, messages, posts = sample
    by_id = {post.message_id: post for post in posts}
    edited = next(m for m in messages if "edited_unixtime" in m)
    assert by_id[str(edited["id"])].edited == datetime.fromtimestamp(int(edited["edited_unixtime"]), UTC)
    forwarded = next(m for m in messages if m.get("forwarded_from"))
    assert by_id[str(forwarded["id"])].forwarded_from == forwarded["forwarded_from"]
    video = by_id["2436"]
    assert [(media.kind, media.available) for media in video.media] == [(MediaKind.VIDEO, False)]
    assert (video.media[0].duration, video.media[0].width, video.media[0].height) == (22, 640, 352)
    assert video.media[0].name is None  # the export names no file for it


def test_album_of_photos_becomes_one_post(sample: tuple[Path, list[dict[str, Any]], list[Post]]) -> None:
    _path, messages, posts = sample
    album = [m for m in messages if 2562 <= m["id"] <= 2566]
    assert len({m["date_unixtime"] for m in album}) == 1 and all(m.get("photo") for m in album)
    post = next(post for post in posts if post.message_id == "2562")
    assert len(post.media) == 5
    assert not any(post.message_id in {"2563", "2564", "2565", "2566"} for post in posts)


def test_bold_first_line_is_a_title_and_hashtags_are_kept(
    sample: tuple[Path, list[dict[str, Any]], list[Post]],
) -> None:
    _path, messages, posts = sample
    by_id = {post.message_id: post for post in posts}
    tagged = [m for m in messages if any(e["type"] == "hashtag" for e in m["text_entities"])]
    assert tagged
    for message in tagged:
        tags = [e["text"] for e in message["text_entities"] if e["type"] == "hashtag"]
        assert set(tags) <= set(by_id[str(message["id"])].hashtags)
    titled = [post for post in posts if post.title]
    assert titled and all(post.passages[0].kind is PassageKind.TITLE and post.passages[0].bold for post in titled)


def test_russian_and_ukrainian_posts_of_the_sample(sample: tuple[Path, list[dict[str, Any]], list[Post]]) -> None:
    from reader.text.lang import LanguageDetector

    _path, _messages, posts = sample
    detector = LanguageDetector()
    by_id = {post.message_id: post for post in posts}
    assert detector.detect(by_id["2433"].passages[0].text) == "ru"
    assert detector.detect(by_id["2738"].passages[0].text) == "uk"


def test_hand_made_export_keeps_structure() -> None:
    posts, warnings = _import(DATA / "export_json" / "result.json")
    by_id = {post.message_id: post for post in posts}
    assert set(by_id) == {"2", "3", "5", "7"}  # 1 is a service message, 4 joins 3's album, "six" is bad
    first = by_id["2"]
    assert first.source.key == "tg:embassy_test" and first.source.title == "Embassy Test"
    assert first.url == "https://t.me/embassy_test/2"
    assert [p.kind for p in first.passages] == [
        PassageKind.TITLE,
        PassageKind.BODY,
        PassageKind.QUOTE,
        PassageKind.BODY,
    ]
    # \x07 was an escape Telegram wrote (control characters are dropped); C:\\xfiles was an escaped backslash.
    assert first.passages[1].text == "Bell and path C:\\xfiles stay as written. Tag #consular and @mfa_russia."
    mention = first.passages[1].links[0]
    assert mention.url == "https://t.me/mfa_russia"
    assert first.passages[1].text[mention.start : mention.end] == "@mfa_russia"
    assert first.passages[3].links[0].url == "https://embassy.example/"
    assert first.hashtags == ("#consular",)
    assert first.reactions == {"👍": 5, "🔥": 2}
    assert first.edited == datetime(2024, 3, 1, 10, 30, tzinfo=UTC)
    album = by_id["3"]
    assert [(m.kind, m.available) for m in album.media] == [(MediaKind.PHOTO, True), (MediaKind.PHOTO, False)]
    assert album.media[0].available and album.media[0].path == "photos/photo_1@01-03-2024_10-00-00.jpg"
    assert album.forwarded_from == "Ministry" and album.reply_to == "tg:embassy_test/2"
    outside = by_id["5"]
    assert not outside.media[0].available and outside.media[0].path is None
    locations = {warning.location for warning in warnings}
    assert locations == {"message 5", "message six"}


def test_full_account_export_gives_each_chat_its_source() -> None:
    posts, warnings = _import(DATA / "full_account.json")
    assert warnings == []
    assert [(post.source.title, post.message_id) for post in posts] == [
        ("Alpha News", "100"),
        ("Alpha News", "101"),
        ("Bob", "5"),
        ("Bob", "6"),
    ]
    assert posts[0].url == "https://t.me/c/11/100" and posts[2].url is None
    assert posts[3].passages[0].speaker == "Ann"  # personal chats keep who said what


def test_truncated_export_names_the_file_and_the_problem() -> None:
    path = DATA / "truncated.json"
    warnings: list[ImportWarning] = []
    seen: list[Post] = []
    with pytest.raises(InputError) as raised:
        for post in parse(path, warnings):
            seen.append(post)
    assert raised.value.path == str(path)
    assert "cut off" in raised.value.reason
    assert [post.message_id for post in seen] == ["2"]  # what came before the cut was readable


@pytest.mark.parametrize(
    "content, reason",
    [(b"[1, 2, 3]", "not a Telegram JSON export"), (b'{"name": "x", "messages": []}', "no messages")],
)
def test_json_that_is_not_an_export_is_refused(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "result.json"
    path.write_bytes(content)
    with pytest.raises(InputError, match=reason):
        _import(path)


class _Trickle(io.RawIOBase):
    """A stream that returns at most `step` bytes per read, to split escapes across chunks."""

    def __init__(self, data: bytes, step: int) -> None:
        self._data = data
        self._step = step

    def read(self, size: int = -1) -> bytes:
        chunk, self._data = self._data[: self._step], self._data[self._step :]
        return chunk


@pytest.mark.parametrize("step", [1, 2, 3, 4, 5, 7, 64])
def test_x_escapes_are_rewritten_across_chunk_boundaries(step: int) -> None:
    raw = b'{"a": "1\\x0b2", "b": "C:\\\\xfiles", "c": "\\\\\\x41", "d": "x\\\\\\\\x41"}'
    filtered = XEscapeFilter(_Trickle(raw, step))
    out = b""
    while chunk := filtered.read(step):
        out += chunk
    assert json.loads(out) == {"a": "1\x0b2", "b": "C:\\xfiles", "c": "\\A", "d": "x\\\\x41"}


def _write_export(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"name": "Big", "type": "public_channel", "id": 5, "messages": [\n')
        for number in range(1, count + 1):
            text = f"Message {number}: the ministry comments on talks.\\n\\nSecond paragraph {number}."
            separator = "," if number < count else ""
            handle.write(
                f'{{"id": {number}, "type": "message", "date": "2024-01-01T00:00:00", '
                f'"date_unixtime": "{1704067200 + number}", "from": "Big", "from_id": "channel5", '
                f'"text": "{text}", "text_entities": [{{"type": "plain", "text": "{text}"}}]}}{separator}\n'
            )
        handle.write("]}\n")


def _peak_while_parsing(path: Path) -> int:
    tracemalloc.start()
    try:
        count = sum(1 for _ in parse(path, []))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count > 0
    return peak


def test_memory_does_not_grow_with_the_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Reads far smaller than the files, so a test-sized export shows what a huge one would do.
    monkeypatch.setattr(telegram_json, "CHUNK_BYTES", 64 * 1024)
    small, large = tmp_path / "small.json", tmp_path / "large.json"
    _write_export(small, 300)
    _write_export(large, 3_000)
    assert count_messages_json(large) == 3_000
    # Ten times the messages must not need anywhere near ten times the memory: it streams.
    assert _peak_while_parsing(large) < 2 * _peak_while_parsing(small) + 256 * 1024


def test_a_symlink_inside_the_export_cannot_reach_other_files(tmp_path: Path) -> None:
    outside = tmp_path / "private.txt"
    outside.write_text("not part of the export", encoding="utf-8")
    export = tmp_path / "export"
    (export / "photos").mkdir(parents=True)
    (export / "photos" / "photo_1.jpg").symlink_to(outside)
    (export / "result.json").write_text(
        '{"name": "C", "type": "public_channel", "id": 9, "messages": [{"id": 1, "type": "message", '
        '"date_unixtime": "1700000000", "photo": "photos/photo_1.jpg", "text": "Linked"}]}',
        encoding="utf-8",
    )
    (post,) = _import(export / "result.json")[0]
    assert post.media[0].path == "photos/photo_1.jpg" and not post.media[0].available


def test_only_web_tg_and_mail_links_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text(
        '{"name": "C", "type": "public_channel", "id": 9, "messages": [{"id": 1, "type": "message", '
        '"date_unixtime": "1700000000", "text": ['
        '{"type": "text_link", "text": "a", "href": "javascript:alert(1)"}, " ", '
        '{"type": "text_link", "text": "b", "href": "file:///etc/passwd"}, " ", '
        '{"type": "text_link", "text": "c", "href": 1}, " ", '
        '{"type": "link", "text": "javascript:alert(2)"}, " ", '
        '{"type": "link", "text": "mfa.gov.ru/news"}, " ", '
        '{"type": "email", "text": "press@mfa.example"}]}]}',
        encoding="utf-8",
    )
    (post,) = _import(path)[0]
    assert [link.url for link in post.passages[0].links] == ["https://mfa.gov.ru/news", "mailto:press@mfa.example"]
