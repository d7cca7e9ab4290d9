"""Fetching pages, feeds and web archives over HTTP, safely.

Every hop of a redirect chain is checked before it is requested: the host is resolved and a
private, loopback, link-local, multicast or reserved address is refused (``BlockedAddress``)
unless ``allow_private`` is set or the exact ``host:port`` is in ``allowed_hosts``. Bodies are
streamed and cut at ``max_bytes`` (``TooLarge``). robots.txt is honoured per host and cached.
Only 5xx answers, timeouts and connection errors are retried, with exponential backoff.

Known limit: the address is checked when the URL is resolved here; httpx resolves the host again
when it connects, so a DNS server that answers differently the second time (rebinding) is not
caught. Use ``allow_private=False`` together with a resolving proxy where that matters.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
import time
import urllib.robotparser
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from eventwire import __version__
from eventwire.errors import BlockedAddress, FetchError, InputError, TooLarge
from eventwire.model import RawDocument, Skipped, replace

log = logging.getLogger(__name__)

USER_AGENT = f"eventwire/{__version__} (+https://github.com/eventwire)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")
FEED_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)
WARC_SUFFIXES = (".warc", ".warc.gz")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)

Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host``."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}; check the URL and the network") from exc
    return sorted({str(info[4][0]) for info in infos})


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or ip.is_unspecified)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response body that passed every check, and where it finally came from."""

    url: str  # what was asked for
    final_url: str  # after redirects
    status: int
    content_type: str
    body: bytes

    def text(self) -> str:
        return decode_body(self.body, self.content_type)

    @property
    def is_feed(self) -> bool:
        kind = self.content_type.split(";")[0].strip().lower()
        if kind in FEED_TYPES[:3]:
            return True
        return bool(FEED_START.match(self.body[:2048]))

    @property
    def is_warc(self) -> bool:
        path = urlsplit(self.final_url).path.lower()
        return "warc" in self.content_type.lower() or path.endswith(WARC_SUFFIXES)


def decode_body(body: bytes, content_type: str) -> str:
    """Decode with the declared charset, else a ``<meta charset>``, else UTF-8 (bad bytes replaced)."""
    declared = re.search(r"charset=([\w-]+)", content_type, re.I)
    meta = META_CHARSET.search(body[:4096])
    for charset in (declared.group(1) if declared else None, meta.group(1).decode("ascii") if meta else None):
        if charset:
            try:
                return body.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
    return body.decode("utf-8", errors="replace")


