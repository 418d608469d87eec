"""The web statement importer on the seed transcript and small variants."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.domain import PassageKind, Post
from reader.errors import ImportWarning, InputError
from reader.ingest import scraped, statement
from reader.ingest.registry import importer_for_file
from reader.text.pipeline import TextPipeline

SEED = "002_102eb12058e9e2cd.txt"


@pytest.fixture(scope="module")
def post(samples_dir: Path) -> Post:
    warnings: list[ImportWarning] = []
    posts = [TextPipeline.default().enrich(post) for post in statement.IMPORTER.parse(samples_dir / SEED, warnings)]
    assert warnings == []
    assert len(posts) == 1
    return posts[0]


def test_title_place_date_and_link(post: Post) -> None:
    assert post.title.startswith("Foreign Minister Sergey Lavrov’s remarks and answers to questions")
    assert post.place == "Kuala Lumpur"
    assert post.date == datetime(2025, 7, 11, 12, tzinfo=UTC)
    assert not post.date_inferred
    # the trailing link names the channel: the source's address, not the statement's own
    assert post.url is None
    assert post.source.url == "https://t.me/The_International_Affairs"
    assert post.source.key == "file:002_102eb12058e9e2cd"
    assert post.source.kind == "statement"


def test_credit_and_channel_link_are_not_text(post: Post) -> None:
    texts = [passage.text for passage in post.passages]
    assert not any(text.startswith("Photo:") for text in texts)
    assert not any("Telegram-channel" in text for text in texts)
    assert not any(text.startswith("Kuala Lumpur, July 11") for text in texts)
    assert post.passages[0].kind is PassageKind.TITLE
    assert post.passages[1].text == "Good afternoon."


def test_six_questions_each_answered_by_lavrov(post: Post) -> None:
    turns = [passage for passage in post.passages if passage.kind in (PassageKind.QUESTION, PassageKind.ANSWER)]
    questions = [passage for passage in turns if passage.kind is PassageKind.QUESTION]
    assert len(questions) == 6
    assert questions[0].text.startswith("Last year, during a meeting with Foreign Ministry leadership")
    for index, passage in enumerate(turns):
        if passage.kind is PassageKind.QUESTION:
            # Each turn's label once, on its first paragraph, as the transcript prints it.
            assert passage.speaker == "Question"
            answer = turns[index + 1]
            assert answer.kind is PassageKind.ANSWER and answer.speaker == "Sergey Lavrov"
        elif turns[index - 1].kind is PassageKind.ANSWER:
            assert passage.speaker is None  # a continuation paragraph: the source does not repeat the name
    assert turns[-1].text == "We will fully take this into account in all areas of our planning."
    assert not any(passage.text.startswith(("Question:", "Sergey Lavrov:")) for passage in post.passages)


def test_languages_and_topics(post: Post) -> None:
    assert post.languages == ("en",)
    assert all(passage.lang == "en" for passage in post.passages)
    assert {"ASEAN", "East Asia Summit", "Ukraine", "NATO", "Middle East"} <= set(post.topics)


def test_the_registry_tells_the_two_text_formats_apart(samples_dir: Path) -> None:
    head = (samples_dir / SEED).read_bytes()[:65536]
    assert statement.sniff(samples_dir / SEED, head)
    assert not scraped.sniff(samples_dir / SEED, head)
    assert importer_for_file(samples_dir / SEED).name == "statement"


def test_russian_statement_in_windows_1251(tmp_path: Path) -> None:
    path = tmp_path / "zayavlenie.txt"
    path.write_bytes(
        (
            "Фото: МИД России\n"
            "Выступление Министра иностранных дел С.В.Лаврова на пресс-конференции\n"
            "Москва, 18 июля 2025 года\n"
            "Добрый день.\n"
            "Вопрос: Как вы оцениваете итоги встречи?\n"
            "С.В.Лавров: Итоги встречи положительные.\n"
            "Мы продолжим работу.\n"
        ).encode("cp1251")
    )
    assert statement.sniff(path, path.read_bytes())
    (post,) = statement.IMPORTER.parse(path, [])
    assert post.place == "Москва"
    assert post.date == datetime(2025, 7, 18, 12, tzinfo=UTC)
    assert post.title.startswith("Выступление Министра")
    kinds = [(passage.kind, passage.speaker) for passage in post.passages]
    assert kinds[-3:] == [
        (PassageKind.QUESTION, "Вопрос"),
        (PassageKind.ANSWER, "С.В.Лавров"),
        (PassageKind.ANSWER, None),
    ]


def test_an_empty_statement_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("\n\n  \n", encoding="utf-8")
    with pytest.raises(InputError, match=r"empty\.txt"):
        list(statement.IMPORTER.parse(path, []))
