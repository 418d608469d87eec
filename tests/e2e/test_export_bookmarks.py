"""Every bookmark reaches every export format, and each file reads back as its consumer reads it.

The bundled dump is the hard case: its posts have no address of their own, its channel none either,
and two of them are media only (a photo or video the scrape could not keep).
"""

from __future__ import annotations

import csv
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from .test_cli import DUMP, STATEMENT, posts, run


class BookmarkParser(HTMLParser):
    """What a browser's bookmark importer keeps: each link's address, title and tags."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self._in_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append({name: value or "" for name, value in attrs} | {"title": ""})
            self._in_link = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_link = False

    def handle_data(self, data: str) -> None:
        if self._in_link:
            self.links[-1]["title"] += data


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    data_dir = tmp_path_factory.mktemp("library")
    assert run(data_dir, "import", DUMP, STATEMENT).returncode == 0
    everything = posts(data_dir)
    ids = [str(post["id"]) for post in everything]
    assert run(data_dir, "bookmark", *ids).returncode == 0
    media_only = [post for post in everything if not post["passages"]]
    assert len(media_only) == 2
    assert run(data_dir, "note", str(media_only[0]["id"]), "Фото с переговоров").returncode == 0
    assert run(data_dir, "tag", str(media_only[0]["id"]), "photo", "brief").returncode == 0
    return data_dir, posts(data_dir, "--bookmarked")


def _export(data_dir: Path, fmt: str, target: Path) -> str:
    result = run(data_dir, "export-bookmarks", "--format", fmt, "-o", target)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_html_links_every_bookmark_and_says_how_many_had_no_address(
    library: tuple[Path, list[dict[str, object]]], tmp_path: Path
) -> None:
    data_dir, bookmarks = library
    target = tmp_path / "bookmarks.html"
    output = _export(data_dir, "html", target)
    without = sum(1 for post in bookmarks if not post["url"])
    assert f"exported {len(bookmarks)} bookmarks" in output
    assert f"{without} of them have no address of their own" in output
    parser = BookmarkParser()
    parser.feed(target.read_text(encoding="utf-8"))
    assert len(parser.links) == len(bookmarks)
    for link in parser.links:
        assert link["title"].strip()
        if link["href"].startswith("file://"):
            copy = Path(link["href"].removeprefix("file://"))
            assert copy.is_file() and copy.parent == tmp_path / "bookmarks-posts"
        else:
            assert link["href"].startswith("https://")
    tagged = [link for link in parser.links if link.get("tags")]
    assert [link["tags"] for link in tagged] == ["brief,photo"]


def test_markdown_notes_each_read_as_front_matter(
    library: tuple[Path, list[dict[str, object]]], tmp_path: Path
) -> None:
    data_dir, bookmarks = library
    folder = tmp_path / "notes"
    _export(data_dir, "md", folder)
    seen: set[str] = set()
    for note in folder.glob("*.md"):
        text = note.read_text(encoding="utf-8")
        front_text, body = text.removeprefix("---\n").split("\n---\n", 1)
        front = yaml.safe_load(front_text)
        seen.add(front["id"])
        seen.update(item["id"] for item in front.get("translations", []))
        assert {"title", "date", "source", "url", "languages", "topics", "tags", "note"} <= set(front)
        assert front["title"].strip()
        heading = body.strip().splitlines()[0]
        assert heading.startswith("# ") and heading[2:].strip()  # never an empty heading
        assert "\n---" not in body
    assert seen == {str(post["id"]) for post in bookmarks}


def test_markdown_single_file_holds_every_post(library: tuple[Path, list[dict[str, object]]], tmp_path: Path) -> None:
    data_dir, bookmarks = library
    target = tmp_path / "all.md"
    assert f"exported {len(bookmarks)} posts" in _export(data_dir, "md-file", target)
    headings = [line for line in target.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]
    assert len(headings) == len(bookmarks) and all(heading[3:].strip() for heading in headings)


def test_json_reads_back_every_bookmark_media_only_included(
    library: tuple[Path, list[dict[str, object]]], tmp_path: Path
) -> None:
    data_dir, bookmarks = library
    target = tmp_path / "complete.json"
    _export(data_dir, "json", target)
    again = tmp_path / "again"
    result = run(again, "import", target)
    assert result.returncode == 0, result.stderr
    assert "skipped" not in result.stdout + result.stderr
    restored = {str(post["id"]): post for post in posts(again, "--bookmarked")}
    assert set(restored) == {str(post["id"]) for post in bookmarks}
    media_only = [post for post in restored.values() if not post["passages"]]
    assert len(media_only) == 2
    assert any(post["note"] == "Фото с переговоров" and post["tags"] == ["brief", "photo"] for post in media_only)


def test_csl_json_items_carry_what_a_citation_needs(
    library: tuple[Path, list[dict[str, object]]], tmp_path: Path
) -> None:
    data_dir, bookmarks = library
    target = tmp_path / "zotero.json"
    _export(data_dir, "csljson", target)
    items = json.loads(target.read_text(encoding="utf-8"))
    assert len(items) == len(bookmarks)
    by_id = {item["id"]: item for item in items}
    for item in items:
        assert item["type"] == "post" and isinstance(item["title"], str)
        for part in item.get("issued", {}).get("date-parts", [[]])[0]:
            assert isinstance(part, int)
        # never a dump's file name as the journal or author
        assert "a6b2ee9f8e8f0532" not in json.dumps(item.get("container-title", ""))
        assert all("literal" in author for author in item.get("author", []))
    bilingual = next(post for post in bookmarks if str(post["title"]).startswith("О визите"))
    assert by_id[bilingual["id"]]["language"] == "ru"  # the title's language, not the first listed
    statement = next(post for post in bookmarks if "002_102eb12058e9e2cd" in str(post["id"]))
    assert by_id[statement["id"]]["container-title"] == "@The_International_Affairs"
    assert by_id[statement["id"]]["author"] == [{"literal": "@The_International_Affairs"}]


def test_csv_and_pdf_hold_every_bookmark(library: tuple[Path, list[dict[str, object]]], tmp_path: Path) -> None:
    data_dir, bookmarks = library
    sheet = tmp_path / "sheet.csv"
    _export(data_dir, "csv", sheet)
    rows = list(csv.DictReader(sheet.read_text(encoding="utf-8-sig").splitlines(keepends=True)))
    assert {row["id"] for row in rows} == {str(post["id"]) for post in bookmarks}
    pack = tmp_path / "pack.pdf"
    assert f"exported {len(bookmarks)} posts" in _export(data_dir, "pdf", pack)
    assert len(PdfReader(pack).pages) >= 1
