"""Incremental story clustering: each new article joins the best-matching active story or opens one.

An article is a profile: a TF-IDF vector of its content terms and one of its names (document frequencies
counted over the stream so far), optionally a sentence embedding of its title and lead, and its day. A story
is the same profile summed over its members (per language for terms, top weights only) plus its activity
window. One similarity serves article→story and story→story: the cosine of the term vectors in a language
both have, the cosine of the name vectors and of the embeddings, mixed by weights; with no language in
common only names and embeddings count, against a stricter threshold.

Per article:
1. candidate stories come from an inverted index (top terms and names of active stories), never all stories;
   a story more than `window_days` away from the article's day is no candidate;
2. the article joins the best candidate over `threshold` (a copy found by dedup joins its original's story),
   else opens a new story;
3. the story it joined is compared with its own candidates: one over `merge_threshold` (over `threshold`
   when either is still small) is merged into the older. A story that began before its siblings were
   written ("the first article of a story is rarely the typical one") is absorbed that way.
Stories idle for `window_days` behind the newest date leave memory (they are finished).

Replaying the same articles in the same order gives the same stories, in one go or across calls with the
state saved in between (`to_json`/`from_json`), so `recoupe recluster` and the incremental path agree.
"""

from __future__ import annotations

import base64
import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..config import StoryParams
from .features import ArticleFeatures

ARTICLE_TERMS = 150  # terms kept per article vector
ARTICLE_NAMES = 40
STORY_TERMS = 1000  # terms kept per story centroid and language
STORY_NAMES = 400
INDEX_TERMS = 30  # of those, indexed for retrieval
INDEX_NAMES = 20
QUERY_KEYS = 30  # article keys looked up in the index
MAX_CANDIDATES = 15
SMALL_STORY = 2  # a story this small merges at the joining threshold


def merge_checkpoint(size: int) -> bool:
    """Sizes at which a growing story looks for stories to merge with (≈ 1.25× apart: amortised cost)."""
    if size <= 6:
        return size >= 2
    step = 2 ** max(0, size.bit_length() - 3)
    return size % step == 0


@dataclass
class Profile:
    """Term and name vectors (sums of unit vectors), embedding sum and window of an article or a story."""

    centroids: dict[str, dict[str, float]] = field(default_factory=dict)  # language → term → weight
    norms: dict[str, float] = field(default_factory=dict)
    names: dict[str, float] = field(default_factory=dict)
    names_norm: float = 0.0
    embedding: np.ndarray | None = None
    first: int | None = None
    last: int | None = None
    size: int = 0


@dataclass
class StoryState(Profile):
    id: str = ""
    seq: int = 0  # creation order (ties and merges go to the older story)
    touched: int = 0  # stream position of the last article that joined
    indexed: list[str] = field(default_factory=list)  # index keys currently pointing here

    def to_json(self) -> dict:
        return {
            "id": self.id, "seq": self.seq, "size": self.size, "first": self.first, "last": self.last,
            "touched": self.touched, "centroids": self.centroids, "norms": self.norms, "names": self.names,
            "names_norm": self.names_norm, "indexed": self.indexed,
            "embedding": None if self.embedding is None else base64.b64encode(
                self.embedding.astype(np.float32).tobytes()).decode("ascii"),
        }

    @classmethod
    def from_json(cls, d: dict) -> StoryState:
        emb = d.get("embedding")
        return cls(
            centroids=d["centroids"], norms=d["norms"], names=d["names"], names_norm=d["names_norm"],
            embedding=None if emb is None else np.frombuffer(base64.b64decode(emb), dtype=np.float32).copy(),
            first=d["first"], last=d["last"], size=d["size"], id=d["id"], seq=d["seq"], touched=d["touched"],
            indexed=d["indexed"],
        )


@dataclass(frozen=True, slots=True)
class Decision:
    article: str
    story: str  # the story the article is in after this step (merges included)
    score: float  # best score (0 for a new story)
    new: bool
    merged: tuple[str, ...] = ()  # stories absorbed into `story` at this step


def story_id(first_article: str) -> str:
    return "s-" + hashlib.sha256(first_article.encode()).hexdigest()[:12]


