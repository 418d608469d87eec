"""Shared fixtures. The offscreen platform is set before anything imports Qt."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from reader.store import Store

    from .fake_web import FakeWeb

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"
SAMPLES_DIR = REPO_ROOT / "resources" / "samples"


def pytest_addoption(parser: pytest.Parser) -> None:
    # Declared here, not in tests/reliability/conftest.py (which uses it), so `pytest --fuzz-long` works from
    # the repository root: pytest reads options only from the conftest files it loads before parsing.
    parser.addoption(
        "--fuzz-long",
        action="store_true",
        default=False,
        help="run 10,000 hypothesis cases against the importers (tests/reliability) instead of a few hundred",
    )


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def fail_on_unexpected_log(request: pytest.FixtureRequest) -> Iterator[None]:
    """A warning or error logged during a test fails it: the app logs only what went wrong.

    A test that provokes one on purpose says so with `@pytest.mark.expected_log`, or asserts on it
    through `caplog`.
    """
    recorder = _Recorder()
    root = logging.getLogger()
    root.addHandler(recorder)
    try:
        yield
    finally:
        root.removeHandler(recorder)
    if request.node.get_closest_marker("expected_log") or "caplog" in request.fixturenames:
        return
    if recorder.records:
        lines = [f"{record.levelname} {record.name}: {record.getMessage()}" for record in recorder.records]
        pytest.fail("unexpected log messages (mark the test expected_log if it provokes them):\n" + "\n".join(lines))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The team's real sample data beside the clone; tests needing it skip when absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip("../shared (real sample data) is not present beside the clone")
    return SHARED_DIR


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES_DIR


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    """A fresh, empty data folder for one test."""
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture()
def fake_web() -> Iterator[FakeWeb]:
    """A real HTTP server on 127.0.0.1 for this test (see tests/fake_web.py); nothing leaves the machine."""
    from pytest_httpserver import HTTPServer

    from .fake_web import FakeWeb

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        yield FakeWeb(server)
    finally:
        server.clear()
        server.stop()


@pytest.fixture()
def bilingual_library() -> Callable[[Path], Store]:
    """Builds a small library with the shapes exports must handle (used by the export and state tests).

    Returns a factory: `bilingual_library(folder)` opens a Store there holding a bilingual post with
    aligned pairs, a Russian post and its English counterpart, an English post and a Russian post
    without a URL. No state is set; tests add what they check. Close the store when done.
    """
    from reader.domain import Counterpart, Link, Pair, Passage, PassageKind, Post, Source
    from reader.store import Store

    mfa = Source("tg:mfa_russia", "MFA Russia", "telegram", "https://t.me/MFARussia")
    mid = Source("tg:mid_rf", "МИД России", "telegram", "https://t.me/MID_Russia")
    dump = Source("file:bulletin.txt", "Bulletin dump", "scrape")

    def at(day: int) -> datetime:
        return datetime(2025, 7, day, 9, 30, tzinfo=UTC)

    posts = [
        Post(
            id="tg:mfa_russia/100",
            source=mfa,
            message_id="100",
            url="https://t.me/MFARussia/100",
            date=at(10),
            title="Брифинг официального представителя МИД России М.В.Захаровой",
            passages=(
                Passage("Брифинг официального представителя МИД России М.В.Захаровой", "ru", PassageKind.TITLE),
                Passage("Сергей Лавров проведёт переговоры с министром иностранных дел Малайзии.", "ru"),
                Passage("Briefing by Foreign Ministry Spokeswoman Maria Zakharova", "en", PassageKind.TITLE),
                Passage(
                    "Sergey Lavrov will hold talks with the Foreign Minister of Malaysia.",
                    "en",
                    links=(Link("https://mid.ru/en/", 0, 13),),
                ),
            ),
            topics=("Malaysia",),
            hashtags=("#Лавров",),
            pairs=(Pair((0,), (2,), 0.93), Pair((1,), (3,), 0.88)),
        ),
        Post(
            id="tg:mid_rf/200",
            source=mid,
            message_id="200",
            url="https://t.me/MID_Russia/200",
            date=at(11),
            title="О встрече министров иностранных дел АСЕАН",
            passages=(
                Passage("О встрече министров иностранных дел АСЕАН", "ru", PassageKind.TITLE),
                Passage("Министры обсудили итоги саммита в Куала-Лумпуре.", "ru"),
            ),
            topics=("ASEAN",),
        ),
        Post(
            id="tg:mfa_russia/201",
            source=mfa,
            message_id="201",
            url="https://t.me/MFARussia/201",
            date=at(11),
            title="On the meeting of ASEAN foreign ministers",
            passages=(
                Passage("On the meeting of ASEAN foreign ministers", "en", PassageKind.TITLE),
                Passage("The ministers discussed the results of the summit in Kuala Lumpur.", "en"),
            ),
            topics=("ASEAN",),
            reactions={"👍": 12},
        ),
        Post(
            id="tg:mfa_russia/202",
            source=mfa,
            message_id="202",
            url="https://t.me/MFARussia/202",
            date=at(12),
            title="Statement on the situation in the Middle East",
            passages=(Passage("Statement on the situation in the Middle East", "en", PassageKind.TITLE),),
        ),
        Post(
            id="file:bulletin.txt/h0123456789abcdef",
            source=dump,
            date=at(9),
            date_inferred=True,
            title="Комментарий Департамента информации и печати",
            passages=(Passage("Комментарий Департамента информации и печати", "ru", PassageKind.TITLE),),
        ),
    ]

    def build(folder: Path) -> Store:
        folder.mkdir(parents=True, exist_ok=True)
        store = Store.open(folder)
        with store.db.transaction():
            store.posts.upsert_posts((post, ()) for post in posts)
            store.posts.set_counterparts("tg:mid_rf/200", [Counterpart("tg:mfa_russia/201", 0.91)])
        return store

    return build
