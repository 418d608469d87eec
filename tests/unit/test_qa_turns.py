"""Q&A as the source has it: each turn's label once, on its first paragraph, in every output.

Seed 002 (a ministry transcript) has 6 "Question:" turns and 6 "Sergey Lavrov:" answers; the
source prints each label once, at the start of the turn.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from reader.domain import PassageKind, Post
from reader.errors import ImportWarning
from reader.export.service import export_posts
from reader.importing.service import Library
from reader.ingest.plaintext import passages_from_lines
from reader.ingest.statement import parse as parse_statement
from reader.store import PostFilter

REPO = Path(__file__).resolve().parents[2]
SEED_002 = REPO / "resources" / "samples" / "002_102eb12058e9e2cd.txt"


def _seed_post() -> Post:
    warnings: list[ImportWarning] = []
    (post,) = parse_statement(SEED_002, warnings)
    return post


def test_seed_002_has_six_labelled_questions_and_six_answers_labelled_once() -> None:
    post = _seed_post()
    questions = [p for p in post.passages if p.kind is PassageKind.QUESTION]
    answers = [p for p in post.passages if p.kind is PassageKind.ANSWER]
    assert [p.speaker for p in questions] == ["Question"] * 6
    assert [p.speaker for p in answers if p.speaker] == ["Sergey Lavrov"] * 6
    # Continuation paragraphs of an answer carry no label: the source does not repeat it.
    assert len(answers) > 6 and all(p.speaker is None for p in answers if p.speaker != "Sergey Lavrov")
    assert questions[0].labelled_text.startswith("Question: Last year, during a meeting")


def test_russian_turns_and_multi_paragraph_questions() -> None:
    lines = [
        "Вопрос: Как вы оцениваете итоги встречи?",
        "И что будет дальше?",
        "С.В.Лавров: Оцениваем положительно.",
        "Мы договорились продолжить работу.",
        "Вопрос (переведено с английского): Ещё один вопрос?",
        "Ответ: Да.",
    ]
    passages = passages_from_lines(lines, lead=False)
    assert [(p.kind, p.speaker, p.text) for p in passages] == [
        (PassageKind.QUESTION, "Вопрос", "Как вы оцениваете итоги встречи?"),
        (PassageKind.QUESTION, None, "И что будет дальше?"),
        (PassageKind.ANSWER, "С.В.Лавров", "Оцениваем положительно."),
        (PassageKind.ANSWER, None, "Мы договорились продолжить работу."),
        (PassageKind.QUESTION, "Вопрос (переведено с английского)", "Ещё один вопрос?"),
        (PassageKind.ANSWER, "Ответ", "Да."),
    ]


@pytest.fixture()
def seed_library(tmp_path: Path) -> Library:
    library = Library(tmp_path / "library", import_workers=0)
    library.import_paths([SEED_002])
    return library


def _label_counts(text: str) -> tuple[int, int]:
    return text.count("Question:"), text.count("Sergey Lavrov:")


def test_markdown_export_labels_each_turn_once(seed_library: Library, tmp_path: Path) -> None:
    path = tmp_path / "seed.md"
    assert export_posts(seed_library.store, PostFilter(), "md-file", path).posts == 1
    seed_library.close()
    text = path.read_text(encoding="utf-8")
    assert _label_counts(text) == (6, 6)
    assert "\nQuestion: Did you discuss strategic offensive weapons" in text
    assert "\nSergey Lavrov: No, we did not discuss that." in text


def test_csv_export_labels_each_turn_once(seed_library: Library, tmp_path: Path) -> None:
    path = tmp_path / "seed.csv"
    assert export_posts(seed_library.store, PostFilter(), "csv", path).posts == 1
    seed_library.close()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    text = "\n".join(value for row in rows for value in row.values())
    assert _label_counts(text) == (6, 6)
