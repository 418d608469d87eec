"""The measured parts of the benchmark: import, language detection, pairing and store queries.

Each part returns table rows; a part that cannot run (a module not there yet, an import that
fails) returns "not measured" rows with the reason, never made-up numbers.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks import subprocess_environment
from benchmarks.corpus import Corpus, Message, load_pools, messages
from benchmarks.report import Row, measured, median, not_measured, percentile

if TYPE_CHECKING:
    from reader.store import PostFilter, Store

QUERY_RUNS = 50
PAGE = 200  # the timeline's first page
SEED_LABELS = Path(__file__).with_name("seed_languages.json")


@dataclass(frozen=True, slots=True)
class Targets:
    """The issue's targets; at 1,000,000 posts some are relaxed."""

    json_rate: float = 5000.0  # posts readable per second
    json_over_parse: float = 4.0  # the posts phase against parsing alone
    html_rate: float = 3000.0
    linking_rate: float = 2000.0  # posts searched for their translation per second
    import_memory_mb: float = 300.0
    library_over_export: float = 0.6  # the library's size against the Telegram JSON export it came from
    detector_speedup: float = 10.0
    query_p95_ms: float = 50.0
    first_paint_s: float = 0.5
    repaint_ms: float = 100.0
    stall_ms: float = 50.0
    gui_memory_mb: float = 300.0

    @classmethod
    def for_posts(cls, posts: int) -> Targets:
        if posts >= 1_000_000:
            # At a million: the posts within 5 minutes and the linking within 15 more, list and search
            # within 300 ms, paint within 2 s.
            return cls(
                json_rate=posts / 300,
                html_rate=posts / 300,
                linking_rate=posts / 900,
                query_p95_ms=300.0,
                first_paint_s=2.0,
                gui_memory_mb=400.0,
            )
        return cls()


@dataclass(slots=True)
class State:
    """What later parts need from earlier ones."""

    corpus: Corpus
    work: Path
    targets: Targets
    counterpart_limit: float = 0.0  # seconds; 0: let the counterpart search run to the end
    json_store: Path | None = None
    html_store: Path | None = None
    notes: list[str] = field(default_factory=list)


def _last_line_json(completed: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    lines = [line for line in completed.stdout.splitlines() if line.strip()]
    if completed.returncode != 0 or not lines:
        tail = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"exit {completed.returncode}: {tail}")
    result = json.loads(lines[-1])
    assert isinstance(result, dict)
    return result


