"""The scraped channel dump importer on the seed and on small hand-made dumps."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from reader.domain import MediaKind, PassageKind, Post
from reader.errors import ImportWarning
from reader.ingest import scraped, statement
from reader.ingest.registry import importer_for_file
from reader.text.pipeline import TextPipeline

SEED = "000_a6b2ee9f8e8f0532.txt"


@pytest.fixture(scope="module")
def pipeline() -> TextPipeline:
    return TextPipeline.default()


def _import(path: Path, pipeline: TextPipeline) -> tuple[list[Post], list[ImportWarning]]:
    warnings: list[ImportWarning] = []
    posts = [pipeline.enrich(post) for post in scraped.IMPORTER.parse(path, warnings)]
    return posts, warnings


@pytest.fixture(scope="module")
def seed_posts(samples_dir: Path, pipeline: TextPipeline) -> list[Post]:
    posts, warnings = _import(samples_dir / SEED, pipeline)
    assert warnings == []
    return posts


def _text_posts(posts: list[Post]) -> list[Post]:
    return [post for post in posts if post.passages]


def test_the_seed_has_eleven_text_posts_in_order_with_their_dates(seed_posts: list[Post]) -> None:
    expected = [
        ("Marco Rubio hold talks", date(2025, 7, 10), False),
        ("remarks at #RussiaASEAN Ministerial Meeting", date(2025, 7, 10), False),
        ("East Asia Summit (#EAS) and the 32nd ASEAN Regional Forum", date(2025, 7, 11), False),
        ("Wang Yi held talks", date(2025, 7, 13), False),
        ("Mr Mikhail Margelov visited the Middle East Institute", date(2025, 7, 15), False),
        ("Council of Foreign Ministers of the Shanghai Cooperation Organisation in Tianjin", date(2025, 7, 15), False),
        ("Miklouho-Maclay was born", date(2025, 7, 17), False),
        ("EAEU–Indonesia: On the Path to the Free Trade Agreement", None, True),
        ("О визите российских школьников", date(2025, 7, 18), False),
        ("Statement by Head of the Russian delegation Vladimir Medinsky", date(2025, 7, 23), False),
        ("Thus, our country joined the then largest", None, True),
    ]
    posts = _text_posts(seed_posts)
    assert len(posts) == len(expected)
    for post, (lead, day, inferred) in zip(posts, expected, strict=True):
        assert lead in post.passages[0].text
        assert post.date is not None and post.date.tzinfo is not None
        assert post.date_inferred is inferred, lead
        if day is not None:
            assert post.date.date() == day, lead
    # Inferred dates sit between their neighbours and never go backwards.
    eaeu, world_war = posts[7], posts[10]
    assert date(2025, 7, 17) <= eaeu.date.date() <= date(2025, 7, 18)  # type: ignore[union-attr]
    assert world_war.date.date() >= date(2025, 7, 23)  # type: ignore[union-attr]
    days = [post.date for post in seed_posts]
    assert days == sorted(days)  # type: ignore[type-var]


def test_reactions_belong_to_the_post_they_follow(seed_posts: list[Post]) -> None:
    posts = _text_posts(seed_posts)
    assert posts[4].reactions == {"👍": 1}
    assert posts[7].reactions == {"❤": 1}
    assert all(not post.reactions for index, post in enumerate(posts) if index not in (4, 7))


def test_every_paragraph_is_stored_once_and_noise_is_not_text(seed_posts: list[Post]) -> None:
    for post in seed_posts:
        texts = [passage.text for passage in post.passages]
        assert len(texts) == len(set(texts)), post.title
        for text in texts:
            assert text not in ("👍1", "❤1", "👉 Read more", "VIEW IN TELEGRAM", "***")
            assert "Please open Telegram" not in text
    rubio = seed_posts[0]
    assert [passage.text for passage in rubio.passages] == [
        "🇷🇺🇺🇸 Russia's Foreign Minister Sergey Lavrov and US Secretary of State Marco Rubio hold talks "
        "on the sidelines of #ASEAN events",
        "📍 Kuala Lumpur, July 10",
        "#RussiaUSA",
    ]
    remembrance = _text_posts(seed_posts)[10]
    assert remembrance.passages[-1].text == "#WeRemember"


def test_trailing_widgets_are_media_only_posts(seed_posts: list[Post]) -> None:
    media_only = seed_posts[11:]
    assert media_only and all(not post.passages for post in media_only)
    for post in media_only:
        assert [(media.kind, media.available) for media in post.media] == [(MediaKind.UNKNOWN, False)]
        assert post.date_inferred
    assert len({post.id for post in seed_posts}) == len(seed_posts)


def test_the_school_visit_is_russian_and_english(seed_posts: list[Post]) -> None:
    visit = _text_posts(seed_posts)[8]
    assert set(visit.languages) == {"ru", "en"}
    assert [passage.lang for passage in visit.passages] == ["ru", "ru", "ru", "en", "en", "en"]
    assert visit.title == "О визите российских школьников в Посольство России в Сингапуре"
    assert visit.passages[3].kind is PassageKind.TITLE


def test_languages_and_topics_of_the_seed(seed_posts: list[Post]) -> None:
    posts = _text_posts(seed_posts)
    for post in posts:
        assert all(passage.lang in ("en", "ru", None) for passage in post.passages)
    assert all(passage.lang == "en" for passage in posts[0].passages)
    assert {"USA", "ASEAN", "#russiausa"} <= set(posts[0].topics)
    assert {"ASEAN", "#russiaasean"} <= set(posts[1].topics)
    assert {"China", "SCO", "BRICS", "G20", "#russiachina"} <= set(posts[3].topics)
    assert {"EAEU", "Indonesia"} <= set(posts[7].topics)
    assert "#RussiaChina" in posts[3].hashtags


def test_questions_and_answers_in_a_dump_post(seed_posts: list[Post]) -> None:
    medinsky = _text_posts(seed_posts)[9]
    kinds = [(passage.kind, passage.speaker) for passage in medinsky.passages]
    assert (PassageKind.QUESTION, "Question") in kinds  # the label as the dump prints it
    assert (PassageKind.ANSWER, "Vladimir Medinsky") in kinds
    assert sum(passage.kind is PassageKind.LIST_ITEM for passage in medinsky.passages) == 7


def test_reimporting_crlf_or_nfd_copies_gives_the_same_ids(
    samples_dir: Path, tmp_path: Path, pipeline: TextPipeline
) -> None:
    original = (samples_dir / SEED).read_text(encoding="utf-8")
    ids = [post.id for post in _import(samples_dir / SEED, pipeline)[0]]
    for name, variant in (
        ("crlf", original.replace("\n", "\r\n")),
        ("nfd", unicodedata.normalize("NFD", original)),
        ("bom", "\ufeff" + original),
    ):
        copy = tmp_path / name / SEED
        copy.parent.mkdir()
        copy.write_text(variant, encoding="utf-8", newline="")
        assert [post.id for post in _import(copy, pipeline)[0]] == ids, name
    assert all(post_id.startswith("file:000_a6b2ee9f8e8f0532/h") for post_id in ids)


def test_a_post_appearing_twice_is_kept_once(tmp_path: Path, pipeline: TextPipeline) -> None:
    dump = tmp_path / "twice.txt"
    post = "🗓 On July 1, 2025, talks were held.\nThe sides discussed trade.\nThe sides discussed trade.\n"
    dump.write_text(post + "👍2\n" + post, encoding="utf-8")
    posts, warnings = _import(dump, pipeline)
    assert len(posts) == 1 and posts[0].reactions == {"👍": 2}
    assert len(warnings) == 1 and "twice" in warnings[0].message


def test_widgets_views_and_chips(tmp_path: Path, pipeline: TextPipeline) -> None:
    dump = tmp_path / "page.txt"
    dump.write_text(
        "🎙 Briefing by the spokeswoman on July 2, 2025\n"
        "Media is too big\n"
        "VIEW IN TELEGRAM\n"
        "The spokeswoman answered questions.\n"
        "The spokeswoman answered questions.\n"
        "🔥12 👍1.2K\n"
        "3.4K views\n"
        "Media is too big\n"
        "VIEW IN TELEGRAM\n"
        "❤️5\n",
        encoding="utf-8",
    )
    posts, _ = _import(dump, pipeline)
    assert len(posts) == 2
    briefing, video = posts
    assert [media.kind for media in briefing.media] == [MediaKind.VIDEO]
    assert briefing.reactions == {"🔥": 12, "👍": 1200} and briefing.views == 3400
    assert [passage.text for passage in briefing.passages] == [
        "🎙 Briefing by the spokeswoman on July 2, 2025",
        "The spokeswoman answered questions.",
    ]
    assert not video.passages and video.reactions == {"❤": 5}
    assert [media.kind for media in video.media] == [MediaKind.VIDEO]


def test_the_registry_picks_the_dump_importer(samples_dir: Path) -> None:
    assert importer_for_file(samples_dir / SEED).name == "scraped-dump"


@pytest.mark.parametrize(
    "content",
    [
        b'{"messages": [{"id": 1, "text": "\xf0\x9f\x91\x8d1"}]}',
        b"[1, 2, 3]",
        b"<!DOCTYPE html><html><body><div>VIEW IN TELEGRAM</div><div>\xf0\x9f\x91\x8d1</div></body></html>",
        b'<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>',
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"Just a note.\nNothing repeats here.\n",
        (
            'message_id,date,text\n1,2025-07-10,"\U0001f5d3 On July 10\n'
            'A line that repeats itself\nA line that repeats itself\n"\n'
        ).encode(),
    ],
    ids=["json", "json-array", "html", "rss", "png", "plain-note", "csv"],
)
def test_sniffers_refuse_other_content(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "other.txt"
    assert not scraped.sniff(path, content)
    assert not statement.sniff(path, content)
