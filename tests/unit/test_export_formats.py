"""Every export format keeps what the user bookmarked, and keeps both languages together."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from reader.errors import ExportError
from reader.export.service import export_posts
from reader.store import PostFilter, Store

BOOKMARKS = PostFilter(bookmarked=True)


@pytest.fixture()
def store(tmp_path: Path, bilingual_library: Callable[[Path], Store]) -> Iterator[Store]:
    store = bilingual_library(tmp_path / "library")
    store.state.set_bookmarked(["tg:mfa_russia/100"], note="Ask about the Malaysia talks", at=1752140000.0)
    store.state.set_tags("tg:mfa_russia/100", ["Malaysia", "Лавров"], at=1752140001.0)
    store.state.set_bookmarked(["tg:mid_rf/200"], note="Проверить итоги саммита", at=1752150000.0)
    store.state.set_tags("tg:mid_rf/200", ["ASEAN"], at=1752150001.0)
    store.state.set_bookmarked(["file:bulletin.txt/h0123456789abcdef"], at=1752160000.0)
    store.state.set_read(["tg:mfa_russia/202"])
    yield store
    store.close()


class BookmarkParser(HTMLParser):
    """Reads a Netscape bookmark file back the way a browser's importer does."""

    def __init__(self) -> None:
        super().__init__()
        self.bookmarks: list[dict[str, str]] = []
        self._in_link = False
        self._in_note = False
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.bookmarks.append({name: value or "" for name, value in attrs} | {"title": "", "note": ""})
            self._in_link = True
        elif tag == "dd":
            self._in_note = True
        elif tag in ("dt", "dl"):
            self._in_note = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_link = False

    def handle_data(self, data: str) -> None:
        if self._in_link:
            self.bookmarks[-1]["title"] += data
        elif self._in_note and self.bookmarks:
            self.bookmarks[-1]["note"] += data


