"""Helpers for the web tests: hostile articles, and story sections written into a store built from our own example
corpus so every part of a page is exercised whether or not the stages that compute them have run.

The sections are built from the stored articles themselves (real sentences, real offsets, real outlets), so
what the pages render can be checked against the store.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace

from recoupe.model import Citation, Claim, Conflict, Entity, Fact, Quote, SummarySentence, TimelineEntry

# Each payload would set window.recoupePwned if it ever ran.
SCRIPT = "<script>window.recoupePwned=1</script>"
IMG = '<img src=x onerror="window.recoupePwned=2">'
LINK = '<a href="javascript:window.recoupePwned=3">cliquez ici</a>'
HOSTILE_ARTICLE = {
    "title": f"Piège {SCRIPT} dans le titre",
    "outlet": 'Le Piège"><svg onload="window.recoupePwned=4">',
    "url": "javascript:window.recoupePwned=5",
    "published": "2025-03-15",
    "text": (
        f"Le conseil municipal de Brévanne a voté mardi un budget de crise. {SCRIPT}\n\n"
        f"Le maire a présenté le texte devant les élus. {IMG} Les débats ont duré quatre heures.\n\n"
        f"Les documents sont en ligne : {LINK}. La séance reprendra jeudi."
    ),
}


def hostile_json() -> str:
    return json.dumps(HOSTILE_ARTICLE, ensure_ascii=False)


def _eid(name: str, label: str) -> str:
    return "e-" + hashlib.sha256(f"{label}:{name}".encode()).hexdigest()[:12]


def link_entities(store) -> list[Entity]:
    """One entity per distinct (type, surface text) of the stored mentions: a stand-in for entity linking."""
    articles = [a.id for a in store.articles()]
    groups: dict[tuple[str, str], list] = {}
    for an in store.analyses(articles).values():
        for m in an.mentions:
            groups.setdefault((m.label, m.text), []).append(m)
    entities = [
        Entity(_eid(text, label), text, label, (), tuple(replace(m, entity=_eid(text, label)) for m in ms))
        for (label, text), ms in groups.items()
    ]
    store.replace_entities(entities)
    return entities


QUOTE = re.compile(r"«\s*([^»]{10,400}?)\s*»")


def add_quotes(store) -> int:
    """Direct quotes between « » with the nearest person named before them as speaker."""
    n = 0
    ids = [a.id for a in store.articles()]
    texts = {a.id: a.text for a in store.articles()}
    for aid, an in store.analyses(ids).items():
        quotes = []
        for m in QUOTE.finditer(texts[aid]):
            before = [x for x in an.mentions if x.label == "PER" and x.end <= m.start()]
            who = before[-1] if before else None
            quotes.append(Quote(aid, m.start(1), m.end(1), m.group(1), "direct",
                                speaker=who.entity if who else None, speaker_name=who.text if who else None,
                                speaker_mention=who.text if who else None, cue=None))
        if quotes:
            store.replace_analysis(replace(an, quotes=tuple(quotes)))
            n += len(quotes)
    return n


def add_sections(store, story_id: str) -> None:
    """Summary, timeline, facts and a conflict for one story, each citing real sentences of its articles."""
    story = store.story(story_id)
    articles = store.articles(list(story.articles))
    analyses = store.analyses([a.id for a in articles])

    def first_sentences(a, k=2):
        return [s for s in analyses[a.id].sentences if len(s.text) > 40][:k]

    cited = [(a, s) for a in articles for s in first_sentences(a)]
    summary = tuple(SummarySentence(s.text, (Citation(a.id, s.start, s.end),)) for a, s in cited[:3])
    statuses = ("confirmed", "reported", "expected", "denied")
    dated = [(a, s) for a, s in cited if a.published and len(a.published) == 10]
    timeline = tuple(
        TimelineEntry(a.published, s.text, statuses[i % 4], (Citation(a.id, s.start, s.end),))
        for i, (a, s) in enumerate(dated[:5])
    ) + ((TimelineEntry(dated[0][0].published[:7], "Un événement daté du mois seulement.", "expected",
                        (Citation(dated[0][0].id, dated[0][1].start, dated[0][1].end),)),) if dated else ())
    facts = []
    for i, (a, s) in enumerate(cited[:4]):
        other = articles[(i + 1) % len(articles)]
        outlets = tuple(dict.fromkeys(o for o in (a.outlet, other.outlet if i % 2 == 0 else None) if o))
        facts.append(Fact(s.text, (Citation(a.id, s.start, s.end),), outlets, len(outlets)))
    conflicts = ()
    if len(cited) >= 2:
        (a1, s1), (a2, s2) = cited[0], cited[-1]
        conflicts = (Conflict("lieu du sommet", "conflict", (
            Claim("Kolvar", s1.text, (Citation(a1.id, s1.start, s1.end),), a1.published),
            Claim("Chernolesk", s2.text, (Citation(a2.id, s2.start, s2.end),), a2.published),
        )),)
    store.save_stories([replace(story, summary=summary, timeline=timeline, facts=tuple(facts),
                                conflicts=conflicts)])


def biggest_story(store):
    return max(store.stories(), key=lambda s: (len(s.articles), s.id))


def enrich(store) -> str:
    """Entities, quotes and story sections for the biggest story; returns its id."""
    link_entities(store)
    add_quotes(store)
    story = biggest_story(store)
    add_sections(store, story.id)
    return story.id


def add_busy_sections(store, story_id: str, n_facts: int = 26) -> dict:
    """A story's facts and timeline as a long story has them, from its articles' real sentences: many facts
    citing two or three outlets each (their `outlets` are text origins, as the cross-checking stage writes
    them), and a timeline with a background date decades before the story, a vague year, many events on one
    day, one text cited twice and a sentence fragment. Returns what was written, for the tests to compare."""
    story = store.story(story_id)
    articles = store.articles(list(story.articles))
    analyses = store.analyses([a.id for a in articles])
    origin_of = {a: g.origin for g in story.provenance for a in g.articles}
    sentences = [(a, s) for a in articles for s in analyses[a.id].sentences if len(s.text.split()) >= 6
                 and s.text[:1].isupper()]
    by_article = {}
    for a, s in sentences:
        by_article.setdefault(a.id, []).append((a, s))
    pools = [v for v in by_article.values() if v]
    facts = []
    for i in range(n_facts):
        picks = [pools[(i + k) % len(pools)][(i // len(pools)) % len(pools[(i + k) % len(pools)])]
                 for k in range(1 + i % 3)]
        picks = list({a.id: (a, s) for a, s in picks}.values())
        s0 = picks[0][1]
        origins = tuple(dict.fromkeys(origin_of.get(a.id, a.outlet or a.id) for a, _ in picks))
        facts.append(Fact(s0.text, tuple(Citation(a.id, s.start, s.end) for a, s in picks), origins, len(origins)))
    dated = sorted({a.published[:10] for a in articles if a.published and len(a.published) >= 10})
    day = dated[0]
    distinct = list({s.text: (a, s) for a, s in sentences}.values())
    same_day = distinct[:8]
    later = distinct[8:12]
    entries = [TimelineEntry(day, s.text, ("confirmed", "reported")[i % 2], (Citation(a.id, s.start, s.end),))
               for i, (a, s) in enumerate(same_day)]
    for i, (a, s) in enumerate(later):
        entries.append(TimelineEntry(dated[min(i + 1, len(dated) - 1)], s.text, "reported",
                                     (Citation(a.id, s.start, s.end),)))
    a, s = distinct[12 % len(distinct)]
    entries.append(TimelineEntry("1950-05-09", s.text, "reported", (Citation(a.id, s.start, s.end),)))
    a, s = distinct[13 % len(distinct)]
    entries.append(TimelineEntry(day[:4], s.text, "expected", (Citation(a.id, s.start, s.end),)))
    a, s = same_day[0]
    repeated = TimelineEntry(day, s.text, "confirmed", (Citation(a.id, s.start, s.end),))  # the same text again
    entries.append(repeated)
    a, s = distinct[14 % len(distinct)]
    cut = next(i for i in range(1, len(s.text)) if s.text[i - 1] == " " and s.text[i].islower())
    fragment = s.text[cut:]
    entries.append(TimelineEntry(day, fragment, "reported", (Citation(a.id, s.start + cut, s.end),)))
    store.save_stories([replace(story, facts=tuple(facts), timeline=tuple(entries))])
    return {"facts": facts, "day": day, "same_day": len(same_day), "background": ["1950-05-09", day[:4]],
            "fragment": fragment, "repeated": repeated.text}
