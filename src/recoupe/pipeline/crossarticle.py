"""The cross-article stages, in order: entity linking → copies and stories → dates from the story → per touched
story: skeleton (title, dates, text origins), timeline, cross-checking (facts, conflicts, summary) → saved.

Each stage is a function of its package (`entities.link`, `stories`, `crosscheck`); this module only runs them in
order, times them (logged at INFO, shown with `recoupe -v`), and persists what they return.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import replace

from ..config import Config, TimeParams
from ..crosscheck import cross_check
from ..crosscheck.timeline import build_timeline
from ..entities.link import link_entities
from ..metadata import publication_date
from ..model import Story
from ..stories import place_articles, save_engine_state, save_first_dates, story_skeleton
from ..stories.encoder import encoder_for

log = logging.getLogger(__name__)


@contextmanager
def stage(timings: dict[str, float], name: str):
    t0 = time.perf_counter()
    try:
        yield
    finally:
        spent = time.perf_counter() - t0
        timings[name] = timings.get(name, 0.0) + spent
        log.info("stage %s: %.2f s", name, spent)


def update_stories(store, config: Config, new_ids: Sequence[str] | None = None, rebuild: bool = False,
                   timings: dict[str, float] | None = None) -> list[Story]:
    """Place unassigned articles (all when rebuilding) into stories and recompute the touched stories.

    `new_ids` is accepted for callers that have it; the store's unassigned articles are the work list.
    """
    timings = {} if timings is None else timings
    with stage(timings, "entity linking"):
        link_entities(store, config)  # canonical entities first: clustering and later stages use them
    with stage(timings, "copies and stories"):
        placement = place_articles(store, config, rebuild=rebuild)
    with stage(timings, "dates from stories"):
        infer_dates_from_story(store, placement.members, placement.first_dates, config.time)
    stories = []
    with stage(timings, "cross-checking"):
        facts_encoder = encoder_for(config.crosscheck)  # the shared encoder, when cross-checking asks for it
        for sid, ids in placement.members.items():
            stories.append(build_story(store, sid, ids, config, facts_encoder))
    with stage(timings, "saving stories"):
        store.save_stories(stories, replace_all=rebuild)
        save_engine_state(store, placement)  # last: a run killed before this is replayed by the next one
    log.info("%d stories touched", len(stories))
    return store.stories()


def build_story(store, story_id: str, article_ids: list[str], config: Config, encoder=None) -> Story:
    """One story, whole: its skeleton from the grouping, then its timeline and cross-checking."""
    articles = store.articles(article_ids)
    reuse = store.text_reuse([a.id for a in articles])
    analyses = store.analyses([a.id for a in articles])
    story = story_skeleton(story_id, articles, reuse)
    story = replace(story, timeline=build_timeline(articles, analyses, story.provenance, config.timeline))
    return cross_check(story, articles, analyses, config.crosscheck, encoder)


def infer_dates_from_story(store, members: dict[str, list[str]], first_dates: dict, params: TimeParams) -> None:
    """An undated article takes the day its own text gives in its story's year (a weekday with its date, "ce
    lundi 4 septembre", a lead weekday near the story's days: see recoupe.pubdate); with none, an article
    with no date at all takes the story's month or year (at that precision). Only dates the input gave or
    inferred at `params.story_context_confidence` or more make the story's year and days."""
    changes = {}
    for ids in members.values():
        arts = store.articles(ids)
        floor = params.story_context_confidence
        sure = [a for a in arts
                if a.published and (not a.published_inferred or (a.published_confidence or 0) >= floor)]
        years = Counter(a.published[:4] for a in sure)
        if not years:
            continue
        year = int(years.most_common(1)[0][0])
        days = [a.published for a in sure if len(a.published) == 10]
        for a in arts:
            if a.published and len(a.published) == 10:
                continue
            guess = publication_date(a.published, a.text, context_year=year, context_dates=days,
                                     language=a.language, year_from_story=True)
            if guess.value and guess.value != a.published:
                changes[a.id] = {"published": guess.value, "published_inferred": True,
                                 "published_evidence": guess.evidence, "published_confidence": guess.confidence}
                first_dates.setdefault(a.id, a.published)
    if changes:
        store.update_articles(changes)
        save_first_dates(store, first_dates)
