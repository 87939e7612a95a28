"""Stories: provenance of texts, incremental clustering, and the per-story sections."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..config import Config
from ..metadata import publication_date
from ..model import Article, ProvenanceGroup, Story
from .cluster import StoryState, assign, features


def update(store, config: Config, new_ids: Sequence[str] | None = None, rebuild: bool = False) -> list[Story]:
    """Assign new articles to stories (all articles when rebuilding) and recompute the touched stories."""
    articles = {a.id: a for a in store.articles()}
    order = list(articles)  # ingest order
    assigned = {} if rebuild else dict(store.assignments())
    assigned = {a: s for a, s in assigned.items() if a in articles}
    pending = [a for a in order if a not in assigned]
    analyses = store.analyses(order)
    states: dict[str, StoryState] = {}
    for art_id, sid in assigned.items():
        states.setdefault(sid, StoryState(sid)).add(features(articles[art_id], analyses[art_id]))
    state_list = assign(list(states.values()), [features(articles[a], analyses[a]) for a in pending])
    touched = {s.id for s in state_list if any(a in pending for a in s.articles)} if not rebuild else None
    _infer_dates_from_story(store, articles, state_list)
    articles = {a.id: a for a in store.articles()}
    stories = [
        build_story(s, [articles[a] for a in s.articles], analyses)
        for s in state_list
        if touched is None or s.id in touched
    ]
    store.save_stories(stories, replace_all=rebuild)
    return store.stories()


def _infer_dates_from_story(store, articles: dict[str, Article], states: list[StoryState]) -> None:
    """An article whose text gives a day and month but no year takes the year its story is in."""
    changes = {}
    for s in states:
        years = Counter(a.published[:4] for a in (articles[i] for i in s.articles) if a.published)
        if not years:
            continue
        year = int(years.most_common(1)[0][0])
        days = [d for d in (articles[i].published for i in s.articles) if d and len(d) == 10]
        for art_id in s.articles:
            a = articles[art_id]
            if a.published and len(a.published) == 10:
                continue
            guess = publication_date(a.published, a.text, context_year=year, context_dates=days)
            if guess.value and guess.value != a.published:
                changes[art_id] = {"published": guess.value, "published_inferred": True}
    if changes:
        store.update_articles(changes)


def build_story(state: StoryState, members: list[Article], analyses: dict | None = None) -> Story:
    from ..crosscheck.timeline import build_timeline

    dates = sorted(a.published for a in members if a.published)
    provenance = provenance_groups(members)
    return Story(
        id=state.id,
        title=story_title(members),
        articles=tuple(a.id for a in members),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        provenance=provenance,
        timeline=build_timeline(members, analyses or {}, provenance),
    )


def story_title(members: list[Article]) -> str:
    """The shortest readable headline among the story's articles (lead sentence when none has one)."""
    titles = [a.title for a in members if a.title and 20 <= len(a.title) <= 140]
    if titles:
        return min(titles, key=lambda t: (abs(len(t) - 80), t))
    return (members[0].title or members[0].text[:100]).strip()


def provenance_groups(members: list[Article]) -> tuple[ProvenanceGroup, ...]:
    """Articles that share a text origin (a republished wire copy, a near-duplicate) form one group."""
    groups: dict[str, list[str]] = {}
    by_id = {a.id: a for a in members}
    for a in members:
        origin = a.derived_from or a.outlet or a.id
        if a.duplicate_of and a.duplicate_of in by_id:
            d = by_id[a.duplicate_of]
            origin = d.derived_from or d.outlet or d.id
        groups.setdefault(origin, []).append(a.id)
    return tuple(ProvenanceGroup(o, tuple(ids)) for o, ids in groups.items())
