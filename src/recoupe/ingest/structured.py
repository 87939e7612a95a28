"""JSON and JSON Lines: one article per object (title, text or html, url, outlet, published)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO

from ..config import IngestParams
from ..model import RawDocument, Reject
from .dates import normalise_date
from .html import HtmlError, read_html

# Accepted spellings of each field: our own format first, then common exports (and the shared eval format).
_TEXT = ("text", "content", "body")
_HTML = ("html", "content_html", "raw_html")
_DATE = ("published", "date", "published_at", "pubDate", "datePublished")
_OUTLET = ("outlet", "source_name", "sitename", "site", "publisher")
_LANG = ("language", "lang")


def _first(obj: dict, keys: tuple[str, ...]):
    for k in keys:
        v = obj.get(k)
        if v not in (None, ""):
            return v
    return None


def from_object(obj: object, source: str, fmt: str, max_chars: int,
                limits: IngestParams | None = None) -> RawDocument | Reject:
    if not isinstance(obj, dict):
        return Reject(source, f"expected a JSON object, got {type(obj).__name__}")
    title = _first(obj, ("title", "headline"))
    url = _first(obj, ("url", "link"))
    text = _first(obj, _TEXT)
    html = _first(obj, _HTML)
    if text is not None and not isinstance(text, str):
        return Reject(source, f"field 'text' is {type(text).__name__}, not a string")
    if html is not None and not isinstance(html, str):
        return Reject(source, f"field 'html' is {type(html).__name__}, not a string")
    if not (text and text.strip()) and not (html and html.strip()):
        return Reject(source, "no 'text' or 'html' field with content")
    if len(text or html) > max_chars:
        return Reject(source, f"article too long ({len(text or html):,} characters > {max_chars:,})")
    meta = dict(
        title=str(title) if title is not None else None,
        url=str(url) if url is not None else None,
        outlet=_str_or_none(_first(obj, _OUTLET)),
        published=normalise_date(_first(obj, _DATE)),
        language=_str_or_none(_first(obj, _LANG)),
        author=_str_or_none(obj.get("author")),
    )
    if text and text.strip():
        return RawDocument(source=source, text=text, format=fmt, **meta)
    try:
        page = read_html(html, source, url=meta["url"], fmt=fmt, limits=limits)
    except HtmlError as exc:
        return Reject(source, str(exc))
    # Fields given in the object win over what the page says about itself.
    return RawDocument(
        source=source,
        text=page.text,
        format=fmt,
        title=meta["title"] or page.title,
        url=meta["url"] or page.url,
        outlet=meta["outlet"] or page.outlet,
        published=meta["published"] or page.published,
        language=meta["language"] or page.language,
        author=meta["author"] or page.author,
        removed=page.removed,
    )


def _str_or_none(v) -> str | None:
    return str(v).strip() or None if v is not None else None


def read_json(text: str, source: str, max_chars: int,
              limits: IngestParams | None = None) -> Iterator[RawDocument | Reject]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Reject(source, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    except RecursionError:
        yield Reject(source, "invalid JSON: nested too deeply")
        return
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        yield Reject(source, f"invalid JSON: {exc}")
        return
    if isinstance(data, list):
        if not data:
            yield Reject(source, "empty JSON list")
        for i, obj in enumerate(data, 1):
            yield from_object(obj, f"{source}#{i}", "json", max_chars, limits)
    elif isinstance(data, dict) and isinstance(data.get("articles"), list):
        for i, obj in enumerate(data["articles"], 1):
            yield from_object(obj, f"{source}#{i}", "json", max_chars, limits)
    else:
        yield from_object(data, source, "json", max_chars, limits)


def read_jsonl(stream: IO[str], source: str, max_chars: int,
               limits: IngestParams | None = None) -> Iterator[RawDocument | Reject]:
    """One object per line; a bad line is one reject, the others still count."""
    any_line = False
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        any_line = True
        yield jsonl_line(line, f"{source}:{lineno}", max_chars, limits)
    if not any_line:
        yield Reject(source, "empty file")


def jsonl_line(line: str, where: str, max_chars: int, limits: IngestParams | None = None) -> RawDocument | Reject:
    """One non-blank JSONL line (`where` is "file:lineno")."""
    if len(line) > 2 * max_chars + 10_000:
        return Reject(where, f"line too long ({len(line):,} characters)")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Reject(where, f"invalid JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return Reject(where, "invalid JSON: nested too deeply")
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return Reject(where, f"invalid JSON: {exc}")
    return from_object(obj, where, "jsonl", max_chars, limits)
