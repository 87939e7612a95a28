"""Stories: copies between texts, incremental clustering, text origins and the story skeleton (title, dates).

This package only groups articles. `place_articles()` puts the store's unassigned articles (all of them when
rebuilding) into stories through the `StoryEngine` whose state the previous call saved, so ingesting never
re-clusters the store; `rebuild=True` (`recoupe recluster`) starts from an empty state and replays every
article in ingest order, which gives the same stories. The pipeline (`pipeline.crossarticle`) runs it between
entity linking and the per-story cross-checking, and saves the engine state last (`save_engine_state`).
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..config import Config
from ..model import Article, Story
from .encoder import encoder_for
from .engine import StoryEngine
from .features import from_analysis
from .provenance import article_changes, provenance_groups, shared_passages
from .title import story_title

log = logging.getLogger(__name__)

ENGINE_STATE = "stories.engine"
FIRST_DATES = "stories.first_dates"  # article → the date it had when first clustered (before story inference)
CHUNK = 256  # articles loaded at a time


@dataclass
class Placement:
    """What one clustering pass did: the touched stories with their articles, and the engine to save last."""

    members: dict[str, list[str]]  # story id → article ids in joining order (touched stories only)
    engine: StoryEngine
    first_dates: dict[str, str | None]


def place_articles(store, config: Config, rebuild: bool = False) -> Placement:
    """Place unassigned articles (all when rebuilding) into stories; copies found on the way are stored.

    The store's unassigned articles are the work list: an earlier run cut short leaves unassigned articles
    too, and they must not be forgotten.
    """
    params = config.stories
    encoder = encoder_for(params)
    engine = None
    if not rebuild:
        try:
            engine = StoryEngine.from_json(load_state(store, ENGINE_STATE), params, encoder)
        except (KeyError, TypeError, ValueError):  # state from another version, or damaged: start over
            log.warning("story engine state unreadable: rebuilding all stories")
            rebuild = True
    if rebuild:
        _forget_text_reuse(store)
        engine = StoryEngine(params, encoder)
        pending = store.article_ids()
    else:
        pending = store.article_ids(unassigned_only=True)
    first_dates: dict[str, str | None] = load_state(store, FIRST_DATES) or {}
    canonical = _canonical_names(store)
    assigned: dict[str, str] = {}
    reuse_rows = []
    for chunk in _chunks(pending, CHUNK):
        articles = {a.id: a for a in store.articles(chunk)}
        analyses = store.analyses(list(articles))
        feats = (
            from_analysis(articles[i], analyses[i], published=first_dates.get(i, articles[i].published),
                          canonical=canonical)
            for i in chunk if i in articles
        )
        reuse = []
        for placed in engine.run(feats):
            assigned[placed.decision.article] = placed.decision.story
            reuse.extend(placed.reuse)
        if reuse:
            origins = {r.origin for r in reuse} - set(articles)
            articles.update((a.id, a) for a in store.articles(list(origins), current_only=False))
            changes, rows = article_changes(reuse, articles)
            store.update_articles(changes)
            reuse_rows.extend(rows)
    if reuse_rows:
        store.save_text_reuse(reuse_rows)
    assigned = {a: engine.resolve(s) for a, s in assigned.items()}  # stories merged since the article joined
    return Placement(_members(store, assigned, rebuild, engine.resolve), engine, first_dates)


def save_engine_state(store, placement: Placement) -> None:
    """Saved last: a run killed before this is replayed from the previous state by the next one."""
    store.set_state(ENGINE_STATE, json.dumps(placement.engine.to_json()))


def save_first_dates(store, first_dates: dict[str, str | None]) -> None:
    store.set_state(FIRST_DATES, json.dumps(first_dates))


def _members(store, assigned: dict[str, str], rebuild: bool, resolve) -> dict[str, list[str]]:
    """Article lists of the stories that got new articles (all stories when rebuilding), in joining order.

    A stored story merged into another during this run brings its articles along (`resolve` says where to).
    """
    touched = set(assigned.values())
    members: dict[str, list[str]] = defaultdict(list)
    if not rebuild:
        for art, sid in store.assignments():
            target = resolve(sid)
            if target in touched:
                members[target].append(art)
    seen = {a for ids in members.values() for a in ids}
    for art, sid in assigned.items():
        if art not in seen:
            members[sid].append(art)
    return dict(members)


def story_skeleton(story_id: str, articles: Sequence[Article], reuse) -> Story:
    """A story's grouping facts: title, date range, text origins and shared passages (no analysis yet)."""
    known = [a.published for a in articles if a.published]
    dates = sorted(d for d in known if len(d) == 10) or sorted(known)  # a day beats a bare month
    provenance = provenance_groups(articles, reuse)
    return Story(
        id=story_id,
        title=story_title(articles),
        articles=tuple(a.id for a in articles),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        provenance=provenance,
        shared_passages=shared_passages(articles, reuse),
    )


def _forget_text_reuse(store) -> None:
    """Before a rebuild: undo what copy detection wrote, so it is found again from scratch."""
    changes: dict[str, dict] = defaultdict(dict)
    for article, _origin, _kind, _score, _spans, named in store.text_reuse():
        changes[article]["duplicate_of"] = None
        if named:
            changes[article]["derived_from"] = None
    store.update_articles(dict(changes))
    store.save_text_reuse([], replace_all=True)


def _canonical_names(store) -> dict[str, str]:
    """Entity id → canonical name: a mention counts as its entity's name ("M. Kim" as "Kim Jong-un")."""
    return {e.id: e.name for e in store.entities()}


def load_state(store, key: str):
    raw = store.get_state(key)
    return json.loads(raw) if raw else None


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


__all__ = ["Placement", "place_articles", "save_engine_state", "save_first_dates", "story_skeleton"]
