"""Text origins: what copy detection and credit lines say about who wrote which text.

Two kinds of evidence:
- credits parsed at ingest (`Article.derived_from`: "Le Monde avec AFP", "X (selon Reuters)", a lone "ATS");
- copies found by `dedup`: an article that reproduces an earlier one (near-duplicate, or mostly its text).

An article found to copy another gets `duplicate_of` (near-duplicates) and, when it names no origin of its
own, `derived_from` = the origin's outlet (or the outlet the origin itself derives from). When the copy is a
wire agency's and the earlier text is not, the stream order was the wrong way round: the earlier article is
the one derived from the agency.

Independence: articles that share a text origin are one source. Per story they form provenance groups: the
union of copy links and of articles naming the same origin (their `derived_from`, else their outlet).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..furniture import AGENCIES
from ..model import Article, Citation, ProvenanceGroup, SharedPassage
from .dedup import Reuse

_AGENCY_NAMES = {k.casefold() for k in AGENCIES} | {v.casefold() for v in AGENCIES.values()}

ReuseRow = tuple  # (article, origin, kind, score, spans, named) as the store keeps it


def is_agency(article: Article) -> bool:
    return bool(article.outlet) and article.outlet.casefold() in _AGENCY_NAMES


def origin_name(article: Article) -> str | None:
    """The outlet whose text this is: the one it derives from, else its own."""
    return article.derived_from or article.outlet


def article_changes(reuse: Sequence[Reuse], articles: dict[str, Article]) -> tuple[dict[str, dict], list[ReuseRow]]:
    """Field changes for `store.update_articles` and rows for `store.save_text_reuse`, from detected copies.

    `articles` must hold every article named in `reuse` (copier and origin); it is updated in place so that
    later relations see earlier decisions (a copy of a copy names the first origin).
    """
    changes: dict[str, dict] = defaultdict(dict)
    rows: list[ReuseRow] = []
    for r in reuse:
        copier, source = articles.get(r.article), articles.get(r.origin)
        if copier is None or source is None:
            continue
        named = False
        if r.kind == "duplicate" and copier.duplicate_of is None:
            changes[copier.id]["duplicate_of"] = source.id
            copier = articles[copier.id] = _with(copier, duplicate_of=source.id)
        if r.kind in ("duplicate", "copy"):
            writer, reader = (copier, source) if is_agency(copier) and not is_agency(source) else (source, copier)
            name = origin_name(writer)
            if reader.derived_from is None and name and name.casefold() != (reader.outlet or "").casefold():
                changes[reader.id]["derived_from"] = name
                articles[reader.id] = _with(reader, derived_from=name)
                named = True
                if reader.id != copier.id:  # the earlier article copied the later agency text
                    rows.append((reader.id, writer.id, r.kind, r.score, (), True))
                    named = False
        rows.append((r.article, r.origin, r.kind, r.score, r.spans, named))
    return dict(changes), rows


def _with(article: Article, **fields) -> Article:
    from dataclasses import replace

    return replace(article, **fields)


def provenance_groups(members: Sequence[Article], reuse: Sequence[ReuseRow] = ()) -> tuple[ProvenanceGroup, ...]:
    """Groups of the story's articles that share a text origin, largest first; every article is in one group."""
    ids = [a.id for a in members]
    by_id = {a.id: a for a in members}
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:  # the earlier article (in story order) stays the root
            if ids.index(ra) < ids.index(rb):
                parent[rb] = ra
            else:
                parent[ra] = rb

    copied: set[str] = set()
    for a, o, kind, *_ in reuse:
        if kind in ("duplicate", "copy") and a in by_id and o in by_id:
            union(a, o)
            copied.update((a, o))
    by_name: dict[str, str] = {}
    for a in members:
        if a.duplicate_of in by_id:
            union(a.id, a.duplicate_of)
            copied.update((a.id, a.duplicate_of))
        name = origin_name(a)
        if name:
            key = name.casefold()
            if key in by_name:
                union(a.id, by_name[key])
            else:
                by_name[key] = a.id
    groups: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        groups[find(i)].append(i)
    out = []
    for root, arts in groups.items():
        members_here = [by_id[i] for i in arts]
        credited = [a for a in members_here if a.derived_from]
        origin = origin_name(credited[0]) if credited else origin_name(by_id[root])
        if any(i in copied for i in arts) and len(arts) > 1:
            kind = "copy"
        elif credited:
            kind = "credit"
        elif len(arts) > 1:
            kind = "outlet"
        else:
            kind = "own"
        out.append(ProvenanceGroup(origin or root, tuple(arts), kind,
                                   root if kind == "copy" else None))
    return tuple(sorted(out, key=lambda g: (-len(g.articles), ids.index(g.articles[0]))))


def shared_passages(members: Sequence[Article], reuse: Sequence[ReuseRow]) -> tuple[SharedPassage, ...]:
    """Copied text between the story's articles, with the copier's spans as citations."""
    ids = {a.id for a in members}
    return tuple(
        SharedPassage(a, o, kind, round(score, 3), tuple(Citation(a, s, e) for s, e in spans))
        for a, o, kind, score, spans, _ in reuse
        if a in ids and o in ids
    )
