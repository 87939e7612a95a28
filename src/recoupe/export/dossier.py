"""Format the dossier (the contract in ../shared/dossier-contract.md) from the store and what the pipeline adds.

Formatting only: analysis that depends on the request (time expressions re-anchored on a date the story
refined, the update summary after a date) is computed by `pipeline.dossier` and passed in.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timezone

from .. import __version__
from ..model import Article, Story


def build_dossier(store, story_ids: list[str] | None = None, updates: dict | None = None,
                  timexes: dict | None = None) -> dict:
    """The whole store, or only the given stories and their articles.

    `updates`: story id → (since, summary sentences), written as the story's `update_summary`; `timexes`:
    article id → its time expressions (the stored ones when absent)."""
    stories = store.stories()
    if story_ids is not None:
        wanted = set(story_ids)
        stories = [s for s in stories if s.id in wanted]
        article_ids = [a for s in stories for a in s.articles]
        articles = store.articles(article_ids)
    else:
        articles = store.articles()
    ids = {a.id for a in articles}
    story_of = {a: s.id for s in stories for a in s.articles}
    analyses = store.analyses([a.id for a in articles])
    quotes = [q for a in articles for q in analyses[a.id].quotes]
    entities = []
    for e in store.entities():
        mentions = [m for m in e.mentions if m.article in ids]
        if mentions:
            entities.append(
                {
                    "id": e.id,
                    "name": e.name,
                    "type": e.type,
                    "aliases": list(e.aliases),
                    "role": e.role,
                    "wikidata": e.wikidata,
                    "mentions": [
                        {"article": m.article, "start": m.start, "end": m.end, "text": m.text,
                         **({"role": m.role} if m.role else {})}
                        for m in mentions
                    ],
                }
            )
    return {
        "recoupe_version": __version__,
        "generated_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "articles": [article_dict(a, story_of.get(a.id), analyses[a.id], (timexes or {}).get(a.id))
                     for a in articles],
        "entities": entities,
        "quotes": [
            {
                "article": q.article, "start": q.start, "end": q.end, "text": q.text, "type": q.type,
                "speaker": q.speaker, "speaker_name": q.speaker_name, "speaker_mention": q.speaker_mention,
                "cue": q.cue, "source_kind": q.source_kind, "via": q.via,
            }
            for q in quotes
        ],
        "stories": [story_dict(s, (updates or {}).get(s.id)) for s in stories],
        "rejects": [{"source": r.source, "reason": r.reason} for r in store.rejects()],
    }


def article_dict(a: Article, story: str | None, analysis=None, timexes=None) -> dict:
    d = {
        "id": a.id,
        "source": a.source,
        "outlet": a.outlet,
        "derived_from": a.derived_from,
        "title": a.title,
        "published": a.published,
        "published_inferred": a.published_inferred,
        "published_evidence": a.published_evidence,
        "published_confidence": a.published_confidence,
        "language": a.language,
        "text": a.text,
        "removed": [{"kind": r.kind, "text": r.text} for r in a.removed],
        "duplicate_of": a.duplicate_of,
        "url": a.url,
        "author": a.author,
        "credits": list(a.credits),
        "format": a.format,
        "revision": a.revision,
        "supersedes": a.supersedes,
        "story": story,
    }
    if analysis is not None:
        d["sentences"] = [[s.start, s.end] for s in analysis.sentences]
        d["timexes"] = [
            {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value, "mod": t.mod}
            for t in (analysis.timexes if timexes is None else timexes)
        ]
        d["notes"] = list(analysis.notes)
    return d


def _cites(citations) -> list[dict]:
    return [{"article": c.article, "start": c.start, "end": c.end} for c in citations]


def story_dict(s: Story, update=None) -> dict:
    d = _story_dict(s)
    if update is not None:
        since, sentences = update
        d["update_summary"] = {"since": since, "sentences": [
            {"text": x.text, "citations": _cites(x.citations)} for x in sentences]}
    return d


def _story_dict(s: Story) -> dict:
    return {
        "id": s.id,
        "title": s.title,
        "articles": list(s.articles),
        "first_date": s.first_date,
        "last_date": s.last_date,
        "summary": [{"text": x.text, "citations": _cites(x.citations)} for x in s.summary],
        "timeline": [
            {"date": t.date, "text": t.text, "status": t.status, "citations": _cites(t.citations),
             "precision": t.precision, "value": t.value, "places": list(t.places)}
            for t in s.timeline
        ],
        "facts": [
            {
                "text": f.text, "citations": _cites(f.citations), "outlets": list(f.outlets),
                "independent_sources": f.independent_sources, "attribution": f.attribution, "score": f.score,
            }
            for f in s.facts
        ],
        "conflicts": [
            {
                "about": c.about,
                "kind": c.kind,
                "claims": [
                    {"value": cl.value, "text": cl.text, "citations": _cites(cl.citations), "published": cl.published}
                    for cl in c.claims
                ],
            }
            for c in s.conflicts
        ],
        "provenance": [asdict(p) | {"articles": list(p.articles)} for p in s.provenance],
        "shared_passages": [
            {"article": p.article, "origin": p.origin, "kind": p.kind, "share": p.share,
             "citations": _cites(p.citations)}
            for p in s.shared_passages
        ],
        **({"extra": s.extra} if s.extra else {}),
    }
