"""How much two statements say the same thing.

Each statement is a weighted bag of features: the stems of what it says (names and dates left out), its
predicate (the clause's head lemmas, weighing more: what happened matters more than its circumstances) and
the family of event it reports ("s'est rendu" and "parti" both tell a journey), the counts and dates it
gives. Weights are inverse frequencies over the story's own statements, so words every article repeats
(the protagonists' names) weigh little and the specific words of a claim ("blindé", "satellites") much.
Similarity is the cosine of those bags, raised when the statements name the same entities (weighted by
rarity too) and lowered when both give dates and none agree; it is computed on candidate pairs only
(pairs.candidates), never over all pairs.
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


def graph(stmts: Sequence[Statement]) -> dict[int, dict[int, float]]:
    """The similarity above (word bags, entities, evidence, dates) on candidate pairs only (pairs.candidates,
    no embeddings): a sparse graph, for the stages that need likeness without the same-fact model."""
    from . import pairs

    n = len(stmts)
    out: dict[int, dict[int, float]] = {k: {} for k in range(n)}
    i, j = pairs.candidates(stmts)
    if not len(i):
        return out
    x = pairs.PairFeatures(stmts).compute(i, j)
    f = pairs.FEATURES
    sim = x[:, f.index("lexical")] * (1.0 + ENTITY_WEIGHT * x[:, f.index("entities")])
    shared_args = np.rint(x[:, f.index("arguments")] * 3)
    weak = ~((shared_args >= 2) | ((shared_args >= 1) & (x[:, f.index("same_predicate")] > 0)))
    sim[weak] *= WEAK_EVIDENCE
    for r, (a, b) in enumerate(zip(i.tolist(), j.tolist())):
        da, db = {d.value for d in stmts[a].dates}, {d.value for d in stmts[b].dates}
        if da and db and not da & db:
            sim[r] *= DATE_DISAGREEMENT
        w = float(min(1.0, sim[r]))
        if w > 0:
            out[a][b] = out[b][a] = w
    return out
