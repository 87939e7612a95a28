"""Cross-checking stages over a story's articles: timeline (timeline.py), facts confirmed by independent
outlets, conflicts and updates, a cited summary.

`cross_check` is the one call per story (from `stories.build_story`'s caller); each part degrades gracefully
when the per-article analyses lack entities, quotes or time expressions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Protocol

import numpy as np

from ..config import CrossCheckParams
from ..model import Analysis, Article, Fact, Story, SummarySentence


class Encoder(Protocol):
    """A sentence encoder: texts -> one unit vector a text (stories.encoder.SentenceEncoder)."""

    def encode(self, texts: list[str]) -> np.ndarray: ...


def embed(stmts: Sequence, params: CrossCheckParams, encoder: Encoder | None) -> np.ndarray | None:
    """Unit embeddings of the statements' texts, or None without an encoder."""
    if encoder is None or params.encoder in ("", "none") or not stmts:
        return None
    vectors = np.asarray(encoder.encode([s.text for s in stmts]), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def cross_check(
    story: Story,
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    params: CrossCheckParams = CrossCheckParams(),  # noqa: B008 (frozen, never mutated)
    encoder: Encoder | None = None,
) -> Story:
    """The story with its facts, conflicts and summary filled in. With an `encoder` (and `params.encoder` not
    "none"), statements are also compared by sentence embedding (paraphrases, other languages)."""
    from .captions import had_photo, in_caption
    from .conflicts import conflicts
    from .facts import facts
    from .statements import statements
    from .summary import summarise

    texts = {a.id: a.text for a in articles}
    language = main_language(articles)
    main = [a for a in articles if a.language == language]  # the summary speaks the story's main language
    sentences = statements(articles, analyses, story.provenance)
    clauses = statements(articles, analyses, story.provenance, clauses=True)
    vectors = embed(clauses, params, encoder)
    found = facts(clauses, texts, analyses, vectors, params)
    # photo captions (and the credits under them) are no summary material
    photos = {a.id: had_photo(r.kind for r in a.removed) for a in articles}
    candidates = [s for s in sentences
                  if s.language == language and not in_caption(texts[s.article], s.start, s.end, photos[s.article])]
    summary = summarise(candidates, [a.id for a in main], words=params.summary_words)
    return replace(
        story,
        facts=found,
        conflicts=conflicts(sentences, clauses, analyses, texts, language, vectors, params),
        summary=tuple(corroborated(x, found) for x in summary),
    )


def update_summary(
    story: Story,
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    since: str,
    summary_words: int = 120,
) -> tuple[SummarySentence, ...]:
    """What the articles published after `since` (an ISO date) add to the story: a summary of their statements
    that leaves out what earlier articles already said; each sentence cited like the story summary."""
    from .captions import had_photo, in_caption
    from .statements import statements
    from .summary import summarise

    language = main_language(articles)
    main = [a.id for a in articles if a.language == language]
    texts = {a.id: a.text for a in articles}
    photos = {a.id: had_photo(r.kind for r in a.removed) for a in articles}
    sentences = [s for s in statements(articles, analyses, story.provenance)
                 if s.language == language and not in_caption(texts[s.article], s.start, s.end, photos[s.article])]
    summary = summarise(sentences, main, words=summary_words, after=since)
    return tuple(corroborated(x, story.facts) for x in summary)


def main_language(articles: Sequence[Article]) -> str:
    """The language most of the story's articles are in (French for an empty story)."""
    return Counter(a.language for a in articles).most_common(1)[0][0] if articles else "fr"


def corroborated(sentence: SummarySentence, facts: Sequence[Fact]) -> SummarySentence:
    """A summary sentence cites itself first, then the other outlets' sentences of the facts it states."""
    own = sentence.citations[0]
    more = [
        c for f in facts if f.independent_sources > 1 and own in f.citations for c in f.citations if c != own
    ]
    return replace(sentence, citations=tuple(dict.fromkeys([own, *more])))
