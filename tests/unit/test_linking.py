"""Posts first, links after: an import's posts are readable before their translations are linked, and the
linking resumes where it stopped, whatever stopped it (a cancel, a SIGKILL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.importing import counterpart_search
from reader.importing.service import ImportProgress, Library
from reader.store import PostFilter

from .conftest import agenda_posts, channel_export, school_visit_blocks

REPO = Path(__file__).resolve().parents[2]
DAY = 86400
NAMES = ["Вэнем", "Джайшанкаром", "Фиданом", "Аракчи", "Рубио", "Вадефулем", "Барро", "Лами"]
BATCH = 4  # posts per linking window here, so that a small channel takes several windows
HALF = 20  # posts searched by the time the linking is interrupted (the first windows link nothing yet)


def _channel(folder: Path) -> Path:
    """Meetings told in Russian and then in English, over a few weeks, among unrelated posts."""
    russian, english = school_visit_blocks()
    start = 1752825600
    messages = [(1, start, russian), (2, start + 6 * 3600, english)]
    for number, name in enumerate(NAMES):
        moment = start + number * 3 * DAY
        messages.append((100 + number, moment, f"Министр Лавров встретился с {name} в Москве {number + 10} мая."))
        messages.append((200 + number, moment + 3600, f"Lavrov met {name} in Moscow on {number + 10} May."))
    messages.extend(agenda_posts(20, start, DAY, first_id=300))
    return channel_export(folder, messages)


def _links(library: Library) -> list[tuple[str, str, float]]:
    rows = library.store.db.execute("SELECT post_id, other_id, score FROM counterparts ORDER BY post_id, other_id")
    return [(str(post_id), str(other_id), float(score)) for post_id, other_id, score in rows]


@pytest.fixture
def small_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(counterpart_search, "COUNTERPART_BATCH", BATCH)


def _linked_at_once(folder: Path, export: Path) -> list[tuple[str, str, float]]:
    library = Library(folder)
    try:
        summary = library.import_paths([export])
        assert summary.linked and library.links_waiting() == 0
        return _links(library)
    finally:
        library.close()


def test_the_posts_are_readable_before_their_translations_are_linked(tmp_path: Path, small_windows: None) -> None:
    export = _channel(tmp_path)
    library = Library(tmp_path / "later")
    try:
        summary = library.import_paths([export], link=False)
        assert len(library.store.timeline.post_ids(PostFilter())) == summary.new == 38
        assert _links(library) == []
        assert library.links_waiting() == summary.new

        assert library.link() is True
        assert library.links_waiting() == 0
        later = _links(library)
    finally:
        library.close()
    assert later == _linked_at_once(tmp_path / "at-once", export)
    assert len(later) >= 2 * (len(NAMES) + 1)  # each link is stored both ways


def test_a_cancelled_linking_keeps_the_posts_and_goes_on_later(tmp_path: Path, small_windows: None) -> None:
    export = _channel(tmp_path)
    stop = [False]

    def progress(step: ImportProgress) -> None:
        stop[0] = stop[0] or step.linking_done >= HALF  # the user cancels half-way through the linking

    library = Library(tmp_path / "data")
    try:
        summary = library.import_paths([export], progress=progress, is_cancelled=lambda: stop[0])
        assert summary.new == 38 and not summary.linked
        waiting = library.links_waiting()
        assert 0 < waiting < 38
        assert len(library.store.timeline.post_ids(PostFilter())) == 38

        assert library.link() is True
        assert library.links_waiting() == 0
        resumed = _links(library)
    finally:
        library.close()
    assert resumed == _linked_at_once(tmp_path / "at-once", export)


# Imports with small windows; once half the posts are searched, says so on stdout and waits to be killed.
KILLED_IMPORT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from reader.importing import counterpart_search
    from reader.importing.service import ImportProgress, Library

    counterpart_search.COUNTERPART_BATCH = int(sys.argv[3])
    library = Library(Path(sys.argv[1]))

    def progress(step):
        if step.linking_done >= int(sys.argv[4]):
            print("linked", step.linking_done, flush=True)
            time.sleep(600)

    library.import_paths([Path(sys.argv[2])], progress=progress)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_sigkill_during_linking_loses_nothing_and_the_next_run_resumes(tmp_path: Path, small_windows: None) -> None:
    export = _channel(tmp_path)
    data_dir = tmp_path / "killed"
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, str(data_dir), str(export), str(BATCH), str(HALF)],
        stdout=subprocess.PIPE,
        text=True,
        env=environment,
    ) as child:
        try:
            assert child.stdout is not None
            line = child.stdout.readline()
            assert line.startswith("linked"), line
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(30)

    library = Library(data_dir)
    try:
        assert len(library.store.timeline.post_ids(PostFilter())) == 38  # the posts committed before the linking began
        first_window = _links(library)
        waiting = library.links_waiting()
        assert first_window and 0 < waiting < 38

        assert library.link() is True
        assert library.links_waiting() == 0
        resumed = _links(library)
    finally:
        library.close()
    assert set(first_window) <= set(resumed)
    assert resumed == _linked_at_once(tmp_path / "at-once", export)


def _key_sets(library: Library) -> dict[str, frozenset[str]]:
    """Each keyed post's stored keys by name, its length key among them (as the linking computed them)."""
    rows = library.store.db.execute("SELECT p.id, p.rowid FROM post_key_ids k JOIN posts p ON p.rowid = k.post_rowid")
    found = {}
    for post_id, rowid in rows.fetchall():
        length, names = library.store.pairs.stored_keys(rowid)
        found[str(post_id)] = names | ({f"len:{length}"} if length is not None else set())
    return found


