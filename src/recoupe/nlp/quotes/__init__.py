"""Reported speech: direct, indirect and mixed quotes with their speakers (French and English rules)."""

from __future__ import annotations

import bisect
from dataclasses import replace

from ...model import Analysis, Article
from .extract import extract


def quotes(article: Article, doc, analysis: Analysis) -> Analysis:
    """Component: the article's quotes, speakers resolved within the article (entity ids come later)."""
    found = extract(article.id, article.text, article.language, list(analysis.mentions),
                    has_verb=_verb_finder(doc))
    return replace(analysis, quotes=tuple(found))


def _verb_finder(doc):
    """has_verb(start, end) from the tagger's parts of speech, or None when the pipeline has no tagger."""
    if not doc.has_annotation("POS"):
        return None
    starts = [t.idx for t in doc]
    verbs = [t.pos_ in {"VERB", "AUX"} for t in doc]
    finite = [v and "Fin" in t.morph.get("VerbForm") for v, t in zip(verbs, doc)]

    def has_verb(start: int, end: int, finite: bool = False) -> bool:
        flags = finite_flags if finite else verbs
        i = bisect.bisect_left(starts, start)
        while i < len(starts) and starts[i] < end:
            if flags[i]:
                return True
            i += 1
        return False

    finite_flags = finite

    return has_verb


__all__ = ["quotes", "extract"]
