"""The HTTP client against real servers on 127.0.0.1 that misbehave in every way the web does."""

from __future__ import annotations

import datetime as dt
import ipaddress
import itertools
import socket
import ssl
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from reader import __version__
from reader.errors import FetchCancelledError, FetchError
from reader.fetch.http import FetchPolicy, HttpClient, Validators

from ..fake_web import FakeWeb

FAST = FetchPolicy(connect_timeout=2.0, read_timeout=0.5, host_gap=0.0, backoff_base=0.05, max_retry_wait=2.0)
MB = 1024 * 1024


@pytest.fixture()
def client() -> Iterator[HttpClient]:
    with HttpClient(FAST) as http:
        yield http


def test_a_page_comes_back_whole_with_our_user_agent_and_no_cookies_kept(fake_web: FakeWeb, client: HttpClient) -> None:
    fake_web.route(
        "/page",
        lambda request: Response(b"<p>hello</p>", content_type="text/html", headers={"Set-Cookie": "track=1; Path=/"}),
    )
    first = client.get(fake_web.url("/page"))
    client.get(fake_web.url("/page"))
    assert first.body == b"<p>hello</p>" and first.status == 200 and first.media_type == "text/html"
    requests = fake_web.hits("/page")
    assert requests[0].headers["User-Agent"].startswith(f"BulletinReader/{__version__}")
    assert "Cookie" not in requests[1].headers, "a cookie the server set was sent back"