def test_the_counterpart_keys_are_left_to_the_linking(tmp_path: Path, small_windows: None) -> None:
    """The posts phase stores no counterpart keys (they cost as much as the rest); the linking computes them."""
    from reader.importing.keying import keys_for

    export = _channel(tmp_path)
    library = Library(tmp_path / "data")
    try:
        library.import_paths([export], link=False)
        assert _key_sets(library) == {}
        # readable and searchable without them
        assert len(library.store.timeline.post_ids(PostFilter(search="Lavrov"))) == 2 * len(NAMES)  # Лавров too

        assert library.link() is True
        stored = _key_sets(library)
        posts = library.store.records.posts_by_rowid(library.store.pairs.post_rowids())
    finally:
        library.close()
    expected = {post.id: keys for post in posts.values() if (keys := keys_for(post))}
    assert stored == expected
    assert len(stored) >= 2 * len(NAMES)  # the meetings' posts, in both languages, got their keys


# Imports without linking, then links with the keys computed a few posts at a time, and waits to be killed
# once some of the keys are stored and before any window is searched.
KILLED_KEYS = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from reader.importing import keying
    from reader.importing.service import Library

    keying.KEYS_BATCH = 5
    library = Library(Path(sys.argv[1]))
    library.import_paths([Path(sys.argv[2])], link=False)

    def searching(*arguments, **keywords):
        print("keyed", flush=True)
        time.sleep(600)

    stored = keying.LinkQueue.set_keys
    calls = [0]

    def set_keys(self, keys):
        stored(self, keys)
        calls[0] += 1
        if calls[0] == 2:
            searching()

    keying.LinkQueue.set_keys = set_keys
    library.link()
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_sigkill_while_the_keys_are_computed_loses_nothing(tmp_path: Path, small_windows: None) -> None:
    export = _channel(tmp_path)
    data_dir = tmp_path / "killed"
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_KEYS, str(data_dir), str(export)],
        stdout=subprocess.PIPE,
        text=True,
        env=environment,
    ) as child:
        try:
            assert child.stdout is not None
            line = child.stdout.readline()
            assert line.startswith("keyed"), line
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(30)

    library = Library(data_dir)
    try:
        assert len(library.store.timeline.post_ids(PostFilter())) == 38
        assert 0 < len(_key_sets(library)) <= 10  # two batches of five were stored
        assert library.links_waiting() == 38
        assert library.link() is True
        assert library.links_waiting() == 0
        resumed = _links(library)
    finally:
        library.close()
    assert resumed == _linked_at_once(tmp_path / "at-once", export)


def test_posts_stored_by_a_refresh_are_readable_at_once_and_linked_through_the_queue(
    tmp_path: Path, small_windows: None
) -> None:
    from reader.ingest import telegram_json

    export = _channel(tmp_path)
    posts = list(telegram_json.parse(export, []))
    library = Library(tmp_path / "data")
    try:
        summary = library.store_posts(posts, link=False)  # as a refresh of several sources stores each one's
        assert summary.new == len(posts) == 38
        assert len(library.store.timeline.post_ids(PostFilter())) == 38
        assert _links(library) == [] and _key_sets(library) == {}
        assert library.links_waiting() == 38

        assert library.link() is True
        assert library.links_waiting() == 0
        linked = _links(library)
    finally:
        library.close()
    assert linked == _linked_at_once(tmp_path / "at-once", export)


def test_a_worker_computing_every_other_batch_of_keys_gives_the_same_keys_and_links(
    tmp_path: Path, small_windows: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.importing import keying

    export = _channel(tmp_path)
    alone = Library(tmp_path / "alone")
    try:
        alone.import_paths([export])
        expected = (_key_sets(alone), _links(alone))
    finally:
        alone.close()
    monkeypatch.setattr(keying, "PARALLEL_MIN_POSTS", 0)
    monkeypatch.setattr(keying, "KEYS_BATCH", 3)
    monkeypatch.setattr(keying, "spare_cores", lambda: 1)
    started = []
    start = keying.Worker.start

    def counted(*arguments: object, **keywords: object) -> object:
        worker = start(*arguments, **keywords)  # type: ignore[arg-type]
        started.append(worker)
        return worker

    monkeypatch.setattr(keying.Worker, "start", counted)
    shared = Library(tmp_path / "shared")
    try:
        shared.import_paths([export])
        assert (_key_sets(shared), _links(shared)) == expected
    finally:
        shared.close()
    assert len(started) == 1
