"""Reported speech: direct, indirect and mixed quotes with their speakers (French and English rules)."""

from __future__ import annotations

import bisect
from dataclasses import replace

from ...model import Analysis, Article
from .extract import extract, find_items, to_quotes
from .ranking import candidates, choose, packaged_model


def quotes(article: Article, doc, analysis: Analysis) -> Analysis:
    """Component: the article's quotes, each speaker the best of its candidates under the packaged ranking model
    (entity ids come later)."""
    found = find_and_rank(article, doc, analysis)
    speakers = choose(found[1], found[0], packaged_model())
    return replace(analysis, quotes=tuple(to_quotes(article.id, article.text, found[0], speakers)))


def find_and_rank(article: Article, doc, analysis: Analysis):
    """(items with the rules' speakers, candidates of each item): what the component and the training share."""
    from ..coref import chains, mention_genders
    from ..article_entities import local_entities

    mentions = list(analysis.mentions)
    ents = local_entities(article.text, mentions, mention_genders(doc, mentions))
    found = find_items(article.text, article.language, mentions, entities=ents, has_verb=_verb_finder(doc))
    if not found.items:
        return found, []
    return found, candidates(article.text, doc, found, chains(doc, mentions, ents))


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
