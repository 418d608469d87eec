"""The short names of media-only posts in the timeline and the CLI."""

from __future__ import annotations

from reader.domain import Media, MediaKind
from reader.text.media_labels import describe, format_duration, format_size


def test_photos_of_an_album_are_counted() -> None:
    assert describe([Media(MediaKind.PHOTO, available=False)] * 3) == "Photo ×3"


def test_a_video_shows_its_length_and_size() -> None:
    assert describe([Media(MediaKind.VIDEO, available=False, duration=14, size=11010048)]) == "Video 0:14, 10.5 MB"


def test_a_poll_is_named_by_its_question() -> None:
    poll = Media(MediaKind.POLL, name="Какие у вас планы на выходные?")
    assert describe([poll]) == "Poll: Какие у вас планы на выходные?"


def test_files_stickers_and_unknown_media() -> None:
    assert describe([Media(MediaKind.FILE, name="report.pdf", size=1258291)]) == "File report.pdf, 1.2 MB"
    assert describe([Media(MediaKind.STICKER, name="👍")]) == "Sticker 👍"
    assert describe([Media(MediaKind.UNKNOWN, available=False)]) == "Media that is not in the export"


def test_sizes_and_durations() -> None:
    assert format_size(500) == "500 B"
    assert format_size(23961) == "23.4 KB"
    assert format_duration(3723) == "1:02:03"


def test_media_round_trip_through_their_json_objects() -> None:
    media = Media(MediaKind.VOICE, "voice/a.ogg", False, None, 23961, 15)
    assert media.to_dict() == {
        "kind": "voice",
        "available": False,
        "size": 23961,
        "duration": 15,
        "path": "voice/a.ogg",
    }
    assert Media.from_dict(media.to_dict()) == media
    # Libraries written before media were objects stored the kind "unavailable".
    assert Media.from_dict({"kind": "unavailable", "path": None, "available": False, "name": "video"}) == Media(
        MediaKind.UNKNOWN, None, False, "video"
    )


def test_a_post_with_only_media_words_keeps_no_title() -> None:
    from reader.domain import Passage, PassageKind, Post, Source
    from reader.text.pipeline import TextPipeline

    poll = Post(
        id="tg:x/1",
        source=Source("tg:x", "X", "telegram"),
        passages=(
            Passage("Какие у вас планы на выходные?", kind=PassageKind.MEDIA, bold=True),
            Passage("• Отдых — 60%", kind=PassageKind.MEDIA),
        ),
        media=(Media(MediaKind.POLL, name="Какие у вас планы на выходные?"),),
    )
    enriched = TextPipeline.default().enrich(poll)
    assert enriched.title == ""  # the timeline names it "Poll: Какие у вас планы на выходные?"
    assert describe(enriched.media) == "Poll: Какие у вас планы на выходные?"
    captioned = poll.with_changes(passages=(Passage("Голосуйте!"), *poll.passages))
    assert TextPipeline.default().enrich(captioned).title == "Голосуйте!"
