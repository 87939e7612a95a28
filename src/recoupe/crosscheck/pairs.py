"""Candidate pairs of statements and what two statements share, without statements × statements matrices.

Two statements of different articles become a candidate pair when they share rare keys (an inverted index over
what they say, their predicate, the entities they name, their counts and dates: the pairs with the most shared
weight are kept for each statement) or when they are among each other's nearest neighbours by sentence
embedding (the multilingual encoder: paraphrases and translations that share no word). Keys that too many
statements hold propose nothing, and every statement keeps a bounded number of partners, so the work grows
with the story's size, not with its square. Everything downstream (the same-fact model, grouping, conflicts)
sees only these pairs.

`features` describes a candidate pair by numbers the same-fact model (samefact.py) weighs: word overlaps
(idf-weighted), embedding cosine, shared entities, shared predicate, agreeing and disagreeing dates and
counts, event kinds, negation, language.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
from scipy import sparse

from .alignment import _nested
from .similarity import PREDICATE_WEIGHT, family
from .similarity import features as bag
from .statements import Statement
from .text import REPORTING

FEATURES = ("lexical", "words", "embedding", "entities", "arguments", "same_predicate", "dates_agree",
            "dates_disagree", "counts_agree", "counts_disagree", "kinds_differ", "negation_differs",
            "languages_differ", "same_origin", "short", "sentence_words", "sentence_embedding")
BLOCK = 512  # rows of a block product (bounds the memory of candidate search)
PAIR_CHUNK = 50_000  # pairs whose features are computed at once


def _matrix(rows: Sequence[dict[str, float]], normalise: bool = True) -> sparse.csr_matrix:
    vocab: dict[str, int] = {}
    indptr, indices, data = [0], [], []
    for r in rows:
        for t, w in r.items():
            indices.append(vocab.setdefault(t, len(vocab)))
            data.append(w)
        indptr.append(len(indices))
    m = sparse.csr_matrix((np.asarray(data, dtype=np.float32), indices, indptr),
                          shape=(len(rows), max(1, len(vocab))))
    if normalise:
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        m = sparse.diags(1.0 / norms).astype(np.float32) @ m
    return m.tocsr()


def _keys(s: Statement) -> dict[str, float]:
    out = {"w:" + t: 1.0 for t in s.what}
    out.update(("p:" + p, PREDICATE_WEIGHT) for p in s.predicates)
    out.update(("e:" + e, 1.0) for e in s.entities)
    out.update((f"#{n.value} {n.unit}", 1.0) for n in s.numbers)
    out.update(("@" + d, 1.0) for d in s.when)
    return out


def candidates(stmts: Sequence[Statement], embeddings: np.ndarray | None = None, neighbours: int = 8,
               shared: int = 24, max_posting: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs (i < j, different articles) as two index arrays."""
    n = len(stmts)
    if n < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    article = np.array([s.article for s in stmts])
    found: set[tuple[int, int]] = set()
    keys = [_keys(s) for s in stmts]
    df = Counter(k for ks in keys for k in ks)
    idf = {k: math.log(1 + n / c) for k, c in df.items() if 2 <= c <= max_posting and k[2:] not in REPORTING}
    x = _matrix([{k: w * idf[k] for k, w in ks.items() if k in idf} for ks in keys], normalise=False)
    xt = x.T.tocsr()
    for lo in range(0, n, BLOCK):
        block = (x[lo:lo + BLOCK] @ xt).tocoo()
        rows, cols, vals = block.row + lo, block.col, block.data
        keep = article[rows] != article[cols]
        _top(rows[keep], cols[keep], vals[keep], shared, found)
    if embeddings is not None and len(embeddings) == n and neighbours > 0:
        search = _exact_neighbours if n <= EXACT_NEIGHBOURS else _hashed_neighbours
        rows, cols, vals = search(embeddings, article, neighbours)
        _top(rows, cols, vals, neighbours, found)
    pairs = np.array(sorted(found), dtype=np.int64).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


EXACT_NEIGHBOURS = 4000  # statements up to which embedding neighbours are searched exactly (blocks of rows)
HASH_TABLES = 8  # random-hyperplane hash tables past that size
BUCKET = 64  # statements a hash bucket holds on average (and at most: larger ones are cut)


def _exact_neighbours(emb: np.ndarray, article: np.ndarray, k: int):
    """Each statement's k most similar statements of other articles (cosine), as (rows, cols, values)."""
    n = len(emb)
    rows, cols, vals = [], [], []
    k = min(k, n - 1)
    for lo in range(0, n, BLOCK):
        sims = emb[lo:lo + BLOCK] @ emb.T
        sims[article[lo:lo + BLOCK, None] == article[None, :]] = -np.inf
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        r = np.repeat(np.arange(lo, lo + len(sims)), k)
        v = sims[np.arange(len(sims))[:, None], top].ravel()
        keep = np.isfinite(v)
        rows.append(r[keep])
        cols.append(top.ravel()[keep])
        vals.append(v[keep])
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)


