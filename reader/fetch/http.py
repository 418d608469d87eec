"""The one HTTP client of the app: bounded, polite, verified, cookie-less.

Every request of a refresh goes through `HttpClient.get`, which follows at most a few redirects and
only to http/https, streams the body while counting both the bytes on the wire and the decoded
bytes, answers a conditional GET's 304 without a body, and waits as the server asks on 429/503.
Errors come out as one `FetchError` per address, worded for the user.
"""

from __future__ import annotations

import http.cookiejar
import os
import ssl
import threading
import time
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit

import httpx
import truststore

from reader import __version__
from reader.errors import FetchCancelledError, FetchError
from reader.fetch.decode import ACCEPT_ENCODING, BoundedDecoder, DecodedTooLargeError, UnsupportedEncodingError
from reader.fetch.politeness import HostGate, backoff_delay, pause, retry_after_seconds

HOST_GAP_ENV = "BULLETIN_READER_HOST_GAP"
DEFAULT_HOST_GAP = 1.0
USER_AGENT = f"BulletinReader/{__version__} (desktop bulletin reader; polite refresh)"
MB = 1024 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRIED = frozenset({429, 503})


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Limits of the client; tests shrink the times, the app uses the defaults."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    # A server that trickles a byte just inside the read timeout would otherwise hold a refresh forever.
    total_timeout: float = 120.0
    max_redirects: int = 5
    max_body: int = 16 * MB
    max_decoded: int = 16 * MB
    in_flight: int = 4
    host_gap: float = DEFAULT_HOST_GAP
    retries: int = 3  # further tries after a 429/503
    backoff_base: float = 2.0
    # A longer wait than this is not slept through: the source fails now and is tried after it.
    max_retry_wait: float = 60.0

    @classmethod
    def from_environment(cls) -> FetchPolicy:
        """The defaults, with the gap between two requests to one host from the setting, when set.

        A mirror or a local server of one's own can take requests faster; the test suite uses it too.
        """
        text = os.environ.get(HOST_GAP_ENV, "").strip()
        try:
            gap = float(text) if text else DEFAULT_HOST_GAP
        except ValueError:
            gap = DEFAULT_HOST_GAP
        return cls(host_gap=max(0.0, gap))


