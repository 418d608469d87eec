"""Measure the pairing engine on a sentence-aligned parallel corpus.

    python -m reader.align.evaluate [--data PATH] [--json FILE] [--seed N] [--limit N]

The corpus is a TSV with columns doc_id, domain, seg, ru, en (sentence i of a document translates
sentence i). Whole documents become test cases that look like bulletin posts:

- in-post, blocks 1–1: a Russian block then an English block, paragraphs of 1–3 sentences;
- in-post, blocks with 1–2/2–1/1–0: the same, with paragraphs merged or dropped on one side;
- in-post, alternating: Russian and English paragraphs in turn;
- across posts, passages: a Russian post and its English post, 30 % of the longer English posts
  shortened by up to a third (the last paragraphs dropped);
- across posts, counterparts: every document as a post of a Russian channel and of an English
  channel, English dates 0–48 hours later, 25 % of the posts of each side without a counterpart,
  30 % of the longer English posts shortened as above;
- across posts, import, quiet, busy and same event (with `python -m reader.importing.evaluate_import`, which
  may import the store): the same two channels written as Telegram JSON exports, alone (quiet),
  with busy neighbours and with neighbours about the same event (`reader.align.channel_cases`),
  imported through `Library.import_paths`, whose counterpart search is scored against the same
  gold; and the same links kept only from a score up (`SWEEP`), the trade of the link threshold.

For each, strict precision, recall and F1 (a pair counts only if its Russian and English indexes
are exactly right) for our aligner and for length-only Gale–Church, and pairs per second of CPU
time (signals extracted from scratch, as on a first import).
The runs are seeded, so the table is repeatable.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import json
import random
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from reader.align.aligner import gale_church_pairs, pair_passages, pair_posts
from reader.align.channel_cases import (
    Document,
    ImportCase,
    ImportSearch,
    PairKey,
    import_case,
    import_row_parts,
    shortened_length,
    split_paragraphs,
)
from reader.align.counterparts import CounterpartIndex, clear_caches
from reader.align.signals import default_glossary, default_terms, length_log_odds, probability
from reader.domain import Passage, Post, Source

DEFAULT_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "parallel" / "wmt22-ru-en.tsv"

# The link scores are calibrated probabilities: the import rows are also shown kept from these up
SWEEP = (0.5, 0.7, 0.8, 0.9, 0.95)
_SWEEP_METHOD = "score ≥ "


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the result table."""

    case: str
    method: str
    cases: int
    gold: int
    predicted: int
    correct: int
    precision: float
    recall: float
    f1: float
    pairs_per_second: float | None


_SENTENCES_PER_UNGROUPED_DOCUMENT = 8


def load_documents(path: Path) -> dict[str, Document]:
    """Documents of the corpus in file order, each a list of (Russian, English) sentences.

    The TSV needs `ru` and `en` columns; sentences are grouped by `doc_id`, or, in a corpus
    without one, into documents of consecutive sentences.

    Raises:
        ValueError: the file has no `ru` or no `en` column.
    """
    documents: dict[str, Document] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        columns = set(reader.fieldnames or ())
        if not {"ru", "en"} <= columns:
            raise ValueError(f"{path} needs tab-separated columns ru and en (found: {', '.join(sorted(columns))})")
        for number, record in enumerate(reader):
            ru, en = (record.get("ru") or "").strip(), (record.get("en") or "").strip()
            if not ru or not en:
                continue
            doc_id = record.get("doc_id") or f"doc{number // _SENTENCES_PER_UNGROUPED_DOCUMENT}"
            documents.setdefault(doc_id, []).append((ru, en))
    return documents


@dataclass(frozen=True, slots=True)
class InPostCase:
    passages: tuple[Passage, ...]
    gold: frozenset[tuple[tuple[int, ...], tuple[int, ...]]]


