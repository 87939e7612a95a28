"""The dossier as the exports write it: the store's stories plus what depends on the request.

Time expressions are anchored again on the article's date when the story refined it after analysis, and with
`since` (an ISO date) each story gets an update summary: what its articles published after that date add.
"""

from __future__ import annotations

from ..crosscheck import update_summary
from ..crosscheck.timeline import article_timexes
from ..export import build_dossier as format_dossier


def build_dossier(store, story_ids: list[str] | None = None, since: str | None = None) -> dict:
    """The whole store, or only the given stories and their articles, as the contract's dossier."""
    stories = store.stories()
    if story_ids is not None:
        wanted = set(story_ids)
        stories = [s for s in stories if s.id in wanted]
        articles = store.articles([a for s in stories for a in s.articles])
    else:
        articles = store.articles()
    analyses = store.analyses([a.id for a in articles])
    timexes = {a.id: article_timexes(a, analyses[a.id]) for a in articles}
    updates = {}
    if since:
        by_id = {a.id: a for a in articles}
        for s in stories:
            mine = [by_id[i] for i in s.articles if i in by_id]
            updates[s.id] = (since, update_summary(s, mine, analyses, since))
    return format_dossier(store, story_ids, updates=updates, timexes=timexes)
