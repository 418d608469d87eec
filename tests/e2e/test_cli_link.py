"""`import --no-link` returns with the posts readable; `link` links their translations afterwards; `link --wait`
and `import --wait` wait for linking that another process is doing."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run(data_dir: Path, *arguments: str | Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    environment.pop("BULLETIN_READER_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(data_dir), *map(str, arguments)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=environment,
        timeout=300,
    )


def linked_posts(data_dir: Path) -> tuple[int, int]:
    """(posts listed, posts listed with a counterpart)."""
    listed = run(data_dir, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    posts = [json.loads(line) for line in listed.stdout.splitlines()]
    return len(posts), sum(1 for post in posts if post["counterparts"])


def test_import_without_linking_then_link(tmp_path: Path) -> None:
    from benchmarks.corpus import build_corpus

    export = build_corpus(tmp_path / "corpus", 200, seed=3).json_path
    later, at_once = tmp_path / "later", tmp_path / "at-once"

    imported = run(later, "import", "--no-link", export)
    assert imported.returncode == 0, imported.stderr
    assert "posts wait for their translations to be linked: bulletin-reader link" in imported.stdout
    posts, with_counterparts = linked_posts(later)
    assert posts == 200 and with_counterparts == 0

    linking = run(later, "link")
    assert linking.returncode == 0, linking.stderr
    assert linking.stdout.startswith("linked: ")
    assert run(later, "link").stdout.strip() == "nothing to link"

    plain = run(at_once, "import", export)
    assert plain.returncode == 0, plain.stderr
    assert "wait for their translations" not in plain.stdout
    assert linked_posts(later) == linked_posts(at_once)
    assert linked_posts(at_once)[1] > 0


# Links the library's waiting posts slowly (as the window does in the background), saying on stdout when it
# has begun and when its last window is linked: the lock is released only after that.
SLOW_LINKING = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from reader.importing import counterpart_search
    from reader.importing.service import Library

    counterpart_search.COUNTERPART_BATCH = 10
    reading = counterpart_search._WindowIndex.__init__

    def slow(self, *arguments):
        time.sleep(0.3)
        reading(self, *arguments)

    counterpart_search._WindowIndex.__init__ = slow
    library = Library(Path(sys.argv[1]))

    def progress(done, total):
        if done == 0:
            print("begun", flush=True)
        if done == total:
            print("all searched", flush=True)

    library.link(progress=progress)
    """
)


@pytest.fixture
def slow_linking(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """A library whose 200 posts another process is linking, slowly; its output says how far it got."""
    from benchmarks.corpus import build_corpus

    data_dir = tmp_path / "data"
    export = build_corpus(tmp_path / "corpus", 200, seed=3).json_path
    imported = run(data_dir, "import", "--no-link", export)
    assert imported.returncode == 0, imported.stderr
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    with subprocess.Popen(
        [sys.executable, "-c", SLOW_LINKING, str(data_dir)], stdout=subprocess.PIPE, text=True, env=environment
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "begun"
            yield data_dir, child
        finally:
            child.kill()


def test_link_leaves_linking_to_the_process_doing_it_and_link_wait_waits_for_it(
    slow_linking: tuple[Path, subprocess.Popen[str]],
) -> None:
    data_dir, child = slow_linking
    busy = run(data_dir, "link")
    assert busy.returncode == 0, busy.stderr
    assert busy.stdout.startswith("another process is linking (") and "link --wait" in busy.stdout
    assert child.poll() is None  # it returned while the other process still links

    waited = run(data_dir, "link", "--wait")
    assert waited.returncode == 0, waited.stderr
    assert "waiting for the linking in another process" in waited.stderr
    assert child.stdout is not None and child.stdout.readline().strip() == "all searched"
    assert waited.stdout.strip() == "nothing to link"  # the other process linked everything
    assert linked_posts(data_dir)[1] > 0


@pytest.mark.skipif(sys.platform == "win32", reason="select() on a pipe")
def test_import_wait_returns_with_everything_linked_while_another_process_links(
    slow_linking: tuple[Path, subprocess.Popen[str]], tmp_path: Path
) -> None:
    from benchmarks.corpus import build_corpus

    data_dir, child = slow_linking
    more = build_corpus(tmp_path / "more", 100, seed=4).json_path
    imported = run(data_dir, "import", "--wait", more)
    assert imported.returncode == 0, imported.stderr
    assert "wait for their translations" not in imported.stdout
    # the other process had searched its last window before this import could link (it waited)
    assert child.stdout is not None and select.select([child.stdout], [], [], 0)[0]
    assert child.stdout.readline().strip() == "all searched"
    assert run(data_dir, "link").stdout.strip() == "nothing to link"


def test_import_takes_wait_or_no_link_not_both(tmp_path: Path) -> None:
    both = run(tmp_path / "data", "import", "--wait", "--no-link", tmp_path)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
