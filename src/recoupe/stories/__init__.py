"""Stories: copies between texts, incremental clustering, text origins, and the per-story sections.

`update()` is the one entry point for the cross-article stages. New articles (those in no story yet, in
ingest order) go through the `StoryEngine` whose state was saved by the previous call, so ingesting never
re-clusters the store; `rebuild=True` (`recoupe recluster`) starts from an empty state and replays every
article in ingest order, which gives the same stories. Only touched stories are rebuilt and saved.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

from ..config import Config
from ..entities.link import link_entities
from ..metadata import publication_date
from ..model import Story
from .encoder import encoder_for
from .engine import StoryEngine
from .features import from_analysis
from .provenance import article_changes, provenance_groups, shared_passages
from .title import story_title

ENGINE_STATE = "stories.engine"
FIRST_DATES = "stories.first_dates"  # article → the date it had when first clustered (before story inference)
CHUNK = 256  # articles loaded at a time


def update(store, config: Config, new_ids: Sequence[str] | None = None, rebuild: bool = False) -> list[Story]:
    """Place unassigned articles (all when rebuilding) into stories and recompute the touched stories.

    The store's unassigned articles are the work list (`new_ids` is accepted for callers that have it, but an
    earlier run cut short leaves unassigned articles too, and they must not be forgotten).
    """
    link_entities(store, config)  # canonical entities first: clustering and later stages can use them
    params = config.stories
    encoder = encoder_for(params)
    engine = None
    if not rebuild:
        try:
            engine = StoryEngine.from_json(_load(store, ENGINE_STATE), params, encoder)
        except (KeyError, TypeError, ValueError):  # state from another version, or damaged: start over
            rebuild = True
    if rebuild:
        _forget_text_reuse(store)
        engine = StoryEngine(params, encoder)
        pending = store.article_ids()
    else:
        pending = store.article_ids(unassigned_only=True)
    first_dates: dict[str, str | None] = _load(store, FIRST_DATES) or {}
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
    members = _members(store, assigned, rebuild, engine.resolve)
    _infer_dates_from_story(store, members, first_dates)
    facts_encoder = encoder_for(config.crosscheck)  # the same shared encoder, when cross-checking asks for it
    stories = [build_story(store, sid, ids, config, facts_encoder) for sid, ids in members.items()]
    # Per-story stages fill the Story sections in build_story (timeline now; facts, conflicts, summary next).
    store.save_stories(stories, replace_all=rebuild)
    # Saved last: a run killed before this line is replayed from the previous state by the next one.
    store.set_state(ENGINE_STATE, json.dumps(engine.to_json()))
    return store.stories()


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


def build_story(store, story_id: str, article_ids: list[str], config: Config | None = None,
                encoder=None) -> Story:
    from ..crosscheck import cross_check
    from ..crosscheck.timeline import build_timeline

    articles = store.articles(article_ids)
    reuse = store.text_reuse([a.id for a in articles])
    provenance = provenance_groups(articles, reuse)
    analyses = store.analyses([a.id for a in articles])
    known = [a.published for a in articles if a.published]
    dates = sorted(d for d in known if len(d) == 10) or sorted(known)  # a day beats a bare month
    story = Story(
        id=story_id,
        title=story_title(articles),
        articles=tuple(a.id for a in articles),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        provenance=provenance,
        shared_passages=shared_passages(articles, reuse),
        timeline=build_timeline(articles, analyses, provenance),
    )
    return cross_check(story, articles, analyses, (config or Config()).crosscheck, encoder)


def _infer_dates_from_story(store, members: dict[str, list[str]], first_dates: dict) -> None:
    """An article whose text gives a day and month but no year takes the year its story is in."""
    changes = {}
    for ids in members.values():
        arts = store.articles(ids)
        years = Counter(a.published[:4] for a in arts if a.published)
        if not years:
            continue
        year = int(years.most_common(1)[0][0])
        days = [a.published for a in arts if a.published and len(a.published) == 10]
        for a in arts:
            if a.published and len(a.published) == 10:
                continue
            guess = publication_date(a.published, a.text, context_year=year, context_dates=days)
            if guess.value and guess.value != a.published:
                changes[a.id] = {"published": guess.value, "published_inferred": True}
                first_dates.setdefault(a.id, a.published)
    if changes:
        store.update_articles(changes)
        store.set_state(FIRST_DATES, json.dumps(first_dates))


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


def _load(store, key: str):
    raw = store.get_state(key)
    return json.loads(raw) if raw else None


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


__all__ = ["build_story", "update"]
