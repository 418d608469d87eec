"""A terminal progress bar for imports that take longer than a second."""

from __future__ import annotations

import sys
from types import TracebackType

from tqdm import tqdm

from reader.importing.service import ImportProgress


class ImportProgressBar:
    """Shows bytes imported on stderr; silent when stderr is not a terminal or the import is quick."""

    def __init__(self) -> None:
        self._bar: tqdm[object] | None = None
        self._enabled = sys.stderr.isatty()
        self._linking = False

    def __enter__(self) -> ImportProgressBar:
        return self

    def update(self, progress: ImportProgress) -> None:
        if not self._enabled:
            return
        if self._bar is None:
            self._bar = tqdm(
                total=progress.bytes_total or None,
                unit="B",
                unit_scale=True,
                delay=1.0,
                file=sys.stderr,
                desc="importing",
                leave=False,
            )
        if progress.linking_total:
            # a second phase: the posts are stored, their translations are being found
            if not self._linking:
                self._linking = True
                self._bar.reset(total=progress.linking_total)
                self._bar.unit, self._bar.unit_scale = "post", False
                self._bar.set_description("linking translations", refresh=False)
                self._bar.set_postfix_str("", refresh=False)
            self._bar.n = progress.linking_done
        else:
            self._bar.set_postfix(posts=progress.posts_done, refresh=False)
            self._bar.n = progress.bytes_done
        self._bar.refresh()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.close()
