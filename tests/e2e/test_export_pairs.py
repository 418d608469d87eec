"""`export-pairs` gives translators the seed's school-visit pairs as TMX 1.4 and TSV."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from reader.store import PostFilter, Store

REPO = Path(__file__).resolve().parents[2]
DUMP = REPO / "resources" / "samples" / "000_a6b2ee9f8e8f0532.txt"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def run(data_dir: Path, *arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(data_dir), *map(str, arguments)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )


def test_tmx_and_tsv_hold_the_three_pairs(data_dir: Path, tmp_path: Path) -> None:
    assert run(data_dir, "import", DUMP).returncode == 0
    tmx = tmp_path / "pairs.tmx"
    result = run(data_dir, "export-pairs", "--format", "tmx", "-o", tmx)
    assert result.returncode == 0, result.stderr
    root = ElementTree.parse(tmx).getroot()
    assert root.get("version") == "1.4" and root.find("header").get("srclang") == "ru"  # type: ignore[union-attr]
    units = root.findall("body/tu")
    assert len(units) == 3
    first = {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in units[0].findall("tuv")}
    assert first["ru"].startswith("О визите российских школьников")  # type: ignore[union-attr]
    assert first["en"].startswith("Visit of Russian School Students")  # type: ignore[union-attr]
    assert any(prop.get("type") == "x-post-id" for prop in units[0].findall("prop"))

    tsv = tmp_path / "pairs.tsv"
    assert run(data_dir, "export-pairs", "--format", "tsv", "-o", tsv).returncode == 0
    rows = list(csv.DictReader(tsv.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    assert [row["en"][:10] for row in rows] == ["Visit of R", "On July 18", "During the"]


def test_confirmed_only_and_overwrite(data_dir: Path, tmp_path: Path) -> None:
    assert run(data_dir, "import", DUMP).returncode == 0
    store = Store.open(data_dir)
    post = next(record.post for record in store.records.iter_records(PostFilter()) if record.post.pairs)
    pair = post.pairs[1]
    store.pairs.decide_pair(post.id, pair.ru, pair.en, "confirmed")
    store.close()
    output = tmp_path / "confirmed.tsv"
    assert run(data_dir, "export-pairs", "--format", "tsv", "-o", output, "--confirmed-only").returncode == 0
    rows = list(csv.DictReader(output.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    assert len(rows) == 1 and rows[0]["en"].startswith("On July 18, 2025")
    refused = run(data_dir, "export-pairs", "--format", "tsv", "-o", output)
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert run(data_dir, "export-pairs", "--format", "tsv", "-o", output, "--force").returncode == 0
