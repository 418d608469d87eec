"""The PDF reading pack paginates, keeps both languages and its Cyrillic text is extractable."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest
from PySide6.QtWidgets import QApplication

from reader.domain import Pair, Passage, PassageKind, Post, Source
from reader.errors import ExportError
from reader.store import PostFilter, Store
from reader.ui.pdf_export import export_pdf

REPO = Path(__file__).resolve().parents[2]


def pdf_text(path: Path) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Extraction yields ligatures ("ﬁ") and tabs between words; compare on normalised words.
    return len(reader.pages), " ".join(unicodedata.normalize("NFKC", text).split())


def test_pdf_has_both_languages_and_cyrillic_text(
    qapp: QApplication, tmp_path: Path, bilingual_library: Callable[[Path], Store]
) -> None:
    store = bilingual_library(tmp_path / "library")
    store.state.set_bookmarked(["tg:mid_rf/200", "tg:mfa_russia/100"], note="Сверить цифры")
    path = tmp_path / "pack.pdf"
    assert export_pdf(store, PostFilter(bookmarked=True), path) == 3
    store.close()
    assert path.read_bytes().startswith(b"%PDF-")
    pages, text = pdf_text(path)
    assert pages == 1
    assert "О встрече министров иностранных дел АСЕАН" in text
    assert "On the meeting of ASEAN foreign ministers" in text  # the counterpart comes along
    assert "Сергей Лавров проведёт переговоры с министром иностранных дел Малайзии." in text
    assert "Sergey Lavrov will hold talks with the Foreign Minister of Malaysia." in text
    assert "Сверить цифры" in text


def test_pdf_puts_a_few_posts_on_each_page(qapp: QApplication, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "library")
    source = Source("tg:mid_rf", "МИД России", "telegram")
    posts = [
        Post(
            id=f"tg:mid_rf/{number}",
            source=source,
            message_id=str(number),
            date=datetime(2025, 7, number, tzinfo=UTC),
            title=f"Брифинг номер {number}",
            passages=(
                Passage(f"Брифинг номер {number}", "ru", PassageKind.TITLE),
                Passage(f"Briefing number {number}", "en", PassageKind.TITLE),
            ),
            pairs=(Pair((0,), (1,), 0.9),),
        )
        for number in range(1, 8)
    ]
    with store.db.transaction():
        store.posts.upsert_posts((post, ()) for post in posts)
    path = tmp_path / "pack.pdf"
    assert export_pdf(store, PostFilter(), path, posts_per_page=3) == 7
    store.close()
    pages, text = pdf_text(path)
    assert pages == 3  # 3 + 3 + 1
    assert all(f"Брифинг номер {number}" in text and f"Briefing number {number}" in text for number in range(1, 8))


def test_pdf_refuses_to_overwrite(
    qapp: QApplication, tmp_path: Path, bilingual_library: Callable[[Path], Store]
) -> None:
    store = bilingual_library(tmp_path / "library")
    path = tmp_path / "pack.pdf"
    path.write_bytes(b"old")
    with pytest.raises(ExportError, match="already exists"):
        export_pdf(store, PostFilter(), path)
    assert path.read_bytes() == b"old"
    store.close()


def test_cli_writes_the_pdf_without_a_display(tmp_path: Path, bilingual_library: Callable[[Path], Store]) -> None:
    library = tmp_path / "library"
    store = bilingual_library(library)
    store.state.set_bookmarked(["tg:mid_rf/200"])
    store.close()
    target = tmp_path / "pack.pdf"
    environment = {key: value for key, value in os.environ.items() if key not in ("QT_QPA_PLATFORM", "DISPLAY")}
    command = [sys.executable, "-c", "import sys; from reader.cli import main; sys.exit(main())"]
    arguments = ["--data-dir", str(library), "export-bookmarks", "--format", "pdf", "-o", str(target)]
    result = subprocess.run(
        [*command, *arguments], capture_output=True, text=True, env=environment, cwd=REPO, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert f"exported 2 posts to {target}" in result.stdout
    _pages, text = pdf_text(target)
    assert "Министры обсудили итоги саммита в Куала-Лумпуре." in text
