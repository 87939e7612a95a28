"""Feeds to follow: RSS/Atom entries (feedparser), OPML subscription lists, feed discovery from a site's home
page (trafilatura's feed finder), and sitemaps for sites without a feed. Everything is fetched through the
polite `Fetcher`; nothing here touches the network by itself."""

from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.etree
from trafilatura.feeds import FeedParameters, determine_feed

from ..config import FetchParams
from ..model import Feed, Page, Reject
from .feed import looks_like_feed
from .fetch import Fetcher

log = logging.getLogger(__name__)

SITEMAP_MAX_BYTES = 50 * 1024 * 1024  # the sitemaps protocol's limit for one (uncompressed) sitemap
_SAFE_XML = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)


@dataclass(frozen=True, slots=True)
class Poll:
    """What polling one feed gave: entry URLs (oldest first) and what to remember for the next poll."""

    feed: str
    ok: bool
    status: str  # "ok", "not modified", or the one-line reason of the failure
    urls: tuple[str, ...] = ()
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None


def feed_entries(data: bytes, base_url: str, limit: int) -> tuple[str | None, list[str]] | Reject:
    """(feed title, entry links oldest first) of an RSS/Atom document."""
    try:
        parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # feedparser raises odd errors on some malformed input
        return Reject(base_url, f"unparseable feed ({type(exc).__name__})")
    if not parsed.entries and not parsed.get("version"):  # neither entries nor an RSS/Atom root
        why = " ".join(str(getattr(parsed, "bozo_exception", "") or "").split())
        return Reject(base_url, f"not a feed{f' ({why})' if why else ''}")
    dated = []
    for i, entry in enumerate(parsed.entries[:limit]):
        link = entry.get("link") or next((x.get("href") for x in entry.get("links", []) if x.get("href")), None)
        if not link:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        # undated entries keep the feed's order, which lists the newest first
        dated.append(((tuple(stamp)[:6] if stamp else (9999,)), -i, urljoin(base_url, link.strip())))
    dated.sort()
    title = (parsed.feed.get("title") or "").strip() or None
    return title, list(dict.fromkeys(u for *_k, u in dated))


def opml_feeds(data: bytes) -> list[tuple[str, str | None]] | Reject:
    """(feed URL, title) of every outline of an OPML subscription list."""
    try:
        root = lxml.etree.fromstring(data, _SAFE_XML)
    except lxml.etree.XMLSyntaxError as exc:
        return Reject("opml", f"unparseable OPML ({' '.join(str(exc).split())})")
    if root is None or root.tag.lower() != "opml":
        return Reject("opml", "not an OPML file (no <opml> root)")
    out = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url:
            out.append((url, outline.get("title") or outline.get("text")))
    return out


def sitemap_locations(data: bytes, max_bytes: int = SITEMAP_MAX_BYTES) -> tuple[list[str], list[str]]:
    """(page URLs newest first, child sitemap URLs) of a sitemap or sitemap index (gzipped ones too)."""
    if data[:2] == b"\x1f\x8b":  # sitemap.xml.gz: decompressed up to the protocol's size limit, no further
        inflate = zlib.decompressobj(wbits=31)
        try:
            data = inflate.decompress(data, max_bytes)
        except zlib.error:
            return [], []
    try:
        root = lxml.etree.fromstring(data, _SAFE_XML)
    except lxml.etree.XMLSyntaxError:
        return [], []
    if root is None:
        return [], []
    is_index = lxml.etree.QName(root).localname == "sitemapindex"
    entries = []
    for node in root:
        if not isinstance(node.tag, str):
            continue
        loc = next((c.text for c in node if isinstance(c.tag, str) and lxml.etree.QName(c).localname == "loc"), None)
        mod = next((c.text for c in node if isinstance(c.tag, str) and lxml.etree.QName(c).localname == "lastmod"),
                   None)
        if loc and loc.strip():
            entries.append(((mod or "").strip(), loc.strip()))
    entries.sort(key=lambda e: e[0], reverse=True)
    urls = [u for _m, u in entries]
    return ([], urls) if is_index else (urls, [])


def discover(fetcher: Fetcher, url: str) -> list[Feed] | Reject:
    """Feeds to follow for a URL: the feeds of an OPML list; itself if it is a feed; else the feeds its page
    links to (trafilatura's feed finder); else the site's sitemaps (robots.txt Sitemap lines, then /sitemap.xml)."""
    page = fetcher.get(url, kind="any")
    if isinstance(page, Reject):
        return page
    head = page.body[:2000].decode("latin-1").lower()
    if "<opml" in head:  # a subscription list published online
        listed = opml_feeds(page.body)
        return Reject(url, listed.reason) if isinstance(listed, Reject) else [
            Feed(url=urljoin(page.final_url, u), title=t, site=url) for u, t in listed]
    if looks_like_feed(head):
        got = feed_entries(page.body, page.final_url, 1)
        return [Feed(url=url, title=None if isinstance(got, Reject) else got[0])]
    if "<html" in head or "<!doctype html" in head:
        parts = urlsplit(page.final_url)
        params = FeedParameters(f"{parts.scheme}://{parts.netloc}", parts.netloc, page.final_url)
        found = determine_feed(page.body.decode("utf-8", errors="replace"), params)
        if found:
            return [Feed(url=f, site=url) for f in found]
    for sitemap in _sitemaps(fetcher, page):
        return [Feed(url=sitemap, kind="sitemap", site=url)]
    return Reject(url, "no feed found (not a feed, no feed link on the page, no sitemap)")


def _sitemaps(fetcher: Fetcher, page: Page) -> list[str]:
    parts = urlsplit(page.final_url)
    candidates = fetcher.robots_sitemaps(page.final_url) or [f"{parts.scheme}://{parts.netloc}/sitemap.xml"]
    out = []
    for candidate in candidates:
        got = fetcher.get(candidate, kind="any")
        if isinstance(got, Page) and any(sitemap_locations(got.body)):  # pages or child sitemaps listed
            out.append(candidate)
    return out


def poll(fetcher: Fetcher, feed: Feed, params: FetchParams) -> Poll:
    """Fetch one feed (conditional GET) and list its entries' URLs, or a sitemap's page URLs."""
    page = fetcher.get(feed.url, kind="feed" if feed.kind == "feed" else "any", etag=feed.etag,
                       last_modified=feed.last_modified)
    if isinstance(page, Reject):
        return Poll(feed.url, False, page.reason)
    if page.status == 304:
        return Poll(feed.url, True, "not modified")
    if feed.kind == "sitemap":
        urls, children = sitemap_locations(page.body)
        for child in children[:5]:  # an index: its newest few sitemaps
            got = fetcher.get(child, kind="any")
            if isinstance(got, Page):
                urls += sitemap_locations(got.body)[0]
        urls = list(dict.fromkeys(urls))[: params.max_sitemap_urls][::-1]  # oldest of the newest first
        return Poll(feed.url, True, "ok", tuple(urls), etag=page.etag, last_modified=page.last_modified)
    got = feed_entries(page.body, page.final_url, params.max_entries_per_feed)
    if isinstance(got, Reject):
        return Poll(feed.url, False, got.reason)
    title, urls = got
    return Poll(feed.url, True, "ok", tuple(urls), title=title, etag=page.etag, last_modified=page.last_modified)
