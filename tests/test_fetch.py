"""Fetching against a local HTTP server on 127.0.0.1 (and httpx mock transports).

The test server is on loopback, which the fetcher refuses by default. Tests allow exactly the
server's own ``host:port`` (``allowed_hosts``), so a redirect from it to any other private
address is still checked, and refused, before any connection is made.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from eventwire.errors import BlockedAddress, FetchError, TooLarge
from eventwire.fetch import Fetcher, decode_body, is_public
from eventwire.model import RawDocument, Skipped

PAGE = b"<html><head><title>Port reopens</title></head><body><p>The port reopened on Monday.</p></body></html>"
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>One</title><link>{base}/page.html</link><guid>1</guid></item>
<item><title>Two</title><link>{base}/latin1.html</link><guid>2</guid></item>
</channel></rss>"""


class Handler(BaseHTTPRequestHandler):
    hits: Counter[str] = Counter()
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        type(self).hits[self.path] += 1
        if self.path == "/slow":
            time.sleep(1.0)
        if self.path == "/flaky" and type(self).hits[self.path] <= 2:
            return self._send(503, {}, b"busy")
        if self.path == "/unsized":
            return self._send_unsized(b"x" * 50_000)
        status, headers, body = type(self).routes.get(self.path, (404, {}, b"not found"))
        self._send(status, headers, body)

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_unsized(self, body: bytes) -> None:
        # No Content-Length: the cap must be enforced while streaming, not from the header.
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def log_message(self, *args: object) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that timed out or hit the size cap hangs up mid-write: expected here


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    Handler.routes = {
        "/page.html": (200, {}, PAGE),
        "/latin1.html": (200, {"Content-Type": "text/html; charset=iso-8859-1"}, "<p>Zürich café</p>".encode("latin-1")),
        "/feed.xml": (200, {"Content-Type": "application/rss+xml"}, RSS.replace(b"{base}", base.encode())),
        "/feed-as-text": (200, {"Content-Type": "text/plain"}, RSS.replace(b"{base}", base.encode())),
        "/redirect": (302, {"Location": "/page.html"}, b""),
        "/redirect-private": (302, {"Location": "http://10.0.0.1/admin"}, b""),
        "/redirect-metadata": (301, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/big": (200, {}, b"y" * 50_000),
        "/flaky": (200, {}, PAGE),
        "/private/secret.html": (200, {}, PAGE),
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
    }
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def fetcher(server: str) -> Iterator[Fetcher]:
    host = server.removeprefix("http://")
    with Fetcher(allowed_hosts=frozenset({host}), timeout=0.4, max_bytes=20_000, retries=2,
                 backoff=0.0, sleep=lambda _s: None) as client:  # fmt: skip
        yield client


def test_fetches_a_page(fetcher: Fetcher, server: str) -> None:
    fetched = fetcher.get(server + "/page.html")
    assert (fetched.status, fetched.body) == (200, PAGE)
    [document] = list(fetcher.fetch(server + "/page.html"))
    assert isinstance(document, RawDocument) and document.is_html and "reopened" in document.text


def test_follows_a_redirect_and_records_the_final_url(fetcher: Fetcher, server: str) -> None:
    fetched = fetcher.get(server + "/redirect")
    assert fetched.final_url == server + "/page.html"
    assert fetched.url == server + "/redirect"


@pytest.mark.parametrize(("path", "address"), [("/redirect-private", "10.0.0.1"), ("/redirect-metadata", "169.254.169.254")])
def test_redirect_to_a_private_address_is_refused(fetcher: Fetcher, server: str, path: str, address: str) -> None:
    with pytest.raises(BlockedAddress, match=address):
        fetcher.get(server + path)


def test_loopback_server_is_refused_without_permission(server: str) -> None:
    before = Handler.hits["/page.html"]
    with Fetcher() as strict, pytest.raises(BlockedAddress, match="127.0.0.1"):
        strict.get(server + "/page.html")
    assert Handler.hits["/page.html"] == before  # refused before connecting


def test_redirect_loop_stops(fetcher: Fetcher, server: str) -> None:
    with pytest.raises(FetchError, match="redirects"):
        fetcher.get(server + "/loop")


@pytest.mark.parametrize("path", ["/big", "/unsized"])
def test_oversized_body_is_cut(fetcher: Fetcher, server: str, path: str) -> None:
    with pytest.raises(TooLarge, match="20000"):
        fetcher.get(server + path)


def test_slow_endpoint_times_out_after_retries(fetcher: Fetcher, server: str) -> None:
    before = Handler.hits["/slow"]
    with pytest.raises(FetchError, match="3 tries"):
        fetcher.get(server + "/slow")
    assert Handler.hits["/slow"] - before == 3


def test_server_errors_are_retried(fetcher: Fetcher, server: str) -> None:
    assert fetcher.get(server + "/flaky").status == 200
    assert Handler.hits["/flaky"] == 3


def test_client_errors_are_not_retried(fetcher: Fetcher, server: str) -> None:
    with pytest.raises(FetchError, match="404"):
        fetcher.get(server + "/missing")
    assert Handler.hits["/missing"] == 1


def test_robots_txt_disallows_a_path_and_is_cached(fetcher: Fetcher, server: str) -> None:
    before = Handler.hits["/robots.txt"]
    with pytest.raises(FetchError, match="robots.txt"):
        fetcher.get(server + "/private/secret.html")
    fetcher.get(server + "/page.html")
    assert Handler.hits["/private/secret.html"] == 0
    assert fetcher.allowed_by_robots(server + "/page.html")
    assert Handler.hits["/robots.txt"] - before == 1


def test_robots_can_be_ignored_for_own_sites(server: str) -> None:
    host = server.removeprefix("http://")
    with Fetcher(allowed_hosts=frozenset({host}), respect_robots=False) as client:
        assert client.get(server + "/private/secret.html").status == 200


def test_failures_become_skipped_documents(fetcher: Fetcher, server: str) -> None:
    [skipped] = list(fetcher.fetch(server + "/redirect-private"))
    assert isinstance(skipped, Skipped) and skipped.reason == "blocked-address"


def test_declared_charset_is_used(fetcher: Fetcher, server: str) -> None:
    assert "Zürich café" in fetcher.get(server + "/latin1.html").text()


@pytest.mark.parametrize("path", ["/feed.xml", "/feed-as-text"])
def test_feed_entries_are_fetched(fetcher: Fetcher, server: str, path: str) -> None:
    pytest.importorskip("eventwire.readers", reason="readers.parse_feed has not landed yet")
    documents = list(fetcher.fetch(server + path))
    assert [d.url for d in documents] == [server + "/page.html", server + "/latin1.html"]
    assert all(isinstance(d, RawDocument) for d in documents)


@pytest.mark.parametrize(
    ("address", "public"),
    [("93.184.216.34", True), ("2606:4700::1111", True), ("10.0.0.1", False), ("192.168.1.1", False),
     ("127.0.0.1", False), ("169.254.169.254", False), ("224.0.0.1", False), ("0.0.0.0", False),
     ("::1", False), ("fe80::1", False), ("::ffff:10.0.0.1", False), ("240.0.0.1", False)],
)  # fmt: skip
def test_address_classes(address: str, public: bool) -> None:
    assert is_public(address) is public


def test_resolver_hook_blocks_names_pointing_inside() -> None:
    answers = {"intranet.example": ["10.1.2.3"], "news.example": ["93.184.216.34"]}
    transport = httpx.MockTransport(lambda request: httpx.Response(200, html="<p>ok</p>"))
    with Fetcher(resolver=lambda host, _port: answers[host], transport=transport, respect_robots=False) as client:
        assert client.get("https://news.example/story").body == b"<p>ok</p>"
        with pytest.raises(BlockedAddress, match="intranet.example"):
            client.get("https://intranet.example/story")


def test_every_hop_is_checked_even_from_a_public_host() -> None:
    answers = {"news.example": ["93.184.216.34"], "evil.example": ["127.0.0.1"]}
    requested: list[str] = []

    def respond(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://evil.example/x"})

    transport = httpx.MockTransport(respond)
    with Fetcher(resolver=lambda host, _port: answers[host], transport=transport, respect_robots=False) as client:
        with pytest.raises(BlockedAddress):
            client.get("https://news.example/a")
    assert requested == ["https://news.example/a"]


def test_user_agent_is_sent() -> None:
    seen: list[str] = []

    def respond(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["user-agent"])
        return httpx.Response(200, text="ok")

    with Fetcher(allow_private=True, transport=httpx.MockTransport(respond), respect_robots=False) as client:
        client.get("http://localhost/x")
    assert seen[0].startswith("eventwire/")


@pytest.mark.parametrize("url", ["ftp://example.org/file", "file:///etc/passwd", "http:///nohost"])
def test_only_http_urls(url: str) -> None:
    with Fetcher(allow_private=True) as client, pytest.raises(FetchError, match="http"):
        client.get(url)


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ("café".encode("cp1252"), "text/html; charset=windows-1252", "café"),
        (b'<meta charset="iso-8859-1"><p>' + "né".encode("latin-1"), "text/html", "né"),
        (b"caf\xff", "text/html", "caf\ufffd"),
        ("café".encode(), "text/html; charset=no-such-charset", "café"),
    ],
)
def test_decode_body(body: bytes, content_type: str, expected: str) -> None:
    assert expected in decode_body(body, content_type)
