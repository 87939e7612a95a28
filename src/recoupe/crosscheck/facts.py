"""Facts: what the story's articles state, grouped across articles, ranked by independent confirmation.

Statements (clauses) from different articles that say the same thing are grouped by constrained
average-linkage clustering (alignment.py) over a sparse graph of candidate pairs (pairs.py) weighted by the
learned same-fact model (samefact.py): never two statements known to be about different things. A group is a
fact: its representative is the statement closest to the others whose sentence reads alone; it cites the
sentence of every statement; it counts
`independent_sources` as the number of distinct text origins: a wire dispatch and the papers that reprint it
are one origin (the story's provenance groups), and outlets that relay another outlet's report ("selon Ria
Novosti", "a affirmé le quotidien Severny Kourier") count as that outlet. Facts are ranked by independent
sources, then by how central they are to the story. Single-source facts are all kept too, after them, with
their attribution when the text gives one ("selon des diplomates cités par le Courrier de Kelvanie").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..config import CrossCheckParams
from ..model import Analysis, Fact, Quote
from ..nlp.quotes.lexicon import OUTLET_HEADS_FR
from . import alignment, pairs, similarity
from .samefact import SameFactModel, default_model
from .statements import Statement
from .text import fold

PAIR_FLOOR = 0.02  # same-fact probability under which a candidate pair is dropped from the graph
QUOTE_COVER = 0.5  # share of a statement a quote must cover for its speaker to be the statement's source

_NP = r"((?:l['’]|les?\s+|la\s+|des?\s+|du\s+|the\s+)?[^,;:.«»\"“”()]{2,70}?)"
_END = r"(?=\s*[,;:.«»\"“”()]|\s+(?:qui|que|a|ont|et)\b|$)"
_ATTRIBUTION = re.compile(rf"\b(?:selon|d['’]après|according to|citant|cit(?:é|e)(?:e|s|es)? par)\s+{_NP}{_END}",
                          re.IGNORECASE)
# "des diplomates cités par le Courrier de Kelvanie": who is relayed, and by whom
_RELAYED = re.compile(
    r"\b((?:des|les|de|d['’]|un|une|the)\s+[^,;:.«»\"“”()]{2,50}?)\s+cit(?:é|e)(?:e|s|es)?\s+par\s+" + _NP + _END,
    re.IGNORECASE,
)
_MEDIA = frozenset(fold(w) for w in OUTLET_HEADS_FR) | {"agency", "newspaper", "daily", "broadcaster", "tv"}


@dataclass(frozen=True, slots=True)
class Source:
    """Who a statement is attributed to, and whether that is an outlet whose report the text relays."""

    label: str  # "selon Ria Novosti"
    outlet: str | None = None  # the relayed outlet, which then is the statement's text origin


def source(stmt: Statement, text: str, quotes: Sequence[Quote] = (), outlets: Sequence[str] = ()) -> Source | None:
    """The statement's attribution: the speaker (and relaying outlet) of a quote covering most of it, else
    "selon X", "d'après X", "X cités par Y" in its sentence. `outlets` are the story's outlet names: a source
    naming one of them, or headed by a media word (agence, quotidien …), is a relayed outlet."""
    own = _ATTRIBUTION.search(stmt.text)
    if own:  # "…, d'après les prévisionnistes" in the statement itself says it best
        who = " ".join(own.group(1).split())
        return Source(f"selon {who}", who if _is_outlet(who, outlets) else None)
    length = max(1, stmt.end - stmt.start)
    for q in quotes:
        cover = min(q.end, stmt.end) - max(q.start, stmt.start)
        if cover < QUOTE_COVER * length:
            continue
        who = q.speaker_name or q.speaker_mention
        if who:
            label = f"selon {who}" + (f", cité par {q.via}" if q.via else "")
            relayed = q.via or (who if q.source_kind == "outlet" else None)
            return Source(label, relayed)
        if q.via:
            return Source(f"selon {q.via}", q.via)
    start, end = stmt.sentence_citation_span()
    sentence = text[start:end]
    m = _RELAYED.search(sentence)
    if m:
        who, by = " ".join(m.group(1).split()), " ".join(m.group(2).split())
        return Source(f"selon {who} cités par {by}", by)
    m = _ATTRIBUTION.search(sentence)
    if m:
        who = " ".join(m.group(1).split())
        return Source(f"selon {who}", who if _is_outlet(who, outlets) else None)
    return None


def _is_outlet(name: str, outlets: Sequence[str]) -> bool:
    folded = fold(name)
    words = set(re.findall(r"[a-z]+", folded))
    return bool(words & _MEDIA) or any(fold(o) in folded for o in outlets if o and len(o) > 2)


def attribution(stmt: Statement, quotes: Sequence[Quote] = (), text: str | None = None) -> str | None:
    """Who the statement is attributed to ("selon Ria Novosti"), or None."""
    found = source(stmt, text if text is not None else _own_text(stmt), quotes)
    return found.label if found else None


def _own_text(stmt: Statement) -> str:
    """A text in which the statement's sentence span holds its own text (when no article text is at hand)."""
    start, _ = stmt.sentence_citation_span()
    return " " * start + stmt.text


