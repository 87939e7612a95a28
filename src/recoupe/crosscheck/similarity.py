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

ENTITY_WEIGHT = 0.15  # added per shared entity (canonical id or folded name), at most two


def idf(stmts: Sequence[Statement]) -> dict[str, float]:
    """Inverse document frequency of stems over the statements; reporting and hedging words get none."""
    df = Counter(t for s in stmts for t in set(s.stems))
    n = len(stmts)
    return {t: math.log((n + 1) / (c + 1)) + 1.0 for t, c in df.items() if t not in REPORTING}


def matrix(stmts: Sequence[Statement], weights: dict[str, float] | None = None) -> np.ndarray:
    """Pairwise similarity in [0, 1] (cosine of idf-weighted stem sets, raised for shared entities);
    statements of the same article get 0: one article saying a thing twice is not two sources."""
    weights = weights if weights is not None else idf(stmts)
    vocab = {t: i for i, t in enumerate(weights)}
    vec = np.zeros((len(stmts), len(vocab)), dtype=np.float32)
    for r, s in enumerate(stmts):
        for t in set(s.stems):
            if t in vocab:
                vec[r, vocab[t]] = weights[t]
    norms = np.linalg.norm(vec, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    vec /= norms
    sim = vec @ vec.T
    for i, a in enumerate(stmts):
        if not a.entities:
            continue
        for j in range(i + 1, len(stmts)):
            shared = len(a.entities & stmts[j].entities)
            if shared:
                bonus = ENTITY_WEIGHT * min(shared, 2) * sim[i, j]  # entities support lexical agreement
                sim[i, j] = sim[j, i] = min(1.0, sim[i, j] + bonus)
    articles = np.array([s.article for s in stmts])
    sim[articles[:, None] == articles[None, :]] = 0.0
    np.fill_diagonal(sim, 1.0)
    return sim