def run_worker(*arguments: str, timeout: float = 3600) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.worker", *arguments],
        env=subprocess_environment(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return _last_line_json(completed)


def _progress(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------- import


def import_store(state: State, kind: str) -> dict[str, Any]:
    """Import one export into a fresh data folder in a subprocess; remembers the folder."""
    data_dir = state.work / f"store-{kind}"
    if data_dir.exists():
        raise RuntimeError(f"{data_dir} already exists")
    path = state.corpus.json_path if kind == "json" else state.corpus.html_folder
    result = run_worker("import", str(data_dir), str(path), str(state.counterpart_limit))
    if kind == "json":
        state.json_store = data_dir
    else:
        state.html_store = data_dir
    return result


def store_import_rows(state: State, result: dict[str, Any]) -> list[Row]:
    """The rows of the JSON import that the store-based parts ran first (when `import` itself is not run)."""
    rows = _import_rows("import JSON", state.corpus.count, result, state.targets, state.targets.json_rate)
    return [*rows, _library_size("import JSON", result, state.corpus.json_path.stat().st_size, state.targets)]


def _import_rows(part: str, count: int, result: dict[str, Any], targets: Targets, rate_target: float) -> list[Row]:
    seconds = float(result["seconds"])
    posts_phase = float(result["posts_phase_seconds"])
    searched, total = int(result["counterpart_searched"]), int(result["counterpart_total"])
    counterpart_seconds = float(result["counterpart_seconds"])
    stored = f"{result['posts']:,} posts stored, {result['warnings']} warnings"
    posts_cpu = float(result.get("posts_phase_cpu_seconds") or 0)
    cpu_note = f" ({posts_cpu:.1f} s CPU in the importer and its workers)" if posts_cpu else ""
    rows = [
        measured(
            part,
            "posts readable",
            count / posts_phase,
            "msg/s",
            target=(">=", rate_target),
            note=f"{count:,} msgs parsed, detected, paired, indexed and committed in {posts_phase:.1f} s{cpu_note}; "
            f"{stored}",
        )
    ]
    if searched:
        rate = searched / counterpart_seconds
        projected = total / rate
        rows.append(
            measured(
                part,
                "linking",
                rate,
                "posts/s",
                target=(">=", targets.linking_rate),
                note=f"{searched:,} of {total:,} posts searched for their translation in {counterpart_seconds:.1f} s; "
                f"all of them would take ≈ {_duration(projected)} at this rate",
            )
        )
    if result["finished"]:
        rows.append(
            measured(
                part,
                "linking done",
                count / seconds,
                "msg/s",
                note=f"{count:,} msgs in {seconds:.1f} s end to end "
                f"({float(result.get('cpu_seconds') or 0):.1f} s CPU in all processes)",
            )
        )
    else:
        # The linking was cut: the whole import would have taken longer, so this is an upper bound.
        rows.append(
            measured(
                part,
                "linking done",
                count / seconds,
                "msg/s",
                shown=f"< {count / seconds:,.0f} msg/s",
                note=f"did not finish: linking stopped after {counterpart_seconds:.0f} s at {searched:,}/{total:,} "
                "posts (the rest waits in the library for `link`)",
            )
        )
    rows.append(
        measured(
            part,
            "peak memory",
            float(result["peak_mb"]),
            "MB",
            target=("<=", targets.import_memory_mb),
            note=f"importer and its {result.get('workers', 0)} worker processes together, sampled every 50 ms; "
            f"{float(result['baseline_mb']):.0f} MB before the import",
        )
    )
    return rows


def _library_size(part: str, result: dict[str, Any], export_bytes: int | None, targets: Targets) -> Row:
    """The library's size per 1,000 posts, and against the JSON export it came from (the target)."""
    size = int(result.get("library_bytes") or 0)
    posts = int(result["posts"]) or 1
    per_thousand = f"{size / 1e6 / posts * 1000:.2f} MB per 1,000 posts"
    if not size:
        return not_measured(part, "library size", "the worker reported no library size")
    if export_bytes is None:
        return measured(part, "library size", size / 1e6, "MB", shown=f"{size / 1e6:,.0f} MB", note=per_thousand)
    ratio = size / export_bytes
    return measured(
        part,
        "library size / export",
        ratio,
        "×",
        target=("<=", targets.library_over_export),
        shown=f"{ratio:.2f}×",
        note=f"{size / 1e6:,.1f} MB library, {export_bytes / 1e6:,.1f} MB export; {per_thousand}",
    )


def _twin_links(part: str, state: State, kind: str) -> Row:
    """How many of the corpus's English twins the import linked to their Russian post, and what else it linked."""
    from reader.store import Store

    data_dir = state.json_store if kind == "json" else state.html_store
    twins = {frozenset(pair) for pair in state.corpus.makeup.twins}
    if data_dir is None or not twins:
        return not_measured(part, "twins linked", "no store or no twins in the corpus")
    store = Store.open(data_dir, read_only=True)
    try:
        rows = store.db.execute("SELECT post_id, other_id FROM counterparts").fetchall()
    finally:
        store.close()
    # post ids end in the message id ("tg:<channel>/<message id>"); each link is stored both ways
    links = {frozenset(int(post_id.rsplit("/", 1)[1]) for post_id in row) for row in rows}
    found = len(links & twins)
    return measured(
        part,
        "twins linked",
        100 * found / len(twins),
        "%",
        shown=f"{100 * found / len(twins):.1f} %",
        note=f"{found:,} of {len(twins):,} English twins linked to their Russian post; "
        f"{len(links - twins):,} other links",
    )


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min"


def measure_import(state: State) -> list[Row]:
    rows: list[Row] = []
    count = state.corpus.count
    targets = state.targets
    for kind, label, rate_target in (("json", "JSON", targets.json_rate), ("html", "HTML", targets.html_rate)):
        part = f"import {label}"
        _progress(f"importing the {label} export ({count:,} messages)")
        try:
            import_result: dict[str, Any] | None = import_store(state, kind)
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            reason = f"import failed: {error}"
            rows.append(not_measured(part, "posts readable", reason, target=f">= {rate_target:,.0f} msg/s"))
            rows.append(not_measured(part, "peak memory", reason, target=f"<= {targets.import_memory_mb:.0f} MB"))
            import_result = None
        if import_result is not None:
            rows.extend(_import_rows(part, count, import_result, targets, rate_target))
            export_bytes = state.corpus.json_path.stat().st_size if kind == "json" else None
            rows.append(_library_size(part, import_result, export_bytes, targets))
            rows.append(_twin_links(part, state, kind))
        _progress(f"parsing the {label} export only")
        path = state.corpus.json_path if kind == "json" else state.corpus.html_folder
        try:
            parsed = run_worker(f"parse-{kind}", str(path))
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            rows.append(not_measured(part, "parse-only throughput", f"parse failed: {error}"))
            continue
        parse_seconds = float(parsed["seconds"])
        rows.append(
            measured(
                part,
                "parse-only throughput",
                count / parse_seconds,
                "msg/s",
                note=f"{parsed['how']}; {parse_seconds:.1f} s ({float(parsed.get('cpu_seconds', 0)):.1f} s CPU), "
                f"{float(parsed['peak_mb']):.0f} MB peak",
            )
        )
        if import_result is not None:
            ratio = float(import_result["posts_phase_seconds"]) / parse_seconds
            target = ("<=", targets.json_over_parse) if kind == "json" else None
            rows.append(
                measured(part, "posts phase / parse-only time", ratio, "×", target=target, shown=f"{ratio:.1f}×")
            )
    return rows


# --------------------------------------------------------------------------------------------- detection


def _normalise_langdetect(code: str | None) -> str | None:
    if code is None or code == "unknown":
        return None
    return {"zh-cn": "zh-Hans", "zh-tw": "zh-Hant", "no": "nb"}.get(code, code)


def _langdetect_function() -> Callable[[str], str | None]:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # langdetect is randomised; seeded, its answers repeat

    def plain(text: str) -> str | None:
        try:
            return _normalise_langdetect(detect(text))
        except LangDetectException:
            return None

    return plain


def corpus_passages(corpus: Corpus, limit: int) -> list[str]:
    """The first `limit` paragraphs of the corpus's posts, in order (the same for both detectors)."""
    pools = load_pools()
    passages: list[str] = []
    for message in messages(corpus.count, corpus.seed, pools):
        passages.extend(message.paragraphs)
        if len(passages) >= limit:
            break
    return passages[:limit]


def _timed(function: Callable[[str], str | None], texts: Sequence[str]) -> tuple[list[str | None], float]:
    started = time.perf_counter()
    answers = [function(text) for text in texts]
    return answers, time.perf_counter() - started


def measure_detection(state: State) -> list[Row]:
    part = "detect"
    try:
        from reader.text.lang import LanguageDetector
    except ImportError as error:
        return [not_measured(part, "speed vs langdetect", f"reader.text.lang missing: {error}")]
    limit = min(3000, max(300, state.corpus.count // 4))
    texts = corpus_passages(state.corpus, limit)
    detector = LanguageDetector()
    plain = _langdetect_function()
    # Both load their profiles before the clock starts: we compare detection, not start-up.
    for text in texts[:50]:
        detector.detect(text)
        plain(text)
    calls_before = detector.langdetect_calls
    ours, our_seconds = _timed(detector.detect, texts)
    slow_path = detector.langdetect_calls - calls_before
    theirs, their_seconds = _timed(plain, texts)
    agreement = sum(1 for a, b in zip(ours, theirs, strict=True) if a == b) / len(texts)
    speedup = their_seconds / our_seconds
    rows = [
        measured(
            part,
            "our detector",
            len(texts) / our_seconds,
            "passages/s",
            note=f"{len(texts):,} corpus passages; langdetect consulted for {slow_path:,}",
        ),
        measured(part, "plain langdetect", len(texts) / their_seconds, "passages/s", note="langdetect.detect, seeded"),
        measured(
            part,
            "speed-up over langdetect",
            speedup,
            "×",
            target=(">=", state.targets.detector_speedup),
            shown=f"{speedup:.1f}×",
        ),
        measured(part, "agreement with langdetect", 100 * agreement, "%", shown=f"{100 * agreement:.1f} %"),
    ]
    labelled = json.loads(SEED_LABELS.read_text(encoding="utf-8"))["lines"]
    truth = [item["lang"] for item in labelled]
    lines = [item["text"] for item in labelled]
    fresh = LanguageDetector()
    our_correct = sum(1 for text, lang in zip(lines, truth, strict=True) if fresh.detect(text) == lang)
    their_correct = sum(1 for text, lang in zip(lines, truth, strict=True) if plain(text) == lang)
    our_accuracy = 100 * our_correct / len(lines)
    their_accuracy = 100 * their_correct / len(lines)
    rows.append(
        measured(
            part,
            "accuracy on labelled seed lines",
            our_accuracy,
            "%",
            target=(">=", their_accuracy),
            shown=f"{our_accuracy:.1f} %",
            note=f"{len(lines)} lines of resources/samples; target = langdetect's accuracy",
        )
    )
    rows.append(
        measured(part, "langdetect accuracy on the same lines", their_accuracy, "%", shown=f"{their_accuracy:.1f} %")
    )
    return rows


# --------------------------------------------------------------------------------------------- pairing


def _bilingual_messages(corpus: Corpus, limit: int) -> list[Message]:
    found: list[Message] = []
    for message in messages(corpus.count, corpus.seed, load_pools()):
        if message.kind == "bilingual":
            found.append(message)
            if len(found) >= limit:
                break
    return found


def measure_pairing(state: State) -> list[Row]:
    part = "pairing"
    try:
        from reader.align.aligner import pair_passages
        from reader.domain import Passage
    except ImportError as error:
        return [not_measured(part, "in-post pairs", f"aligner missing: {error}")]
    bilingual = _bilingual_messages(state.corpus, 500)
    rows: list[Row] = []
    if not bilingual:
        rows.append(not_measured(part, "in-post pairs", "the corpus has no bilingual posts"))
    else:
        posts = [
            [
                Passage(text, lang="ru" if index < message.russian_count else "en")
                for index, text in enumerate(message.paragraphs)
            ]
            for message in bilingual
        ]
        gold = sum(message.russian_count for message in bilingual)
        started = time.perf_counter()
        results = [pair_passages(passages) for passages in posts]
        seconds = time.perf_counter() - started
        pairs = sum(len(result) for result in results)
        right = sum(
            1
            for message, result in zip(bilingual, results, strict=True)
            for pair in result
            if len(pair.ru) == 1 and len(pair.en) == 1 and pair.en[0] == pair.ru[0] + message.russian_count
        )
        rows.append(
            measured(
                part,
                "in-post pairs",
                pairs / seconds,
                "pairs/s",
                note=f"{len(bilingual)} bilingual posts, {pairs} pairs, {right}/{gold} gold 1–1 pairs found",
            )
        )
    rows.extend(_measure_counterparts(state))
    return rows


class _RolledBackError(Exception):
    """Ends the measuring transaction so the imported store keeps the counterparts its import found."""


def _measure_counterparts(state: State) -> list[Row]:
    """The import's own counterpart search (`find_counterparts`) over every post of the imported store, timed.

    It runs in a transaction that is rolled back, from cold caches, as the end of a first import does.
    """
    part = "pairing"
    name = "counterpart search per post"
    if state.json_store is None:
        return [not_measured(part, name, "no imported store")]
    try:
        from reader.align.counterparts import clear_caches
        from reader.importing.counterpart_search import find_counterparts
        from reader.store import Store
    except ImportError as error:
        return [not_measured(part, name, f"missing: {error}")]
    store = Store.open(state.json_store)
    found = 0
    try:
        rowids = store.pairs.post_rowids()
        try:
            with store.db.transaction():
                store.db.execute("DELETE FROM counterparts")  # what the import found; back after the rollback
                clear_caches()
                started = time.perf_counter()
                find_counterparts(store, rowids)
                seconds = time.perf_counter() - started
                found = int(store.db.execute("SELECT count(DISTINCT post_id) FROM counterparts").fetchone()[0])
                raise _RolledBackError()
        except _RolledBackError:
            pass
    finally:
        store.close()
    if not rowids:
        return [not_measured(part, name, "no posts")]
    return [
        measured(
            part,
            name,
            1e6 * seconds / len(rowids),
            "µs",
            shown=f"{1e6 * seconds / len(rowids):,.0f} µs ({len(rowids) / seconds:,.0f} posts/s)",
            note=f"find_counterparts over all {len(rowids):,} posts in one call, {seconds:.2f} s; "
            f"{found:,} posts given a counterpart",
        )
    ]


# --------------------------------------------------------------------------------------------- queries


def _query_cases(store: Store) -> list[tuple[str, PostFilter]]:
    from reader.store import PostFilter

    facets = store.timeline.facets()
    cases: list[tuple[str, PostFilter]] = [
        ("list: all", PostFilter()),
        ("list: language ru", PostFilter(languages=("ru",))),
        ("list: language en", PostFilter(languages=("en",))),
    ]
    if facets.topics:
        # A mid-frequency topic: the common ones fill a page at once, rare ones make SQLite scan.
        topic = facets.topics[len(facets.topics) // 4].key
        cases.append((f"list: topic {topic}", PostFilter(topics=(topic,))))
    cases.append(("list: unread", PostFilter(unread=True)))
    cases.append(
        ("list: 2022 only", PostFilter(since=datetime(2022, 1, 1, tzinfo=UTC), until=datetime(2023, 1, 1, tzinfo=UTC)))
    )
    if facets.sources:
        cases.append(("list: source", PostFilter(sources=(facets.sources[0].key,))))
    cases.append(
        (
            "list: unread + ru + 2022",
            PostFilter(
                languages=("ru",),
                unread=True,
                since=datetime(2022, 1, 1, tzinfo=UTC),
                until=datetime(2023, 1, 1, tzinfo=UTC),
            ),
        )
    )
    cases.append(("search: cooperation", PostFilter(search="cooperation")))
    cases.append(("search: переговоры (finds переговоров…)", PostFilter(search="переговоры")))
    cases.append(('search: "foreign minister"', PostFilter(search='"foreign minister"')))
    cases.append(("search: rare word + lang:en", PostFilter(search="Miklouho-Maclay lang:en")))
    return cases


def measure_queries(state: State) -> list[Row]:
    part = "queries"
    if state.json_store is None:
        return [not_measured(part, "list and search", "no imported store")]
    from reader.store import PostFilter, Store

    store = Store.open(state.json_store)
    rows: list[Row] = []
    try:
        # A realistic library: a third of the posts already read, so "unread" really filters.
        all_ids = store.timeline.post_ids(PostFilter())
        store.state.set_read(all_ids[::3])
        state.notes.append(f"queries: marked {len(all_ids[::3]):,} of {len(all_ids):,} posts read first")
        for name, post_filter in _query_cases(store):
            timings: list[float] = []
            hits = 0
            for run in range(QUERY_RUNS + 1):
                started = time.perf_counter()
                page = store.timeline.timeline_ids(post_filter, PAGE)
                shown = store.timeline.timeline_rows([rowid for _, rowid in page])
                elapsed = time.perf_counter() - started
                hits = len(shown)
                if run:  # the first run warms SQLite's cache and is left out
                    timings.append(elapsed)
            p50, p95 = 1000 * median(timings), 1000 * percentile(timings, 0.95)
            rows.append(
                measured(
                    part,
                    name,
                    p95,
                    "ms",
                    target=("<=", state.targets.query_p95_ms),
                    shown=f"p50 {p50:.1f} / p95 {p95:.1f} ms",
                    note=f"first page: {hits} rows; {QUERY_RUNS} runs",
                )
            )
    finally:
        store.close()
    return rows
