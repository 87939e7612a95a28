"""Copy detection and story clustering over a stream of articles, with state that survives between runs.

The pipeline (`stories.update`), the evaluations and the benchmark all feed articles through `StoryEngine`,
so what is measured is what runs.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..config import StoryParams
from .cluster import Clusterer, Decision
from .dedup import Deduper, Reuse
from .features import ArticleFeatures

ENCODE_BATCH = 64


@dataclass(frozen=True, slots=True)
class Placed:
    """Where one article went: its story, and the earlier texts it reproduces."""

    decision: Decision
    reuse: tuple[Reuse, ...]


class StoryEngine:
    def __init__(self, params: StoryParams, encoder=None, model=None) -> None:
        self.params = params
        self.encoder = encoder
        self.dedup = Deduper(window_days=params.dedup_window_days, dup_jaccard=params.dup_jaccard)
        self.clusterer = Clusterer(params, model)  # model: the shipped pair model unless given
        self.story_of: OrderedDict[str, str] = OrderedDict()  # recent articles (those dedup indexes) → story
        self.absorbed: dict[str, str] = {}  # stories merged into another during this run → the other

    def resolve(self, story: str) -> str:
        """The story a (possibly since merged) story id now lives in."""
        while story in self.absorbed:
            story = self.absorbed[story]
        return story

    def add(self, f: ArticleFeatures) -> Placed:
        reuse = tuple(self.dedup.add(f.id, f.text, f.day))
        copied = next((r.origin for r in reuse if r.kind in ("duplicate", "copy")), None)
        decision = self.clusterer.add(f, same_story_as=self.story_of.get(copied) if copied else None)
        if decision.merged:
            gone = set(decision.merged)
            for a, s in self.story_of.items():
                if s in gone:
                    self.story_of[a] = decision.story
            for a in gone:
                self.absorbed[a] = decision.story
        self.story_of[f.id] = decision.story
        if len(self.story_of) > 2 * len(self.dedup.indexed) + 1000:  # forget articles dedup forgot
            self._prune()
        return Placed(decision, reuse)

    def _prune(self) -> None:
        self.story_of = OrderedDict((a, s) for a, s in self.story_of.items() if a in self.dedup.indexed)

    def run(self, features: Iterable[ArticleFeatures]) -> Iterator[Placed]:
        """Place articles in order; with an encoder, embeddings are computed in batches on the way."""
        if self.encoder is None:
            for f in features:
                yield self.add(f)
            return
        batch: list[ArticleFeatures] = []
        for f in features:
            batch.append(f)
            if len(batch) >= ENCODE_BATCH:
                yield from self._encoded(batch)
                batch = []
        yield from self._encoded(batch)

    def _encoded(self, batch: list[ArticleFeatures]) -> Iterator[Placed]:
        if not batch:
            return
        vectors = self.encoder.encode([f.lead for f in batch] + [f.body for f in batch])
        for f, lead, body in zip(batch, vectors[: len(batch)], vectors[len(batch):]):
            f.embedding, f.body_embedding = lead, body
            yield self.add(f)

    def to_json(self) -> dict:
        self._prune()
        return {
            "dedup": self.dedup.to_json(),
            "clusterer": self.clusterer.to_json(),
            "story_of": list(self.story_of.items()),
        }

    @classmethod
    def from_json(cls, data: dict | None, params: StoryParams, encoder=None, model=None) -> StoryEngine:
        engine = cls(params, encoder, model)
        if data:
            engine.dedup = Deduper.from_json(data.get("dedup"), window_days=params.dedup_window_days,
                                             dup_jaccard=params.dup_jaccard)
            engine.clusterer = Clusterer.from_json(data.get("clusterer"), params, model)
            engine.story_of = OrderedDict((a, s) for a, s in data.get("story_of", []))
        return engine
