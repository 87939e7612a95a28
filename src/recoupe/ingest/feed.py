"""RSS and Atom files through feedparser: one article per entry."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import feedparser

from ..model import RawDocument, Reject
from .dates import normalise_date
from .html import html_to_text

log = logging.getLogger(__name__)


def looks_like_feed(text: str) -> bool:
    head = text[:2000].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def read_feed(data: bytes, source: str, max_chars: int) -> Iterator[RawDocument | Reject]:
    try:
        parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    except Exception as exc:  # feedparser fails on some malformed input (e.g. a character reference to a surrogate)
        log.debug("feedparser failed on %s", source, exc_info=True)
        yield Reject(source, f"unparseable feed ({type(exc).__name__}: {' '.join(str(exc).split())})")
        return
    if not parsed.entries:
        why = " ".join(str(getattr(parsed, "bozo_exception", "") or "").split())
        yield Reject(source, f"no entries in feed{f' ({why})' if why else ''}")
        return
    outlet = (parsed.feed.get("title") or "").strip() or None
    language = (parsed.feed.get("language") or "")[:2].lower() or None
    for i, entry in enumerate(parsed.entries, 1):
        where = f"{source}#{i}"
        body = ""
        if entry.get("content"):
            body = entry["content"][0].get("value", "")
        body = body or entry.get("summary") or ""  # feedparser can leave None in either on malformed entries
        text = html_to_text(body) if "<" in body else body
        if not text.strip():
            yield Reject(where, "feed entry has no text")
            continue
        if len(text) > max_chars:
            yield Reject(where, f"article too long ({len(text):,} characters > {max_chars:,})")
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        yield RawDocument(
            source=where,
            text=text,
            format="feed",
            title=(entry.get("title") or "").strip() or None,
            url=entry.get("link") or None,
            outlet=outlet,
            published=normalise_date(f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}") if stamp else None,
            language=language,
            author=entry.get("author") or None,
        )
