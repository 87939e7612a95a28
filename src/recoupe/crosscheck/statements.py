"""Statements: the sentences of a story's articles, normalised for comparison across articles and languages.

A statement keeps its citation (article and character offsets into the cleaned text) and what matching
needs: content stems, stem bigrams ("concepts"), the entities it names (canonical ids once entity linking
has run, folded mention texts before), and the text origin it counts for (wire copies and republications of
one text share an origin, so they count once).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import Analysis, Article, Citation, ProvenanceGroup
from .text import STOPWORDS, content_stems, fold, stem, word_count, words

MIN_WORDS = 5
MAX_WORDS = 90


@dataclass(frozen=True, slots=True)
class Statement:
    article: str
    start: int
    end: int
    text: str
    position: int  # index of the sentence in its article
    origin: str  # the text origin it counts for (provenance group)
    outlet: str | None
    published: str | None
    language: str
    stems: tuple[str, ...]
    concepts: frozenset[str]  # adjacent word pairs, stemmed (see concepts_of)
    entities: frozenset[str]

    @property
    def citation(self) -> Citation:
        return Citation(self.article, self.start, self.end)

    @property
    def words(self) -> int:
        return word_count(self.text)


def origins(articles: Sequence[Article], provenance: Sequence[ProvenanceGroup] = ()) -> dict[str, str]:
    """Article id -> the origin it counts for: its provenance group, else its source outlet, else itself."""
    out = {a: g.origin for g in provenance for a in g.articles}
    for a in articles:
        out.setdefault(a.id, a.derived_from or a.outlet or a.id)
    return out


def concepts_of(text: str) -> frozenset[str]:
    """Adjacent word pairs, stemmed, unless both are function words ("la libération", "libération des otages")."""
    ws = [w for w in words(text) if len(w) > 1 or w.isdigit()]
    return frozenset(
        f"{stem(a)} {stem(b)}" for a, b in zip(ws, ws[1:]) if not (a in STOPWORDS and b in STOPWORDS)
    )


def _entity_keys(analysis: Analysis, start: int, end: int) -> frozenset[str]:
    keys = set()
    for m in analysis.mentions:
        if m.start >= start and m.end <= end and m.label in ("PER", "ORG", "LOC"):
            keys.add(m.entity or "~" + " ".join(fold(m.text).split()))
    return frozenset(keys)


def usable(text: str) -> bool:
    """Sentences worth stating as facts or summary sentences: no fragments, headings or questions."""
    n = word_count(text)
    if n < MIN_WORDS or n > MAX_WORDS:
        return False
    if text[0].islower() or text[0] in "-–—,;)":  # the tail of a sentence the splitter cut
        return False
    stripped = text.rstrip()
    if stripped.endswith(("?", ":")):
        return False
    letters = [c for c in text if c.isalpha()]
    return not letters or sum(c.isupper() for c in letters) < 0.6 * len(letters)


def sentence_spans(text: str, analysis: Analysis) -> list[tuple[int, int]]:
    """Sentence spans, cut again at line breaks: a paragraph or caption boundary always ends a statement."""
    out = []
    for s in analysis.sentences:
        pos = s.start
        for line in text[s.start:s.end].split("\n"):
            lead = len(line) - len(line.lstrip())
            if line.strip():
                out.append((pos + lead, pos + len(line.rstrip())))
            pos += len(line) + 1
    return out


def statements(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    provenance: Sequence[ProvenanceGroup] = (),
) -> list[Statement]:
    """Every usable sentence of the articles, in article order."""
    origin = origins(articles, provenance)
    out = []
    for a in articles:
        analysis = analyses.get(a.id)
        if analysis is None:
            continue
        for i, (start, end) in enumerate(sentence_spans(a.text, analysis)):
            text = a.text[start:end]
            if not usable(text):
                continue
            stems = tuple(content_stems(text))
            out.append(
                Statement(
                    article=a.id, start=start, end=end, text=text, position=i, origin=origin[a.id],
                    outlet=a.outlet, published=a.published, language=a.language, stems=stems,
                    concepts=concepts_of(text), entities=_entity_keys(analysis, start, end),
                )
            )
    return out
