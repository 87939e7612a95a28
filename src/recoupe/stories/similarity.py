"""Learned similarity of two news items (articles or stories): pair features and a logistic model over them.

A profile is what the clustering keeps of an article or a story: TF-IDF vectors of content terms (per
language), of name tokens (canonical entity names where entities are linked), of title terms, the figures
written in digits, the sum of its title+lead and body embeddings (multilingual encoder), and its days. The
features of a pair are

- terms: cosine of the content-term vectors in a language both have (0 across languages);
- names: cosine of the name vectors (the same people, places and organisations);
- title: cosine of the title-term vectors;
- numbers: share of figures in common (|A ∩ B| / min(|A|, |B|));
- lead, body: cosines of the embeddings of title + lead and of the body passage (encoder on only);
- gap: log(1 + days between the two activity windows), 0 when either date is unknown (an unknown date is
  never evidence against a pair);
- same_language.

The model (coefficients in `recoupe/data/story_pairs.json`, retrained by `recoupe train stories`) turns them
into the probability that both items report the same story. Two variants ship: with the encoder features
and without (when `StoryParams.encoder` is "none").
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from .vectors import Vec, Vocabulary

FEATURES = ("terms", "names", "title", "numbers", "lead", "body", "gap", "same_language")
ENCODER_FEATURES = ("lead", "body")
MODEL_FILE = "story_pairs.json"


@dataclass
class Profile:
    terms: dict[str, Vec] = field(default_factory=dict)  # language → sum of unit vectors
    names: Vec = field(default_factory=Vec)
    title: Vec = field(default_factory=Vec)
    numbers: Vec = field(default_factory=Vec)
    lead: np.ndarray | None = None  # sum of unit embeddings
    body: np.ndarray | None = None
    first: int | None = None
    last: int | None = None
    size: int = 0


class Members:
    """Article profiles (one language each) packed for batched scoring: per vector field, the members' entries
    concatenated with the member each belongs to; their norms, sizes, languages, days and embeddings."""

    __slots__ = ("body", "fields", "first", "fused", "lang", "last", "lead", "n")

    def __init__(self, members: Sequence[Profile]) -> None:
        self.n = len(members)
        self.lang = [next(iter(m.terms), None) for m in members]
        self.first = np.array([np.nan if m.first is None else m.first for m in members], dtype=np.float64)
        self.last = np.array([np.nan if m.last is None else m.last for m in members], dtype=np.float64)
        self.fields = {}
        for name in ("terms", "names", "title", "numbers"):
            vecs = [next(iter(m.terms.values()), Vec()) if name == "terms" else getattr(m, name) for m in members]
            lens = np.fromiter((len(v) for v in vecs), dtype=np.int64, count=self.n)
            ids = np.concatenate([v.ids for v in vecs]) if self.n else np.zeros(0, dtype=np.int64)
            w = np.concatenate([v.w for v in vecs]) if self.n else np.zeros(0, dtype=np.float32)
            norms = np.fromiter((v.norm for v in vecs), dtype=np.float64, count=self.n)
            self.fields[name] = (ids, w, norms, lens)
        # terms, names and figures have disjoint key ids ("x", "@x", "#x"): one gather scores all three,
        # entries ordered member by member, field by field
        fused = [v for m in members for v in (next(iter(m.terms.values()), Vec()), m.names, m.numbers)]
        self.fused = (
            np.concatenate([v.ids for v in fused]) if fused else np.zeros(0, dtype=np.int64),
            np.concatenate([v.w for v in fused]) if fused else np.zeros(0, dtype=np.float32),
            np.fromiter((len(v) for v in fused), dtype=np.int64, count=len(fused)),
        )
        self.lead = _stack([m.lead for m in members])
        self.body = _stack([m.body for m in members])


def _stack(vectors: list) -> tuple[np.ndarray, np.ndarray] | None:
    have = [i for i, v in enumerate(vectors) if v is not None]
    if not have:
        return None
    return np.asarray(have), np.stack([vectors[i] for i in have]).astype(np.float32)


def pair_features(vocab: Vocabulary, a: Profile, groups: Sequence[Members]) -> tuple[np.ndarray, np.ndarray]:
    """FEATURES of `a` (an article profile) against every member of every group, computed at once.

    Returns (rows, owner): one row per member, and the index of the group it belongs to.
    """
    sizes = np.fromiter((g.n for g in groups), dtype=np.int64, count=len(groups))
    owner = np.repeat(np.arange(len(groups)), sizes)
    n = int(sizes.sum())
    x = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if not n:
        return x, owner
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    lang = next(iter(a.terms), None)
    langs = [lg for g in groups for lg in g.lang]
    same = np.fromiter((lg == lang and lang is not None for lg in langs), dtype=bool, count=n)
    query = next(iter(a.terms.values()), Vec())
    terms_dot, names_dot, common = _fused_dots(vocab, query, a.names, a.numbers, groups, n)
    x[:, 0] = _ratio(terms_dot, np.concatenate([g.fields["terms"][2] for g in groups]) * query.norm) * same
    x[:, 1] = _ratio(names_dot, np.concatenate([g.fields["names"][2] for g in groups]) * a.names.norm)
    x[:, 2] = _cosines(vocab, a.title, groups, "title", offsets, n)
    if len(a.numbers):
        lens = np.concatenate([g.fields["numbers"][3] for g in groups])
        x[:, 3] = _ratio(common, np.minimum(lens, len(a.numbers)).astype(np.float64))
    x[:, 4] = _embedding_cosines(a.lead, groups, "lead", offsets, n)
    x[:, 5] = _embedding_cosines(a.body, groups, "body", offsets, n)
    if a.first is not None:
        first = np.concatenate([g.first for g in groups])
        last = np.concatenate([g.last for g in groups])
        days = np.where(a.first > last, a.first - last, np.where(first > a.last, first - a.last, 0.0))
        x[:, 6] = np.log1p(np.where(np.isnan(first), 0.0, days))
    x[:, 7] = same
    return x, owner


def _fused_dots(vocab: Vocabulary, terms: Vec, names: Vec, numbers: Vec, groups, n: int):
    """Dot products of the query's terms, names and figures (figures as 0/1) with every member's, in one pass."""
    ids = np.concatenate([g.fused[0] for g in groups])
    if not len(ids):
        return np.zeros(n), np.zeros(n), np.zeros(n)
    w = np.concatenate([g.fused[1] for g in groups])
    segment = np.repeat(np.arange(3 * n), np.concatenate([g.fused[2] for g in groups]))
    scratch = vocab.scratch()
    scratch[terms.ids] = terms.w
    scratch[names.ids] = names.w
    scratch[numbers.ids] = 1.0
    prod = scratch[ids] * w
    scratch[terms.ids] = 0.0
    scratch[names.ids] = 0.0
    scratch[numbers.ids] = 0.0
    sums = np.bincount(segment, weights=prod, minlength=3 * n).reshape(n, 3)
    return sums[:, 0], sums[:, 1], sums[:, 2]


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.divide(num, den, out=np.zeros(len(num)), where=den > 0)


def _dots(vocab: Vocabulary, query: Vec, groups, name: str, offsets, n: int, binary: bool = False) -> np.ndarray:
    parts = [g.fields[name] for g in groups]
    ids = np.concatenate([p[0] for p in parts])
    if not len(query) or not len(ids):
        return np.zeros(n)
    member = np.repeat(np.arange(n), np.concatenate([p[3] for p in parts]))
    scratch = vocab.scratch()
    scratch[query.ids] = query.w
    gathered = scratch[ids]
    scratch[query.ids] = 0.0
    if not binary:
        gathered = gathered * np.concatenate([p[1] for p in parts])
    return np.bincount(member, weights=gathered, minlength=n)


def _cosines(vocab: Vocabulary, query: Vec, groups, name: str, offsets, n: int) -> np.ndarray:
    if not query.norm:
        return np.zeros(n)
    dots = _dots(vocab, query, groups, name, offsets, n)
    denom = np.concatenate([g.fields[name][2] for g in groups]) * query.norm
    return np.divide(dots, denom, out=np.zeros(n), where=denom > 0)


def _embedding_cosines(a: np.ndarray | None, groups, name: str, offsets, n: int) -> np.ndarray:
    out = np.zeros(n)
    if a is None:
        return out
    packs = [(getattr(g, name), off) for g, off in zip(groups, offsets) if getattr(g, name) is not None]
    if not packs:
        return out
    rows = np.concatenate([idx + off for (idx, _), off in packs])
    m = np.concatenate([mat for (_, mat), _ in packs])
    norms = np.linalg.norm(m, axis=1) * float(np.linalg.norm(a))
    out[rows] = np.divide(m @ a, norms, out=np.zeros(len(rows)), where=norms > 0)
    return out


def gap(a: Profile, b: Profile) -> int:
    """Days between two activity windows (0 when they overlap or a date is unknown)."""
    if a.first is None or b.first is None:
        return 0
    if a.first > b.last:
        return a.first - b.last
    if b.first > a.last:
        return b.first - a.last
    return 0


@dataclass(frozen=True)
class PairModel:
    """Standardised logistic regression over some of FEATURES."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def logit(self, x: np.ndarray) -> np.ndarray:
        cols = [FEATURES.index(f) for f in self.features]
        z = (x[:, cols] - self.mean) / self.scale
        return z @ self.coef + self.intercept

    def probability(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logit(x)))

    def to_json(self) -> dict:
        return {"features": list(self.features), "mean": _round(self.mean), "scale": _round(self.scale),
                "coef": _round(self.coef), "intercept": round(float(self.intercept), 6)}

    @classmethod
    def from_json(cls, d: dict) -> PairModel:
        return cls(tuple(d["features"]), np.asarray(d["mean"], dtype=float), np.asarray(d["scale"], dtype=float),
                   np.asarray(d["coef"], dtype=float), float(d["intercept"]))


def _round(values) -> list[float]:
    return [round(float(v), 6) for v in values]


def variant(encoder: bool) -> str:
    return "encoder" if encoder else "no_encoder"


@lru_cache(maxsize=1)
def shipped() -> dict:
    """The parameter file as shipped (models, their CV figures, the training choices)."""
    return json.loads(resources.files("recoupe.data").joinpath(MODEL_FILE).read_text(encoding="utf-8"))


@lru_cache(maxsize=2)
def load_pair_model(encoder: bool) -> PairModel:
    """The shipped model for the encoder on (lead/body features) or off."""
    return PairModel.from_json(shipped()["models"][variant(encoder)])


