"""The pairing evaluation runs end to end, on a small corpus written here and on the shared one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.align.evaluate import evaluate, load_documents, main

SENTENCES = [
    ("news_1", "Министр иностранных дел России Сергей Лавров прибыл в Джакарту.",
     "Russian Foreign Minister Sergey Lavrov arrived in Jakarta."),
    ("news_1", "Он проведёт переговоры с коллегой из Индонезии 14 июля.",
     "He will hold talks with his Indonesian counterpart on July 14."),
    ("news_1", "Товарооборот двух стран в 2024 году составил 4,3 млрд долларов.",
     "Trade between the two countries reached $4.3 billion in 2024."),
    ("news_2", "В Сингапуре открылась выставка российской живописи.",
     "An exhibition of Russian painting opened in Singapore."),
    ("news_2", "На ней представлены 85 картин из собраний двенадцати музеев.",
     "It presents 85 paintings from the collections of twelve museums."),
    ("news_2", "Выставка продлится до 30 сентября.", "The exhibition will run until September 30."),
    ("news_3", "Посольство напоминает о порядке получения виз.", "The Embassy reminds you of the visa procedure."),
    ("news_3", "Документы принимаются по понедельникам и средам с 9:00 до 12:00.",
     "Documents are accepted on Mondays and Wednesdays from 9 a.m. to 12 p.m."),
    ("news_3", "Справки по телефону +65 6235 1832.", "Enquiries by phone +65 6235 1832."),
]  # fmt: skip


def write_corpus(path: Path) -> Path:
    lines = ["doc_id\tdomain\tseg\tru\ten"]
    for number, (doc, ru, en) in enumerate(SENTENCES, start=1):
        lines.append(f"{doc}\tnews\t{number}\t{ru}\t{en}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_evaluation_on_a_small_corpus(tmp_path: Path) -> None:
    documents = load_documents(write_corpus(tmp_path / "corpus.tsv"))
    assert list(documents) == ["news_1", "news_2", "news_3"]

    rows = evaluate(documents, seed=3)

    cases = {row.case for row in rows}
    assert {"in-post: blocks 1–1", "in-post: blocks 1–2/2–1/1–0", "in-post: alternating"} <= cases
    assert {row.method for row in rows} == {"aligner", "Gale–Church"}
    ours = {row.case: row for row in rows if row.method == "aligner"}
    assert ours["in-post: blocks 1–1"].f1 == 1.0
    assert ours["in-post: alternating"].f1 == 1.0
    assert all(0.0 <= row.precision <= 1.0 and 0.0 <= row.recall <= 1.0 for row in rows)


def test_evaluation_is_repeatable(tmp_path: Path) -> None:
    documents = load_documents(write_corpus(tmp_path / "corpus.tsv"))

    first = [(row.case, row.method, row.correct, row.predicted) for row in evaluate(documents, seed=5)]
    second = [(row.case, row.method, row.correct, row.predicted) for row in evaluate(documents, seed=5)]

    assert first == second


def test_command_prints_the_table_and_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = write_corpus(tmp_path / "corpus.tsv")
    output = tmp_path / "result.json"

    assert main(["--data", str(corpus), "--json", str(output)]) == 0

    printed = capsys.readouterr().out
    assert "| in-post: blocks 1–1 | aligner |" in printed
    assert "Gale–Church" in printed
    payload = json.loads(output.read_text(encoding="utf-8"))
    assert payload["documents"] == 3 and len(payload["rows"]) == 10


def test_command_skips_when_the_corpus_is_absent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(tmp_path / "missing.tsv")]) == 0
    assert "not found" in capsys.readouterr().out


def test_smoke_on_the_shared_parallel_corpus(shared_dir: Path) -> None:
    corpus = shared_dir / "data" / "parallel" / "wmt22-ru-en.tsv"
    if not corpus.is_file():
        pytest.skip("../shared/data/parallel/wmt22-ru-en.tsv is not present")
    documents = dict(list(load_documents(corpus).items())[:15])

    rows = evaluate(documents)

    ours = {row.case: row for row in rows if row.method == "aligner"}
    assert ours["in-post: blocks 1–1"].f1 >= 0.95
    assert ours["in-post: blocks 1–2/2–1/1–0"].f1 >= 0.85
