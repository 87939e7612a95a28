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
    """has_verb(start, end, finite=False) from the tagger's parts of speech; None when there is no tagger."""
    if not doc.has_annotation("POS") or len(doc) == 0:
        return None
    from spacy.attrs import IDX, POS
    from spacy.symbols import AUX, VERB

    arr = doc.to_array([IDX, POS])
    starts = arr[:, 0].tolist()
    verbs = [p in (VERB, AUX) for p in arr[:, 1].tolist()]

    def has_verb(start: int, end: int, finite: bool = False) -> bool:
        i = bisect.bisect_left(starts, start)
        while i < len(starts) and starts[i] < end:
            if verbs[i] and (not finite or "Fin" in doc[i].morph.get("VerbForm")):
                return True
            i += 1
        return False

    return has_verb


__all__ = ["quotes", "extract"]
