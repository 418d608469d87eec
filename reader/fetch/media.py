"""Photos kept for offline reading: `<data folder>/media/`, named by their content.

A refresh downloads the photos of t.me posts and the image enclosures of feed items here; an
import copies the photos of a Telegram Desktop export here, so they outlive the export folder.
A file's name is the SHA-256 of its bytes, so the same photo is kept once however often it
appears. The folder has a quota; the oldest files go first, never those of bookmarked posts.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from reader.domain import Media, MediaKind, Post
from reader.errors import FetchCancelledError, FetchError
from reader.fetch.http import HttpClient

log = logging.getLogger(__name__)

FOLDER = "media"
MAX_FILE_BYTES = 10 * 1024 * 1024
DEFAULT_QUOTA_BYTES = 2 * 1024**3
QUOTA_ENV = "BULLETIN_READER_MEDIA_QUOTA_MB"
IMAGE_ACCEPT = "image/avif, image/webp, image/png, image/jpeg, image/gif;q=0.9, */*;q=0.1"
_SUFFIXES = {
    b"\xff\xd8\xff": ".jpg",
    b"\x89PNG\r\n\x1a\n": ".png",
    b"GIF87a": ".gif",
    b"GIF89a": ".gif",
}


def quota_from_environment() -> int:
    """The media folder's quota in bytes: the setting (in MB) or 2 GB."""
    text = os.environ.get(QUOTA_ENV, "").strip()
    try:
        return max(0, int(float(text) * 1024 * 1024)) if text else DEFAULT_QUOTA_BYTES
    except ValueError:
        return DEFAULT_QUOTA_BYTES


def _suffix(data: bytes) -> str:
    for magic, suffix in _SUFFIXES.items():
        if data.startswith(magic):
            return suffix
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    return ".bin"


class MediaStore:
    """The content-addressed media folder of one library. Safe to use from several threads and processes."""

    def __init__(self, data_dir: Path, max_file_bytes: int = MAX_FILE_BYTES) -> None:
        self.data_dir = data_dir
        self.folder = data_dir / FOLDER
        self.max_file_bytes = max_file_bytes

    def path_of(self, relative: str) -> Path:
        return self.data_dir / relative

    def has(self, relative: str | None) -> bool:
        return relative is not None and relative.startswith(f"{FOLDER}/") and self.path_of(relative).is_file()

    def put(self, data: bytes) -> str:
        """Keep `data`; returns its path relative to the data folder (`media/ab/abcdef….jpg`)."""
        digest = hashlib.sha256(data).hexdigest()
        relative = f"{FOLDER}/{digest[:2]}/{digest}{_suffix(data[:16])}"
        target = self.path_of(relative)
        if target.is_file():
            os.utime(target)  # a photo seen again is recent again for the quota
            return relative
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written under a temporary name and renamed: a crash never leaves half a photo under a real name.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return relative

    def copy_in(self, source: Path) -> str | None:
        """Keep a local file (an export's photo); None when it is missing, unreadable or over the cap."""
        try:
            if not source.is_file() or source.stat().st_size > self.max_file_bytes:
                return None
            return self.put(source.read_bytes())
        except OSError as error:
            log.warning("could not keep %s offline: %s", source, error)
            return None

    def enforce_quota(self, quota_bytes: int, keep: Collection[str]) -> int:
        """Delete the oldest files until the folder fits `quota_bytes`, sparing the paths in `keep`.

        Returns the bytes freed. `keep` holds paths relative to the data folder (bookmarked posts' media).
        """
        if not self.folder.is_dir():
            return 0
        files: list[tuple[float, int, Path, str]] = []
        total = 0
        for path in self.folder.glob("*/*"):
            if not path.is_file():
                continue
            stat = path.stat()
            total += stat.st_size
            files.append((stat.st_mtime, stat.st_size, path, path.relative_to(self.data_dir).as_posix()))
        freed = 0
        for _, size, path, relative in sorted(files):
            if total - freed <= quota_bytes:
                break
            if relative in keep or path.name.startswith(".part-"):
                continue
            path.unlink(missing_ok=True)
            freed += size
        return freed

    def download_photos(
        self,
        client: HttpClient,
        posts: Iterable[Post],
        stored: Mapping[str, tuple[Media, ...]] | None = None,
    ) -> list[Post]:
        """The posts with their photos fetched into the media folder (those that could be).

        A photo the library holds already for the same post (`stored`: post id -> its media) is not
        fetched again. A photo that fails to download stays as it was (not available, with its `url`),
        and the next refresh tries again; it never fails the refresh.
        """
        result = []
        for post in posts:
            before = (stored or {}).get(post.id, ())
            media = tuple(self._photo(client, item, before, index) for index, item in enumerate(post.media))
            result.append(post if media == post.media else replace(post, media=media))
        return result

    def _photo(self, client: HttpClient, item: Media, before: tuple[Media, ...], index: int) -> Media:
        if item.kind is not MediaKind.PHOTO or item.url is None or item.available:
            return item
        if index < len(before) and before[index].kind is item.kind and self.has(before[index].path):
            return replace(item, path=before[index].path, available=True)
        try:
            response = client.get(item.url, accept=IMAGE_ACCEPT, max_body=self.max_file_bytes)
        except FetchCancelledError:
            raise
        except FetchError as error:
            log.info("photo not kept offline: %s", error)
            return item
        if not response.body or (
            _suffix(response.body[:16]) == ".bin" and not response.media_type.startswith("image/")
        ):
            return item  # an error page served with 200, not a picture
        return replace(item, path=self.put(response.body), available=True)


def keep_export_photos(store: MediaStore, base: Path) -> Callable[[Post], Post]:
    """For an import: a function giving a post whose export photos are copied into the media folder.

    `base` is the folder the export's relative paths start from. Paths that leave it are ignored.
    """
    root = base.resolve()

    def localise(post: Post) -> Post:
        changed = False
        media = []
        for item in post.media:
            if item.kind is MediaKind.PHOTO and item.available and item.path and not item.path.startswith(f"{FOLDER}/"):
                source = (root / item.path).resolve()
                kept = store.copy_in(source) if source.is_relative_to(root) else None
                if kept is not None:
                    item = replace(item, path=kept)
                    changed = True
            media.append(item)
        return replace(post, media=tuple(media)) if changed else post

    return localise
