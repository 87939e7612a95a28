"""What story matching and copy detection read from one article, computed the same way in every path.

`from_analysis` is the pipeline path (stored spaCy lemmas and entity mentions); `from_text` is the cheap path
for evaluations and benchmarks (regex words + simplemma, capitalised words as names). Only the first
`FEATURE_CHARS` characters count for story matching: the lead and first paragraphs say what a story is, and
long texts (live blogs, background sections) would otherwise drown it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from ..model import Analysis, Article, Mention
from .text import name_tokens, names_from_text, terms_from_lemmas, terms_from_text

FEATURE_CHARS = 4000
LEAD_CHARS = 600  # title + lead for the sentence encoder


@dataclass(slots=True)
class ArticleFeatures:
    id: str
    language: str
    day: int | None  # proleptic ordinal of the publication day (None when unknown)
    terms: Counter
    names: Counter
    text: str  # cleaned text (copy detection reads all of it)
    title: str | None = None
    outlet: str | None = None
    derived_from: str | None = None
    credits: tuple[str, ...] = ()
    embedding: object = None  # numpy vector when the multilingual encoder is on

    @property
    def lead(self) -> str:
        head = (self.title + ". ") if self.title else ""
        return (head + self.text[:LEAD_CHARS]).strip()


def day_ordinal(value: str | None) -> int | None:
    """ISO date → ordinal; a month or year alone counts as its middle day (a coarse but usable position)."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value[:10].split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else 15).toordinal()
    except (ValueError, IndexError):
        return None


def entity_name(mention: Mention, canonical: dict[str, str]) -> str:
    """The name a mention stands for: its canonical entity's name once entities are linked, else its own text."""
    return canonical.get(mention.entity, mention.text) if mention.entity else mention.text


def from_analysis(article: Article, analysis: Analysis, published=...,
                  canonical: dict[str, str] | None = None) -> ArticleFeatures:
    """Pipeline path: terms from stored lemmas, names from NER mentions (capitalised words where NER did not run).

    `published`, when given (even None), overrides the article's date: the date it had when it was first
    clustered, so a rebuild sees what the incremental path saw; `canonical` maps entity ids to canonical names.
    """
    lang = article.language
    limit = FEATURE_CHARS
    lemma_strings = [s.lemmas for s in analysis.sentences if s.start < limit]
    title_terms = terms_from_text(article.title, lang) if article.title else []
    terms = Counter(title_terms + terms_from_lemmas(lemma_strings, lang))
    mentions = [m for m in analysis.mentions if m.start < limit and m.label in ("PER", "ORG", "LOC", "MISC")]
    if mentions:
        names = Counter(k for m in mentions for k in name_tokens(entity_name(m, canonical or {}), lang))
        if article.title:
            names.update(names_from_text(article.title, lang))
    else:
        names = Counter(names_from_text(_head(article), lang))
    return _features(article, published, terms, names)


def from_text(article: Article, published=...) -> ArticleFeatures:
    """Cheap path (no spaCy): the same kinds of terms and names, straight from the text."""
    lang = article.language
    head = _head(article)
    return _features(article, published, Counter(terms_from_text(head, lang)), Counter(names_from_text(head, lang)))


def _head(article: Article) -> str:
    title = (article.title + "\n") if article.title else ""
    return title + article.text[:FEATURE_CHARS]


def _features(article: Article, published, terms: Counter, names: Counter) -> ArticleFeatures:
    return ArticleFeatures(
        id=article.id,
        language=article.language,
        day=day_ordinal(article.published if published is ... else published),
        terms=terms,
        names=names,
        text=article.text,
        title=article.title,
        outlet=article.outlet,
        derived_from=article.derived_from,
        credits=article.credits,
    )
