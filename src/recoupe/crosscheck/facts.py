"""Facts: what the story's articles state, grouped across articles, ranked by independent confirmation.

Statements from different articles that say the same thing (similar words, same entities) are grouped by
average-linkage clustering, so a group cannot drift through a chain of loosely related sentences. A group is
a fact: its representative is the statement closest to the others; it cites every statement; it counts
`independent_sources` as the number of distinct text origins (a wire dispatch and the papers that reprint it
are one origin). Facts are ranked by independent sources, then by how central they are to the story.
Single-source facts are kept too (fewer of them), with their attribution when the text gives one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..model import Analysis, Fact, Quote
from . import similarity
from .statements import Statement

SAME_FACT = 0.30  # average similarity at which statements are taken to say the same thing (examples key: flat 0.25-0.4)
MAX_FACTS = 40
MAX_SINGLE_SOURCE = 12

_ATTRIBUTION = re.compile(
    r"\b(?:selon|d['’]après|according to|citant|cité(?:e|s|es)? par)\s+"
    r"((?:l['’]|les?\s+|la\s+|des?\s+|du\s+|the\s+)?[^,;:.«»\"“”()]{2,70}?)(?=\s*[,;:.«»\"“”()]|\s+(?:qui|que|a|ont)\b|$)",
    re.IGNORECASE,
)


@dataclass
class Group:
    members: list[int]  # indexes into the statements
    centrality: float = 0.0


def attribution(stmt: Statement, quotes: Sequence[Quote] = ()) -> str | None:
    """Who the statement is attributed to: the speaker of a quote covering it, else "selon X" in its text."""
    for q in quotes:
        if q.start <= stmt.start + 2 and q.end >= stmt.end - 2 and (q.speaker_name or q.speaker_mention):
            return f"selon {q.speaker_name or q.speaker_mention}"
    m = _ATTRIBUTION.search(stmt.text)
    if m:
        return "selon " + " ".join(m.group(1).split())
    return None


def cluster(stmts: Sequence[Statement], sim: np.ndarray, threshold: float = SAME_FACT) -> list[Group]:
    """Average-linkage groups of statements whose mean pairwise similarity stays above the threshold."""
    if len(stmts) == 0:
        return []
    if len(stmts) == 1:
        return [Group([0])]
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1.0 - threshold
    )
    labels = model.fit_predict(1.0 - sim)
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    return [Group(m) for m in groups.values()]


def _representative(group: Group, stmts: Sequence[Statement], sim: np.ndarray) -> Statement:
    """The statement closest to the rest of its group; plain assertions and shorter ones win ties."""
    def key(i: int):
        others = [j for j in group.members if j != i]
        closeness = float(np.mean(sim[i, others])) if others else 0.0
        return (round(closeness, 2), not stmts[i].text.lstrip().startswith(("«", '"', "“")), -stmts[i].words)

    return stmts[max(group.members, key=key)]


def facts(
    stmts: Sequence[Statement],
    texts: Mapping[str, str],
    analyses: Mapping[str, Analysis] | None = None,
    max_facts: int = MAX_FACTS,
    max_single: int = MAX_SINGLE_SOURCE,
) -> tuple[Fact, ...]:
    """The story's facts, best confirmed first. `stmts` are clauses (or sentences); a fact shows the sentence
    of its representative clause and cites the sentences of all its clauses."""
    if not stmts:
        return ()
    sim = similarity.matrix(stmts)
    groups = cluster(stmts, sim, SAME_FACT)
    centre = sim.mean(axis=1)
    quotes = {a: an.quotes for a, an in (analyses or {}).items()}
    out: list[Fact] = []
    for g in groups:
        members = sorted(g.members, key=lambda i: (stmts[i].published or "9999", stmts[i].article, stmts[i].start))
        origins = list(dict.fromkeys(stmts[i].origin for i in members))
        rep = _representative(g, stmts, sim)
        cite = rep.sentence_citation
        labels = Counter(
            a for a in (attribution(stmts[i], quotes.get(stmts[i].article, ())) for i in members) if a
        )
        attributed = labels.most_common(1)[0][0] if labels and sum(labels.values()) * 2 >= len(members) else None
        centrality = float(np.mean(centre[members]))
        citations = tuple(dict.fromkeys(stmts[i].sentence_citation for i in members))
        out.append(
            Fact(
                text=texts[cite.article][cite.start:cite.end],
                citations=citations,
                outlets=tuple(origins),
                independent_sources=len(origins),
                attribution=attributed,
                score=round(len(origins) + centrality, 4),
            )
        )
    out = _merge_same_sentence(out)
    out.sort(key=lambda f: -f.score)
    multi = [f for f in out if f.independent_sources > 1]
    single = [f for f in out if f.independent_sources <= 1][:max_single]
    return tuple(multi[: max(0, max_facts - len(single))] + single)


def _merge_same_sentence(found: list[Fact]) -> list[Fact]:
    """Facts shown by the same sentence are one fact: each clause of it may be confirmed by other outlets
    ("X seeks munitions" by one, "shells and anti-tank missiles" by another), and the sentence by them all."""
    by_text: dict[str, Fact] = {}
    for f in found:
        g = by_text.get(f.text)
        if g is None:
            by_text[f.text] = f
            continue
        outlets = tuple(dict.fromkeys(g.outlets + f.outlets))
        by_text[f.text] = Fact(
            text=f.text,
            citations=tuple(dict.fromkeys(g.citations + f.citations)),
            outlets=outlets,
            independent_sources=len(outlets),
            attribution=g.attribution or f.attribution,
            score=round(len(outlets) + max(g.score % 1, f.score % 1), 4),
        )
    return list(by_text.values())
