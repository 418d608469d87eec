"""`subscribe`, `sources`, `refresh`, `set-interval`, `unsubscribe` as a user runs them, against a real local server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from werkzeug import Request, Response

from reader.fetch.address import TELEGRAM_BASE_ENV
from reader.fetch.http import HOST_GAP_ENV
from reader.store import PostFilter, Store

from ..fake_web import Channel, FakeWeb, rss

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def channel(fake_web: FakeWeb) -> Channel:
    served = Channel("embassy_news", "Embassy News")
    served.add(45, start=101)
    fake_web.channel(served)
    return served


def _environment(fake_web: FakeWeb) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update({TELEGRAM_BASE_ENV: fake_web.base, HOST_GAP_ENV: "0"})
    return environment


def cli(fake_web: FakeWeb, data_dir: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader.cli", "--data-dir", str(data_dir), *arguments],
        cwd=REPO,
        env=_environment(fake_web),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _post_ids(data_dir: Path, source: str) -> set[str]:
    store = Store.open(data_dir)
    try:
        return {post_id for post_id in store.timeline.post_ids(PostFilter(sources=(source,)))}
    finally:
        store.close()


def test_the_contract_end_to_end(channel: Channel, fake_web: FakeWeb, data_dir: Path) -> None:
    done = cli(fake_web, data_dir, "subscribe", "@embassy_news", "--backfill", "30", "--every", "15")
    assert done.returncode == 0, done.stderr
    url = fake_web.url("/s/embassy_news")
    assert done.stdout.splitlines() == [f"Embassy News (telegram, {url}): 30 new, 0 updated"]

    fake_web.serve("/feed.xml", _feed(2), "application/rss+xml")
    done = cli(fake_web, data_dir, "subscribe", fake_web.url("/feed.xml"), "--name", "Ministry", "--no-refresh")
    assert (
        done.returncode == 0
        and done.stdout.strip() == f"Ministry (feed, {fake_web.url('/feed.xml')}): 0 new, 0 updated"
    )

    lines = [json.loads(line) for line in cli(fake_web, data_dir, "sources", "--json").stdout.splitlines()]
    by_name = {line["name"]: line for line in lines}
    embassy = by_name["Embassy News"]
    assert {key: embassy[key] for key in ("id", "kind", "url", "posts", "unread", "every", "last_error")} == {
        "id": "tg:embassy_news",
        "kind": "telegram",
        "url": url,
        "posts": 30,
        "unread": 30,
        "every": 15,
        "last_error": None,
    }
    assert embassy["last_refresh"] and embassy["next_refresh"] > embassy["last_refresh"]
    assert by_name["Ministry"]["posts"] == 0 and by_name["Ministry"]["last_refresh"] is None

    channel.add(3)
    channel.edit(140, "Corrected: the reception starts at noon.")
    cli(fake_web, data_dir, "mark-read", "tg:embassy_news/140")
    done = cli(fake_web, data_dir, "refresh", "Embassy News", "Ministry")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"Embassy News (telegram, {url}): 3 new, 1 updated",
        f"Ministry (feed, {fake_web.url('/feed.xml')}): 2 new, 0 updated",
    ]
    shown = json.loads(cli(fake_web, data_dir, "show", "tg:embassy_news/140", "--json").stdout)
    assert "reception starts at noon" in json.dumps(shown, ensure_ascii=False)
    unread = {
        line["name"]: line["unread"]
        for line in map(json.loads, cli(fake_web, data_dir, "sources", "--json").stdout.splitlines())
    }
    assert unread["Embassy News"] == 32, "the read mark of the edited post survived the refresh"

    text = cli(fake_web, data_dir, "sources").stdout
    assert f"Embassy News (telegram, {url}): 33 posts, 32 unread; every 15 min" in text

    done = cli(fake_web, data_dir, "set-interval", "Embassy News", "90")
    assert done.returncode == 0 and done.stdout.startswith("Embassy News: every 90 min; next 20"), done.stderr
    assert "every 90 min" in cli(fake_web, data_dir, "sources").stdout
    refused = cli(fake_web, data_dir, "set-interval", "Nobody", "90")
    assert refused.returncode == 2 and "not a followed source" in refused.stderr and not refused.stdout

    done = cli(fake_web, data_dir, "unsubscribe", "Ministry", "--delete-posts")
    assert done.returncode == 0
    assert "Ministry" not in cli(fake_web, data_dir, "sources").stdout


def test_a_failing_source_is_one_stderr_line_and_exit_1_while_the_others_refresh(
    channel: Channel, fake_web: FakeWeb, data_dir: Path
) -> None:
    fake_web.serve("/feed.xml", _feed(1), "application/rss+xml")
    assert cli(fake_web, data_dir, "subscribe", "@embassy_news", "--backfill", "5").returncode == 0
    assert cli(fake_web, data_dir, "subscribe", fake_web.url("/feed.xml"), "--name", "Ministry").returncode == 0
    fake_web.serve("/feed.xml", b"oops", "text/plain", status=500)
    channel.add(2)
    done = cli(fake_web, data_dir, "refresh", "tg:embassy_news", "Ministry")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [f"Embassy News (telegram, {fake_web.url('/s/embassy_news')}): 2 new, 0 updated"]
    [line] = done.stderr.splitlines()
    assert line.startswith(f"bulletin-reader: Ministry (feed, {fake_web.url('/feed.xml')}): the server answered 500")
    status = [json.loads(item) for item in cli(fake_web, data_dir, "sources", "--json").stdout.splitlines()]
    ministry = next(item for item in status if item["name"] == "Ministry")
    assert ministry["failures"] == 1 and "500" in ministry["last_error"]
    assert "failing (1× in a row, backing off)" in cli(fake_web, data_dir, "sources").stdout


def test_an_address_that_is_nothing_to_follow_is_refused(fake_web: FakeWeb, data_dir: Path) -> None:
    fake_web.serve("/about.html", b"<html><body><p>About</p></body></html>")
    done = cli(fake_web, data_dir, "subscribe", fake_web.url("/about.html"))
    assert done.returncode == 1 and "not a public Telegram channel" in done.stderr
    done = cli(fake_web, data_dir, "refresh", "nothing")
    assert done.returncode == 2 and "not a followed source" in done.stderr


def test_list_json_gives_the_paths_of_photos_kept_offline(channel: Channel, fake_web: FakeWeb, data_dir: Path) -> None:
    from ..unit.test_media_offline import png

    fake_web.serve("/cdn/a.png", png(1), "image/png")
    channel.posts[145].photos = (fake_web.url("/cdn/a.png"),)
    assert cli(fake_web, data_dir, "subscribe", "@embassy_news", "--backfill", "3").returncode == 0
    records = [json.loads(line) for line in cli(fake_web, data_dir, "list", "--json").stdout.splitlines()]
    [media] = next(record["media"] for record in records if record["id"] == "tg:embassy_news/145")
    assert media["kind"] == "photo" and media["available"] is True
    assert (data_dir / media["path"]).read_bytes() == png(1)


def test_sigkill_during_a_refresh_leaves_no_partial_post_and_the_next_refresh_completes_it(
    channel: Channel, fake_web: FakeWeb, data_dir: Path
) -> None:
    assert cli(fake_web, data_dir, "subscribe", "@embassy_news", "--backfill", "45", "--no-refresh").returncode == 0
    reached = threading.Event()
    release = threading.Event()

    def page(request: Request) -> Response:
        before = request.args.get("before")
        if before is not None and not release.is_set():
            reached.set()
            release.wait(30)  # holds the second page until the test has killed the refresh
        body = channel.render(int(before) if before else None)
        return Response(body, content_type="text/html")

    fake_web.route("/s/embassy_news", page)
    process = subprocess.Popen(
        [sys.executable, "-m", "reader.cli", "--data-dir", str(data_dir), "refresh", "tg:embassy_news"],
        cwd=REPO,
        env=_environment(fake_web),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert reached.wait(60), "the refresh never asked for the second page"
        time.sleep(0.2)
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    finally:
        release.set()
        if process.poll() is None:
            process.kill()
        process.communicate()
    assert process.returncode == -signal.SIGKILL
    assert _post_ids(data_dir, "tg:embassy_news") == set(), "a killed refresh left posts behind"
    store = Store.open(data_dir)
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()
    done = cli(fake_web, data_dir, "refresh", "tg:embassy_news")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("45 new, 0 updated")
    assert len(_post_ids(data_dir, "tg:embassy_news")) == 45


def _feed(count: int) -> bytes:
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    return rss(
        "Ministry statements",
        [
            (f"s{n}", f"Statement {n}", f"Text of statement {n}.", start.replace(hour=9 + n))
            for n in range(count, 0, -1)
        ],
    )
