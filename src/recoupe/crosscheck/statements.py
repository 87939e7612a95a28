"""Statements: the sentences of a story's articles, normalised for comparison across articles and languages.

A statement keeps its citation (article and character offsets into the cleaned text) and what matching
needs: content stems, stem bigrams ("concepts"), the entities it names (canonical ids once entity linking
has run, folded mention texts before), and the text origin it counts for (wire copies and republications of
one text share an origin, so they count once).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import Analysis, Article, Citation, ProvenanceGroup
from .values import Value
from . import values
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
    entities: frozenset[str]  # canonical entity ids, or "~" + stems of name words before linking
    sentence: tuple[int, int] | None = None  # for a clause: the span of its sentence
    dates: tuple[Value, ...] = ()
    numbers: tuple[Value, ...] = ()
    what: tuple[str, ...] = ()  # content stems outside named entities: what is said, not who or where

    @property
    def citation(self) -> Citation:
        return Citation(self.article, self.start, self.end)

    @property
    def sentence_citation(self) -> Citation:
        start, end = self.sentence_citation_span()
        return Citation(self.article, start, end)

    def sentence_citation_span(self) -> tuple[int, int]:
        return self.sentence or (self.start, self.end)

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
    """Entities named in the span: canonical ids once linked, else the stems of their name words, so that
    "Kim", "Kim Jong Un" and "Kim Jong-un" share a key before entity linking has run."""
    keys = set()
    for m in analysis.mentions:
        if m.start >= start and m.end <= end:
            if m.entity:
                keys.add(m.entity)
            else:
                keys.update("~" + stem(w) for w in words(m.text) if len(w) > 2 and w not in STOPWORDS)
    return frozenset(keys)


def _outside_mentions(text: str, analysis: Analysis, start: int, end: int) -> str:
    """The span with named-entity mentions blanked out (offsets kept)."""
    chars = list(text[start:end])
    for m in analysis.mentions:
        if m.start >= start and m.end <= end:
            chars[m.start - start:m.end - start] = " " * (m.end - m.start)
    return "".join(chars)


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


_BULLETS = "—–-•*·"
_FINAL = (".", "!", "?", "…", "»", '"', "”", ";", ":")


def sentence_spans(text: str, analysis: Analysis) -> list[tuple[int, int]]:
    """Sentence spans, repaired: a paragraph or caption boundary (line break) always ends a statement, and a
    sentence the parser cut with no final punctuation ("Kim Jong | Un a déclaré", "New | York Times") or
    inside an open quotation is joined to the next one on the same line."""
    spans: list[tuple[int, int]] = []
    for s in analysis.sentences:
        pos = s.start
        for k, line in enumerate(text[s.start:s.end].split("\n")):
            lead = len(line) - len(line.lstrip())
            bullet = len(line.lstrip()) - len(line.lstrip().lstrip(_BULLETS).lstrip())
            if line.strip(_BULLETS + " \t"):
                start, end = pos + lead + bullet, pos + len(line.rstrip())
                if k == 0 and spans and _continues(text, spans[-1], start):
                    spans[-1] = (spans[-1][0], end)
                else:
                    spans.append((start, end))
            pos += len(line) + 1
    return spans


def _continues(text: str, previous: tuple[int, int], start: int) -> bool:
    if "\n" in text[previous[1]:start]:
        return False
    before = text[previous[0]:previous[1]]
    if before.count("«") > before.count("»"):
        return True
    return not before.rstrip().endswith(_FINAL)


def _lemma_index(analysis: Analysis) -> list[tuple[int, int, list[str]]]:
    """Per parsed sentence: its span and its folded content lemmas (computed once per article)."""
    return [(s.start, s.end, [fold(lemma) for lemma in s.lemmas.split()]) for s in analysis.sentences]


def _lemma_stems(text: str, lemmas: list[tuple[int, int, list[str]]], start: int, end: int) -> list[str]:
    """Stems of the lemmas the NLP stage gave the sentences overlapping the statement ("rendu", "rendrait" ->
    "rendre"), kept only when a word of the statement starts like the lemma (a repaired span may not cover
    the whole parsed sentence)."""
    prefixes = {w[:4] for w in words(text)}
    out = []
    for s_start, s_end, folded_lemmas in lemmas:
        if s_end <= start or s_start >= end:
            continue
        for folded in folded_lemmas:
            if folded[:4] in prefixes and folded not in STOPWORDS and len(folded) > 1:
                out.append(stem(folded))
    return out


def statements(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    provenance: Sequence[ProvenanceGroup] = (),
    clauses: bool = False,
) -> list[Statement]:
    """Every usable sentence of the articles, in article order; with `clauses`, their clauses instead (a
    sentence often carries several facts: "Parti dimanche de X à bord d'un train, Y a serré la main de Z")."""
    origin = origins(articles, provenance)
    out = []
    for a in articles:
        analysis = analyses.get(a.id)
        if analysis is None:
            continue
        lemmas = _lemma_index(analysis)
        for i, (start, end) in enumerate(sentence_spans(a.text, analysis)):
            if not usable(a.text[start:end]):
                continue
            if clauses:
                spans = clause_spans(a.text, start, end, _outside_mentions(a.text, analysis, start, end))
            else:
                spans = [(start, end)]
            for c_start, c_end in spans:
                text = a.text[c_start:c_end]
                stems = tuple(dict.fromkeys(content_stems(text) + _lemma_stems(text, lemmas, c_start, c_end)))
                plain = _outside_mentions(a.text, analysis, c_start, c_end)
                what = tuple(dict.fromkeys(content_stems(plain) + _lemma_stems(plain, lemmas, c_start, c_end)))
                found_dates = tuple(values.dates(a.text, analysis, c_start, c_end, a.published))
                out.append(
                    Statement(
                        article=a.id, start=c_start, end=c_end, text=text, position=i, origin=origin[a.id],
                        outlet=a.outlet, published=a.published, language=a.language, stems=stems,
                        concepts=concepts_of(text), entities=_entity_keys(analysis, c_start, c_end),
                        sentence=(start, end), dates=found_dates,
                        numbers=tuple(values.numbers(a.text, c_start, c_end, [(d.start, d.end) for d in found_dates])),
                        what=what,
                    )
                )
    return out


_CLAUSE_BREAK = re.compile(r"\s*[,;:—–]\s+|\s+(?:mais|tandis que|alors que|but|while)\s+")
MIN_CLAUSE_STEMS = 3


def clause_spans(text: str, start: int, end: int, plain: str | None = None) -> list[tuple[int, int]]:
    """Clauses of a sentence: cut at commas, semicolons, colons, dashes and contrastive conjunctions (not
    inside brackets or quotation marks); a piece with fewer than three content words (names not counted,
    when `plain` gives the sentence with names blanked) joins its neighbour."""
    sentence = text[start:end]
    plain = plain if plain is not None else sentence
    cuts, depth = [], 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        before = sentence[: m.start()]
        depth = before.count("(") - before.count(")") + before.count("«") - before.count("»")
        if depth <= 0 and before.count('"') % 2 == 0 and before.count("“") <= before.count("”"):
            cuts.append((m.start(), m.end()))
    pieces, pos = [], 0
    for cut_start, cut_end in cuts:
        pieces.append((pos, cut_start))
        pos = cut_end
    pieces.append((pos, len(sentence)))
    merged: list[tuple[int, int]] = []
    for p_start, p_end in pieces:
        small = len(content_stems(plain[p_start:p_end])) < MIN_CLAUSE_STEMS
        if merged and (small or len(content_stems(plain[merged[-1][0]:merged[-1][1]])) < MIN_CLAUSE_STEMS):
            merged[-1] = (merged[-1][0], p_end)
        else:
            merged.append((p_start, p_end))
    out = []
    for p_start, p_end in merged:
        piece = sentence[p_start:p_end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip(" .!?"))
        if p_end - trail > p_start + lead:
            out.append((start + p_start + lead, start + p_end - trail))
    return out or [(start, end)]
