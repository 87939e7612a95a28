"""What the pages and the API show, computed from the store through its methods only (any backend works)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from ..config import ChartParams
from ..export import timeline_view, view
from ..export.dossier import article_dict
from ..export.graph import cooccurrence
from ..store.textsearch import fold
from . import charts
from .aliases import AliasError
from .markup import Span, paragraphs, render


class NotFound(LookupError):
    """An id that is not in the store (the message says which)."""


# -- stories --------------------------------------------------------------------------------------------
def _overlaps(first: str | None, last: str | None, since: date | None, until: date | None) -> bool:
    if since is None and until is None:
        return True
    lo, hi = charts.date_range(first), charts.date_range(last or first)
    if lo is None or hi is None:
        return False
    return (since is None or hi[1] >= since) and (until is None or lo[0] <= until)


def entity_articles(store, entity: str) -> set[str] | None:
    """Articles that mention an entity given by id (e-…) or by (part of) a name or alias; None if no entity fits."""
    if entity.startswith("e-"):
        found = [e for e in store.entities() if e.id == entity]
    else:
        want = fold(entity.strip())
        found = [e for e in store.entities() if any(want in fold(n) for n in (e.name, *e.aliases))]
    if not found:
        return None
    return {m.article for e in found for m in e.mentions}


def story_items(store, since: date | None = None, until: date | None = None, outlet: str | None = None,
                entity: str | None = None) -> list[dict]:
    """Stories, newest first, with what a list shows; filtered by dates (overlap), outlet and entity."""
    articles = {a.id: a for a in store.articles()}
    mentioned = entity_articles(store, entity) if entity else None
    items = []
    for s in store.stories():
        members = [articles[a] for a in s.articles if a in articles]
        outlets = list(dict.fromkeys(view.source_name(_plain(a)) for a in members))  # site or file name if no outlet
        if outlet and fold(outlet) not in {fold(o) for o in outlets}:
            continue
        if entity and not (mentioned and mentioned.intersection(s.articles)):
            continue
        if not _overlaps(s.first_date, s.last_date, since, until):
            continue
        items.append({
            "id": s.id, "title": s.title, "article_count": len(members),
            "outlets": outlets,
            "first_date": s.first_date, "last_date": s.last_date, "updated_at": s.updated_at,
            "text_origins": len(s.provenance),
            "sections": {"summary": len(s.summary), "timeline": len(s.timeline), "facts": len(s.facts),
                         "conflicts": len(s.conflicts)},
        })
    return items


def _plain(a) -> dict:
    return {"id": a.id, "outlet": a.outlet, "url": a.url, "source": a.source}


def all_outlets(store) -> list[str]:
    return sorted({a.outlet for a in store.articles() if a.outlet}, key=fold)


# -- citations ------------------------------------------------------------------------------------------
def cited_context(article: dict, start: int, end: int) -> dict:
    """The sentence(s) a citation falls in, split as before / cited span / after, for showing it in place."""
    text = article["text"]
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    spans = [(s, e) for s, e in article.get("sentences") or [] if s < max(end, start + 1) and e > start]
    if spans:
        lo, hi = spans[0][0], spans[-1][1]
    else:  # no sentence data: a window of words around the span
        lo = text.rfind(" ", 0, max(0, start - 120)) + 1
        hi = text.find(" ", min(len(text), end + 120))
        hi = len(text) if hi < 0 else hi
    lo, hi = min(lo, start), max(hi, end)
    return {"before": text[lo:start], "cited": text[start:end], "after": text[end:hi], "sentence": lo}


def article_href(article_id: str, start: int | None = None, end: int | None = None, sentence: int | None = None) -> str:
    if start is None:
        return f"/articles/{article_id}"
    return f"/articles/{article_id}?cite={start}-{end}#s-{sentence if sentence is not None else start}"


class Citations:
    """Numbers the citations of one page and resolves each to the text it cites."""

    def __init__(self, articles: dict) -> None:
        self.articles = articles
        self.count = 0

    def __call__(self, citations: list[dict]) -> list[dict]:
        out = []
        for c in citations:
            a = self.articles.get(c["article"])
            self.count += 1
            if a is None:
                out.append({"id": f"c{self.count}", "label": c["article"], "href": None, "missing": True})
                continue
            ctx = cited_context(a, c["start"], c["end"])
            out.append({
                "id": f"c{self.count}", "label": view.cite_label(c, self.articles),
                "title": view.cite_title(c, self.articles),
                "href": article_href(a["id"], c["start"], c["end"], ctx["sentence"]), "context": ctx,
                "outlet": view.outlet_label(a), "date": view.date_label(a), "missing": False,
            })
        return out


# -- one story ------------------------------------------------------------------------------------------
def story_view(dossier: dict, params: ChartParams = charts.DEFAULT_CHARTS) -> dict:
    """Everything the story page shows, from the story's dossier (the contract's dict)."""
    s = dossier["stories"][0]
    idx = view.index(dossier)
    articles = idx["articles"]
    cite = Citations(articles)
    outlets = view.outlets_of(s["articles"], articles)
    shown = timeline_view.readable(s["timeline"], s.get("first_date"), s.get("last_date"), params)
    numbered = [dict(t, number=i, cites=cite(t["citations"]))
                for i, t in enumerate(shown.events + shown.background, 1)]
    timeline, background = numbered[: len(shown.events)], numbered[len(shown.events):]
    origin_of = {a: g for g in s.get("provenance", []) for a in g["articles"]}
    rows = []
    for a_id in s["articles"]:
        a = articles.get(a_id)
        if not a:
            continue
        group = origin_of.get(a_id)
        origin = None
        if group:
            origin = "own text" if group["origin"].startswith("a-") else group["origin"]
        rows.append({"a": a, "outlet": view.outlet_label(a), "date": view.date_label(a), "origin": origin,
                     "shared": len(group["articles"]) if group and len(group["articles"]) > 1 else 0})
    mention_counts = Counter(m["article"] for e in dossier["entities"] for m in e["mentions"])
    columns = view.matrix_columns(s["articles"], articles)
    return {
        "s": s,
        "articles": articles,
        "outlets": outlets,
        "summary": [dict(x, cites=cite(x["citations"])) for x in s["summary"]],
        "timeline": timeline,
        "background": background,
        "timeline_dropped": shown.dropped,
        "period": shown.period,
        "timeline_svg": charts.timeline_svg(timeline, shown.period, params),
        "columns": columns,
        "facts": [dict(f, cites=cite(f["citations"]), single=f["independent_sources"] < 2,
                       cells=view.matrix_cells(f, columns, articles)) for f in s["facts"]],
        "conflicts": [
            dict(c, claims=[dict(cl, cites=cite(cl["citations"])) for cl in c["claims"]]) for c in s["conflicts"]
        ],
        "speakers": speaker_groups(dossier, s["articles"], articles),
        "rows": rows,
        "entities": sorted(
            ({"id": e["id"], "name": e["name"], "type": e["type"], "count": len(e["mentions"])}
             for e in dossier["entities"]),
            key=lambda e: (-e["count"], e["name"]),
        )[:40],
        "mentioned_articles": len(mention_counts),
    }


def pending_corrections(aliases, entity_id: str, store) -> list[dict]:
    """Spellings of this entity that the alias file now gives to another entry: corrections written but not
    applied yet (the stories have not been rebuilt since)."""
    e = next((x for x in store.entities() if x.id == entity_id), None)
    if e is None:
        return []
    try:
        entries = aliases.entries()
    except AliasError:  # a broken file is reported when a correction is made; here it only hides the notice
        return []
    own = next((x for x in entries if fold(x["name"]) == fold(e.name)), None)
    out = []
    for text in dict.fromkeys(m.text for m in e.mentions):
        other = next((x for x in entries if x is not own
                      and fold(text) in {fold(n) for n in [x["name"], *(x.get("aliases") or [])]}), None)
        if other is not None and own is not None:
            out.append({"text": text, "to": other["name"]})
    return out


def speaker_groups(dossier: dict, article_ids: list[str], articles: dict) -> list[dict]:
    """Quotes grouped by who said them (resolved entity, else the name as written), most quoted first."""
    groups: dict[str, dict] = {}
    wanted = set(article_ids)
    for q in dossier["quotes"]:
        if q["article"] not in wanted:
            continue
        name = q.get("speaker_name") or q.get("speaker_mention")
        key = q.get("speaker") or (fold(name) if name else "")
        g = groups.setdefault(key, {"name": name or "Unattributed", "entity": q.get("speaker"), "quotes": []})
        a = articles[q["article"]]
        ctx_sentence = cited_context(a, q["start"], q["end"])["sentence"]
        g["quotes"].append(dict(q, outlet=view.outlet_label(a), date=view.date_label(a),
                                href=article_href(a["id"], q["start"], q["end"], ctx_sentence)))
    return sorted(groups.values(), key=lambda g: (g["name"] == "Unattributed", -len(g["quotes"]), fold(g["name"])))


# -- one article ----------------------------------------------------------------------------------------
def parse_span(value: str | None) -> tuple[int, int] | None:
    """'120-184' → (120, 184); anything else → None."""
    if not value:
        return None
    start, _, end = value.partition("-")
    if start.isdigit() and end.isdigit() and int(start) <= int(end):
        return int(start), int(end)
    return None


def article_view(store, article_id: str, cite: tuple[int, int] | None = None) -> dict:
    a = store.article(article_id)
    if a is None:
        raise NotFound(f"no article {article_id!r} in this store")
    analysis = store.analysis(a.id)
    story = dict(store.assignments()).get(a.id)
    d = article_dict(a, story, analysis)
    layers = [
        paragraphs(a.text),
        [Span(s.start, s.end, "span", (("class", "s"), ("id", f"s-{s.start}"))) for s in analysis.sentences],
        [Span(cite[0], cite[1], "mark", (("class", "cited"), ("id", "cited")))] if cite else [],
        [
            Span(q.start, q.end, "span", (("class", f"quote {q.type}"),
                                          ("title", f"{q.speaker_name or q.speaker_mention or 'unattributed'} "
                                                    f"({q.type} quote)")))
            for q in analysis.quotes
        ],
        [_mention_span(m) for m in analysis.mentions]
        + [Span(t.start, t.end, "span", (("class", "timex"), ("title", f"{t.value} ({t.type})")))
           for t in analysis.timexes],
    ]
    story_obj = store.story(story) if story else None
    return {
        "a": d,
        "html": render(a.text, layers),
        "story": story_obj,
        "outlet": view.outlet_label(d),
        "source_file": a.url or view.file_name(a.source) or a.source,  # a file's name, never the server's path
        "date": view.date_label(d),
        "counts": {"mentions": len(analysis.mentions), "quotes": len(analysis.quotes),
                   "timexes": len(analysis.timexes)},
        "cite": cite,
        "api": {
            "mentions": [{"start": m.start, "end": m.end, "text": m.text, "label": m.label, "entity": m.entity,
                          "role": m.role} for m in analysis.mentions],
            "quotes": [{"start": q.start, "end": q.end, "text": q.text, "type": q.type, "speaker": q.speaker,
                        "speaker_name": q.speaker_name, "speaker_mention": q.speaker_mention, "cue": q.cue}
                       for q in analysis.quotes],
        },
    }


def _mention_span(m) -> Span:
    title = m.label + (f" · {m.role}" if m.role else "")
    if m.entity:
        return Span(m.start, m.end, "a", (("class", f"ent {m.label}"), ("href", f"/entities/{m.entity}"),
                                          ("title", title)))
    return Span(m.start, m.end, "span", (("class", f"ent {m.label}"), ("title", title)))


# -- entities -------------------------------------------------------------------------------------------
def entity_items(store, q: str | None = None) -> list[dict]:
    want = fold(q.strip()) if q else ""
    items = [
        {"id": e.id, "name": e.name, "type": e.type, "role": e.role, "aliases": list(e.aliases),
         "mentions": len(e.mentions), "articles": len({m.article for m in e.mentions})}
        for e in store.entities()
        if not want or any(want in fold(n) for n in (e.name, *e.aliases))
    ]
    return sorted(items, key=lambda e: (-e["mentions"], fold(e["name"])))


def entity_view(store, entity_id: str, neighbours: int = 14) -> dict:
    entities = {e.id: e for e in store.entities()}
    e = entities.get(entity_id)
    if e is None:
        raise NotFound(f"no entity {entity_id!r} in this store")
    article_ids = list(dict.fromkeys(m.article for m in e.mentions))
    articles = {a.id: a for a in store.articles(article_ids)}
    analyses = store.analyses(article_ids)
    per_day: Counter = Counter()
    per_article: Counter = Counter(m.article for m in e.mentions)
    for m in e.mentions:
        published = articles[m.article].published if m.article in articles else None
        if published:
            per_day[published[:10]] += 1
    seen = Counter(m.text for m in e.mentions)
    quotes_by, quotes_about = [], []
    own = defaultdict(list)
    for m in e.mentions:
        own[m.article].append((m.start, m.end))
    for art_id, an in analyses.items():
        a = articles.get(art_id)
        if a is None:
            continue
        for q in an.quotes:
            item = {"text": q.text, "type": q.type, "speaker_name": q.speaker_name, "speaker": q.speaker,
                    "article": art_id, "outlet": view.source_name(_plain(a)), "published": a.published,
                    "href": article_href(art_id, q.start, q.end)}
            if q.speaker == e.id:
                quotes_by.append(item)
            elif any(q.start <= s and t <= q.end for s, t in own[art_id]):
                quotes_about.append(item)
    sentences = {aid: [[s.start, s.end] for s in an.sentences] for aid, an in analyses.items()}
    linked = [(m.entity, m.article, m.start) for an in analyses.values() for m in an.mentions if m.entity]
    pairs = cooccurrence(linked, sentences)
    near = Counter()
    for (x, y), w in pairs.items():
        if e.id in (x, y):
            near[y if x == e.id else x] += w
    top = [n for n, _ in near.most_common(neighbours) if n in entities]
    keep = {e.id, *top}
    nodes = [charts.Node(n, entities[n].name, entities[n].type, len(entities[n].mentions), f"/entities/{n}")
             for n in [e.id, *top]]
    edges = [(x, y, w) for (x, y), w in pairs.items() if x in keep and y in keep]
    return {
        "e": e,
        "seen": seen.most_common(),
        "articles": sorted(
            ({"id": aid, "title": a.title or view.source_name(_plain(a)), "outlet": view.source_name(_plain(a)),
              "published": a.published,
              "count": per_article[aid]} for aid, a in articles.items()),
            key=lambda r: (r["published"] or "", r["id"]),
        ),
        "per_day": dict(sorted(per_day.items())),
        "bars_svg": charts.bars_svg(dict(per_day)),
        "quotes_by": quotes_by,
        "quotes_about": quotes_about,
        "near": [{"id": n, "name": entities[n].name, "type": entities[n].type, "weight": near[n]} for n in top],
        "graph_svg": charts.graph_svg(nodes, edges, center=e.id) if top else "",
        "others": sorted(((x.id, x.name) for x in entities.values() if x.id != e.id and x.type == e.type),
                         key=lambda p: fold(p[1])),
    }