def _block_case(paragraphs: list[tuple[str, str]], rng: random.Random, edit: bool) -> InPostCase:
    """A Russian block then an English block; with `edit`, merge and drop paragraphs on one side."""
    # beads as (Russian paragraph texts, English paragraph texts)
    beads: list[tuple[list[str], list[str]]] = [([ru], [en]) for ru, en in paragraphs]
    if edit and len(beads) >= 2:
        edited: list[tuple[list[str], list[str]]] = []
        operations = ["merge_en", "merge_ru", "drop_en", "drop_ru"]
        index = 0
        while index < len(beads):
            operation = rng.choice(operations) if rng.random() < 0.35 else None
            ru, en = beads[index]
            if operation in ("merge_en", "merge_ru") and index + 1 < len(beads):
                next_ru, next_en = beads[index + 1]
                if operation == "merge_en":  # two Russian paragraphs translated as one: a 2–1 bead
                    edited.append(([ru[0], next_ru[0]], [en[0] + " " + next_en[0]]))
                else:  # one Russian paragraph translated as two: a 1–2 bead
                    edited.append(([ru[0] + " " + next_ru[0]], [en[0], next_en[0]]))
                index += 2
                continue
            if operation == "drop_en":
                edited.append((ru, []))
            elif operation == "drop_ru":
                edited.append(([], en))
            else:
                edited.append((ru, en))
            index += 1
        beads = edited
    ru_texts = [text for ru, _ in beads for text in ru]
    passages = [Passage(text, lang="ru") for text in ru_texts]
    en_offset = len(passages)
    passages.extend(Passage(text, lang="en") for _, en in beads for text in en)
    gold: set[tuple[tuple[int, ...], tuple[int, ...]]] = set()
    ru_index, en_index = 0, en_offset
    for ru, en in beads:
        ru_indexes = tuple(range(ru_index, ru_index + len(ru)))
        en_indexes = tuple(range(en_index, en_index + len(en)))
        if ru and en:
            gold.add((ru_indexes, en_indexes))
        ru_index += len(ru)
        en_index += len(en)
    return InPostCase(tuple(passages), frozenset(gold))


def _alternating_case(paragraphs: list[tuple[str, str]]) -> InPostCase:
    passages: list[Passage] = []
    gold: set[tuple[tuple[int, ...], tuple[int, ...]]] = set()
    for ru, en in paragraphs:
        passages.append(Passage(ru, lang="ru"))
        passages.append(Passage(en, lang="en"))
        gold.add(((len(passages) - 2,), (len(passages) - 1,)))
    return InPostCase(tuple(passages), frozenset(gold))


