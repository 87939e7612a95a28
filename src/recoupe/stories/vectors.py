"""Sparse weight vectors over one growing vocabulary, and batched cosines against many of them at once.

A vector is a pair of numpy arrays (sorted key ids, float32 weights). The vocabulary maps keys (content terms,
"@name" tokens, "#number" figures) to ids and counts their document frequencies over the stream. Scoring one
query against k candidate vectors is one gather and one `bincount` over the candidates' concatenated entries
(no Python loop over their keys): the query's weights sit in a dense scratch row of vocabulary size while the
candidates are read.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

EMPTY_IDS = np.zeros(0, dtype=np.int64)
EMPTY_W = np.zeros(0, dtype=np.float32)


class Vec:
    """Sparse vector: sorted ids, weights, and its Euclidean norm (kept up to date)."""

    __slots__ = ("ids", "norm", "w")

    def __init__(self, ids: np.ndarray = EMPTY_IDS, w: np.ndarray = EMPTY_W) -> None:
        self.ids = ids
        self.w = w
        self.norm = float(math.sqrt(float(np.dot(w, w)))) if len(w) else 0.0

    def __len__(self) -> int:
        return len(self.ids)

    def plus(self, other: Vec, keep: int) -> Vec:
        """Sum of two vectors; once it holds more than 2 × `keep` entries, only the `keep` largest stay."""
        if not len(other):
            return self
        if not len(self):
            return Vec(other.ids.copy(), other.w.copy())
        ids = np.concatenate([self.ids, other.ids])
        w = np.concatenate([self.w, other.w])
        uniq, inverse = np.unique(ids, return_inverse=True)
        summed = np.bincount(inverse, weights=w, minlength=len(uniq)).astype(np.float32)
        if len(uniq) > 2 * keep:
            uniq, summed = _top(uniq, summed, keep)
        return Vec(uniq, summed)

    def top(self, n: int) -> np.ndarray:
        """Ids of the n largest weights (ties: smaller id first)."""
        if len(self.ids) <= n:
            return self.ids
        return _top(self.ids, self.w, n)[0]

    def to_json(self) -> list:
        return [self.ids.tolist(), [round(float(x), 6) for x in self.w]]

    @classmethod
    def from_json(cls, data: list) -> Vec:
        return cls(np.asarray(data[0], dtype=np.int64), np.asarray(data[1], dtype=np.float32))


def _top(ids: np.ndarray, w: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    order = np.lexsort((ids, -w))[:n]  # by weight, then id: deterministic
    order.sort()
    return ids[order], w[order]


class Vocabulary:
    """Key → id, document frequency per id, and a dense scratch row for batched dot products."""

    def __init__(self, keys: Sequence[str] = (), df: Sequence[int] = (), n_docs: int = 0) -> None:
        self.keys: list[str] = list(keys)
        self.ids: dict[str, int] = {k: i for i, k in enumerate(self.keys)}
        self.df = np.zeros(max(1024, 2 * len(self.keys)), dtype=np.int64)
        self.df[: len(df)] = np.asarray(df, dtype=np.int64)
        self.n_docs = n_docs
        self._scratch = np.zeros(len(self.df), dtype=np.float32)

    def id_of(self, key: str) -> int:
        i = self.ids.get(key)
        if i is None:
            i = self.ids[key] = len(self.keys)
            self.keys.append(key)
            if i >= len(self.df):
                self.df = np.concatenate([self.df, np.zeros(len(self.df), dtype=np.int64)])
                self._scratch = np.zeros(len(self.df), dtype=np.float32)
        return i

    def count_document(self, keys: Iterable[str]) -> None:
        self.n_docs += 1
        ids = [self.id_of(k) for k in keys]
        if ids:
            self.df[np.asarray(ids, dtype=np.int64)] += 1

    def tfidf(self, counts: dict[str, int], prefix: str, keep: int) -> Vec:
        """Unit vector of (1 + log tf) · idf over the `keep` heaviest keys."""
        if not counts:
            return Vec()
        ids = np.fromiter((self.id_of(prefix + k) for k in counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        idf = np.log((self.n_docs + 1) / (self.df[ids] + 1.0)) + 1.0
        w = ((1.0 + np.log(np.maximum(tf, 1.0))) * idf).astype(np.float32)
        order = np.argsort(ids)
        ids, w = ids[order], w[order]
        if len(ids) > keep:
            ids, w = _top(ids, w, keep)
        norm = float(np.sqrt(np.dot(w, w))) or 1.0
        return Vec(ids, w / norm)

    def binary(self, keys: Iterable[str], prefix: str) -> Vec:
        ids = np.unique(np.fromiter((self.id_of(prefix + k) for k in keys), dtype=np.int64))
        return Vec(ids, np.ones(len(ids), dtype=np.float32))

    def scratch(self) -> np.ndarray:
        """A zeroed row of vocabulary size (callers set entries and zero them again)."""
        return self._scratch

    def dots(self, query: Vec, vecs: Sequence[Vec | None]) -> np.ndarray:
        """query · v for every v (0 for None or empty)."""
        k = len(vecs)
        out = np.zeros(k, dtype=np.float64)
        if not len(query) or not k:
            return out
        lens = np.fromiter((len(v) if v is not None else 0 for v in vecs), dtype=np.int64, count=k)
        if not lens.sum():
            return out
        ids = np.concatenate([v.ids for v in vecs if v is not None and len(v)])
        w = np.concatenate([v.w for v in vecs if v is not None and len(v)])
        scratch = self._scratch
        scratch[query.ids] = query.w
        prod = scratch[ids] * w
        scratch[query.ids] = 0.0
        return np.bincount(np.repeat(np.arange(k), lens), weights=prod, minlength=k)

    def to_json(self) -> dict:
        return {"keys": self.keys, "df": self.df[: len(self.keys)].tolist(), "n_docs": self.n_docs}

    @classmethod
    def from_json(cls, data: dict) -> Vocabulary:
        return cls(data["keys"], data["df"], data["n_docs"])


def cosines(vocab: Vocabulary, query: Vec, vecs: Sequence[Vec | None]) -> np.ndarray:
    dots = vocab.dots(query, vecs)
    norms = np.fromiter((v.norm if v is not None else 0.0 for v in vecs), dtype=np.float64, count=len(vecs))
    denom = norms * query.norm
    return np.divide(dots, denom, out=np.zeros_like(dots), where=denom > 0)