def _key(outlet: str) -> str:
    return re.sub(r"^(?:l['’]|les?\s+|la\s+|the\s+)", "", fold(outlet).strip())


def facts(
    stmts: Sequence[Statement],
    texts: Mapping[str, str],
    analyses: Mapping[str, Analysis] | None = None,
    embeddings: np.ndarray | None = None,
    params: CrossCheckParams = CrossCheckParams(),  # noqa: B008 (frozen, never mutated)
    model: SameFactModel | None = None,
) -> tuple[Fact, ...]:
    """The story's facts, best confirmed first (all of them). `stmts` are clauses (or sentences); a fact shows
    the sentence of its representative clause and cites the sentences of all its clauses. `embeddings` (one
    unit vector a statement) let paraphrases and translations meet."""
    if not stmts:
        return ()
    model = model or default_model()
    graph = alignment_graph(stmts, embeddings, params, model)
    n = len(stmts)

    def cannot(a: int, b: int) -> bool:
        return pairs.cannot_link(stmts[a], stmts[b])

    groups = alignment.link(n, graph, model.threshold, cannot, params.max_group, params.linkage)
    support = alignment.confirming(groups, graph, model.support, [s.origin for s in stmts], cannot)
    centre = np.array([sum(graph[i].values()) for i in range(n)]) / max(1, n - 1)
    specific = _specificity(stmts)
    quotes = {a: an.quotes for a, an in (analyses or {}).items()}
    outlets = sorted({s.outlet for s in stmts if s.outlet} | {s.origin for s in stmts})
    sources = [source(s, texts[s.article], quotes.get(s.article, ()), outlets) for s in stmts]
    found: list[tuple[list[int], list[int], int, float]] = []
    for group, extra in zip(groups, support):
        members = sorted([*group, *extra], key=lambda i: (stmts[i].published or "9999", stmts[i].article, stmts[i].start))
        independent = _independent(members, stmts, sources)
        # a confirmed fact ranks by how central it is to the story; an exclusive one by how checkable it is
        # (it gives a count or a date, it names its source) and how much it tells (rare words)
        weight = float(np.mean(centre[members])) if independent > 1 else \
            max(_checkable(stmts[i], sources[i]) + specific[i] for i in group) / 3
        found.append((group, members, independent, weight))
    found.sort(key=lambda x: -(x[2] + x[3]))
    shown: dict[tuple[str, int], int] = {}
    out: list[Fact] = []
    for group, members, independent, weight in found:
        rep = _representative(group, stmts, graph, set(shown), texts)
        cite = rep.sentence_citation
        key = (cite.article, cite.start)
        if independent <= 1 and key in shown and out[shown[key]].independent_sources <= 1:
            # another clause of a sentence already shown as an exclusive fact: one entry per sentence
            members = [*members, *(i for i in range(len(stmts)) if stmts[i].sentence_citation in out[shown[key]].citations)]
            out[shown[key]] = _fact(texts, cite, members, stmts, sources, 1, out[shown[key]].score)
            continue
        shown.setdefault(key, len(out))
        out.append(_fact(texts, cite, members, stmts, sources, independent, round(independent + weight, 4)))
    return tuple([f for f in out if f.independent_sources > 1] + [f for f in out if f.independent_sources <= 1])


def alignment_graph(stmts: Sequence[Statement], embeddings: np.ndarray | None, params: CrossCheckParams,
                    model: SameFactModel) -> alignment.Graph:
    """Candidate pairs weighted by the same-fact model's probability."""
    i, j = pairs.candidates(stmts, embeddings, params.neighbours, params.shared_candidates, params.max_posting)
    if not len(i):
        return {k: {} for k in range(len(stmts))}
    x = pairs.PairFeatures(stmts, embeddings).compute(i, j)
    p = model.probability(x, embedding=embeddings is not None)
    return alignment.graph_of(len(stmts), i, j, p, floor=PAIR_FLOOR)


