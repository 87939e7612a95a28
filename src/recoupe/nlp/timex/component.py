"""The per-article component: fills `Analysis.timexes`, anchored on the article's publication date."""

from __future__ import annotations

from dataclasses import replace

from ...model import Analysis, Article, TimeExpr
from .tagger import tag
from .tense import doc_tense


def time_expressions(article: Article, doc, analysis: Analysis) -> Analysis:
    """Runs on plain text for every language; the French parse, when present, gives the verbs' tense."""
    tense_of = None
    if doc is not None and doc.has_annotation("MORPH") and doc.has_annotation("DEP"):
        def tense_of(start: int, end: int) -> str | None:
            return doc_tense(doc, start)
    found = tag(article.text, article.language, article.published, tense_of)
    return replace(analysis, timexes=tuple(
        TimeExpr(article.id, t.start, t.end, t.text, t.type, t.value, t.mod, article.published) for t in found
    ))
