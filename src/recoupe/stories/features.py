"""What story matching and copy detection read from one article, computed the same way in every path.

`from_analysis` is the pipeline path (stored spaCy lemmas and entity mentions); `from_text` is the cheap path
for evaluations and benchmarks (regex words + simplemma, capitalised words as names). Only the first
`FEATURE_CHARS` characters count for story matching: the lead and first paragraphs say what a story is, and
long texts (live blogs, background sections) would otherwise drown it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..model import Analysis, Article, Mention
from .text import name_tokens, names_from_text, terms_from_lemmas, terms_from_text

FEATURE_CHARS = 4000
LEAD_CHARS = 600  # title + lead for the sentence encoder
BODY_CHARS = 1200  # the body passage after the lead, encoded separately
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")


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
    numbers: Counter = field(default_factory=Counter)  # figures and dates written in digits ("1 200" → 1, 200)
    title_terms: Counter = field(default_factory=Counter)
    embedding: object = None  # numpy vector of title + lead when the multilingual encoder is on
    body_embedding: object = None  # numpy vector of the body passage after the lead

    @property
    def lead(self) -> str:
        head = (self.title + ". ") if self.title else ""
        return (head + self.text[:LEAD_CHARS]).strip()

    @property
    def body(self) -> str:
        return self.text[LEAD_CHARS:LEAD_CHARS + BODY_CHARS].strip() or self.lead


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
    return _features(article, published, terms, names, Counter(title_terms))


def from_text(article: Article, published=...) -> ArticleFeatures:
    """Cheap path (no spaCy): the same kinds of terms and names, straight from the text."""
    lang = article.language
    head = _head(article)
    title_terms = Counter(terms_from_text(article.title, lang)) if article.title else Counter()
    return _features(article, published, Counter(terms_from_text(head, lang)), Counter(names_from_text(head, lang)),
                     title_terms)


def _head(article: Article) -> str:
    title = (article.title + "\n") if article.title else ""
    return title + article.text[:FEATURE_CHARS]


def numbers_in(text: str) -> Counter:
    """Numbers written in digits (two digits or more: "12", "2011", "3,5"), separators read as a point."""
    return Counter(n.replace(",", ".") for n in _NUMBER.findall(text) if sum(c.isdigit() for c in n) >= 2)


def _features(article: Article, published, terms: Counter, names: Counter, title_terms: Counter) -> ArticleFeatures:
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
        numbers=numbers_in(_head(article)),
        title_terms=title_terms,
    )