def _baseline_in_post(passages: Sequence[Passage]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    ru_positions = [index for index, passage in enumerate(passages) if passage.lang == "ru"]
    en_positions = [index for index, passage in enumerate(passages) if passage.lang == "en"]
    beads = gale_church_pairs(
        [len(passages[index].text) for index in ru_positions], [len(passages[index].text) for index in en_positions]
    )
    return [
        (tuple(ru_positions[i] for i in ru_indexes), tuple(en_positions[j] for j in en_indexes))
        for ru_indexes, en_indexes, _ in beads
    ]


def _row(case: str, method: str, cases: int, gold: set[PairKey], predicted: set[PairKey], seconds: float | None) -> Row:
    correct = len(gold & predicted)
    precision = correct / len(predicted) if predicted else 0.0
    recall = correct / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    rate = len(predicted) / seconds if seconds else None
    return Row(case, method, cases, len(gold), len(predicted), correct, precision, recall, f1, rate)


def _evaluate_in_post(name: str, cases: dict[str, InPostCase]) -> list[Row]:
    gold = {(doc, ru, en) for doc, case in cases.items() for ru, en in case.gold}
    _forget_signals()
    started = _clock()
    ours = {(doc, pair.ru, pair.en) for doc, case in cases.items() for pair in pair_passages(case.passages)}
    our_seconds = _clock() - started
    started = _clock()
    baseline = {(doc, ru, en) for doc, case in cases.items() for ru, en in _baseline_in_post(case.passages)}
    baseline_seconds = _clock() - started
    return [
        _row(name, "aligner", len(cases), gold, ours, our_seconds),
        _row(name, "Gale–Church", len(cases), gold, baseline, baseline_seconds),
    ]


def _clock() -> float:
    # CPU time of this process: what pairing costs, whatever else the machine is running
    return time.process_time()


def _forget_signals() -> None:
    # timings include reading the passages, as on a first import
    clear_caches()


_RU_SOURCE = Source(key="eval:ru", title="Russian channel", kind="telegram")
_EN_SOURCE = Source(key="eval:en", title="English channel", kind="telegram")


def _post(source: Source, doc: str, texts: list[str], lang: str, date: datetime) -> Post:
    return Post(
        id=f"{source.key}/{doc}",
        source=source,
        passages=tuple(Passage(text, lang=lang) for text in texts),
        date=date,
    )


def _evaluate_cross_passages(documents: dict[str, Document], rng: random.Random) -> list[Row]:
    """A Russian post and its English post, the English one shortened (last paragraphs dropped) at times."""
    gold: set[PairKey] = set()
    posts: dict[str, tuple[Post, Post]] = {}
    date = datetime(2025, 1, 1, tzinfo=UTC)
    for doc, document in documents.items():
        paragraphs = split_paragraphs(document, rng)
        kept = shortened_length(len(paragraphs), rng)
        ru_post = _post(_RU_SOURCE, doc, [ru for ru, _ in paragraphs], "ru", date)
        en_post = _post(_EN_SOURCE, doc, [en for _, en in paragraphs[:kept]], "en", date)
        posts[doc] = (ru_post, en_post)
        gold.update((doc, (index,), (index,)) for index in range(kept))
    _forget_signals()
    started = _clock()
    ours = {(doc, pair.ru, pair.en) for doc, (ru, en) in posts.items() for pair in pair_posts(ru, en)}
    our_seconds = _clock() - started
    started = _clock()
    baseline = {
        (doc, ru_indexes, en_indexes)
        for doc, (ru, en) in posts.items()
        for ru_indexes, en_indexes, _ in gale_church_pairs(
            [len(passage.text) for passage in ru.passages], [len(passage.text) for passage in en.passages]
        )
    }
    baseline_seconds = _clock() - started
    name = "across posts: passages"
    return [
        _row(name, "aligner", len(posts), gold, ours, our_seconds),
        _row(name, "Gale–Church", len(posts), gold, baseline, baseline_seconds),
    ]


def _evaluate_counterparts(documents: dict[str, Document], rng: random.Random) -> list[Row]:
    doc_ids = list(documents)
    rng.shuffle(doc_ids)
    # 60 % in both channels, 20 % Russian only, 20 % English only: 25 % of each channel unmatched
    both_count = round(len(doc_ids) * 0.6)
    one_side = (len(doc_ids) - both_count) // 2
    both = set(doc_ids[:both_count])
    russian_only = set(doc_ids[both_count : both_count + one_side])
    english_only = set(doc_ids[both_count + one_side :])
    ru_posts: list[Post] = []
    en_posts: list[Post] = []
    date = datetime(2025, 1, 1, tzinfo=UTC)
    for doc in documents:  # in corpus order, as a channel publishes
        date += timedelta(minutes=rng.expovariate(1 / 180))  # a post every three hours on average
        paragraphs = split_paragraphs(documents[doc], rng)
        if doc in both or doc in russian_only:
            ru_posts.append(_post(_RU_SOURCE, doc, [ru for ru, _ in paragraphs], "ru", date))
        if doc in both or doc in english_only:
            english_date = date + timedelta(hours=rng.uniform(0, 48))
            kept = shortened_length(len(paragraphs), rng)
            en_posts.append(_post(_EN_SOURCE, doc, [en for _, en in paragraphs[:kept]], "en", english_date))
    gold: set[PairKey] = {(doc, (0,), (0,)) for doc in both}

    def doc_of(post_id: str) -> str:
        return post_id.split("/", 1)[1]

    _forget_signals()
    started = _clock()
    index = CounterpartIndex()
    index.add_all(ru_posts)
    index.add_all(en_posts)
    ours: set[PairKey] = {
        (doc_of(match.ru_id), (0,), (0,)) if doc_of(match.ru_id) == doc_of(match.en_id) else (match.ru_id, (0,), (1,))
        for match in index.matches()
    }
    our_seconds = _clock() - started

    started = _clock()
    baseline = _length_only_counterparts(ru_posts, en_posts, doc_of)
    baseline_seconds = _clock() - started
    name = "across posts: counterparts"
    return [
        _row(name, "aligner", len(ru_posts) + len(en_posts), gold, ours, our_seconds),
        _row(name, "Gale–Church", len(ru_posts) + len(en_posts), gold, baseline, baseline_seconds),
    ]


def import_row(case: ImportCase, search: ImportSearch, name: str = "across posts: import") -> Row:
    """The import path's counterparts for `case`, scored against its gold."""
    return _import_rows(case, search, name)[0]


def _import_rows(case: ImportCase, search: ImportSearch, name: str) -> tuple[Row, list[Row]]:
    """The import row of `case` and the same links kept only from each of `SWEEP` up."""
    gold, ours, seconds, posts = import_row_parts(case, search)
    row = _row(name, "import + search", posts, gold, set(ours), seconds)
    sweep = [
        _row(
            name,
            f"{_SWEEP_METHOD}{threshold:.2f}",
            posts,
            gold,
            {key for key, score in ours.items() if score >= threshold},
            None,
        )
        for threshold in SWEEP
    ]
    return row, sweep


def _length_only_counterparts(ru_posts: list[Post], en_posts: list[Post], doc_of: Callable[[str], str]) -> set[PairKey]:
    """Baseline: within the same time window, the English post whose length best fits, one-to-one."""
    window = timedelta(days=3)
    by_date = sorted(en_posts, key=lambda post: (post.date or datetime.min.replace(tzinfo=UTC), post.id))
    dates = [post.date or datetime.min.replace(tzinfo=UTC) for post in by_date]
    scored: list[tuple[float, str, str]] = []
    for ru in ru_posts:
        assert ru.date is not None
        ru_length = len(ru.text)
        low = bisect.bisect_left(dates, ru.date - window)
        high = bisect.bisect_right(dates, ru.date + window)
        for en in by_date[low:high]:
            score = probability(length_log_odds(ru_length, len(en.text)))
            if score >= 0.5:
                scored.append((score, ru.id, en.id))
    scored.sort(key=lambda item: -item[0])
    used: set[str] = set()
    found: set[PairKey] = set()
    for _, ru_id, en_id in scored:
        if ru_id in used or en_id in used:
            continue
        used.update((ru_id, en_id))
        found.add((doc_of(ru_id), (0,), (0,)) if doc_of(ru_id) == doc_of(en_id) else (ru_id, (0,), (1,)))
    return found


def load_domains(path: Path) -> dict[str, str]:
    """The domain of each document of the corpus (none when the TSV has no `domain` column)."""
    domains: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if record.get("doc_id") and record.get("domain"):
                domains.setdefault(record["doc_id"], record["domain"])
    return domains


def evaluate(
    documents: dict[str, Document],
    seed: int = 20250718,
    import_search: ImportSearch | None = None,
    domains: Mapping[str, str] | None = None,
) -> list[Row]:
    """All cases of the evaluation, ours and the baseline, for these documents.

    With `import_search` (`reader.importing.evaluate_import` passes the import itself), also the import rows,
    each followed by its rows of `SWEEP`; `domains` (document: domain) picks the same-event neighbours.
    """
    # the glossaries load once per process, not per pair: keep that out of the timings
    default_terms()
    default_glossary()
    rng = random.Random(seed)
    block: dict[str, InPostCase] = {}
    edited: dict[str, InPostCase] = {}
    alternating: dict[str, InPostCase] = {}
    for doc, document in documents.items():
        paragraphs = split_paragraphs(document, rng)
        block[doc] = _block_case(paragraphs, rng, edit=False)
        edited[doc] = _block_case(paragraphs, rng, edit=True)
        alternating[doc] = _alternating_case(paragraphs)
    rows = _evaluate_in_post("in-post: blocks 1–1", block)
    rows += _evaluate_in_post("in-post: blocks 1–2/2–1/1–0", edited)
    rows += _evaluate_in_post("in-post: alternating", alternating)
    rows += _evaluate_cross_passages(documents, random.Random(seed + 1))
    rows += _evaluate_counterparts(documents, random.Random(seed + 2))
    if import_search is not None:
        # quiet channels (a shared key weighs little) and busy ones (many neighbours share keys by chance)
        # and the same event (neighbours share the story's names, numbers and date, by design)
        cases = (
            ("quiet", import_case(documents, random.Random(seed + 3), neighbours=0)),
            ("busy", import_case(documents, random.Random(seed + 3))),
            ("same event", import_case(documents, random.Random(seed + 3), domains=domains or {})),
        )
        sweeps: list[Row] = []
        for name, case in cases:
            row, sweep = _import_rows(case, import_search, f"across posts: import, {name}")
            rows.append(row)
            sweeps.extend(sweep)
        rows.extend(sweeps)
    return rows


def format_table(rows: Sequence[Row]) -> str:
    """The rows as plain-text tables (Markdown-compatible): the cases, then the threshold sweep if any."""
    main_rows = [row for row in rows if not row.method.startswith(_SWEEP_METHOD)]
    sweep = [row for row in rows if row.method.startswith(_SWEEP_METHOD)]
    table = _table(main_rows)
    if sweep:
        table += "\n\nThe import rows' links kept only from a score up:\n\n" + _table(sweep)
    return table


def _table(rows: Sequence[Row]) -> str:
    header = "| case | method | cases | gold | precision | recall | F1 | pairs/s (CPU) |"
    lines = [header, "|---|---|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        rate = f"{row.pairs_per_second:,.0f}" if row.pairs_per_second else "–"
        lines.append(
            f"| {row.case} | {row.method} | {row.cases} | {row.gold} | {row.precision:.3f} | {row.recall:.3f} "
            f"| {row.f1:.3f} | {rate} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, import_search: ImportSearch | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reader.align.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="parallel TSV (doc_id, domain, seg, ru, en)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    parser.add_argument("--seed", type=int, default=20250718, help="random seed of the case builder")
    parser.add_argument("--limit", type=int, help="use only the first N documents")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"Parallel corpus not found at {args.data}; nothing to evaluate (pass --data PATH).")
        return 0
    try:
        documents = load_documents(args.data)
    except (ValueError, OSError, UnicodeDecodeError) as error:
        print(f"Cannot read the parallel corpus: {error}", file=sys.stderr)
        return 2
    if args.limit:
        documents = dict(list(documents.items())[: args.limit])
    if not documents:
        print(f"No documents with both Russian and English text in {args.data}.")
        return 0
    started = time.perf_counter()
    try:
        domains = load_domains(args.data)
    except (OSError, UnicodeDecodeError):
        domains = {}
    rows = evaluate(documents, args.seed, import_search, domains)
    elapsed = time.perf_counter() - started
    sentences = sum(len(document) for document in documents.values())
    print(f"{len(documents)} documents, {sentences} sentence pairs from {args.data.name}, seed {args.seed}")
    print(format_table(rows))
    print(f"({elapsed:.1f} s)")
    if args.json:
        payload = {
            "data": str(args.data),
            "documents": len(documents),
            "seed": args.seed,
            "rows": [asdict(row) for row in rows],
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
