"""Copies of one text: near-duplicate articles (MinHash LSH) and shared passages (sampled shingle index).

Both work on word 5-gram shingles of the lowercased text. A near-duplicate (estimated Jaccard ≥
`dup_jaccard`, datasketch MinHashLSH finds the candidates) gets `duplicate_of` the earliest copy. Shared
passages come from a sample of the shingles (those whose hash is 0 modulo `ANCHOR_EVERY`, the same sample in
every text, so any passage of ~40 words or more is almost surely sampled in both): an article whose sampled
shingles are mostly found in an earlier one is a copy of it (the earlier one's text with cuts or additions);
a smaller run of shared shingles is a passage taken from it (a wire paragraph inside a longer article).

Only articles of the recent past are indexed (`window_days` before the newest date seen, and at most
`max_indexed` undated ones), so memory follows the window, not the history. The index serialises to JSON for
the incremental path; replaying the same articles in the same order gives the same answers.
"""

from __future__ import annotations

import base64
import heapq
import re
import zlib
from collections import Counter, OrderedDict
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE = 5  # words per shingle
ANCHOR_EVERY = 8  # sample one shingle in 8 (by hash) for the passage index
NUM_PERM = 64
MIN_ANCHORS = 4  # shared sampled shingles that make a passage (≈ 35–50 shared words)
DUPLICATE_SHARE = 0.8  # share of an article found in an earlier one that makes it a near-duplicate
MAX_POSTINGS = 16  # articles kept per sampled shingle: the earliest copies are the ones that matter
_TOKEN = re.compile(r"\w+", re.UNICODE)
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=7).permutations
_MASK = np.uint64(0xFFFFFFFF)


@dataclass(frozen=True, slots=True)
class Reuse:
    """Article `article` reproduces text of the earlier article `origin`."""

    article: str
    origin: str
    kind: str  # duplicate | copy | passage
    score: float  # Jaccard estimate (duplicate) or share of the article's text found in the origin
    spans: tuple[tuple[int, int], ...] = ()  # character spans of the shared text in `article`


@dataclass(slots=True)
class _Indexed:
    day: int | None
    anchors: int  # number of distinct sampled shingles
    minhash: np.ndarray  # uint32 hash values
    root: str  # the earliest article this one is a near-duplicate of (itself when none)
    seq: int  # arrival order


def shingles(text: str, token_hash: dict[str, int]) -> np.ndarray:
    """uint32 hash of each word 5-gram of a text (words lowercased)."""
    hashes = []
    for w in _TOKEN.findall(text.lower()):
        h = token_hash.get(w)
        if h is None:
            h = token_hash[w] = zlib.crc32(w.encode("utf-8"))
        hashes.append(h)
    if len(hashes) < SHINGLE:
        return np.zeros(0, dtype=np.uint32)
    h = np.asarray(hashes, dtype=np.uint64)
    acc = np.zeros(len(h) - SHINGLE + 1, dtype=np.uint64)
    for i in range(SHINGLE):  # polynomial combination, wrapping mod 2^64
        acc = acc * np.uint64(1_000_003) + h[i : len(h) - SHINGLE + 1 + i]
    mixed = (acc ^ (acc >> np.uint64(29))) * np.uint64(0xBF58476D1CE4E5B9)
    return ((mixed ^ (mixed >> np.uint64(32))) & _MASK).astype(np.uint32)


def word_spans_of(text: str) -> list[tuple[int, int]]:
    """Character span of each word `shingles` counted (only computed when a copy needs citing)."""
    return [m.span() for m in _TOKEN.finditer(text)]


def minhash_of(shingle_hashes: np.ndarray) -> MinHash:
    """datasketch MinHash of a shingle set; the signature is computed in one vectorised step (affine32)."""
    a, b = _PERMUTATIONS
    if len(shingle_hashes):
        hv = np.unique(shingle_hashes).astype(np.uint32).reshape(-1, 1)
        hv ^= hv >> np.uint32(16)  # MurmurHash3 finalizer, as datasketch's affine32 scheme pre-mixes
        hv *= np.uint32(0x85EBCA6B)
        hv ^= hv >> np.uint32(13)
        hv *= np.uint32(0xC2B2AE35)
        hv ^= hv >> np.uint32(16)
        values = (hv * a.astype(np.uint32) + b.astype(np.uint32)).min(axis=0)
    else:
        values = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    return MinHash(hashvalues=values, permutations=_PERMUTATIONS, scheme="affine32")


