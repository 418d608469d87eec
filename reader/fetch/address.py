"""What the user typed (`@NAME`, `t.me/NAME`, a site, a feed) as the address to fetch first."""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit, urlunsplit

from reader.errors import FetchError

TELEGRAM_BASE_ENV = "BULLETIN_READER_TELEGRAM_BASE"
DEFAULT_TELEGRAM_BASE = "https://t.me"
_TELEGRAM_HOSTS = frozenset({"t.me", "www.t.me", "telegram.me", "www.telegram.me"})
# Public usernames are 5-32 letters, digits and underscores, starting with a letter; a few older
# channels have 4. The paths below are t.me's own pages, never channels.
USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
_NOT_CHANNELS = frozenset({"joinchat", "addstickers", "addemoji", "share", "proxy", "socks", "login", "iv", "addlist"})
_HOST_LIKE = re.compile(r"^[\w.-]+\.[a-z]{2,}(?::\d+)?(?:[/?#]|$)", re.I)


def telegram_base() -> str:
    """Where t.me is: the setting (a mirror, a proxy, a test server) or t.me itself."""
    return (os.environ.get(TELEGRAM_BASE_ENV) or DEFAULT_TELEGRAM_BASE).rstrip("/")


def preview_address(name: str, base: str | None = None) -> str:
    """A public channel's web preview page, which lists its newest posts."""
    return f"{base or telegram_base()}/s/{name}"


def channel_name(url: str) -> str | None:
    """The channel a t.me-style path names (`/NAME`, `/s/NAME`, `/NAME/123`), or None."""
    segments = [part for part in urlsplit(url).path.split("/") if part]
    if segments and segments[0] == "s":
        segments = segments[1:]
    if not segments or segments[0].lower() in _NOT_CHANNELS or not USERNAME.match(segments[0]):
        return None
    return segments[0]


def first_address(text: str, base: str | None = None) -> str:
    """The address to fetch for what the user typed; raises FetchError when it is none.

    `@NAME` and t.me links go straight to the channel's preview on the configured base, so a
    mirror set in the setting serves them too; any other address is fetched as given and
    recognised from what comes back.
    """
    text = text.strip()
    if not text:
        raise FetchError(text, "no address given")
    base = (base or telegram_base()).rstrip("/")
    if text.startswith("@"):
        if not USERNAME.match(text[1:]):
            raise FetchError(text, "not a public channel name (5-32 letters, digits or _ after the @)")
        return preview_address(text[1:], base)
    if "://" not in text:
        if not _HOST_LIKE.match(text):
            raise FetchError(text, "not an address: give a link (https://…) or a channel as @name")
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(text, f"only http and https addresses can be followed, not {parts.scheme}")
    if not parts.hostname:
        raise FetchError(text, "the address names no server")
    base_netloc = urlsplit(base).netloc
    name = channel_name(text)
    if name is not None and (parts.hostname.lower() in _TELEGRAM_HOSTS or parts.netloc == base_netloc):
        return preview_address(name, base)
    return urlunsplit(parts._replace(fragment=""))
