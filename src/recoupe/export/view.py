"""Shared helpers for human-readable exports (Markdown, HTML, web pages)."""

from __future__ import annotations

from collections import defaultdict


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


def outlet_label(article: dict) -> str:
    outlet = article.get("outlet") or "outlet unknown"
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
    a = articles.get(citation["article"], {})
    return f"{a.get('outlet') or a.get('id', '?')}, {a.get('published') or 's.d.'}"


def outlets_of(article_ids: list[str], articles: dict) -> list[str]:
    """Distinct outlets of the given articles, in first-seen order."""
    seen: dict[str, None] = {}
    for a in article_ids:
        outlet = articles.get(a, {}).get("outlet")
        if outlet:
            seen.setdefault(outlet)
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
        return articles[origin].get("outlet") or articles[origin].get("title") or origin
    return origin
