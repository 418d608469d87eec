"""Seed 002 in the reader pane and the PDF export: each Q&A turn labelled once, as the source does."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from reader.importing.service import Library
from reader.store import PostFilter
from reader.ui.pdf_export import export_pdf
from reader.ui.tasks import TaskRunner
from reader.ui.views.reader_pane import ReaderPane

from .test_pdf_export import pdf_text

REPO = Path(__file__).resolve().parents[2]
SEED_002 = REPO / "resources" / "samples" / "002_102eb12058e9e2cd.txt"


def _seed_library(data_dir: Path) -> str:
    library = Library(data_dir, import_workers=0)
    library.import_paths([SEED_002])
    (record,) = list(library.store.records.iter_records(PostFilter()))
    library.close()
    return record.post.id


def test_reader_pane_labels_six_questions_and_six_answers_once(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    post_id = _seed_library(data_dir)
    pane = ReaderPane(TaskRunner(data_dir))
    qtbot.addWidget(pane)
    pane.show()
    pane.show_post(post_id)
    qtbot.waitUntil(lambda: pane.document is not None)
    text = pane.browser.toPlainText()
    assert text.count("Question:") == 6
    assert text.count("Sergey Lavrov:") == 6
    assert "Question: Did you discuss strategic offensive weapons" in text
    # The title is the heading, not the heading and the first paragraph again.
    assert text.count("Foreign Minister Sergey Lavrov’s remarks and answers to questions") == 1


def test_pdf_labels_six_questions_and_six_answers_once(qapp: QApplication, data_dir: Path, tmp_path: Path) -> None:
    _seed_library(data_dir)
    library = Library(data_dir, import_workers=0)
    path = tmp_path / "seed.pdf"
    assert export_pdf(library.store, PostFilter(), path) == 1
    library.close()
    _pages, text = pdf_text(path)
    assert text.count("Question:") == 6
    assert text.count("Sergey Lavrov:") == 6