def test_netscape_file_reads_back_with_urls_titles_tags_and_notes(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.html"
    report = export_posts(store, BOOKMARKS, "html", path)
    parser = BookmarkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    assert parser.doctype == "DOCTYPE NETSCAPE-Bookmark-file-1"
    found = {item["href"]: item for item in parser.bookmarks}
    # Every bookmark is there, the counterpart with its Russian post; the post of a plain-text dump
    # (no address, no channel address) links to a copy of itself written beside the file.
    assert report.posts == 4 == len(parser.bookmarks)
    assert report.without_own_url == 1
    copy = tmp_path / "bookmarks-posts" / "file_bulletin.txt_h0123456789abcdef.html"
    assert list(found) == [
        "https://t.me/MID_Russia/200",
        "https://t.me/MFARussia/201",
        "https://t.me/MFARussia/100",
        copy.as_uri(),
    ]
    page = copy.read_text(encoding="utf-8")
    assert found[copy.as_uri()]["title"] in page
    russian = found["https://t.me/MID_Russia/200"]
    assert russian["title"] == "О встрече министров иностранных дел АСЕАН"
    assert russian["tags"] == "ASEAN"
    assert russian["add_date"] == "1752150000"
    assert russian["note"].strip() == "Проверить итоги саммита"
    bilingual = found["https://t.me/MFARussia/100"]
    assert bilingual["tags"].split(",") == ["Malaysia", "Лавров"]
    assert bilingual["note"].strip() == "Ask about the Malaysia talks"
    assert found["https://t.me/MFARussia/201"]["title"] == "On the meeting of ASEAN foreign ministers"


def test_netscape_escapes_markup_in_titles_and_notes(store: Store, tmp_path: Path) -> None:
    store.state.set_note("tg:mfa_russia/100", 'Compare <b>"figures"</b> & dates')
    path = tmp_path / "bookmarks.html"
    export_posts(store, BOOKMARKS, "html", path)
    parser = BookmarkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    note = next(item["note"] for item in parser.bookmarks if item["href"].endswith("/100"))
    assert note.strip() == 'Compare <b>"figures"</b> & dates'


def test_csl_json_has_the_fields_zotero_reads(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "zotero.json"
    assert export_posts(store, BOOKMARKS, "csljson", path).posts == 4
    items = {item["id"]: item for item in json.loads(path.read_text(encoding="utf-8"))}
    russian = items["tg:mid_rf/200"]
    assert russian["type"] == "post"
    assert russian["title"] == "О встрече министров иностранных дел АСЕАН"
    assert russian["container-title"] == "МИД России"
    assert russian["issued"] == {"date-parts": [[2025, 7, 11]]}
    assert russian["URL"] == "https://t.me/MID_Russia/200"
    assert russian["accessed"] == {"date-parts": [[2025, 7, 10]]}  # bookmarked at 1752150000
    assert russian["language"] == "ru"
    assert russian["note"] == "Проверить итоги саммита"
    assert russian["translated-title"] == "On the meeting of ASEAN foreign ministers"
    english = items["tg:mfa_russia/201"]
    assert english["language"] == "en"
    assert english["translated-title"] == "О встрече министров иностранных дел АСЕАН"
    assert "URL" not in items["file:bulletin.txt/h0123456789abcdef"]


def _front_matter(note: Path) -> tuple[dict[str, object], str]:
    """Split a note as Obsidian does: the YAML block between the first two `---` lines, then the body."""
    text = note.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    front, body = text[4:].split("\n---\n", 1)
    data = yaml.safe_load(front)
    assert isinstance(data, dict)
    return data, body


def test_markdown_is_a_folder_of_notes_each_with_its_own_front_matter(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    assert export_posts(store, BOOKMARKS, "md", folder).posts == 4
    notes = {_front_matter(path)[0]["id"]: path for path in folder.glob("*.md")}
    assert sorted(notes) == ["file:bulletin.txt/h0123456789abcdef", "tg:mfa_russia/100", "tg:mid_rf/200"]
    front, body = _front_matter(notes["tg:mid_rf/200"])
    assert front["title"] == "О встрече министров иностранных дел АСЕАН"
    assert front["source"] == "МИД России" and front["url"] == "https://t.me/MID_Russia/200"
    assert front["tags"] == ["ASEAN"] and front["note"] == "Проверить итоги саммита"
    assert front["languages"] == ["en", "ru"]
    assert front["translations"][0]["id"] == "tg:mfa_russia/201"  # type: ignore[index]
    assert str(front["date"]).startswith("2025-07-11")
    # Russian and English under their own headings, a blank line between paragraphs, no later `---`.
    assert body.index("## Русский") < body.index("Министры обсудили итоги саммита в Куала-Лумпуре.")
    assert body.index("## English") < body.index("The ministers discussed the results of the summit")
    assert "\n---" not in body
    paragraphs = [block for block in body.split("\n\n") if block.strip()]
    assert "The ministers discussed the results of the summit in Kuala Lumpur." in paragraphs


def test_markdown_front_matter_survives_quotes_colons_and_line_breaks(store: Store, tmp_path: Path) -> None:
    store.state.set_note("tg:mfa_russia/100", 'a "quoted": note\nover two lines')
    folder = tmp_path / "notes"
    export_posts(store, BOOKMARKS, "md", folder)
    fronts = [_front_matter(path)[0] for path in folder.glob("*.md")]
    front = next(item for item in fronts if item["id"] == "tg:mfa_russia/100")
    assert front["note"] == 'a "quoted": note\nover two lines'
    assert front["tags"] == ["Malaysia", "Лавров"]


def test_markdown_single_file_is_for_pasting(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "all.md"
    assert export_posts(store, BOOKMARKS, "md-file", path).posts == 4
    text = path.read_text(encoding="utf-8")
    assert "---" not in text  # no front matter: in one file only the first block would be read as such
    assert "## О встрече министров иностранных дел АСЕАН" in text
    assert "Tags: #ASEAN" in text


def test_csv_has_a_bom_and_cyrillic_survives(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    assert export_posts(store, BOOKMARKS, "csv", path).posts == 4
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(keepends=True)))
    by_id = {row["id"]: row for row in rows}
    assert by_id["tg:mid_rf/200"]["note"] == "Проверить итоги саммита"
    assert by_id["tg:mid_rf/200"]["counterpart_title"] == "On the meeting of ASEAN foreign ministers"
    assert by_id["tg:mfa_russia/201"]["counterpart_id"] == "tg:mid_rf/200"
    assert by_id["tg:mfa_russia/100"]["tags"] == "Malaysia, Лавров"
    assert [row["id"] for row in rows].index("tg:mfa_russia/201") == [row["id"] for row in rows].index(
        "tg:mid_rf/200"
    ) + 1


def test_current_filter_instead_of_bookmarks(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "english.json"
    count = export_posts(store, PostFilter(search="Middle East"), "csljson", path).posts
    assert count == 1
    assert [item["id"] for item in json.loads(path.read_text(encoding="utf-8"))] == ["tg:mfa_russia/202"]


def test_selection_exports_the_counterpart_once(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "pair.csv"
    selection = PostFilter(post_ids=("tg:mid_rf/200", "tg:mfa_russia/201"))
    assert export_posts(store, selection, "csv", path).posts == 2


def test_existing_file_is_not_overwritten_without_force(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.html"
    path.write_text("my old bookmarks", encoding="utf-8")
    with pytest.raises(ExportError, match="already exists; use --force"):
        export_posts(store, BOOKMARKS, "html", path)
    assert path.read_text(encoding="utf-8") == "my old bookmarks"
    export_posts(store, BOOKMARKS, "html", path, force=True)
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE NETSCAPE-Bookmark-file-1>")
    assert sorted(item.name for item in tmp_path.iterdir() if item.is_file()) == ["bookmarks.html"]


def test_unknown_format_and_missing_folder_are_explained(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown export format"):
        export_posts(store, BOOKMARKS, "docx", tmp_path / "out.docx")
    with pytest.raises(ExportError, match="does not exist"):
        export_posts(store, BOOKMARKS, "md", tmp_path / "no such folder" / "out.md")
