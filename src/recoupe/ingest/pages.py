"""A fetched page to a RawDocument: decoded, its main text and metadata extracted by trafilatura (through the
same reader as .html files), its URL the page's canonical URL when it declares one."""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urljoin

from ..model import Page, RawDocument, Reject
from .fetch import FetchError, decode_page
from .html import HtmlError, read_html

_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)""", re.IGNORECASE)


def page_text(page: Page) -> tuple[str, str]:
    """(text, encoding): a stored page is decoded with the encoding found when it was fetched."""
    if page.encoding and not page.content_type:
        try:
            return page.body.decode(page.encoding), page.encoding
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_page(page)


def page_document(page: Page, max_chars: int) -> RawDocument | Reject:
    """The article of a fetched page, or a reject with the one-line reason (undecodable, no main text …)."""
    try:
        text, _encoding = page_text(page)
        raw = read_html(text, source=page.url)
    except (FetchError, HtmlError) as exc:
        return Reject(page.url, str(exc))
    if len(raw.text) > max_chars:
        return Reject(page.url, f"article too long ({len(raw.text):,} characters > {max_chars:,})")
    canonical = urljoin(page.final_url, raw.url) if raw.url else page.final_url
    if not canonical.startswith(("http://", "https://")):
        canonical = page.final_url
    language = raw.language or _declared_language(text)
    return replace(raw, url=canonical, language=language)


def _declared_language(html: str) -> str | None:
    """The language the page declares on its <html> element (a hint: the text's own language decides)."""
    m = _HTML_LANG.search(html[:4096])
    return m.group(1).split("-")[0].lower() if m else None
