"""Incremental story clustering: each new article joins the story it most probably belongs to, or opens one.

An article and a story are profiles (`similarity.Profile`: term, name, title and figure vectors, embeddings,
days); a story's is the sum of its members'. Whether two profiles report the same story is the learned pair
model's probability (`similarity.py`; one model for article→story and story→story).

Per article:
1. candidate stories come from an inverted index (top terms and names of active stories), never all stories,
   and only those within `window_days` of the article's day (an undated article or story is never excluded
   for its date);
2. the pair features against all candidates are computed at once (numpy over the candidates' concatenated
   vectors) and the article joins the most probable candidate at `threshold` or more (a copy found by dedup
   joins its original's story), else opens a new story;
3. other candidates the article links to with probability `link_threshold` or more are merge candidates at
   once; the joined story is also compared with its own candidates at size checkpoints. A merge needs the two
   stories themselves to match (`merge_threshold`, or `threshold` while either is small): one article near two
   events of one theme does not fuse them.
Stories idle for `window_days` behind the newest date leave memory (they are finished).

Replaying the same articles in the same order gives the same stories, in one go or across calls with the
state saved in between (`to_json`/`from_json`), so `recoupe recluster` and the incremental path agree.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..config import StoryParams
from .features import ArticleFeatures
from .similarity import Members, PairModel, Profile, gap, load_pair_model, pair_features
from .vectors import Vec, Vocabulary

ARTICLE_TERMS = 150  # terms kept per article vector
ARTICLE_NAMES = 40
STORY_TERMS = 1000  # terms kept per story centroid and language
STORY_NAMES = 400
STORY_NUMBERS = 200
INDEX_TERMS = 30  # of those, indexed for retrieval
INDEX_NAMES = 20
QUERY_KEYS = 30  # article keys looked up in the index
MAX_CANDIDATES = 15
MERGE_CANDIDATES = 6  # stories a story is compared with when it looks for merges
SMALL_STORY = 2  # a story this small merges at the joining threshold


def merge_checkpoint(size: int) -> bool:
    """Sizes at which a growing story looks for stories to merge with (≈ 1.25× apart: amortised cost)."""
    if size <= 6:
        return size >= 2
    step = 2 ** max(0, size.bit_length() - 3)
    return size % step == 0


@dataclass
class StoryState(Profile):
    id: str = ""
    seq: int = 0  # creation order (ties and merges go to the older story)
    touched: int = 0  # stream position of the last article that joined
    indexed: list[int] = field(default_factory=list)  # index keys currently pointing here
    members: list[tuple[int, Profile]] = field(default_factory=list)  # (arrival, profile): the latest members
    _packed: Members | None = None  # members packed for scoring (rebuilt after a change)

    def packed(self) -> Members:
        if self._packed is None:
            self._packed = Members([m for _, m in self.members])
        return self._packed

    def set_members(self, members: list[tuple[int, Profile]], keep: int) -> None:
        self.members = sorted(members, key=lambda nm: nm[0])[-keep:]
        self._packed = None

    def to_json(self) -> dict:
        return {
            "id": self.id, "seq": self.seq, "touched": self.touched, "indexed": self.indexed,
            **_profile_json(self), "members": [[n, _profile_json(m)] for n, m in self.members],
        }

    @classmethod
    def from_json(cls, d: dict) -> StoryState:
        return cls(**vars(_profile_from(d)), id=d["id"], seq=d["seq"], touched=d["touched"],
                   indexed=list(d["indexed"]), members=[(n, _profile_from(m)) for n, m in d["members"]])


def _profile_json(p: Profile) -> dict:
    return {"size": p.size, "first": p.first, "last": p.last,
            "terms": {lang: v.to_json() for lang, v in p.terms.items()}, "names": p.names.to_json(),
            "title": p.title.to_json(), "numbers": p.numbers.to_json(), "lead": _b64(p.lead), "body": _b64(p.body)}


def _profile_from(d: dict) -> Profile:
    return Profile(terms={lang: Vec.from_json(v) for lang, v in d["terms"].items()}, names=Vec.from_json(d["names"]),
                   title=Vec.from_json(d["title"]), numbers=Vec.from_json(d["numbers"]), lead=_unb64(d["lead"]),
                   body=_unb64(d["body"]), first=d["first"], last=d["last"], size=d["size"])


def _b64(v: np.ndarray | None) -> str | None:
    return None if v is None else base64.b64encode(v.astype(np.float32).tobytes()).decode("ascii")


def _unb64(s: str | None) -> np.ndarray | None:
    return None if s is None else np.frombuffer(base64.b64decode(s), dtype=np.float32).copy()


@dataclass(frozen=True, slots=True)
class Decision:
    article: str
    story: str  # the story the article is in after this step (merges included)
    score: float  # probability of the best candidate (0 for a new story)
    new: bool
    merged: tuple[str, ...] = ()  # stories absorbed into `story` at this step


def story_id(first_article: str) -> str:
    return "s-" + hashlib.sha256(first_article.encode()).hexdigest()[:12]


def encoder_on(params: StoryParams) -> bool:
    return params.encoder not in ("", "none", None)


class Clusterer:
    def __init__(self, params: StoryParams, model: PairModel | None = None) -> None:
        self.p = params
        self.model = model or load_pair_model(encoder_on(params))
        self.vocab = Vocabulary()
        self.stories: dict[str, StoryState] = {}  # active stories only
        self.postings: dict[int, dict[str, None]] = {}  # index key id → story ids (an ordered set)
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
        article = self.profile(f)
        self.count_document(f)
        best: StoryState | None = None
        score = 0.0
        linked: list[StoryState] = []
        if same_story_as is not None and same_story_as in self.stories:
            best, score = self.stories[same_story_as], 1.0
        else:
            candidates = self._candidates(article)
            if candidates:
                probs = self.probabilities(article, candidates)
                i = int(np.argmax(probs))  # first of equals: the oldest story
                if probs[i] >= self.p.threshold:
                    best, score = candidates[i], float(probs[i])
                    linked = [c for c, pr in zip(candidates, probs) if pr >= self.p.link_threshold and c is not best]
        new = best is None
        if best is None:
            self.seq += 1
            best = StoryState(id=story_id(f.id), seq=self.seq)
            self.stories[best.id] = best
        _add_into(best, article)
        best.set_members(best.members + [(self.position, article)], self.p.exemplars)
        best.touched = self.position
        if not new and (linked or merge_checkpoint(best.size)):
            sid, absorbed = self._merge_around(best, linked)  # reindexes the surviving story
        else:
            sid, absorbed = best.id, ()
            if new:
                self._reindex(best)  # a growing story's top terms change slowly: reindexed at checkpoints
        return Decision(f.id, sid, round(score, 4), new, absorbed)

    # -- profiles and scores ------------------------------------------------------------------------
    def profile(self, f: ArticleFeatures) -> Profile:
        v = self.vocab
        terms = v.tfidf(f.terms, "", ARTICLE_TERMS)
        return Profile(
            terms={f.language: terms} if len(terms) else {},
            names=v.tfidf(f.names, "@", ARTICLE_NAMES),
            title=v.tfidf(f.title_terms, "", ARTICLE_TERMS),
            numbers=v.binary(f.numbers, "#"),
            lead=_unit(f.embedding), body=_unit(f.body_embedding),
            first=f.day, last=f.day, size=1,
        )

    def count_document(self, f: ArticleFeatures) -> None:
        keys = list(f.terms) + ["@" + k for k in f.names] + ["#" + k for k in f.numbers]
        self.vocab.count_document(keys)

    def probabilities(self, a: Profile, stories: list[StoryState]) -> np.ndarray:
        """Per story, the mean pair probability of `a` with its latest members (average link)."""
        x, owner = pair_features(self.vocab, a, [s.packed() for s in stories])
        probs = self.model.probability(x)
        return np.bincount(owner, weights=probs, minlength=len(stories)) / np.bincount(owner, minlength=len(stories))

    def story_probabilities(self, story: StoryState, stories: list[StoryState]) -> np.ndarray:
        """Per story, the mean pair probability between its latest members and those of `story`."""
        return np.mean([self.probabilities(m, stories) for _, m in story.members], axis=0)

    def _candidates(self, prof: Profile, exclude: str | None = None, limit: int = MAX_CANDIDATES) -> list[StoryState]:
        hits = Counter()
        for key in _query_keys(prof):
            posting = self.postings.get(key)
            if posting:
                hits.update(posting.keys())
        hits.pop(exclude, None)
        window = self.p.window_days
        stories = self.stories
        ranked = heapq.nsmallest(
            limit,
            (sid for sid in hits if gap(prof, stories[sid]) <= window),
            key=lambda sid: (-hits[sid], stories[sid].seq),
        )
        return sorted((stories[sid] for sid in ranked), key=lambda s: s.seq)

    # -- merging ------------------------------------------------------------------------------------
    def _merge_around(self, story: StoryState, linked: list[StoryState]) -> tuple[str, tuple[str, ...]]:
        """Merge `story` with the stories it now matches; returns (surviving id, absorbed ids)."""
        absorbed: list[str] = []
        for _ in range(3):  # a few merges per step at most: each one is re-checked from the merged story
            others = {s.id: s for s in self._candidates(story, exclude=story.id, limit=MERGE_CANDIDATES)}
            others.update((s.id, s) for s in linked if s.id in self.stories and s.id != story.id)
            cands = sorted(others.values(), key=lambda s: s.seq)
            if not cands:
                break
            probs = self.story_probabilities(story, cands)
            best, score = None, 0.0
            for other, pr in zip(cands, probs):
                small = min(story.size, other.size) <= SMALL_STORY
                needed = self.p.threshold if small else self.p.merge_threshold
                if pr >= needed and pr > score:
                    best, score = other, pr
            if best is None:
                break
            keep, drop = (story, best) if story.seq < best.seq else (best, story)
            _add_into(keep, drop)
            keep.set_members(keep.members + drop.members, self.p.exemplars)
            keep.touched = self.position
            self._drop(drop.id)
            absorbed.append(drop.id)
            story = keep
        self._reindex(story)
        return story.id, tuple(absorbed)

    # -- index and memory ---------------------------------------------------------------------------
    def _reindex(self, story: StoryState) -> None:
        keys: dict[int, None] = {}
        for lang in sorted(story.terms):
            keys.update(dict.fromkeys(story.terms[lang].top(INDEX_TERMS).tolist()))
        keys.update(dict.fromkeys(story.names.top(INDEX_NAMES).tolist()))
        for k in story.indexed:
            if k not in keys:
                posting = self.postings.get(k)
                if posting is not None:
                    posting.pop(story.id, None)
                    if not posting:
                        del self.postings[k]
        for k in keys:
            self.postings.setdefault(k, {})[story.id] = None
        story.indexed = list(keys)

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
            "vocabulary": self.vocab.to_json(), "clock": self.clock, "position": self.position, "seq": self.seq,
            "stories": [s.to_json() for s in self.stories.values()],
        }

    @classmethod
    def from_json(cls, data: dict | None, params: StoryParams, model: PairModel | None = None) -> Clusterer:
        c = cls(params, model)
        if not data:
            return c
        c.vocab = Vocabulary.from_json(data["vocabulary"])
        c.clock, c.position, c.seq = data["clock"], data["position"], data["seq"]
        for d in data["stories"]:
            s = StoryState.from_json(d)
            c.stories[s.id] = s
            for k in s.indexed:
                c.postings.setdefault(k, {})[s.id] = None
        return c


def _unit(v) -> np.ndarray | None:
    if v is None:
        return None
    v = np.asarray(v, dtype=np.float32)
    n = float(np.linalg.norm(v))
    return v / n if n else v


def _add_into(story: Profile, other: Profile) -> None:
    """Sum `other` (an article or a story) into `story`; vectors are cut back to their top weights now and then."""
    for lang, vec in other.terms.items():
        story.terms[lang] = story.terms.get(lang, Vec()).plus(vec, STORY_TERMS)
    story.names = story.names.plus(other.names, STORY_NAMES)
    story.title = story.title.plus(other.title, STORY_TERMS)
    story.numbers = story.numbers.plus(other.numbers, STORY_NUMBERS)
    for attr in ("lead", "body"):
        mine, theirs = getattr(story, attr), getattr(other, attr)
        if theirs is not None:
            setattr(story, attr, theirs.copy() if mine is None else mine + theirs)
    if other.first is not None:
        story.first = other.first if story.first is None else min(story.first, other.first)
        story.last = other.last if story.last is None else max(story.last, other.last)
    story.size += other.size


def _query_keys(prof: Profile) -> list[int]:
    keys: dict[int, None] = {}
    for lang in sorted(prof.terms):
        keys.update(dict.fromkeys(prof.terms[lang].top(QUERY_KEYS).tolist()))
    keys.update(dict.fromkeys(prof.names.top(QUERY_KEYS // 2).tolist()))
    return list(keys)
