"""Following sources: subscribe, refresh, unsubscribe, and how each followed source is doing.

The CLI and the GUI call these the same way. Fetching runs on a few worker threads (the client keeps
them polite); posts are stored on the calling thread, one source at a time as its fetch completes,
each source all or nothing. Read marks, bookmarks and notes are never touched by a refresh.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from reader.domain import Changes, Source, Subscription
from reader.errors import FetchCancelledError, FetchError, ReaderError
from reader.fetch import schedule
from reader.fetch.http import HttpClient, Validators
from reader.fetch.media import MediaStore, quota_from_environment
from reader.fetch.schedule import DEFAULT_BACKFILL
from reader.fetch.sources import MAX_CATCH_UP_POSTS, Fetched, Followed, Found, SourceKind, fetch, identify
from reader.importing.service import ImportSummary, Library

log = logging.getLogger(__name__)
PAGE_SLACK = 100  # the walk reads whole pages: a few more ids than it will take


@dataclass(frozen=True, slots=True)
class SourceOutcome:
    """What one refresh did for one source."""

    key: str
    title: str
    kind: str
    url: str
    new: int = 0
    updated: int = 0
    error: str | None = None  # the reason, for the user
    offline: bool = False
    cancelled: bool = False

    def line(self) -> str:
        """The summary line: `NAME (kind, url): N new, M updated`, or what went wrong."""
        head = f"{self.title} ({self.kind}, {self.url})"
        if self.error is not None:
            return f"{head}: {self.error}"
        if self.cancelled:
            return f"{head}: cancelled, nothing stored"
        return f"{head}: {self.new} new, {self.updated} updated"


@dataclass(frozen=True, slots=True)
class RefreshReport:
    outcomes: tuple[SourceOutcome, ...]
    new_rowids: tuple[int, ...] = ()

    @property
    def failed(self) -> tuple[SourceOutcome, ...]:
        return tuple(outcome for outcome in self.outcomes if outcome.error is not None)

    @property
    def offline(self) -> bool:
        """Every source that was tried could not even be reached: the network is likely down."""
        failed = self.failed
        return bool(failed) and len(failed) == len(self.outcomes) and all(outcome.offline for outcome in failed)

    @property
    def changes(self) -> Changes:
        return Changes(content=any(outcome.new or outcome.updated for outcome in self.outcomes))


@dataclass(frozen=True, slots=True)
class RefreshProgress:
    """How far a refresh is: the sources it takes, how many are done, and the one just done."""

    keys: tuple[str, ...]
    done: int
    outcome: SourceOutcome | None


class AlreadyFollowedError(ReaderError):
    pass


def preview(client: HttpClient, address: str) -> Found:
    """What an address is (channel or feed, its name, its newest posts), before subscribing."""
    return identify(client, address)


def subscribe(
    library: Library,
    client: HttpClient,
    address: str | Found,
    *,
    name: str | None = None,
    every_minutes: int = schedule.DEFAULT_EVERY_MINUTES,
    backfill: int = DEFAULT_BACKFILL,
    refresh_now: bool = True,
    now: float | None = None,
    media: MediaStore | None = None,
) -> RefreshReport:
    """Follow a channel or feed (an address, or what `preview` found) and, unless told not to, bring its posts in.

    Raises FetchError when the address cannot be reached or is not something to follow, and
    AlreadyFollowedError when it is followed already.
    """
    if every_minutes < 1:
        raise ReaderError("--every must be at least 1 minute")
    if backfill < 0:
        raise ReaderError("--backfill cannot be negative")
    now = time.time() if now is None else now
    found = address if isinstance(address, Found) else identify(client, address)
    title = " ".join((name or "").split()) or found.title
    subscription = Subscription(
        found.key, found.kind.value, found.url, every_minutes, backfill, created_at=now, next_refresh=now
    )
    store = library.store
    if not store.subscriptions.add(subscription, Source(found.key, title, found.kind.value, found.url)):
        raise AlreadyFollowedError(f"{found.url}: followed already (as {found.key})")
    if not refresh_now:
        return RefreshReport((SourceOutcome(found.key, title, found.kind.value, found.url),))
    media = media or MediaStore(library.data_dir)
    followed = _followed(subscription, title)
    outcome, summary = _settle(library, subscription, _completed(fetch, client, followed, found.response, media), now)
    library.link()
    _keep_within_quota(library, media)
    return RefreshReport((outcome,), tuple(summary.new_rowids))


def refresh(
    library: Library,
    client: HttpClient,
    sources: Sequence[str] = (),
    *,
    now: float | None = None,
    on_outcome: Callable[[SourceOutcome], None] | None = None,
    media: MediaStore | None = None,
    on_progress: Callable[[RefreshProgress], None] | None = None,
) -> RefreshReport:
    """Refresh the named followed sources (keys or names), or all that are due.

    `on_progress` hears when the refresh starts (with the keys it takes) and after each source.

    Every source is tried even when others fail; each one's posts are stored whole or not at all.
    Raises ReaderError when a named source is not followed.
    """
    now = time.time() if now is None else now
    store = library.store
    followed = store.subscriptions.all()
    if sources:
        chosen = [_find_followed(library, followed, name) for name in sources]
    else:
        chosen = [item for item in followed if schedule.is_due(item.next_refresh, now)]
    titles = store.subscriptions.titles()
    media = media or MediaStore(library.data_dir)
    jobs = [
        replace(
            _followed(item, titles.get(item.key, item.key)),
            stored_media=store.subscriptions.offline_media(item.key),
            stored_ids=store.subscriptions.recent_message_ids(item.key, MAX_CATCH_UP_POSTS + PAGE_SLACK),
        )
        for item in chosen
    ]
    outcomes: list[SourceOutcome] = []
    rowids: list[int] = []
    if on_progress is not None:
        on_progress(RefreshProgress(tuple(item.key for item in chosen), 0, None))
    workers = max(1, min(client.policy.in_flight, len(chosen)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="refresh") as pool:
        futures = {pool.submit(fetch, client, job, None, media): item for job, item in zip(jobs, chosen, strict=True)}
        for future in as_completed(futures):
            outcome, changed = _settle(library, futures[future], future, now)
            outcomes.append(outcome)
            rowids.extend(changed.new_rowids)
            if on_outcome is not None:
                on_outcome(outcome)
            if on_progress is not None:
                on_progress(RefreshProgress(tuple(item.key for item in chosen), len(outcomes), outcome))
    # Translations are looked for once for every source's posts: a search reads each date window's keys
    # once, where a search per source read them once per source (1.6 of 6.4 s for 50 sources of 20 posts).
    # The posts wait in the library's link queue meanwhile, so a crash before it loses no link: the next
    # refresh or import goes on with them.
    library.link()
    if chosen:
        _keep_within_quota(library, media)
    order = {item.key: index for index, item in enumerate(chosen)}
    return RefreshReport(tuple(sorted(outcomes, key=lambda item: order[item.key])), tuple(rowids))


def unsubscribe(library: Library, source: str, *, delete_posts: bool = False) -> Changes:
    """Stop following a source; its posts stay unless `delete_posts`. Returns what changed."""
    store = library.store
    item = _find_followed(library, store.subscriptions.all(), source)
    deleted = store.subscriptions.remove(item.key, delete_posts=delete_posts)
    return Changes(content=bool(deleted))


def set_interval(library: Library, source: str, every_minutes: int, *, now: float | None = None) -> Subscription:
    """Refresh a followed source every `every_minutes` from now on; returns the rescheduled subscription.

    A source that last refreshed well is due again one new interval after that refresh (now, if that
    is already past); a failing source keeps the backoff it earned, so a shorter interval cannot
    hammer a server that asked to be left alone.
    """
    if every_minutes < 1:
        raise ReaderError("the refresh interval must be at least 1 minute")
    now = time.time() if now is None else now
    store = library.store
    item = _find_followed(library, store.subscriptions.all(), source)
    next_refresh = item.next_refresh
    if item.failures == 0:
        since = item.last_refresh if item.last_refresh is not None else now
        next_refresh = max(now, schedule.after_success(since, every_minutes))
    rescheduled = replace(item, every_minutes=every_minutes, next_refresh=next_refresh)
    store.subscriptions.update(rescheduled)
    return rescheduled


def _keep_within_quota(library: Library, media: MediaStore) -> None:
    media.enforce_quota(quota_from_environment(), library.store.subscriptions.bookmarked_media())


def _find_followed(library: Library, followed: list[Subscription], name: str) -> Subscription:
    by_key = {item.key: item for item in followed}
    if name in by_key:
        return by_key[name]
    titles = library.store.subscriptions.titles()
    matches = [item for item in followed if titles.get(item.key, "").casefold() == name.casefold()]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ReaderError(f"{name}: several followed sources have this name; name one by its id")
    raise ReaderError(f"{name}: not a followed source (see `bulletin-reader sources`)")


def _followed(item: Subscription, title: str) -> Followed:
    return Followed(
        SourceKind(item.kind),
        item.url,
        item.key,
        title,
        Validators(item.etag, item.last_modified),
        item.cursor,
        item.backfill,
    )


def _completed(function: Callable[..., Fetched], *arguments: object) -> Future[Fetched]:
    """Run a fetch here, as a finished future, so a single source goes through the same settling."""
    future: Future[Fetched] = Future()
    try:
        future.set_result(function(*arguments))
    except BaseException as error:  # re-raised by _settle, which sorts out what it was
        future.set_exception(error)
    return future


def _settle(
    library: Library, item: Subscription, future: Future[Fetched], now: float
) -> tuple[SourceOutcome, ImportSummary]:
    """Store a finished fetch's posts, then its outcome; or record why it failed."""
    store = library.store
    title = store.subscriptions.titles().get(item.key, item.key)
    outcome = SourceOutcome(item.key, title, item.kind, item.url)
    try:
        fetched = future.result()
    except FetchCancelledError:
        return replace(outcome, cancelled=True), ImportSummary()
    except Exception as error:
        if not isinstance(error, ReaderError):
            log.exception("refreshing %s failed", item.url)
        reason = error.reason if isinstance(error, FetchError) else str(error) or error.__class__.__name__
        offline = isinstance(error, FetchError) and error.offline
        retry_after = error.retry_after if isinstance(error, FetchError) else None
        failures = item.failures + 1
        store.subscriptions.update(
            replace(
                item,
                last_attempt=now,
                last_error=reason,
                failures=failures,
                next_refresh=schedule.after_failure(now, item.every_minutes, failures, retry_after),
            )
        )
        return replace(outcome, error=reason, offline=offline), ImportSummary()
    summary = library.store_posts(fetched.posts, link=False)
    # The posts are committed before the cursor moves on: a crash between the two only means the
    # next refresh reads a page it did not need to.
    store.subscriptions.update(
        replace(
            item,
            last_refresh=now,
            last_attempt=now,
            last_error=None,
            failures=0,
            next_refresh=schedule.after_success(now, item.every_minutes),
            etag=fetched.validators.etag if not fetched.not_modified else item.etag,
            last_modified=fetched.validators.last_modified if not fetched.not_modified else item.last_modified,
            cursor=fetched.cursor or item.cursor,
        )
    )
    title = store.subscriptions.titles().get(item.key, title)
    return replace(outcome, title=title, new=summary.new, updated=summary.updated), summary


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """One source as `sources` lists it: imported or followed, with its counts and refresh state."""

    key: str
    name: str
    kind: str
    url: str | None
    posts: int
    unread: int
    subscription: Subscription | None = None

    def to_dict(self) -> dict[str, object]:
        followed = self.subscription
        return {
            "id": self.key,
            "name": self.name,
            "kind": self.kind,
            "url": self.url,
            "posts": self.posts,
            "unread": self.unread,
            "followed": followed is not None,
            "every": followed.every_minutes if followed else None,
            "last_refresh": _iso(followed.last_refresh) if followed else None,
            "last_error": followed.last_error if followed else None,
            "failures": followed.failures if followed else 0,
            "next_refresh": _iso(followed.next_refresh) if followed else None,
        }

    def line(self) -> str:
        text = f"{self.name} ({self.kind}, {self.url or self.key}): {self.posts} posts, {self.unread} unread"
        followed = self.subscription
        if followed is None:
            return text
        text += f"; every {followed.every_minutes} min"
        text += f"; last refresh {_iso(followed.last_refresh) or 'never'}"
        if followed.last_error is not None:
            text += f"; failing ({followed.failures}× in a row, backing off): {followed.last_error}"
        return text + f"; next {next_refresh_text(followed)}"


def source_statuses(library: Library) -> list[SourceStatus]:
    """Every source of the library, followed or imported, by name."""
    store = library.store
    followed = {item.key: item for item in store.subscriptions.all()}
    counts = store.subscriptions.post_counts()
    statuses = []
    for source in store.subscriptions.sources():
        item = followed.get(source.key)
        posts, unread = counts.get(source.key, (0, 0))
        url = item.url if item is not None else source.url
        statuses.append(SourceStatus(source.key, source.title, source.kind, url, posts, unread, item))
    return sorted(statuses, key=lambda status: (status.name.casefold(), status.key))


def next_refresh_text(item: Subscription) -> str:
    """When `item` refreshes next, as `sources` says it (UTC, ISO 8601)."""
    return _iso(item.next_refresh) or "at the next refresh"


def _iso(moment: float | None) -> str | None:
    if moment is None:
        return None
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