def _fact(texts: Mapping[str, str], cite, members: Sequence[int], stmts: Sequence[Statement],
          sources: Sequence[Source | None], independent: int, score: float) -> Fact:
    members = sorted(dict.fromkeys(members), key=lambda i: (stmts[i].published or "9999", stmts[i].article, stmts[i].start))
    labels = Counter(sources[i].label for i in members if sources[i])
    attributed = labels.most_common(1)[0][0] if labels and sum(labels.values()) * 2 >= len(members) else None
    return Fact(
        text=texts[cite.article][cite.start:cite.end],
        citations=tuple(dict.fromkeys(stmts[i].sentence_citation for i in members)),
        outlets=tuple(dict.fromkeys(stmts[i].origin for i in members)),
        independent_sources=independent,
        attribution=attributed,
        score=score,
    )


def _checkable(stmt: Statement, src: Source | None) -> float:
    """0, 1 or 2: whether the statement gives a value (a count or a date) and whether it names its source."""
    return float(bool(stmt.numbers or stmt.when)) + float(src is not None)


def _specificity(stmts: Sequence[Statement]) -> np.ndarray:
    """How specific a statement is, in [0, 1]: the mean rarity of its words, counts and dates, over the
    story's highest (long sentences do not win by length)."""
    weights = similarity.idf(stmts)
    mean = np.array([float(np.mean([weights.get(t, 0.0) for t in similarity.features(s)] or [0.0])) for s in stmts])
    return mean / mean.max() if len(mean) and mean.max() > 0 else mean


def _independent(members: Sequence[int], stmts: Sequence[Statement], sources: Sequence[Source | None]) -> int:
    """Distinct text origins: a statement relaying an outlet's report counts for that outlet; one that
    announced as expected what later reports say happened ("l'accord pourrait être signé mercredi") is
    cited, but it confirms nothing."""
    happened = [stmts[i].published or "9999" for i in members if not stmts[i].expected]
    first = min(happened, default=None)
    counted = [i for i in members
               if first is None or not stmts[i].expected or (stmts[i].published or "9999") >= first]
    # an origin that only relays another outlet's report counts as that outlet; one that also states it in
    # its own words (any of its statements unattributed to an outlet) counts as itself
    said: dict[str, set[str]] = {}
    for i in counted:
        src = sources[i]
        said.setdefault(stmts[i].origin, set()).add(_key(src.outlet) if src and src.outlet else "")
    return len({next(iter(keys)) if len(keys) == 1 and "" not in keys else _key(origin)
                for origin, keys in said.items()})


# Words that open a sentence which leans on the previous one: subject pronouns, demonstratives ("Ce dernier",
# "Cette personne"), connectives, and asides; such a sentence does not say who or what alone.
_LEANS = re.compile(
    r"^\W*(?:il|elle|ils|elles|on|celui-ci|celle-ci|ceux-ci|celles-ci|ce|cet|cette|ces|ceci|cela|ça|lui|leur|"
    r"et|mais|or|donc|car|puis|ensuite|he|she|it|they|this|these|those|that|his|her|their|and|but|so|then|"
    r"also)\b|^\W*\(", re.IGNORECASE)


def reads_alone(sentence: str) -> bool:
    """A sentence a reader understands without the one before it: it does not open on a pronoun, a
    demonstrative, a connective or an aside ("Elle a confirmé …", "Ce dernier …", "(selon …)")."""
    return not _LEANS.match(sentence)


def _representative(members: Sequence[int], stmts: Sequence[Statement], graph: alignment.Graph,
                    shown: set[tuple[str, int]], texts: Mapping[str, str]) -> Statement:
    """The statement closest to the rest of its group; one whose sentence no better fact shows, whose
    sentence reads alone (see `reads_alone`), one that tells what happened rather than what was expected, a
    plain assertion (not a quotation) and a shorter one win ties."""
    def key(i: int):
        others = [j for j in members if j != i]
        closeness = sum(graph[i].get(j, 0.0) for j in others) / len(others) if others else 0.0
        s = stmts[i]
        start, end = s.sentence_citation_span()
        return ((s.article, start) not in shown, reads_alone(texts[s.article][start:end]) + bool(s.entities),
                not s.expected, round(closeness, 2),
                not s.text.lstrip().startswith(("«", '"', "“")), -s.words)

    return stmts[max(members, key=key)]
