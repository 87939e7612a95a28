"""Suspicious merges of the cross-article entity linking, for `recoupe eval ner --errors`.

The development articles (RPM2 by default) go through the entity stage and the linking; an entity is listed when
one of its aliases (another name than its own) was tagged with another type than the entity's, or when a news
agency's name is joined with another name (a dateline or a credit fed the merge). There is no gold for linking: this is a list to read.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ..config import Config, shared_dir

DEFAULT_CORPUS = shared_dir() / "eval" / "rpm2" / "articles.jsonl"


def suspicious_merges(path: Path = DEFAULT_CORPUS, limit: int | None = 200, config: Config | None = None
                      ) -> list[dict]:
    from ..entities.aliases import AliasTable
    from ..entities.link import Group, build_entities
    from ..text.names import fold, tokens
    from ..furniture import AGENCIES
    from ..model import Article
    from ..nlp.article_entities import local_entities
    from ..nlp.pipeline import NLP

    config = config or Config()
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()][:limit]
    arts = [Article(id=f"a-link-{i}", source=r.get("id", str(i)), text=r["text"], language=r.get("lang") or "fr")
            for i, r in enumerate(rows)]
    groups = []
    for a, analysis in zip(arts, NLP(config).analyse(arts)):
        mentions = list(analysis.mentions)
        ents, _ = local_entities(a.text, mentions)
        for e in ents:
            if e.mentions:
                groups.append(Group(a.id, e, [mentions[i] for i in e.mentions], tokens(e.name)))
    entities, _ = build_entities(groups, AliasTable.load(config.alias_file))
    agencies = {k.lower() for k in AGENCIES} | {v.lower() for v in AGENCIES.values()}
    out = []
    for e in entities:
        why = []
        for alias in e.aliases:
            key = fold(alias)
            labels = Counter(m.label for m in e.mentions if fold(m.text) == key)
            other = [lab for lab in labels if lab != e.type]
            if other and fold(alias) != fold(e.name):
                why.append(f"alias {alias!r} tagged {'/'.join(other)}, entity {e.type}")
        names = [e.name, *e.aliases]
        if any(n.lower() in agencies for n in names) and any(n.lower() not in agencies for n in names):
            why.append("a news agency joined with another name (a dateline or a credit?)")
        if why:
            out.append({"entity": e.name, "type": e.type, "aliases": sorted(e.aliases)[:8], "mentions": len(e.mentions),
                        "why": why})
    return out
