"""A polite HTTP client for pages and feeds (httpx underneath).

What it does for every request, from `config.FetchParams`:
- http and https only; the host's addresses are looked up first and private, loopback, link-local and other
  non-public addresses are refused unless `allow_private` (the tests fetch from 127.0.0.1 with it);
- robots.txt is read once per site (RFC 9309: a missing one allows everything, an unreachable one allows
  nothing) and obeyed for the User-Agent token `recoupe`, Crawl-delay included;
- one request at a time per host (`per_host_concurrency`) and at least `min_interval` seconds between two;
- conditional GET (If-None-Match / If-Modified-Since) when validators are given; a 304 is a page with no body;
- retries on 429, 500, 502, 503, 504 and timeouts, waiting what Retry-After says (seconds or a date) or an
  exponential backoff; a Retry-After longer than `max_retry_after` gives up;
- connect, read and whole-answer timeouts; answers larger than `max_bytes` are cut off and refused;
- redirects followed by hand, at most `max_redirects`, each hop checked like the first URL.

Every failure is a `Reject` whose reason is one line (HTTP status, timeout, robots, too large, not HTML …).
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import re
import socket
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from ..config import FetchParams
from ..model import Page, Reject
from .decode import DecodeError, decode_bytes

log = logging.getLogger(__name__)

ROBOTS_TOKEN = "recoupe"  # the product token robots.txt rules are matched against
RETRY_STATUS = {429, 500, 502, 503, 504}
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
              "application/x-rss+xml", "application/feed+json", "text/plain")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def user_agent(params: FetchParams) -> str:
    """The User-Agent header: recoupe, its version and URL, and the operator's contact when configured."""
    ua = params.user_agent
    if params.contact:
        ua = ua[:-1] + f"; {params.contact})" if ua.endswith(")") else f"{ua} ({params.contact})"
    return ua


@dataclass
class _Host:
    """Per-host politeness state, shared by the threads of one Fetcher."""

    slots: threading.Semaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0  # monotonic time before which no request goes to this host
    interval: float = 0.0
    robots: RobotFileParser | None = None
    robots_error: str | None = None  # why robots.txt could not be read (then nothing is fetched from the host)
    robots_ready: threading.Event = field(default_factory=threading.Event)


class FetchError(Exception):
    """One request failed for good; the message is the one-line reason."""


