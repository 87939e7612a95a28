"""RSS and Atom files through feedparser: one article per entry."""

from __future__ import annotations

import time
from collections.abc import Iterator

import feedparser

from ..model import RawDocument, Reject
from .html import html_to_text


def looks_like_feed(text: str) -> bool:
    head = text[:2000].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def read_feed(data: bytes, source: str, max_chars: int) -> Iterator[RawDocument | Reject]:
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries:
        why = getattr(parsed, "bozo_exception", None)
        yield Reject(source, f"no entries in feed{f' ({why})' if why else ''}")
        return
    outlet = (parsed.feed.get("title") or "").strip() or None
    language = (parsed.feed.get("language") or "")[:2].lower() or None
    for i, entry in enumerate(parsed.entries, 1):
        where = f"{source}#{i}"
        body = ""
        if entry.get("content"):
            body = entry["content"][0].get("value", "")
        body = body or entry.get("summary", "")
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
            published=time.strftime("%Y-%m-%d", stamp) if stamp else None,
            language=language,
            author=entry.get("author") or None,
        )
