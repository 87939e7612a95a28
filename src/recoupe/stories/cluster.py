"""Incremental story clustering: each new article joins the most similar active story or opens a new one.

Similarity mixes lemma overlap (log-weighted term vectors, cosine) and named-entity overlap; a story only
takes articles dated within its activity window. Replaying the same articles in the same order gives the
same stories, so a full rebuild and the incremental path agree.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..model import Analysis, Article

THRESHOLD = 0.22
ENTITY_WEIGHT = 0.5
WINDOW_DAYS = 45


@dataclass
class Features:
    article: str
    terms: Counter
    entities: set[str]
    day: date | None


@dataclass
class StoryState:
    id: str
    articles: list[str] = field(default_factory=list)
    terms: Counter = field(default_factory=Counter)
    entities: Counter = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None

    def add(self, f: Features) -> None:
        self.articles.append(f.article)
        self.terms.update(f.terms)
        self.entities.update(f.entities)
        if f.day:
            self.first = min(self.first or f.day, f.day)
            self.last = max(self.last or f.day, f.day)


def features(article: Article, analysis: Analysis) -> Features:
    terms = Counter(w for s in analysis.sentences for w in s.lemmas.split() if len(w) > 2)
    ents = {" ".join(m.text.lower().split()) for m in analysis.mentions if m.label in ("PER", "ORG", "LOC")}
    return Features(article.id, terms, ents, _day(article.published))


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        parts = [int(p) for p in value.split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else 15)
    except (ValueError, IndexError):
        return None


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    wa = {k: 1 + math.log(v) for k, v in a.items()}
    wb = {k: 1 + math.log(v) for k, v in b.items()}
    dot = sum(w * wb[k] for k, w in wa.items() if k in wb)
    na = math.sqrt(sum(w * w for w in wa.values()))
    nb = math.sqrt(sum(w * w for w in wb.values()))
    return dot / (na * nb)


def similarity(story: StoryState, f: Features) -> float:
    if f.day and story.last and story.first:
        if (f.day - story.last).days > WINDOW_DAYS or (story.first - f.day).days > WINDOW_DAYS:
            return 0.0
    ent = 0.0
    if f.entities and story.entities:
        shared = sum(1 for e in f.entities if e in story.entities)
        ent = shared / min(len(f.entities), len(story.entities))
    return (1 - ENTITY_WEIGHT) * _cosine(story.terms, f.terms) + ENTITY_WEIGHT * ent


def story_id(first_article: str) -> str:
    return "s-" + hashlib.sha256(first_article.encode()).hexdigest()[:12]


def assign(states: list[StoryState], new: list[Features]) -> list[StoryState]:
    """Add each new article to the best story (or a new one), in order. Mutates and returns `states`."""
    for f in new:
        best, score = None, THRESHOLD
        for s in states:
            sim = similarity(s, f)
            if sim >= score:
                best, score = s, sim
        if best is None:
            best = StoryState(story_id(f.article))
            states.append(best)
        best.add(f)
    return states