class Fetcher:
    """Fetch pages politely. One per run (it holds the connection pool and per-host state); close it after."""

    def __init__(self, params: FetchParams, transport: httpx.BaseTransport | None = None) -> None:
        self.params = params
        self.client = httpx.Client(
            timeout=httpx.Timeout(params.read_timeout, connect=params.connect_timeout),
            follow_redirects=False,
            trust_env=False,  # no proxy or netrc from the environment: what is sent is what is documented
            headers={"User-Agent": user_agent(params)},
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),  # no cookie is kept or sent
            transport=transport,
        )
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- public -------------------------------------------------------------------------------------
    def get(self, url: str, kind: str = "html", etag: str | None = None,
            last_modified: str | None = None) -> Page | Reject:
        """Fetch one URL. `kind` is what the answer must be: html, feed, or any. A 304 gives a Page with
        status 304 and no body."""
        try:
            return self._get(url, kind, etag, last_modified)
        except FetchError as exc:
            return Reject(url, " ".join(str(exc).split()))
        except (ValueError, httpx.InvalidURL) as exc:  # urlsplit and httpx refuse some malformed addresses
            return Reject(url, f"invalid URL ({' '.join(str(exc).split())})")

    def get_many(self, urls: Sequence[str], kind: str = "html",
                 validators: dict[str, tuple[str | None, str | None]] | None = None) -> list[Page | Reject]:
        """Fetch several URLs, `workers` at a time overall (still one at a time per host); results in order."""
        validators = validators or {}
        if len(urls) <= 1 or self.params.workers <= 1:
            return [self.get(u, kind, *validators.get(u, (None, None))) for u in urls]
        with ThreadPoolExecutor(max_workers=self.params.workers, thread_name_prefix="fetch") as pool:
            return list(pool.map(lambda u: self.get(u, kind, *validators.get(u, (None, None))), urls))

    def robots_sitemaps(self, url: str) -> list[str]:
        """The Sitemap lines of the robots.txt of a URL's site (read when a page of the site was fetched)."""
        robots = self._host(url).robots
        return list(robots.site_maps() or []) if robots is not None else []

    # -- one URL, redirects followed ----------------------------------------------------------------
    def _get(self, url: str, kind: str, etag: str | None, last_modified: str | None) -> Page:
        current = url
        for _hop in range(self.params.max_redirects + 1):
            self._check_url(current)
            if self.params.obey_robots and not self._allowed(current):
                raise FetchError(f"robots.txt of {urlsplit(current).netloc} disallows {urlsplit(current).path or '/'}")
            headers = {"Accept": _accept(kind)}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            status, resp_headers, body = self._with_retries(current, headers)
            if status in (301, 302, 303, 307, 308):
                location = resp_headers.get("location")
                if not location:
                    raise FetchError(f"HTTP {status} redirect without a Location")
                current = urljoin(current, location.strip())
                continue
            if status == 304:
                return Page(url=url, final_url=current, body=b"", status=304, etag=etag, last_modified=last_modified,
                            fetched_at=_now())
            if status >= 400:
                raise FetchError(f"HTTP {status} {httpx.codes.get_reason_phrase(status)}".strip())
            if status != 200:
                raise FetchError(f"HTTP {status} (expected 200)")
            ctype = resp_headers.get("content-type", "")
            _check_type(ctype, kind, body)
            return Page(
                url=url, final_url=current, body=body, status=status, content_type=ctype,
                etag=resp_headers.get("etag"), last_modified=resp_headers.get("last-modified"),
                content_hash=hashlib.sha256(body).hexdigest(), fetched_at=_now(),
            )
        raise FetchError(f"more than {self.params.max_redirects} redirects")

    def _check_url(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(f"not an http or https URL ({parts.scheme or 'no scheme'})")
        if not parts.hostname:
            raise FetchError("URL without a host")
        if self.params.allow_private:
            return
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                       proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(f"cannot resolve {parts.hostname} ({exc})") from None
        for info in infos:
            address = ipaddress.ip_address(info[4][0].split("%")[0])
            if getattr(address, "ipv4_mapped", None):
                address = address.ipv4_mapped
            if not address.is_global or address.is_multicast:
                raise FetchError(f"{parts.hostname} is a private or local address ({address}); "
                                 "use --allow-private to fetch from it")

    # -- robots.txt ---------------------------------------------------------------------------------
    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc.lower()}"
        with self._lock:
            host = self._hosts.get(key)
            if host is None:
                host = _Host(threading.Semaphore(max(1, self.params.per_host_concurrency)),
                             interval=self.params.min_interval)
                self._hosts[key] = host
            return host

    def _allowed(self, url: str) -> bool:
        host = self._host(url)
        with self._lock:
            first = host.robots is None and not host.robots_ready.is_set()
            if first:
                host.robots = RobotFileParser()  # placeholder: other threads wait for robots_ready
        if first:
            try:
                host.robots = self._read_robots(url, host)
            finally:
                host.robots_ready.set()
        host.robots_ready.wait()
        if host.robots_error:
            raise FetchError(host.robots_error)
        return host.robots.can_fetch(ROBOTS_TOKEN, url)

    def _read_robots(self, url: str, host: _Host) -> RobotFileParser:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        parser = RobotFileParser(robots_url)
        try:
            status, _headers, body = self._with_retries(robots_url, {"Accept": "text/plain"}, retries=0)
        except FetchError as exc:  # the site is unreachable: say why, as the page itself would fail
            host.robots_error = f"{exc} (reading {robots_url})"
            parser.disallow_all = True
            return parser
        if 400 <= status < 500 or status in (301, 302, 303, 307, 308):  # RFC 9309: unavailable, all allowed
            parser.allow_all = True
        elif status >= 500:  # RFC 9309: unreachable, nothing allowed
            host.robots_error = f"robots.txt of {parts.netloc} answers HTTP {status}: nothing may be fetched"
            parser.disallow_all = True
        else:
            text = body.decode("utf-8", errors="replace")
            parser.parse(text.splitlines())
            delay = parser.crawl_delay(ROBOTS_TOKEN)
            if delay:
                host.interval = max(host.interval, min(float(delay), self.params.max_crawl_delay))
        return parser

    # -- one request with retries -------------------------------------------------------------------
    def _with_retries(self, url: str, headers: dict[str, str],
                      retries: int | None = None) -> tuple[int, httpx.Headers, bytes]:
        retries = self.params.retries if retries is None else retries
        for attempt in range(retries + 1):
            last = attempt == retries
            try:
                status, resp_headers, body = self._once(url, headers)
            except httpx.TimeoutException as exc:
                if last:
                    if isinstance(exc, httpx.ConnectTimeout):
                        raise FetchError(f"timed out (no connection within {self.params.connect_timeout:g} s)") from None
                    raise FetchError(f"timed out (no answer within {self.params.read_timeout:g} s)") from None
                self._hold(url, self.params.backoff * 2**attempt)
                continue
            except httpx.HTTPError as exc:
                raise FetchError(f"connection failed ({type(exc).__name__}: {' '.join(str(exc).split())})") from None
            if status not in RETRY_STATUS or last:
                return status, resp_headers, body
            wait = _retry_after(resp_headers.get("retry-after"))
            if wait is not None and wait > self.params.max_retry_after:
                raise FetchError(f"HTTP {status}: Retry-After {wait:.0f} s exceeds the {self.params.max_retry_after:g} s "
                                 "limit")
            wait = self.params.backoff * 2**attempt if wait is None else wait
            log.info("HTTP %s from %s: retrying in %.2f s", status, url, wait)
            self._hold(url, wait)
        raise AssertionError("unreachable")

    def _hold(self, url: str, seconds: float) -> None:
        """No request to this URL's host for `seconds` (a Retry-After or a backoff holds for the whole host)."""
        host = self._host(url)
        with host.lock:
            host.next_at = max(host.next_at, time.monotonic() + seconds)

    def _once(self, url: str, headers: dict[str, str]) -> tuple[int, httpx.Headers, bytes]:
        host = self._host(url)
        with host.slots:
            with host.lock:
                wait = host.next_at - time.monotonic()
                host.next_at = max(host.next_at, time.monotonic()) + host.interval
            if wait > 0:
                time.sleep(wait)
            deadline = time.monotonic() + self.params.total_timeout
            with self.client.stream("GET", url, headers=headers) as resp:
                length = resp.headers.get("content-length", "")
                if length.isdigit() and int(length) > self.params.max_bytes:
                    raise FetchError(f"too large ({int(length):,} bytes > {self.params.max_bytes:,} limit)")
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > self.params.max_bytes:
                        raise FetchError(f"too large (more than {self.params.max_bytes:,} bytes)")
                    if time.monotonic() > deadline:
                        raise FetchError(f"timed out (answer not complete within {self.params.total_timeout:g} s)")
                    chunks.append(chunk)
                return resp.status_code, resp.headers, b"".join(chunks)