class Clusterer:
    def __init__(self, params: StoryParams) -> None:
        self.p = params
        self.df: dict[str, int] = {}
        self.n_docs = 0
        self.stories: dict[str, StoryState] = {}  # active stories only
        self.postings: dict[str, dict[str, None]] = {}  # index key → story ids (an ordered set)
        self.clock: int | None = None  # newest publication day seen
        self.position = 0  # articles seen
        self.seq = 0  # stories opened

    # -- the one operation ---------------------------------------------------------------------------
    def add(self, f: ArticleFeatures, same_story_as: str | None = None) -> Decision:
        """Assign one article; `same_story_as` is the story of an article it copies (if still active)."""
        self.position += 1
        if f.day is not None and (self.clock is None or f.day > self.clock):
            self.clock = f.day
            self._close_idle()
        article = self._profile(f)
        self._count_document(f)
        best: StoryState | None = None
        score = 0.0
        if same_story_as is not None and same_story_as in self.stories:
            best, score = self.stories[same_story_as], 1.0
        else:
            for story in self._candidates(article):
                s = self.similarity(article, story)
                if s > score:
                    best, score = story, s
            if best is not None and score < self._threshold(article, best, small=True):
                best = None
        new = best is None
        if best is None:
            self.seq += 1
            best = StoryState(id=story_id(f.id), seq=self.seq)
            self.stories[best.id] = best
        _add_into(best, article)
        best.touched = self.position
        if not new and merge_checkpoint(best.size):
            sid, absorbed = self._merge_around(best)  # reindexes the surviving story
        else:
            sid, absorbed = best.id, ()
            if new:
                self._reindex(best)  # a growing story's top terms change slowly: reindexed at checkpoints
        return Decision(f.id, sid, round(score, 4), new, absorbed)

    # -- profiles -----------------------------------------------------------------------------------
    def _idf(self, key: str) -> float:
        return math.log((self.n_docs + 1) / (self.df.get(key, 0) + 1)) + 1.0

    def _weights(self, counts: Counter, prefix: str, keep: int) -> dict[str, float]:
        w = {k: (1.0 + math.log(c)) * self._idf(prefix + k) for k, c in counts.items() if c > 0}
        top = sorted(w.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
        norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
        return {k: v / norm for k, v in top}

    def _profile(self, f: ArticleFeatures) -> Profile:
        terms = self._weights(f.terms, "", ARTICLE_TERMS)
        names = self._weights(f.names, "@", ARTICLE_NAMES)
        emb = None if f.embedding is None else np.asarray(f.embedding, dtype=np.float32)
        return Profile({f.language: terms} if terms else {}, {f.language: 1.0} if terms else {}, names,
                       1.0 if names else 0.0, emb, f.day, f.day, 1)

    def _count_document(self, f: ArticleFeatures) -> None:
        self.n_docs += 1
        for t in f.terms:
            self.df[t] = self.df.get(t, 0) + 1
        for k in f.names:
            self.df["@" + k] = self.df.get("@" + k, 0) + 1

    # -- similarity ---------------------------------------------------------------------------------
    def similarity(self, a: Profile, b: Profile) -> float:
        p = self.p
        gap = _gap(a, b)
        if gap > p.window_days:
            return 0.0
        names = _cosine(a.names, a.names_norm, b.names, b.names_norm)
        emb = None
        if a.embedding is not None and b.embedding is not None:
            na, nb = float(np.linalg.norm(a.embedding)), float(np.linalg.norm(b.embedding))
            emb = float(np.dot(a.embedding, b.embedding)) / (na * nb) if na and nb else 0.0
        shared = [lang for lang in a.centroids if lang in b.centroids]
        if shared:
            text = max(_cosine(a.centroids[lang], a.norms[lang], b.centroids[lang], b.norms[lang]) for lang in shared)
            parts = [(p.text_weight, text), (p.name_weight, names)]
        else:
            parts = [(p.name_weight, names)]
        if emb is not None:
            parts.append((p.embedding_weight, emb))
        s = sum(w * v for w, v in parts) / sum(w for w, _ in parts)
        if not shared and emb is None:
            s *= p.crosslingual_names_only  # names alone are weaker evidence than names and text
        return s * (1.0 - 0.5 * gap / p.window_days) if gap > 0 else s

    def _threshold(self, a: Profile, b: Profile, small: bool) -> float:
        base = self.p.threshold if small else self.p.merge_threshold
        if not any(lang in b.centroids for lang in a.centroids):
            return max(base, self.p.crosslingual_threshold)
        return base

    def _candidates(self, prof: Profile, exclude: str | None = None) -> list[StoryState]:
        hits: Counter = Counter()
        for key in _query_keys(prof):
            for sid in self.postings.get(key, ()):
                if sid != exclude:
                    hits[sid] += 1
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], self.stories[kv[0]].seq))[:MAX_CANDIDATES]
        return sorted((self.stories[sid] for sid, _ in ranked), key=lambda s: s.seq)

    # -- merging ------------------------------------------------------------------------------------
    def _merge_around(self, story: StoryState) -> tuple[str, tuple[str, ...]]:
        """Merge `story` with the stories it now matches; returns (surviving id, absorbed ids)."""
        absorbed: list[str] = []
        for _ in range(3):  # a few merges per step at most: each one is re-checked from the merged story
            best, score = None, 0.0
            for other in self._candidates(story, exclude=story.id):
                s = self.similarity(story, other)
                small = min(story.size, other.size) <= SMALL_STORY
                if s >= self._threshold(story, other, small) and s > score:
                    best, score = other, s
            if best is None:
                break
            keep, drop = (story, best) if story.seq < best.seq else (best, story)
            _add_into(keep, drop)
            keep.touched = self.position
            self._drop(drop.id)
            absorbed.append(drop.id)
            story = keep
        self._reindex(story)
        return story.id, tuple(absorbed)

    # -- index and memory ---------------------------------------------------------------------------
    def _reindex(self, story: StoryState) -> None:
        keys: dict[str, None] = {}
        for lang in sorted(story.centroids):
            for t, _ in _top(story.centroids[lang], INDEX_TERMS):
                keys[t] = None
        for k, _ in _top(story.names, INDEX_NAMES):
            keys["@" + k] = None
        new = list(keys)
        for k in story.indexed:
            if k not in keys:
                posting = self.postings.get(k)
                if posting is not None:
                    posting.pop(story.id, None)
                    if not posting:
                        del self.postings[k]
        for k in new:
            self.postings.setdefault(k, {})[story.id] = None
        story.indexed = new

    def _close_idle(self) -> None:
        """Stories whose last article is `window_days` behind the newest date are finished: out of memory."""
        limit = self.clock - self.p.window_days
        for sid in [s.id for s in self.stories.values() if s.last is not None and s.last < limit]:
            self._drop(sid)
        while len(self.stories) > self.p.max_active:  # undated streams: the longest idle stories go
            self._drop(min(self.stories.values(), key=lambda s: (s.touched, s.seq)).id)

    def _drop(self, sid: str) -> None:
        story = self.stories.pop(sid)
        for k in story.indexed:
            posting = self.postings.get(k)
            if posting is not None:
                posting.pop(sid, None)
                if not posting:
                    del self.postings[k]

    # -- persistence --------------------------------------------------------------------------------
    def to_json(self) -> dict:
        return {
            "n_docs": self.n_docs, "df": self.df, "clock": self.clock, "position": self.position, "seq": self.seq,
            "stories": [s.to_json() for s in self.stories.values()],
        }

    @classmethod
    def from_json(cls, data: dict | None, params: StoryParams) -> Clusterer:
        c = cls(params)
        if not data:
            return c
        c.n_docs, c.df, c.clock = data["n_docs"], data["df"], data["clock"]
        c.position, c.seq = data["position"], data["seq"]
        for d in data["stories"]:
            s = StoryState.from_json(d)
            c.stories[s.id] = s
            for k in s.indexed:
                c.postings.setdefault(k, {})[s.id] = None
        return c