def _hashed_neighbours(emb: np.ndarray, article: np.ndarray, k: int):
    """Approximate neighbours (random-hyperplane locality-sensitive hashing, cosine): statements that fall in
    one bucket of some table are compared exactly; work grows with n times the bucket size."""
    n, d = emb.shape
    bits = max(1, int(np.ceil(np.log2(n / BUCKET))))
    rng = np.random.default_rng(0)
    rows, cols, vals = [], [], []
    for _ in range(HASH_TABLES):
        planes = rng.standard_normal((d, bits)).astype(np.float32)
        signature = ((emb @ planes) > 0).astype(np.int64) @ (1 << np.arange(bits))
        order = np.argsort(signature, kind="stable")
        edges = np.r_[0, np.nonzero(np.diff(signature[order]))[0] + 1, n]
        for a, b in pairwise(edges.tolist()):
            for lo in range(a, b, BUCKET * 2):
                idx = order[lo:min(b, lo + BUCKET * 2)]
                if len(idx) < 2:
                    continue
                sims = emb[idx] @ emb[idx].T
                sims[article[idx][:, None] == article[idx][None, :]] = -np.inf
                kk = min(k, len(idx) - 1)
                top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
                v = sims[np.arange(len(idx))[:, None], top].ravel()
                keep = np.isfinite(v)
                rows.append(np.repeat(idx, kk)[keep])
                cols.append(idx[top.ravel()][keep])
                vals.append(v[keep])
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)


def _top(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, k: int, out: set[tuple[int, int]]) -> None:
    """For each row, its k columns of highest value (added to `out` as ordered pairs)."""
    if not len(rows):
        return
    order = np.lexsort((-vals, rows))
    rows, cols = rows[order], cols[order]
    starts = np.r_[0, np.nonzero(np.diff(rows))[0] + 1]
    rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    for i, j in zip(rows[rank < k].tolist(), cols[rank < k].tolist()):
        out.add((min(i, j), max(i, j)))


