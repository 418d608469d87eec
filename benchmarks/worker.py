"""One measured step in its own process, so its peak memory (ru_maxrss) belongs to that step alone.

    python -m benchmarks.worker import DATA_DIR PATH [LIMIT]  # Library.import_paths into a fresh folder
    python -m benchmarks.worker parse-json RESULT_JSON     # the JSON parser alone
    python -m benchmarks.worker parse-html EXPORT_FOLDER   # the HTML parser alone

Prints one JSON object on the last line of stdout: seconds, messages or posts, peak memory.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

# A Telegram HTML export's message blocks; "joined" ones are continuations without a sender line.
HTML_MESSAGE_SELECTOR = "div.message.default"


def cpu_seconds() -> float:
    """User plus system CPU time of this process and its finished import workers.

    Unlike wall time, barely moved by other busy processes.
    """
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _rss_mb(pid: int | str) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


class TreeMemory:
    """Peak resident memory of this process plus its worker processes, sampled as they run.

    An import on several cores keeps posts in several processes at once; ru_maxrss sees only one.
    Off Linux (no /proc) it falls back to this process's own peak.
    """

    def __init__(self, interval: float = 0.05) -> None:
        import threading

        self.peak = 0.0
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="memory-sampler", daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, peak_memory_mb())

    def _run(self) -> None:
        import multiprocessing

        while not self._stop.is_set():
            if sys.platform.startswith("linux"):
                total = _rss_mb("self") + sum(_rss_mb(child.pid or 0) for child in multiprocessing.active_children())
                self.peak = max(self.peak, total)
            self._stop.wait(self._interval)


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def die_with_parent() -> None:
    """End this worker when the benchmark that started it ends, so none runs on unseen (Linux)."""
    from reader.importing.workers import die_with_parent as tie_to_parent

    tie_to_parent(signal.SIGTERM)


def run_import(data_dir: Path, path: Path, counterpart_limit: float) -> dict[str, object]:
    """Import `path` end to end; the linking (counterpart search) may be cut after `counterpart_limit` seconds.

    The posts commit first and are readable from then on; the linking runs after, a window at a time,
    so a cut keeps every post and the links found so far, and the result says how far it got.
    """
    from reader.importing.prepare import worker_count
    from reader.importing.service import Library
    from reader.store.db import DATABASE_NAME

    searched = [0, 0]  # posts searched, posts to search

    def linked(done: int, total: int) -> None:
        searched[0], searched[1] = done, total

    library = Library(data_dir)
    try:
        baseline = peak_memory_mb()
        started, started_cpu = time.perf_counter(), cpu_seconds()
        with TreeMemory() as memory:
            summary = library.import_paths([path], link=False)
            readable, readable_cpu = time.perf_counter(), cpu_seconds()

            def past_limit() -> bool:
                return bool(counterpart_limit) and time.perf_counter() - readable > counterpart_limit

            finished = library.link(past_limit, linked)
        ended, ended_cpu = time.perf_counter(), cpu_seconds()
        posts = library.store.timeline.post_count()
    finally:
        library.close()
    library_bytes = sum(
        file.stat().st_size for file in data_dir.iterdir() if file.name.startswith(DATABASE_NAME) and file.is_file()
    )
    return {
        "seconds": ended - started,
        "cpu_seconds": ended_cpu - started_cpu,
        "posts_phase_cpu_seconds": readable_cpu - started_cpu,
        "finished": finished,
        "posts_phase_seconds": readable - started,
        "counterpart_seconds": ended - readable,
        "counterpart_searched": searched[0],
        "counterpart_total": searched[1],
        "new": summary.new,
        "posts": posts,
        "warnings": len(summary.warnings),
        "peak_mb": memory.peak,
        "baseline_mb": baseline,
        "library_bytes": library_bytes,
        "workers": library.import_workers if library.import_workers is not None else worker_count(),
    }


def _json_floor() -> Callable[[Path], int]:
    """The JSON importer's own parse-only helper: the event stream with nothing built."""
    from reader.ingest.telegram_json import count_messages_json

    return count_messages_json


def _html_floor() -> tuple[Callable[[Path], int], str]:
    """The HTML importer's parse-only helper when it has one, else selectolax over each page."""
    try:
        from reader.ingest import telegram_html
    except ImportError:
        telegram_html = None  # type: ignore[assignment]
    helper = getattr(telegram_html, "count_messages_html", None) if telegram_html else None
    if callable(helper):
        return helper, "reader.ingest.telegram_html.count_messages_html"
    return _selectolax_floor, "selectolax over each page (no parse-only helper in the importer)"


def _selectolax_floor(folder: Path) -> int:
    """Parse every page and read each message's date and text: what any HTML importer must do."""
    from selectolax.lexbor import LexborHTMLParser

    pages = sorted(folder.glob("messages*.html")) if folder.is_dir() else [folder]
    count = 0
    for page in pages:
        tree = LexborHTMLParser(page.read_bytes())
        for node in tree.css(HTML_MESSAGE_SELECTOR):
            date = node.css_first("div.date")
            text = node.css_first("div.text")
            if date is not None:
                date.attributes.get("title")
            if text is not None:
                text.text(deep=True)
            count += 1
    return count


def run_parse(kind: str, path: Path) -> dict[str, object]:
    if kind == "json":
        floor, how = _json_floor(), "reader.ingest.telegram_json.count_messages_json"
    else:
        floor, how = _html_floor()
    started, started_cpu = time.perf_counter(), cpu_seconds()
    messages = floor(path)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - started_cpu
    return {"seconds": seconds, "cpu_seconds": cpu, "messages": messages, "peak_mb": peak_memory_mb(), "how": how}


def main(argv: list[str]) -> int:
    die_with_parent()
    command = argv[0]
    if command == "import":
        result = run_import(Path(argv[1]), Path(argv[2]), float(argv[3]) if len(argv) > 3 else 0.0)
    elif command in ("parse-json", "parse-html"):
        result = run_parse(command.removeprefix("parse-"), Path(argv[1]))
    else:
        print(f"unknown command {command!r}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