class Fetcher:
    """An HTTP client for news: checked redirects, size caps, robots.txt, retries."""

    def __init__(self, *, timeout: float = 20.0, max_bytes: int = 10_000_000, max_redirects: int = 5,
                 user_agent: str = USER_AGENT, allow_private: bool = False, retries: int = 2,
                 backoff: float = 0.5, respect_robots: bool = True,
                 transport: httpx.BaseTransport | None = None, resolver: Resolver = system_resolver,
                 allowed_hosts: frozenset[str] = frozenset(), sleep: Callable[[float], None] = time.sleep):  # fmt: skip
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.user_agent = user_agent
        self.allow_private = allow_private
        self.retries = retries
        self.backoff = backoff
        self.respect_robots = respect_robots
        self.resolver = resolver
        self.allowed_hosts = allowed_hosts
        self.sleep = sleep
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self.client = httpx.Client(timeout=timeout, follow_redirects=False, transport=transport,
                                   headers={"User-Agent": user_agent})  # fmt: skip

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # -- one URL -------------------------------------------------------------------------------

    def get(self, url: str) -> Fetched:
        """GET a URL with every check: addresses, robots.txt, redirects, size, retries."""
        if self.respect_robots and not self.allowed_by_robots(url):
            raise FetchError(f"robots.txt of {_origin(url)} disallows this path for {self.user_agent!r}; "
                             "skip it or pass respect_robots=False for your own sites", origin=url)  # fmt: skip
        return self._follow(url)

    def _follow(self, url: str) -> Fetched:
        current = url
        for _ in range(self.max_redirects + 1):
            self.check_address(current)
            status, content_type, location, body = self._with_retries(current)
            if status in REDIRECT_STATUSES and location:
                current = urljoin(current, location)
                continue
            if status >= 400:
                raise FetchError(f"the server answered HTTP {status}; check the URL", origin=current)
            return Fetched(url, current, status, content_type, body)
        raise FetchError(f"more than {self.max_redirects} redirects; the URL loops or the limit is too low", origin=url)

    def check_address(self, url: str) -> None:
        """Refuse a URL whose host resolves to a non-public address (unless allowed)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"only http(s) URLs can be fetched, not {url!r}", origin=url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        if self.allow_private or f"{parts.hostname}:{port}" in self.allowed_hosts:
            return
        for address in self.resolver(parts.hostname, port):
            if not is_public(address):
                raise BlockedAddress(f"{parts.hostname} resolves to non-public address {address}; "
                                     "pass allow_private=True (--allow-private) to fetch it", origin=url)  # fmt: skip

    def _with_retries(self, url: str) -> tuple[int, str, str | None, bytes]:
        for attempt in range(self.retries + 1):
            try:
                answer = self._request(url)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if attempt == self.retries:
                    raise FetchError(f"{type(exc).__name__} after {attempt + 1} tries: {exc}; "
                                     "try again later or raise the timeout", origin=url) from exc  # fmt: skip
            else:
                if answer[0] < 500 or attempt == self.retries:
                    return answer
            log.info("retrying %s (attempt %d)", url, attempt + 2)
            self.sleep(self.backoff * 2**attempt)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _request(self, url: str) -> tuple[int, str, str | None, bytes]:
        with self.client.stream("GET", url) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise TooLarge(f"declares {declared} bytes, over the {self.max_bytes}-byte cap; raise max_bytes",
                               origin=url)  # fmt: skip
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self.max_bytes:
                    raise TooLarge(f"body exceeds the {self.max_bytes}-byte cap; raise max_bytes", origin=url)
            return response.status_code, response.headers.get("content-type", ""), response.headers.get("location"), bytes(body)

    # -- robots.txt ----------------------------------------------------------------------------

    def allowed_by_robots(self, url: str) -> bool:
        origin = _origin(url)
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        return self._robots[origin].can_fetch(self.user_agent, url)

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser:
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            fetched = self._follow(origin + "/robots.txt")
        except FetchError as exc:
            # 401/403 mean "keep out"; a missing file or an unreachable one means no rules.
            parser.disallow_all = "HTTP 401" in exc.message or "HTTP 403" in exc.message
            parser.allow_all = not parser.disallow_all
            return parser
        parser.parse(fetched.text().splitlines())
        return parser

    # -- documents -----------------------------------------------------------------------------

    def fetch(self, url: str) -> Iterator[RawDocument | Skipped]:
        """The documents behind a URL: a page, every entry of a feed, or every record of a WARC."""
        try:
            fetched = self.get(url)
        except (FetchError, InputError) as exc:
            yield Skipped(url, _reason(exc), exc.message)
            return
        if fetched.is_warc:
            yield from _read_warc(fetched)
        elif fetched.is_feed:
            yield from self._feed_documents(fetched)
        else:
            yield page_document(fetched)

    def feed_entries(self, url: str) -> list[Any]:
        """The entries (``readers.FeedEntry``) of the feed at ``url``."""
        from eventwire.readers import parse_feed  # the readers module owns feed parsing

        return list(parse_feed(self.get(url).body, origin=url))

    def fetch_entry(self, entry: Any) -> RawDocument | Skipped:
        """The page an entry links to, with the entry's title and date as fallbacks."""
        try:
            document = page_document(self.get(entry.url))
        except (FetchError, InputError) as exc:
            return Skipped(entry.url, _reason(exc), exc.message)
        entry_date = entry.date if isinstance(entry.date, date) else None
        return replace(document, title=document.title or entry.title, date=document.date or entry_date)

    def _feed_documents(self, fetched: Fetched) -> Iterator[RawDocument | Skipped]:
        from eventwire.readers import parse_feed

        for entry in parse_feed(fetched.body, origin=fetched.final_url):
            if entry.url:
                yield self.fetch_entry(entry)
            elif entry.summary:
                # A feed that carries its articles and links nowhere: the entry is the document.
                yield RawDocument(text=entry.summary, id=entry.id, date=entry.date, title=entry.title,
                                  is_html=getattr(entry, "is_html", True), origin=fetched.final_url)  # fmt: skip
            else:
                yield Skipped(fetched.final_url, "feed-entry-without-link", str(entry.title or entry.id))


def page_document(fetched: Fetched) -> RawDocument:
    kind = fetched.content_type.split(";")[0].strip().lower()
    return RawDocument(text=fetched.text(), url=fetched.final_url, is_html=kind in ("text/html", "application/xhtml+xml", ""),
                       origin=fetched.url)  # fmt: skip


def _read_warc(fetched: Fetched) -> Iterator[RawDocument | Skipped]:
    import io

    from eventwire.readers import read_warc

    yield from read_warc(io.BytesIO(fetched.body), origin=fetched.final_url)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _reason(exc: Exception) -> str:
    """A Skipped reason from an error class: ``BlockedAddress`` -> ``blocked-address``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", type(exc).__name__).lower()