def _add_into(story: Profile, other: Profile) -> None:
    """Sum `other` (an article or a story) into `story`; weights are cut back to the top ones now and then."""
    for lang, vec in other.centroids.items():
        c = story.centroids.get(lang)
        if c is None:
            story.centroids[lang] = c = {}
        sq = story.norms.get(lang, 0.0) ** 2
        for t, w in vec.items():
            old = c.get(t, 0.0)
            c[t] = old + w
            sq += 2 * old * w + w * w
        if len(c) > 2 * STORY_TERMS:  # amortised: cut to the top weights once the dict doubles
            c = story.centroids[lang] = dict(_top(c, STORY_TERMS))
            sq = _norm(c) ** 2
        story.norms[lang] = math.sqrt(max(sq, 0.0))
    if other.names:
        names = story.names
        sq = story.names_norm ** 2
        for k, w in other.names.items():
            old = names.get(k, 0.0)
            names[k] = old + w
            sq += 2 * old * w + w * w
        if len(names) > 2 * STORY_NAMES:
            names = story.names = dict(_top(names, STORY_NAMES))
            sq = _norm(names) ** 2
        story.names_norm = math.sqrt(max(sq, 0.0))
    if other.embedding is not None:
        story.embedding = other.embedding.copy() if story.embedding is None else story.embedding + other.embedding
    if other.first is not None:
        story.first = other.first if story.first is None else min(story.first, other.first)
        story.last = other.last if story.last is None else max(story.last, other.last)
    story.size += other.size


def _query_keys(prof: Profile) -> list[str]:
    keys: dict[str, None] = {}
    for lang in sorted(prof.centroids):
        for t, _ in _top(prof.centroids[lang], QUERY_KEYS):
            keys[t] = None
    for k, _ in _top(prof.names, QUERY_KEYS // 2):
        keys["@" + k] = None
    return list(keys)


def _top(weights: dict[str, float], n: int) -> list[tuple[str, float]]:
    return sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def _norm(weights: dict[str, float]) -> float:
    return math.sqrt(sum(w * w for _, w in sorted(weights.items())))


def _cosine(a: dict[str, float], na: float, b: dict[str, float], nb: float) -> float:
    if not na or not nb:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[k] for k, w in a.items() if k in b) / (na * nb)


def _gap(a: Profile, b: Profile) -> int:
    """Days between two activity windows (0 when they overlap or a date is unknown)."""
    if a.first is None or b.first is None:
        return 0
    if a.first > b.last:
        return a.first - b.last
    if b.first > a.last:
        return b.first - a.last
    return 0