class Deduper:
    def __init__(self, window_days: int = 14, dup_jaccard: float = 0.7, copy_share: float = 0.5,
                 max_indexed: int = 50_000) -> None:
        self.window_days = window_days
        self.dup_jaccard = dup_jaccard
        self.copy_share = copy_share
        self.max_indexed = max_indexed
        self.lsh = MinHashLSH(threshold=dup_jaccard, num_perm=NUM_PERM)
        self.indexed: OrderedDict[str, _Indexed] = OrderedDict()  # arrival order
        self.postings: dict[int, list[str]] = {}  # sampled shingle → articles (arrival order)
        self.anchor_sets: dict[str, np.ndarray] = {}
        self.clock: int | None = None
        self.seq = 0
        self._by_day: list[tuple[int, int, str]] = []  # heap of (day, seq, article) for expiry
        self._token_hash: dict[str, int] = {}

    # -- the one operation ---------------------------------------------------------------------------
    def add(self, article_id: str, text: str, day: int | None) -> list[Reuse]:
        """Index one article and say which earlier indexed articles it reproduces (best first)."""
        if article_id in self.indexed:
            return []  # already seen (a replayed article must not be its own copy)
        if len(self._token_hash) > 500_000:
            self._token_hash.clear()  # a cache only: values are recomputed identically
        hashes = shingles(text, self._token_hash)
        if day is not None:
            self.clock = day if self.clock is None else max(self.clock, day)
            self._expire()
        found: list[Reuse] = []
        mh = minhash_of(hashes)
        root = article_id
        if len(hashes):
            dup = self._near_duplicate(mh)
            passages = self._passages(article_id, hashes, text)
            if dup is None:
                dup = next(((r.origin, r.score) for r in passages if r.kind == "duplicate"), None)
            if dup is not None:
                origin, score = dup
                root = self.indexed[origin].root
                shared = next((r.spans for r in passages if r.origin == origin), ())
                found.append(Reuse(article_id, root, "duplicate", score, shared))
                passages = [r for r in passages if r.origin not in (origin, root) and r.kind != "duplicate"]
            found.extend(passages)
        self._insert(article_id, day, hashes, mh, root)
        return found

    def _near_duplicate(self, mh: MinHash) -> tuple[str, float] | None:
        best = None
        for key in self.lsh.query(mh):
            entry = self.indexed.get(key)
            if entry is None:
                continue
            jac = float(np.mean(entry.minhash == mh.hashvalues))
            if jac >= self.dup_jaccard and (best is None or (-jac, entry.seq) < (-best[1], self.indexed[best[0]].seq)):
                best = (key, jac)
        return best

    def _passages(self, article_id: str, hashes: np.ndarray, text: str) -> list[Reuse]:
        sampled = hashes % ANCHOR_EVERY == 0
        positions = np.nonzero(sampled)[0]
        anchors = np.unique(hashes[positions])
        if len(anchors) < MIN_ANCHORS:
            return []
        shared: Counter = Counter()
        for a in anchors.tolist():
            for other in self.postings.get(a, ()):
                shared[other] += 1
        out = []
        words: list[tuple[int, int]] | None = None
        hits = [(n, other) for other, n in shared.items() if n >= MIN_ANCHORS]
        for n, other in sorted(hits, key=lambda h: (-h[0], self.indexed[h[1]].seq))[:3]:
            mine = n / len(anchors)  # share of this article's text found in the other
            theirs = n / max(1, self.indexed[other].anchors)  # share of the other's text found here
            if mine >= DUPLICATE_SHARE:
                kind = "duplicate"  # (nearly) all of this text is the other's
            elif mine >= self.copy_share or theirs >= 0.8:
                kind = "copy"  # mostly the other's text, or all of it with additions
            else:
                kind = "passage"
            common = np.isin(hashes[positions], self.anchor_sets[other])
            words = word_spans_of(text) if words is None else words
            out.append(Reuse(article_id, other, kind, round(mine, 3), _spans(positions[common], words, len(hashes))))
        return out

    def _insert(self, article_id: str, day: int | None, hashes: np.ndarray, mh: MinHash, root: str) -> None:
        if article_id in self.indexed or not len(hashes):
            return
        anchors = np.unique(hashes[hashes % ANCHOR_EVERY == 0])
        self.seq += 1
        self.indexed[article_id] = _Indexed(day, len(anchors), mh.hashvalues.copy(), root, self.seq)
        if day is not None:
            heapq.heappush(self._by_day, (day, self.seq, article_id))
        self.anchor_sets[article_id] = anchors
        self.lsh.insert(article_id, mh)
        for a in anchors.tolist():
            lst = self.postings.setdefault(a, [])
            if len(lst) < MAX_POSTINGS:
                lst.append(article_id)
        while len(self.indexed) > self.max_indexed:
            self._remove(next(iter(self.indexed)))

    def _expire(self) -> None:
        """Forget dated articles that fell out of the window (undated ones go by count in _insert)."""
        limit = self.clock - self.window_days
        while self._by_day and self._by_day[0][0] < limit:
            _, seq, key = heapq.heappop(self._by_day)
            entry = self.indexed.get(key)
            if entry is not None and entry.seq == seq:
                self._remove(key)

    def _remove(self, key: str) -> None:
        self.indexed.pop(key)
        self.lsh.remove(key)
        for a in self.anchor_sets.pop(key).tolist():
            lst = self.postings.get(a)
            if lst and key in lst:
                lst.remove(key)
                if not lst:
                    del self.postings[a]

    # -- persistence --------------------------------------------------------------------------------
    def to_json(self) -> dict:
        return {
            "clock": self.clock,
            "seq": self.seq,
            "items": [
                [k, v.day, v.anchors, _b64(v.minhash), _b64(self.anchor_sets[k]), v.root, v.seq]
                for k, v in self.indexed.items()
            ],
        }

    @classmethod
    def from_json(cls, data: dict | None, **params) -> Deduper:
        d = cls(**params)
        if not data:
            return d
        for key, day, n, mh, anchors, root, seq in data["items"]:
            hv = np.frombuffer(base64.b64decode(mh), dtype=np.uint32).copy()
            anchor_arr = np.frombuffer(base64.b64decode(anchors), dtype=np.uint32).copy()
            d.indexed[key] = _Indexed(day, n, hv, root, seq)
            if day is not None:
                heapq.heappush(d._by_day, (day, seq, key))
            d.anchor_sets[key] = anchor_arr
            d.lsh.insert(key, MinHash(hashvalues=hv, permutations=_PERMUTATIONS, scheme="affine32"))
            for a in anchor_arr.tolist():
                lst = d.postings.setdefault(a, [])
                if len(lst) < MAX_POSTINGS:
                    lst.append(key)
        d.clock = data.get("clock")
        d.seq = data.get("seq", 0)
        return d


def _b64(arr: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(arr, dtype=np.uint32).tobytes()).decode("ascii")


def _spans(shingle_positions: np.ndarray, word_spans: list[tuple[int, int]],
           n_shingles: int) -> tuple[tuple[int, int], ...]:
    """Character spans covered by matched shingles; runs less than 4 sampling steps apart are merged."""
    if len(word_spans) != n_shingles + SHINGLE - 1:
        return ()  # lowercasing changed the words (rare scripts): no span rather than a wrong one
    out: list[list[int]] = []
    gap = ANCHOR_EVERY * 4
    for p in shingle_positions.tolist():
        start, end = word_spans[p][0], word_spans[min(p + SHINGLE - 1, len(word_spans) - 1)][1]
        if out and p - out[-1][2] <= gap:
            out[-1][1] = end
            out[-1][2] = p
        else:
            out.append([start, end, p])
    return tuple((s, e) for s, e, _ in out)