def test_a_conditional_get_costs_nothing_when_unchanged(fake_web: FakeWeb, client: HttpClient) -> None:
    def feed(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(b"<rss/>", content_type="application/rss+xml", headers={"ETag": '"v1"'})

    fake_web.route("/feed", feed)
    first = client.get(fake_web.url("/feed"))
    assert first.validators == Validators('"v1"', None)
    again = client.get(fake_web.url("/feed"), first.validators)
    assert again.not_modified and again.body == b""


def test_gzip_and_raw_deflate_bodies_are_decoded(fake_web: FakeWeb, client: HttpClient) -> None:
    text = "Заявление МИД России. ".encode() * 500
    fake_web.serve("/gz", gzip(text), **{"Content-Encoding": "gzip"})
    raw = zlib.compressobj(wbits=-15)
    fake_web.serve("/deflate", raw.compress(text) + raw.flush(), **{"Content-Encoding": "deflate"})
    assert client.get(fake_web.url("/gz")).body == text
    assert client.get(fake_web.url("/deflate")).body == text


def test_429_waits_as_long_as_retry_after_says_then_succeeds(fake_web: FakeWeb, client: HttpClient) -> None:
    answers = iter([Response(status=429, headers={"Retry-After": "1"}), Response(b"fine", content_type="text/plain")])
    fake_web.route("/busy", lambda request: next(answers))
    started = time.monotonic()
    assert client.get(fake_web.url("/busy")).body == b"fine"
    assert time.monotonic() - started >= 1.0
    assert len(fake_web.hits("/busy")) == 2


def test_a_retry_after_longer_than_we_wait_fails_at_once_and_says_how_long(
    fake_web: FakeWeb, client: HttpClient
) -> None:
    fake_web.serve("/later", b"", status=429, **{"Retry-After": "3600"})
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        client.get(fake_web.url("/later"))
    assert time.monotonic() - started < 1.0
    assert caught.value.retry_after == 3600
    assert "429" in str(caught.value) and "3600" in str(caught.value)


def test_503_backs_off_with_growing_waits_then_gives_up(fake_web: FakeWeb, client: HttpClient) -> None:
    fake_web.serve("/down", b"", status=503)
    with pytest.raises(FetchError, match="503"):
        client.get(fake_web.url("/down"))
    hits = fake_web.hits("/down")
    assert len(hits) == FAST.retries + 1


def test_500_fails_at_once_naming_the_status(fake_web: FakeWeb, client: HttpClient) -> None:
    fake_web.serve("/broken", b"oops", status=500)
    with pytest.raises(FetchError, match="500 Internal Server Error") as caught:
        client.get(fake_web.url("/broken"))
    assert not caught.value.offline
    assert len(fake_web.hits("/broken")) == 1


def test_a_server_that_stops_sending_hits_the_read_timeout(fake_web: FakeWeb, client: HttpClient) -> None:
    def stall(request: Request) -> Response:
        time.sleep(2.0)
        return Response(b"late")

    fake_web.route("/stall", stall)
    started = time.monotonic()
    with pytest.raises(FetchError, match="read timeout"):
        client.get(fake_web.url("/stall"))
    assert time.monotonic() - started < 1.5


def test_a_connection_broken_off_mid_body_is_an_error_not_a_short_page(fake_web: FakeWeb, client: HttpClient) -> None:
    def cut(request: Request) -> Response:
        connection: socket.socket = request.environ["werkzeug.socket"]

        def body() -> Iterator[bytes]:
            yield b"<html>" + b"x" * 4000
            connection.shutdown(socket.SHUT_RDWR)

        return Response(body(), content_type="text/html", headers={"Content-Length": "100000"})

    fake_web.route("/cut", cut)
    with pytest.raises(FetchError, match="broke off"):
        client.get(fake_web.url("/cut"))


def test_a_redirect_loop_stops_after_five_hops(fake_web: FakeWeb, client: HttpClient) -> None:
    fake_web.serve("/a", b"", status=302, Location="/b")
    fake_web.serve("/b", b"", status=301, Location=fake_web.url("/a"))
    with pytest.raises(FetchError, match="too many redirects"):
        client.get(fake_web.url("/a"))
    assert len(fake_web.hits("/a")) + len(fake_web.hits("/b")) == 6


def test_redirects_are_followed_to_http_only(fake_web: FakeWeb, client: HttpClient) -> None:
    fake_web.serve("/moved", b"", status=308, Location="/here")
    fake_web.serve("/here", b"arrived", "text/plain")
    reply = client.get(fake_web.url("/moved"))
    assert reply.body == b"arrived" and reply.url.endswith("/here")
    fake_web.serve("/steal", b"", status=302, Location="file:///etc/passwd")
    with pytest.raises(FetchError, match=r"refused: the server redirected to file:///etc/passwd"):
        client.get(fake_web.url("/steal"))
    with pytest.raises(FetchError, match="only http and https"):
        client.get("file:///etc/passwd")


def test_a_declared_oversize_body_is_refused_before_reading_it(fake_web: FakeWeb, client: HttpClient) -> None:
    fake_web.route("/huge", lambda request: Response(iter([b"x" * 1024]), headers={"Content-Length": str(17 * MB)}))
    with pytest.raises(FetchError, match="larger than 16 MB"):
        client.get(fake_web.url("/huge"))


def test_an_endless_body_is_cut_at_the_cap_and_memory_stays_low(fake_web: FakeWeb) -> None:
    def endless(request: Request) -> Response:
        return Response((b"x" * 65536 for _ in range(4096)), content_type="text/html")  # 256 MB, chunked

    fake_web.route("/endless", endless)
    with HttpClient(FetchPolicy(host_gap=0.0, max_body=2 * MB, max_decoded=2 * MB)) as http:
        tracemalloc.start()
        try:
            with pytest.raises(FetchError, match="larger than 2 MB"):
                http.get(fake_web.url("/endless"))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < 12 * MB


def test_a_gzip_bomb_is_refused_at_the_decoded_cap_and_memory_stays_low(fake_web: FakeWeb, client: HttpClient) -> None:
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(MB)
    bomb = b"".join(squeeze.compress(zeros) for _ in range(96)) + squeeze.flush()  # 96 MB inflated
    assert len(bomb) < MB
    fake_web.serve("/bomb", bomb, "text/html", **{"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="decompresses to more than 16 MB"):
            client.get(fake_web.url("/bomb"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * MB


def test_a_self_signed_https_server_is_refused_with_a_clear_reason(tmp_path: Path, client: HttpClient) -> None:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*_self_signed(tmp_path))
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.expect_request("/").respond_with_data(b"secret")
    server.start()
    try:
        with pytest.raises(FetchError, match="certificate cannot be trusted") as caught:
            client.get(server.url_for("/"))
    finally:
        server.clear()
        server.stop()
    assert "self-signed" in caught.value.reason or "self signed" in caught.value.reason
    assert not caught.value.offline


def test_connection_refused_is_reported_as_offline(client: HttpClient) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect") as caught:
        client.get(f"http://127.0.0.1:{port}/s/mfa_russia")
    assert caught.value.offline


def test_the_system_proxy_setting_is_honoured(fake_web: FakeWeb, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_web.serve("/feed.xml", b"<rss/>", "application/rss+xml")
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", fake_web.base)
    with HttpClient(FAST) as http:
        # .invalid never resolves: the body can only have come through the proxy.
        assert http.get("http://ministry.invalid/feed.xml").body == b"<rss/>"
    assert fake_web.hits("/feed.xml")[0].host == "ministry.invalid"


def test_one_request_at_a_time_per_host_with_the_gap_between(fake_web: FakeWeb) -> None:
    fake_web.serve("/page", b"ok", "text/plain")
    with HttpClient(FetchPolicy(host_gap=0.3)) as http:
        threads = [threading.Thread(target=http.get, args=(fake_web.url("/page"),)) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    times = sorted(_arrival(request) for request in fake_web.hits("/page"))
    assert len(times) == 3
    assert all(later - earlier >= 0.28 for earlier, later in itertools.pairwise(times))


def test_at_most_four_requests_in_flight_across_hosts() -> None:
    lock = threading.Lock()
    state = {"now": 0, "most": 0}

    def slow(request: Request) -> Response:
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.3)
        with lock:
            state["now"] -= 1
        return Response(b"ok")

    servers = []
    try:
        for number in range(2, 8):  # six hosts: 127.0.0.2 ... 127.0.0.7
            server = HTTPServer(host=f"127.0.0.{number}", port=0, threaded=True)
            server.expect_request("/").respond_with_handler(slow)
            server.start()
            servers.append(server)
        with HttpClient(FetchPolicy(host_gap=0.0)) as http:
            threads = [threading.Thread(target=http.get, args=(server.url_for("/"),)) for server in servers]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        for server in servers:
            server.clear()
            server.stop()
    assert 2 <= state["most"] <= 4


def test_cancel_wakes_a_backoff_wait(fake_web: FakeWeb) -> None:
    fake_web.serve("/later", b"", status=503, **{"Retry-After": "30"})
    with HttpClient(FetchPolicy(host_gap=0.0, max_retry_wait=60.0)) as http:
        threading.Timer(0.3, http.cancel).start()
        started = time.monotonic()
        with pytest.raises(FetchCancelledError):
            http.get(fake_web.url("/later"))
    assert time.monotonic() - started < 5


def gzip(data: bytes) -> bytes:
    squeeze = zlib.compressobj(6, zlib.DEFLATED, 31)
    return squeeze.compress(data) + squeeze.flush()


def _arrival(request: Request) -> float:
    return float(request.environ["fake_web.arrived"])


def _self_signed(folder: Path) -> tuple[str, str]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return str(cert_path), str(key_path)