class PairFeatures:
    """What the story's statements need for pair features, computed once per story."""

    def __init__(self, stmts: Sequence[Statement], embeddings: np.ndarray | None = None) -> None:
        self.stmts = stmts
        n = len(stmts)
        df = Counter(t for s in stmts for t in set(bag(s)))
        idf = {t: math.log((n + 1) / (c + 1)) + 1.0 for t, c in df.items() if t not in REPORTING}
        self.lexical = _matrix([{t: m * idf[t] for t, m in bag(s).items() if t in idf} for s in stmts])
        wdf = Counter(t for s in stmts for t in set(s.stems))
        self.words = _matrix([{t: math.log((n + 1) / (wdf[t] + 1)) + 1.0 for t in s.stems if t not in REPORTING}
                              for s in stmts])
        edf = Counter(e for s in stmts for e in s.entities)
        big = max(2, n)
        self.entity_weight = {e: math.log1p(-min(0.95, math.log(big / c) / math.log(big))) for e, c in edf.items()}
        vocab: dict[str, int] = {}
        for s in stmts:
            for e in s.entities:
                vocab.setdefault(e, len(vocab))
        self.entities = self._indexed([{e: 1.0 for e in s.entities} for s in stmts], vocab)
        self.entity_columns = np.zeros(self.entities.shape[1], dtype=np.float32)
        for e, col in vocab.items():
            self.entity_columns[col] = self.entity_weight[e]
        common = {e for e, c in edf.items() if c > n ** 0.75}
        self.arguments = _matrix([{a: 1.0 for a in (set(s.what) - set(s.predicates)) | (set(s.entities) - common)
                                   | {f"#{v.value} {v.unit}" for v in s.numbers} | {"@" + d for d in s.when}}
                                  for s in stmts], normalise=False)
        fams = [{"@" + family(k) for k in s.kinds} for s in stmts]
        said_rows = [{t: 1.0 for t in (*s.what, *f)} for s, f in zip(stmts, fams)]
        # the same vocabulary for predicate and said: build both from one column index
        cols: dict[str, int] = {}
        for r in [*({t: 1.0 for t in (*s.predicates, *f)} for s, f in zip(stmts, fams)), *said_rows]:
            for t in r:
                cols.setdefault(t, len(cols))
        self.predicate = self._indexed([{t: 1.0 for t in (*s.predicates, *f)} for s, f in zip(stmts, fams)], cols)
        self.said = self._indexed(said_rows, cols)
        self.embeddings = embeddings
        # the whole sentences the statements come from: what a clause leaves to its neighbours still tells
        sentence_of: dict[tuple, int] = {}
        self.sentence = np.array([sentence_of.setdefault((s.article, s.sentence_citation_span()), len(sentence_of))
                                  for s in stmts], dtype=np.int64)
        sentence_stems: list[set[str]] = [set() for _ in sentence_of]
        for s, k in zip(stmts, self.sentence.tolist()):
            sentence_stems[k].update(s.stems)
        sdf = Counter(t for ss in sentence_stems for t in ss)
        m = len(sentence_stems)
        self.sentence_words = _matrix([{t: math.log((m + 1) / (sdf[t] + 1)) + 1.0 for t in ss if t not in REPORTING}
                                       for ss in sentence_stems])
        self.sentence_embeddings = None
        if embeddings is not None and len(embeddings):
            sums = np.zeros((m, embeddings.shape[1]), dtype=np.float32)
            np.add.at(sums, self.sentence, embeddings)
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            self.sentence_embeddings = sums / norms
        self.language = np.array([s.language for s in stmts])
        self.origin = np.array([s.origin for s in stmts])
        self.size = np.array([len(s.stems) for s in stmts])
        # statements whose dates, counts, kinds or negation a pair must look at one by one
        self.valued = np.array([bool(s.when or s.numbers or s.kinds or s.negated) for s in stmts])

    @staticmethod
    def _indexed(rows: Sequence[dict[str, float]], cols: dict[str, int]) -> sparse.csr_matrix:
        indptr, indices = [0], []
        for r in rows:
            indices.extend(cols[t] for t in r)
            indptr.append(len(indices))
        return sparse.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr),
                                 shape=(len(rows), max(1, len(cols))))

    def compute(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """One row of FEATURES per pair."""
        out = np.zeros((len(i), len(FEATURES)), dtype=np.float32)
        for lo in range(0, len(i), PAIR_CHUNK):
            out[lo:lo + PAIR_CHUNK] = self._chunk(i[lo:lo + PAIR_CHUNK], j[lo:lo + PAIR_CHUNK])
        return out

    def _chunk(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        def dot(m: sparse.csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
            return np.asarray(m[a].multiply(m[b]).sum(axis=1)).ravel()

        stmts = self.stmts
        out = np.zeros((len(i), len(FEATURES)), dtype=np.float32)
        out[:, 0] = dot(self.lexical, i, j)
        out[:, 1] = dot(self.words, i, j)
        if self.embeddings is not None:
            out[:, 2] = np.einsum("ij,ij->i", self.embeddings[i], self.embeddings[j])
        shared = self.entities[i].multiply(self.entities[j])
        out[:, 3] = 1.0 - np.exp(shared @ self.entity_columns)
        out[:, 4] = np.minimum(dot(self.arguments, i, j), 3) / 3
        same_pred = dot_cross(self.predicate, self.said, i, j)
        out[:, 5] = same_pred > 0
        si, sj = self.sentence[i], self.sentence[j]
        out[:, 15] = dot(self.sentence_words, si, sj)
        if self.sentence_embeddings is not None:
            out[:, 16] = np.einsum("ij,ij->i", self.sentence_embeddings[si], self.sentence_embeddings[sj])
        out[:, 12] = self.language[i] != self.language[j]
        out[:, 13] = self.origin[i] == self.origin[j]
        out[:, 14] = 1.0 / np.sqrt(np.maximum(1, np.minimum(self.size[i], self.size[j])))
        busy = self.valued[i] | self.valued[j]
        for r, a, b in zip(np.nonzero(busy)[0].tolist(), i[busy].tolist(), j[busy].tolist()):
            s, t = stmts[a], stmts[b]
            if s.when and t.when:
                agree = any(_nested(x, y) for x in s.when for y in t.when)
                out[r, 6 if agree else 7] = 1.0
            if s.numbers and t.numbers:
                units = {n.unit for n in s.numbers if n.unit} & {n.unit for n in t.numbers if n.unit}
                for u in units:
                    mine, theirs = {n.value for n in s.numbers if n.unit == u}, {n.value for n in t.numbers if n.unit == u}
                    out[r, 8 if mine & theirs else 9] = 1.0
            fs, ft = {family(k) for k in s.kinds}, {family(k) for k in t.kinds}
            out[r, 10] = float(bool(fs and ft and not fs & ft) or (("deny" in s.kinds) != ("deny" in t.kinds)
                                                                    and bool(fs or ft)))
            out[r, 11] = float(s.negated != t.negated and out[r, 5] > 0)
        return out


def dot_cross(pred: sparse.csr_matrix, said: sparse.csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Whether one statement's predicate is among what the other says (either way)."""
    a = np.asarray(pred[i].multiply(said[j]).sum(axis=1)).ravel()
    b = np.asarray(said[i].multiply(pred[j]).sum(axis=1)).ravel()
    return a + b


def cannot_link(s: Statement, t: Statement) -> bool:
    """Two statements that must not be one fact: different dates for the event, different counts of one unit,
    different kinds of event, a denial and what it denies, the same predicate asserted and denied."""
    if s.article == t.article and s.sentence_citation_span() == t.sentence_citation_span():
        return True
    if s.when and t.when and not any(_nested(x, y) for x in s.when for y in t.when):
        return True
    for u in {n.unit for n in s.numbers if n.unit} & {n.unit for n in t.numbers if n.unit}:
        if not {n.value for n in s.numbers if n.unit == u} & {n.value for n in t.numbers if n.unit == u}:
            return True
    fs, ft = {family(k) for k in s.kinds}, {family(k) for k in t.kinds}
    if fs and ft and not fs & ft:
        return True
    if ("deny" in s.kinds) != ("deny" in t.kinds) and (fs or ft):
        return True
    return s.negated != t.negated and bool(set(s.predicates) & set(t.predicates))
