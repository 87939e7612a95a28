"""How much two statements say the same thing.

Each statement is a weighted bag of features: the stems of what it says (names and dates left out), its
predicate (the clause's head lemmas, weighing more: what happened matters more than its circumstances) and
the family of event it reports ("s'est rendu" and "parti" both tell a journey), the counts and dates it
gives. Weights are inverse frequencies over the story's own statements, so words every article repeats
(the protagonists' names) weigh little and the specific words of a claim ("blindé", "satellites") much.
Similarity is the cosine of those bags, raised when the statements name the same entities (weighted by
rarity too) and lowered when both give dates and none agree.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from .statements import Statement
from .text import REPORTING

ENTITY_WEIGHT = 0.5  # similarity raised by up to this share when the statements name the same entities
PREDICATE_WEIGHT = 2.0  # a predicate stem weighs this many times its idf
DATE_DISAGREEMENT = 0.5  # similarity kept when both statements give dates and none agree
PROTAGONIST_SHARE = 0.75
WEAK_EVIDENCE = 0.5  # similarity kept when two statements share too little to say one thing (see evidence)

# Kinds of event (timeline.event_kinds) that tell one story when said with different verbs.
FAMILIES = {"depart": "journey", "arrive": "journey", "visit": "journey"}


def family(kind: str) -> str:
    return FAMILIES.get(kind, kind)


def features(s: Statement) -> dict[str, float]:
    """A statement's features with their multiplicity of weight (1 for a word, more for its predicate)."""
    out = {t: 1.0 for t in s.what}
    for p in s.predicates:
        out[p] = PREDICATE_WEIGHT
    for k in {family(k) for k in s.kinds}:
        out["@" + k] = PREDICATE_WEIGHT
    for n in s.numbers:
        out[f"#{n.value} {n.unit}"] = 1.0
    for d in s.when:
        out["@" + d] = 1.0
    return out


def idf(stmts: Sequence[Statement], names: bool = False) -> dict[str, float]:
    """Inverse document frequency of stems over the statements (of what they say, or with `names` of all
    their words); reporting and hedging words get none."""
    df = Counter(t for s in stmts for t in set(s.stems if names else features(s)))
    n = len(stmts)
    return {t: math.log((n + 1) / (c + 1)) + 1.0 for t, c in df.items() if t not in REPORTING}


def _incidence(sets: Sequence[set[str] | frozenset[str]]) -> np.ndarray:
    """Rows: the sets; columns: their distinct members; 1 where a set holds a member."""
    index: dict[str, int] = {}
    for members in sets:
        for m in members:
            index.setdefault(m, len(index))
    out = np.zeros((len(sets), max(1, len(index))), dtype=np.float32)
    for r, members in enumerate(sets):
        for m in members:
            out[r, index[m]] = 1.0
    return out


def _cosine(rows: Sequence[dict[str, float]]) -> np.ndarray:
    vocab: dict[str, int] = {}
    for r in rows:
        for t in r:
            vocab.setdefault(t, len(vocab))
    vec = np.zeros((len(rows), max(1, len(vocab))), dtype=np.float32)
    for i, r in enumerate(rows):
        for t, w in r.items():
            vec[i, vocab[t]] = w
    norms = np.linalg.norm(vec, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    vec /= norms
    return vec @ vec.T


def matrix(stmts: Sequence[Statement], weights: dict[str, float] | None = None) -> np.ndarray:
    """Pairwise similarity in [0, 1]; clauses of the same sentence get 0."""
    weights = weights if weights is not None else idf(stmts)
    rows = [{t: m * weights[t] for t, m in features(s).items() if t in weights} for s in stmts]
    sim = _cosine(rows)
    sim *= 1.0 + ENTITY_WEIGHT * shared_entities(stmts)
    sim[~evidence(stmts)] *= WEAK_EVIDENCE
    dated = _incidence([{d.value for d in s.dates} for s in stmts])
    has = dated.sum(axis=1) > 0
    disagree = has[:, None] & has[None, :] & ((dated @ dated.T) == 0)
    sim[disagree] *= DATE_DISAGREEMENT
    np.clip(sim, 0.0, 1.0, out=sim)
    # Clauses of one sentence say different things by construction; other statements of one article may
    # say the same thing (a lead repeated in the body), which helps grouping but never counts as a source.
    sim[same_sentence(stmts)] = 0.0
    np.fill_diagonal(sim, 1.0)
    return sim


def evidence(stmts: Sequence[Statement]) -> np.ndarray:
    """Pairs that share enough to state one fact: an argument (a content word beside the predicate, an
    entity, a count or a date) and the predicate (the same verb, a word of the other's, or the same family
    of event), or else two arguments. One rare word in common ("camarade") is not a shared fact, and the
    story's protagonists (named in more than n**PROTAGONIST_SHARE of its n statements) are no argument."""
    df = Counter(e for s in stmts for e in s.entities)
    common = {e for e, c in df.items() if c > len(stmts) ** PROTAGONIST_SHARE}

    def args(s: Statement) -> set[str]:
        return (set(s.what) - set(s.predicates)) | (set(s.entities) - common) \
            | {f"#{n.value} {n.unit}" for n in s.numbers} | {"@" + d for d in s.when}

    fams = [{"@" + family(k) for k in s.kinds} for s in stmts]
    a = _incidence([args(s) for s in stmts])
    shared_args = a @ a.T
    index: dict[str, int] = {}
    for s, f in zip(stmts, fams):
        for t in (*s.what, *s.predicates, *f):
            index.setdefault(t, len(index))
    pred = np.zeros((len(stmts), max(1, len(index))), dtype=np.float32)
    said = np.zeros_like(pred)
    for r, (s, f) in enumerate(zip(stmts, fams)):
        for t in (*s.predicates, *f):
            pred[r, index[t]] = 1.0
        for t in (*s.what, *f):
            said[r, index[t]] = 1.0
    same_predicate = ((pred @ said.T) + (said @ pred.T)) > 0
    return (shared_args >= 2) | ((shared_args >= 1) & same_predicate)


def shared_entities(stmts: Sequence[Statement]) -> np.ndarray:
    """How telling the entities two statements share are, in [0, 1]: a noisy-or of their rarity in the story
    (log n/df over log n), so that the protagonists every sentence names count for little and a place or
    person few sentences name counts for much."""
    df = Counter(e for s in stmts for e in s.entities)
    n = max(2, len(stmts))
    names = list(df)
    if not names:
        return np.zeros((len(stmts), len(stmts)), dtype=np.float32)
    rarity = np.array([min(0.95, math.log(n / df[e]) / math.log(n)) for e in names], dtype=np.float32)
    index = {e: i for i, e in enumerate(names)}
    inc = np.zeros((len(stmts), len(names)), dtype=np.float32)
    for r, s in enumerate(stmts):
        for e in s.entities:
            inc[r, index[e]] = 1.0
    return 1.0 - np.exp((inc * np.log1p(-rarity)) @ inc.T)


def same_sentence(stmts: Sequence[Statement]) -> np.ndarray:
    sentences = np.array([f"{s.article}:{(s.sentence or (s.start, s.end))[0]}" for s in stmts])
    return sentences[:, None] == sentences[None, :]
