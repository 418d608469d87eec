"""The refresh part: 50 followed channels with 20 new posts each, served from this machine.

Each channel is a web preview page on an address of its own in the loopback range (127.0.0.2 to
127.0.0.51), so the client's politeness (one request at a time per host, a second between two) is
the real one and only the four-requests-in-flight limit shapes the run, as with 50 real channels.
Two rows: the headless refresh end to end (fetch, parse, enrich, store, link translations) in new
posts per second, and the longest GUI stall while the window refreshes (F5) 20 more posts of each.
"""

from __future__ import annotations

import html
import json
import random
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from benchmarks import subprocess_environment
from benchmarks.parts import State
from benchmarks.report import Row, measured, not_measured

PART = "refresh"
SOURCES = 50
NEW_POSTS = 20
RATE_TARGET = 500.0  # new posts per second
STALL_TARGET_MS = 50.0
_VOCABULARY = """
minister foreign affairs talks delegation cooperation agreement summit embassy consular statement briefing
security region trade energy sanctions visit bilateral relations partners council resolution humanitarian
negotiations economy investment culture education students anniversary conference declaration peace
"""
_WORDS = _VOCABULARY.split()


class _Channel:
    """One channel's posts; the page shows the newest twenty, as a web preview does."""

    def __init__(self, number: int, rng: random.Random) -> None:
        self.name = f"channel_{number:02d}"
        self.number = number
        self.posts: list[tuple[int, str, datetime]] = []
        self._rng = rng
        self.add(NEW_POSTS)

    def add(self, count: int) -> None:
        start = self.posts[-1][0] + 1 if self.posts else 1
        for message in range(start, start + count):
            sentences = [
                " ".join(self._rng.choice(_WORDS) for _ in range(self._rng.randint(8, 16))).capitalize() + "."
                for _ in range(self._rng.randint(2, 5))
            ]
            date = datetime(2026, 3, 1, tzinfo=UTC) + timedelta(minutes=message * 7 + self.number)
            self.posts.append((message, " ".join(sentences), date))

    def page(self) -> bytes:
        messages = "".join(
            f'<div class="tgme_widget_message js-widget_message" data-post="{self.name}/{number}">'
            f'<div class="tgme_widget_message_text js-message_text">{html.escape(text)}</div>'
            f'<a class="tgme_widget_message_date"><time datetime="{date.isoformat()}">x</time></a></div>'
            for number, text, date in self.posts[-20:]
        )
        return (
            f'<html><head><meta property="og:title" content="Channel {self.number}"></head><body>'
            f'<section class="tgme_channel_history">{messages}</section></body></html>'
        ).encode()


def _serve(channel: _Channel, host: str) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = channel.page()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure_refresh(state: State) -> list[Row]:
    from reader.fetch.http import FetchPolicy, HttpClient
    from reader.importing.service import Library
    from reader.operations.subscriptions import refresh, subscribe

    rng = random.Random(20260301)
    channels = [_Channel(number, rng) for number in range(SOURCES)]
    servers = [_serve(channel, f"127.0.0.{number + 2}") for number, channel in enumerate(channels)]
    data_dir = state.work / "refresh-library"
    rows: list[Row] = []
    try:
        library = Library(data_dir, import_workers=0)
        _warm_up(library)
        keys = []
        with HttpClient(FetchPolicy()) as client:
            for server, channel in zip(servers, channels, strict=True):
                host, port = str(server.server_address[0]), int(server.server_address[1])
                address = f"http://{host}:{port}/s/{channel.name}"
                report = subscribe(library, client, address, backfill=NEW_POSTS, refresh_now=False)
                keys.append(report.outcomes[0].key)
            time.sleep(1.1)  # the hosts were just asked for their page: the politeness gap passes first
            started = time.perf_counter()
            report = refresh(library, client, keys)
            seconds = time.perf_counter() - started
        library.close()
        new = sum(outcome.new for outcome in report.outcomes)
        failed = len(report.failed)
        note = f"{new:,} new posts in {seconds:.2f} s (language profiles loaded before); {failed} sources failed" + (
            f" ({report.failed[0].error})" if failed else ""
        )
        rows.append(
            measured(
                PART,
                f"refresh {SOURCES} sources × {NEW_POSTS} new posts, end to end",
                new / seconds if seconds else 0.0,
                "posts/s",
                target=(">=", RATE_TARGET),
                note=note,
            )
        )
        for channel in channels:
            channel.add(NEW_POSTS)
        rows.extend(_gui_rows(state, data_dir))
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
    return rows


def _warm_up(library: Any) -> None:
    """Load the language detector's profiles, as a session's first refresh or import has (about 2 s, once)."""
    from reader.domain import Passage, Post, Source

    source = Source("bench:warm-up", "warm-up", "feed")
    text = "The minister held talks on trade and energy cooperation with the delegation."
    library.enrich(Post("bench:warm-up/1", source, (Passage(text), Passage("Министр провёл переговоры."))))


def _gui_rows(state: State, data_dir: Path) -> list[Row]:
    config = state.work / "qt-config"
    config.mkdir(exist_ok=True)
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.refresh_probe", str(data_dir), str(state.work / "refresh-ui.ini")],
        capture_output=True,
        text=True,
        timeout=600,
        env=subprocess_environment(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config)),
        check=False,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    name = f"longest GUI stall during a refresh of {SOURCES} sources (F5)"
    if completed.returncode != 0 or not lines:
        reason = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        return [not_measured(PART, name, f"the probe failed: {reason}", target=f"<= {STALL_TARGET_MS:g} ms")]
    result: dict[str, Any] = json.loads(lines[-1])
    if "stall_ms" not in result:
        return [not_measured(PART, name, str(result.get("error")), target=f"<= {STALL_TARGET_MS:g} ms")]
    note = f"{result['new']:,} new posts in {result['seconds']:.2f} s with the window open"
    return [measured(PART, name, result["stall_ms"], "ms", target=("<=", STALL_TARGET_MS), note=note)]
