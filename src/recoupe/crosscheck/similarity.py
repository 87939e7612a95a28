"""How much two statements say the same thing: idf-weighted overlap of stems, plus shared named entities.

The idf comes from the story's own statements, so words every article repeats (the protagonists' names)
weigh little and the specific words of a claim ("blindé", "satellites", "munitions") weigh much.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from .statements import Statement
from .text import REPORTING

ENTITY_WEIGHT = 0.15  # similarity raised by this share per shared entity (id or name word), at most two
DATE_DISAGREEMENT = 0.5  # similarity kept when both statements give dates and none agree


def idf(stmts: Sequence[Statement], names: bool = False) -> dict[str, float]:
    """Inverse document frequency of stems over the statements (of what they say, or with `names` of all
    their words); reporting and hedging words get none."""
    df = Counter(t for s in stmts for t in set(s.stems if names else s.what))
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


def matrix(stmts: Sequence[Statement], weights: dict[str, float] | None = None) -> np.ndarray:
    """Pairwise similarity in [0, 1]: cosine of the idf-weighted stems of what the statements say (names
    left out), raised when they name the same entities, lowered when they give different dates; clauses
    of the same sentence get 0."""
    weights = weights if weights is not None else idf(stmts)
    vocab = {t: i for i, t in enumerate(weights)}
    vec = np.zeros((len(stmts), len(vocab)), dtype=np.float32)
    for r, s in enumerate(stmts):
        for t in set(s.what):
            if t in vocab:
                vec[r, vocab[t]] = weights[t]
    norms = np.linalg.norm(vec, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    vec /= norms
    sim = vec @ vec.T
    shared = _incidence([s.entities for s in stmts])
    sim *= 1.0 + ENTITY_WEIGHT * np.minimum(shared @ shared.T, 2.0)
    dated = _incidence([{d.value for d in s.dates} for s in stmts])
    has = dated.sum(axis=1) > 0
    disagree = has[:, None] & has[None, :] & ((dated @ dated.T) == 0)
    sim[disagree] *= DATE_DISAGREEMENT
    np.clip(sim, 0.0, 1.0, out=sim)
    # Clauses of one sentence say different things by construction; other statements of one article may
    # say the same thing (a lead repeated in the body), which helps grouping but never counts as a source.
    sentences = np.array([f"{s.article}:{(s.sentence or (s.start, s.end))[0]}" for s in stmts])
    sim[sentences[:, None] == sentences[None, :]] = 0.0
    np.fill_diagonal(sim, 1.0)
    return sim