@dataclass(frozen=True, slots=True)
class Validators:
    """What the server told us last time, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Response:
    """A complete response: the body was read whole and within the caps, or this was a 304."""

    url: str  # after redirects
    status: int
    body: bytes
    content_type: str = ""
    validators: Validators = field(default_factory=Validators)
    retry_after: float | None = None  # seconds, from a 429/503's Retry-After

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def media_type(self) -> str:
        """The content type without parameters, lower case ("text/html")."""
        return self.content_type.partition(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        message = Message()
        message["content-type"] = self.content_type
        value = message.get_param("charset")
        return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class _Redirect:
    location: str  # absolute, resolved against the address that redirected


class _NoCookies(http.cookiejar.DefaultCookiePolicy):
    """A policy that accepts no cookie: nothing a server sets is kept or sent back."""

    def set_ok(self, cookie: http.cookiejar.Cookie, request: object) -> bool:
        return False

    def return_ok(self, cookie: http.cookiejar.Cookie, request: object) -> bool:
        return False


def system_ssl_context() -> ssl.SSLContext:
    """TLS verified against the operating system's trust store (the same roots the browser trusts)."""
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class HttpClient:
    """Thread-safe: one client serves all the workers of a refresh. Close it when done."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        ssl_context: ssl.SSLContext | None = None,
        cancelled: threading.Event | None = None,
    ) -> None:
        """`cancelled`: a switch shared with the caller (a GUI task's Cancel); set, every request stops soon."""
        self.policy = policy or FetchPolicy()
        self.cancelled = cancelled or threading.Event()
        self._gate = HostGate(self.policy.in_flight, self.policy.host_gap, self.cancelled)
        self._client = httpx.Client(
            timeout=httpx.Timeout(
                connect=self.policy.connect_timeout,
                read=self.policy.read_timeout,
                write=self.policy.read_timeout,
                pool=None,
            ),
            follow_redirects=False,  # followed here, so each hop is checked and counted
            verify=ssl_context or system_ssl_context(),
            trust_env=True,  # the system's proxy settings (environment, or the OS's on Windows and macOS)
            limits=httpx.Limits(max_connections=self.policy.in_flight, max_keepalive_connections=self.policy.in_flight),
            cookies=http.cookiejar.CookieJar(policy=_NoCookies()),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def cancel(self) -> None:
        """Stop every request of this client soon; each raises FetchCancelledError."""
        self.cancelled.set()

    def get(
        self, url: str, validators: Validators | None = None, *, accept: str = "*/*", max_body: int | None = None
    ) -> Response:
        """GET `url` (http or https), following redirects; raises FetchError or FetchCancelledError.

        `max_body` lowers the body and decompression caps for this request (a photo's 10 MB).
        """
        cap = self.policy.max_body if max_body is None else min(max_body, self.policy.max_body)
        decoded_cap = self.policy.max_decoded if max_body is None else min(max_body, self.policy.max_decoded)
        _check_scheme(url, url)
        current = url
        redirects = 0
        attempt = 0
        while True:
            response = self._once(current, validators, accept, (cap, decoded_cap), original=url)
            if isinstance(response, _Redirect):
                redirects += 1
                if redirects > self.policy.max_redirects:
                    raise FetchError(url, f"too many redirects (more than {self.policy.max_redirects}); stopped")
                _check_scheme(url, response.location)
                current = response.location
                continue
            if response.status in _RETRIED and attempt < self.policy.retries:
                wait = response.retry_after
                if wait is None:
                    wait = backoff_delay(attempt, self.policy.backoff_base, self.policy.max_retry_wait)
                if wait > self.policy.max_retry_wait:
                    raise FetchError(url, _status_reason(response.status, wait), retry_after=wait)
                attempt += 1
                pause(wait, self.cancelled)
                continue
            if response.status == 304 or 200 <= response.status < 300:
                return response
            wait = response.retry_after if response.status in _RETRIED else None
            raise FetchError(url, _status_reason(response.status, wait), retry_after=wait)

    def _once(
        self, url: str, validators: Validators | None, accept: str, caps: tuple[int, int], *, original: str
    ) -> Response | _Redirect:
        """One request: a complete Response, or the next address when the server redirects."""
        headers = {"Accept": accept}
        if validators is not None and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators is not None and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        host = urlsplit(url).hostname or ""
        with self._gate.request(host):
            try:
                return self._stream(url, headers, caps)
            except FetchError:
                raise
            except FetchCancelledError:
                raise
            except httpx.HTTPError as error:
                raise _transport_error(original, error) from error

    def _stream(self, url: str, headers: dict[str, str], caps: tuple[int, int]) -> Response | _Redirect:
        max_body, max_decoded = caps
        deadline = time.monotonic() + self.policy.total_timeout
        with self._client.stream("GET", url, headers=headers) as reply:
            if reply.status_code in _REDIRECTS:
                location = reply.headers.get("location")
                if not location:
                    raise FetchError(url, f"the server redirected ({reply.status_code}) without saying where")
                return _Redirect(urljoin(str(reply.url), str(location).strip()))
            if reply.status_code == 304 or not 200 <= reply.status_code < 300:
                # Neither a 304 nor an error has a body we need: the stream closes unread.
                return _without_body(reply)
            declared = reply.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_body:
                raise FetchError(url, _too_large(max_body, declared=int(declared)))
            try:
                decoder = BoundedDecoder(reply.headers.get("content-encoding", ""), max_decoded)
            except UnsupportedEncodingError as error:
                raise FetchError(url, str(error)) from error
            received = 0
            try:
                for chunk in reply.iter_raw(64 * 1024):
                    received += len(chunk)
                    if received > max_body:
                        raise FetchError(url, _too_large(max_body))
                    if self.cancelled.is_set():
                        raise FetchCancelledError()
                    if time.monotonic() > deadline:
                        raise FetchError(url, f"the server took longer than {self.policy.total_timeout:g} s to send it")
                    decoder.feed(chunk)
                body = decoder.finish()
            except DecodedTooLargeError as error:
                raise FetchError(
                    url, f"refused: the response decompresses to more than {error.limit // MB} MB"
                ) from error
            except ValueError as error:
                raise FetchError(url, str(error)) from error
            return Response(
                str(reply.url), reply.status_code, body, reply.headers.get("content-type", ""), _validators(reply)
            )


def _without_body(reply: httpx.Response) -> Response:
    return Response(
        str(reply.url),
        reply.status_code,
        b"",
        reply.headers.get("content-type", ""),
        _validators(reply),
        retry_after_seconds(reply.headers.get("retry-after")),
    )


def _validators(reply: httpx.Response) -> Validators:
    return Validators(reply.headers.get("etag"), reply.headers.get("last-modified"))


def _check_scheme(original: str, url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        if url == original:
            raise FetchError(original, f"only http and https addresses can be followed, not {scheme or 'this'}")
        raise FetchError(original, f"refused: the server redirected to {url}, which is not an http or https address")


def _too_large(limit: int, *, declared: int | None = None) -> str:
    size = f" ({declared:,} bytes)" if declared is not None else ""
    return f"refused: the response is larger than {limit // MB} MB{size}"


def _status_reason(status: int, wait: float | None) -> str:
    try:
        phrase = httpx.codes.get_reason_phrase(status)
    except ValueError:
        phrase = ""
    text = f"the server answered {status} {phrase}".rstrip()
    if status in _RETRIED:
        text += f"; asked to wait {wait:g} s" if wait is not None else "; tried again with backoff"
    return text


def _transport_error(url: str, error: httpx.HTTPError) -> FetchError:
    """The user's wording of a failure below HTTP; `offline` when the server was not reached at all."""
    cause = error.__cause__ or error.__context__
    chain = [error, cause, getattr(cause, "__cause__", None), getattr(cause, "__context__", None)]
    for link in chain:
        if isinstance(link, ssl.SSLCertVerificationError):
            detail = link.verify_message or str(link)
            return FetchError(url, f"refused: the server's certificate cannot be trusted ({detail})")
        if isinstance(link, ssl.SSLError):
            return FetchError(url, f"the secure connection failed ({link.reason or link})")
    if isinstance(error, httpx.ConnectTimeout):
        return FetchError(url, "the server did not answer in time (connect timeout)", offline=True)
    if isinstance(error, httpx.ReadTimeout):
        return FetchError(url, "the server stopped sending (read timeout); nothing was stored")
    if isinstance(error, httpx.TimeoutException):
        return FetchError(url, f"timed out ({error.__class__.__name__})")
    if isinstance(error, httpx.ConnectError):
        return FetchError(url, f"cannot connect ({_plain(error)})", offline=True)
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError):
        return FetchError(url, f"the connection broke off mid-response ({_plain(error)}); nothing was stored")
    if isinstance(error, httpx.ProxyError):
        return FetchError(url, f"the proxy refused the request ({_plain(error)})")
    return FetchError(url, f"the request failed ({_plain(error)})")


def _plain(error: BaseException) -> str:
    text = str(error).strip()
    # OSError texts read "[Errno 111] Connection refused": the number means nothing to a reader.
    if text.startswith("[Errno") and "]" in text:
        text = text.split("]", 1)[1].strip()
    return text or error.__class__.__name__
