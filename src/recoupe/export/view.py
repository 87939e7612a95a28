"""Shared helpers for human-readable exports (Markdown, HTML, web pages)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import urlsplit


def index(dossier: dict) -> dict:
    """Lookups the renderers need: articles by id, entities by id, quotes by article."""
    quotes_by_article: dict[str, list[dict]] = defaultdict(list)
    for q in dossier.get("quotes", []):
        quotes_by_article[q["article"]].append({**q, "sort_key": quote_sort_key(q)})
    return {
        "articles": {a["id"]: a for a in dossier.get("articles", [])},
        "entities": {e["id"]: e for e in dossier.get("entities", [])},
        "quotes_by_article": quotes_by_article,
    }


def quote_sort_key(q: dict) -> tuple:
    """Who-said-what order: named speakers alphabetically (unnamed last), then by article and position."""
    who = q.get("speaker_name") or ""
    return (who == "", who.lower(), q.get("article", ""), q.get("start", 0))


def source_name(article: dict) -> str:
    """Who published an article, for a reader: its outlet; else the web site of its URL (without "www."); else
    the name of the file it came from (never the folder); else its id."""
    if article.get("outlet"):
        return article["outlet"]
    for value in (article.get("url"), article.get("source")):
        if value and re.match(r"^https?://", value.strip(), re.IGNORECASE):
            host = (urlsplit(value.strip()).hostname or "").lower()
            if host:
                return host.removeprefix("www.")
    return file_name(article.get("source")) or article.get("id") or "source unknown"


def file_name(source: str | None) -> str:
    """The last part of a source path ("upload:x.txt", "/srv/in/x.txt", "C:\\in\\x.txt" → "x.txt"); "" for
    none. A URL's file is not a name a reader knows: sources that are URLs give ""."""
    if not source or re.match(r"^[a-z][a-z0-9+.-]*://", source, re.IGNORECASE):
        return ""
    source = re.sub(r"^(?:upload|paste|file):", "", source)
    source = source.split("#", 1)[0]  # "feed.xml#3": the third item of a feed file
    return PureWindowsPath(PurePosixPath(source).name).name


def outlet_label(article: dict) -> str:
    outlet = source_name(article)
    if article.get("derived_from") and article["derived_from"] != article.get("outlet"):
        return f"{outlet} (from {article['derived_from']})"
    return outlet


def date_label(article: dict) -> str:
    if not article.get("published"):
        return "date unknown"
    return article["published"] + (" (inferred)" if article.get("published_inferred") else "")


def anchor(article_id: str, start: int) -> str:
    return f"{article_id}-{start}"


def sentence_anchor(article: dict, start: int) -> str:
    """Anchor of the sentence that contains offset `start` (citations point at sentences)."""
    best = None
    for s, e in article.get("sentences", []):
        if s <= start < e or (best is None and s >= start):
            best = s
            if s <= start < e:
                break
    return anchor(article["id"], best if best is not None else start)


def paragraphs(article: dict) -> list[list[tuple[str | None, str]]]:
    """The article text as paragraphs of (anchor id or None, text) segments, one per sentence."""
    text = article["text"]
    sentences = article.get("sentences") or []
    out: list[list[tuple[str | None, str]]] = []
    pos = 0
    for para in text.split("\n\n"):
        start = text.find(para, pos)
        end = start + len(para)
        pos = end
        segs: list[tuple[str | None, str]] = []
        cur = start
        for s, e in sentences:
            if e <= start or s >= end:
                continue
            s, e = max(s, start), min(e, end)
            if s > cur:
                segs.append((None, text[cur:s]))
            segs.append((anchor(article["id"], s), text[s:e]))
            cur = e
        if cur < end:
            segs.append((None, text[cur:end]))
        out.append(segs)
    return out


def cite_label(citation: dict, articles: dict) -> str:
    a = articles.get(citation["article"])
    if a is None:
        return citation["article"]
    return f"{source_name(a)}, {(a.get('published') or 'undated')[:10]}"


def cite_title(citation: dict, articles: dict) -> str:
    """The cited article's title, for a citation's hover text (its source's name when it has none)."""
    a = articles.get(citation["article"]) or {}
    return a.get("title") or source_name(a) if a else citation["article"]


def outlets_of(article_ids: list[str], articles: dict) -> list[str]:
    """Distinct outlets of the given articles (their site or file name when they name none), first-seen order."""
    seen: dict[str, None] = {}
    for a in article_ids:
        if a in articles:
            seen.setdefault(source_name(articles[a]))
    return list(seen)


def origins_of(story: dict, articles: dict) -> list[str]:
    """The story's independent text origins (provenance groups), labelled by outlet; the columns of the
    corroboration matrix (a wire copy and its republications are one column)."""
    out: dict[str, None] = {}
    for g in story.get("provenance", []):
        out.setdefault(origin_label(g["origin"], articles))
    return list(out)


def origin_label(origin: str, articles: dict) -> str:
    """An origin is an outlet name, or an article id when the article names no outlet."""
    if origin in articles:
        return source_name(articles[origin])
    return origin


def matrix_columns(article_ids: list[str], articles: dict) -> list[str]:
    """The facts × outlets matrix's columns: each outlet of the story as readers see it named ("News7 (from
    Le Monde)" for a republication), first seen first."""
    return list(dict.fromkeys(outlet_label(articles[a]) for a in article_ids if a in articles))


def matrix_cells(fact: dict, columns: list[str], articles: dict) -> list[bool]:
    """One cell per column: whether the fact cites an article of that outlet (the dots say what the citations
    say, nothing else)."""
    cited = {outlet_label(articles[c["article"]]) for c in fact["citations"] if c["article"] in articles}
    return [col in cited for col in columns]