def _accept(kind: str) -> str:
    if kind == "feed":
        return "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
    if kind == "html":
        return "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
    return "*/*"


def _check_type(ctype: str, kind: str, body: bytes) -> None:
    mime = ctype.split(";")[0].strip().lower()
    if kind == "html" and mime and mime not in HTML_TYPES:
        raise FetchError(f"not HTML ({mime})")
    if kind == "feed" and mime and mime not in FEED_TYPES and mime not in HTML_TYPES and "xml" not in mime:
        raise FetchError(f"not a feed ({mime})")
    if not body.strip():
        raise FetchError("empty answer")


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def decode_page(page: Page) -> tuple[str, str]:
    """(text, encoding) of a page's bytes. Valid UTF-8 wins over a declared single-byte charset (pages that
    say latin-1 but are UTF-8 are common; the reverse is impossible by chance); then the charset the header or
    a <meta> declares, if it decodes; then UTF-8 / cp1252 / latin-1 guessing."""
    body = page.body
    declared = _declared_charset(page.content_type, body)
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return body.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return decode_bytes(body)
    except DecodeError as exc:
        raise FetchError(str(exc)) from None


def _declared_charset(content_type: str, body: bytes) -> str | None:
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type or "", re.I)
    if m:
        return m.group(1).lower()
    m = _CHARSET.search(body[:4096])
    return m.group(1).decode("ascii").lower() if m else None
