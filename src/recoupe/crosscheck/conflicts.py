"""Conflicts and updates: statements about the same event slot that give different values.

A slot is an event type (departure, arrival, meeting, signing, death, …, found by trigger words in French
and English) about the same entities, with a value: the date nearest the trigger, the place that follows it,
or a count with its unit. Two origins giving different values for the same slot disagree. Whether that is a
conflict or an update depends on how the values were stated: a value announced as expected (conditional,
future, "doit", "prévu") and later superseded by what happened is an *update*; two outlets asserting
different values for the same past event is a *conflict*; a larger count in a later report is an update.
Denials ("ont démenti …") are attached to the statement they deny, as a conflict between "yes" and "no".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..config import CrossCheckParams
from ..model import Analysis, Claim, Conflict
from . import similarity
from .alignment import Graph, _nested
from .samefact import SameFactModel
from .statements import Statement
from .text import fold, stem

# Event types: (label fr, label en, trigger stems). Triggers are folded word prefixes.
EVENTS = {
    "departure": ("date de départ", "departure date", ("depart", "parti", "quitt", "embarqu", "leave", "left ")),
    "arrival": ("date d'arrivée", "arrival date", ("arriv", "accost", "atterr", "landed")),
    "meeting": ("lieu de la rencontre", "meeting place", ("rencontr", "sommet", "reuni", "entretien", "meet",
                                                         "summit", "talks")),
    "signing": ("date de la signature", "signing date", ("sign",)),
    "death": ("date du décès", "date of death", ("mort", "dece", "tue", "killed", "died")),
}
DENIAL_MATCH = 0.25
MIN_DENIED_WORDS = 2  # a denial must say what it denies ("ont démenti l'existence d'une annexe militaire")
_QUOTES = ("«", '"', "“")  # share of the denial's (idf²-weighted) words the denied statement must carry
SLOT_SIMILARITY = 0.12  # what two statements must share, beyond trigger and values, to be about one slot
NUMBER_SIMILARITY = 0.25
PLACE_WINDOW = 12  # words between a meeting trigger and its place
MODAL_WINDOW = 60  # characters around a trigger read for conditional or future forms
SINGLE_SLOT = {"meeting"}  # event types a story has one of: all its claims are about the same slot
FUZZY_SAME_PLACE = 0.8  # "Vostotchny" and "Vostochny" are one place

_MODAL = re.compile(
    r"\b(?:pourr?ai(?:t|ent)|devr?ai(?:t|ent)|doi(?:t|vent)|devait|devaient|\w+erai(?:t|ent)|\w+rai(?:t|ent)|"
    r"prevu|prevue|attendu|attendue|envisag\w*|annonce pour|would|will|could|expected|is to|are to|planned)\b"
)
_DENIAL = re.compile(
    r"\b(?:a|ont|avait|avaient)\s+(?:\w+\s+)?(?:dementi|nie)\b|\bdement(?:ent)?\b|\bnient?\b|\bdenie[sd]\b|"
    r"\bdeny\b|pure invention|fausses? informations?"
)  # a denial as an act ("ont démenti", "nie"), not the noun ("ce démenti")
_LOCATIVE = re.compile(r"\b(?:a|au|aux|sur|dans|at|in)\s+(?:(?:le|la|les|l'|un|une|the)\s*)?(?:\S+\s+){0,3}(?:de\s+|d'|of\s+)?$")
# Words that frame a denial rather than say what is denied ("ont démenti vendredi l'existence de …").
_DENIAL_FRAME = frozenset(
    stem(w) for w in ["dementi", "dementent", "dement", "nie", "nient", "denied", "deny", "existence", "accusation", "accusations", "information", "informations", "rumeur", "rumeurs", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier", "veille", "gouvernement", "gouvernements", "autorites", "reprise", "reprises", "plusieurs", "porte-parole", "presidence", "ministre", "ministere"]
)
_YEAR = re.compile(r"\b(19|20)\d\d\b")


@dataclass
class SlotClaim:
    event: str
    value: str
    stmt: Statement
    expected: bool


def expected(stmt: Statement, at: int | None = None) -> bool:
    """Stated as something to come (conditional, future, "doit", "prévu") rather than as having happened;
    with `at` (the trigger's offset), only the words around the trigger count ("son pays ferait …, lors
    d'une rencontre" reports a conditional, but the meeting itself happened)."""
    text = fold(stmt.text)
    if at is not None:
        text = text[max(0, at - MODAL_WINDOW):at + MODAL_WINDOW]
    return bool(_MODAL.search(text))


def _trigger_pattern(triggers: Sequence[str]) -> re.Pattern:
    return re.compile(r"(?<![^\W\d_])(?:" + "|".join(re.escape(t.strip()) for t in triggers) + ")")


_TRIGGERS = {event: _trigger_pattern(triggers) for event, (_fr, _en, triggers) in EVENTS.items()}


def _trigger_position(folded: str, event: str) -> int | None:
    """Offset of the first word starting with one of the event's triggers."""
    m = _TRIGGERS[event].search(folded)
    return m.start() if m else None


def _other_time(stmt: Statement) -> bool:
    """The statement is about another year than its article's (a precedent, a background fact)."""
    years = {m.group() for m in _YEAR.finditer(stmt.text)}
    return bool(stmt.published and years and stmt.published[:4] not in years)


def _date_claim(stmt: Statement, at: int) -> str | None:
    """The day-precision date nearest the trigger."""
    days = [d for d in stmt.dates if len(d.value) == 10]
    if not days:
        return None
    nearest = min(days, key=lambda d: abs((d.start - stmt.start) - at))
    return nearest.value


def _place_claim(stmt: Statement, at: int, analysis: Analysis | None) -> str | None:
    """The place a locative preposition introduces right after the trigger ("avoir lieu à Vladivostok",
    "réunis au cosmodrome de Vostochny"): within a few words of it, with no comma in between."""
    if analysis is None:
        return None
    text = stmt.text
    for m in analysis.mentions:
        if m.label not in ("LOC", "MISC") or not (stmt.start + at <= m.start and m.end <= stmt.end):
            continue
        between = text[at:m.start - stmt.start]
        if "," in between or len(between.split()) > PLACE_WINDOW:
            return None
        if _LOCATIVE.search(fold(between[-40:])):
            return m.text
    return None


def slot_claims(stmts: Sequence[Statement], analyses: Mapping[str, Analysis]) -> list[SlotClaim]:
    out = []
    for s in stmts:
        if _other_time(s):
            continue
        folded = fold(s.text)
        for event, (_fr, _en, triggers) in EVENTS.items():
            at = _trigger_position(folded, event)
            if at is None:
                continue
            value = (_place_claim(s, at, analyses.get(s.article)) if event == "meeting" else _date_claim(s, at))
            if value:
                out.append(SlotClaim(event, value, s, expected(s, at)))
    return out


def _same_value(a: str, b: str) -> bool:
    """Equal values; place names also when spelled nearly alike (dates and numbers must be equal)."""
    from rapidfuzz.fuzz import ratio

    if a == b:
        return True
    if any(c.isdigit() for c in a + b):
        return False
    return ratio(fold(a), fold(b)) / 100 >= FUZZY_SAME_PLACE


def _related(a: Statement, b: Statement, sim: float) -> bool:
    """About the same thing: shared entities (and places, when both name some) or shared words."""
    if a.entities & b.entities:
        return True
    return sim >= SLOT_SIMILARITY


def _claims(group: list[SlotClaim], texts: Mapping[str, str], kind: str = "conflict") -> tuple[Claim, ...]:
    """One claim per value with all its citations; in an update, values stated only as expected come first,
    then by first publication."""
    by_value: dict[str, list[SlotClaim]] = {}
    for c in group:
        key = next((v for v in by_value if _same_value(v, c.value)), c.value)
        by_value.setdefault(key, []).append(c)
    out = []
    for value, cs in by_value.items():
        cs.sort(key=lambda c: (c.stmt.published or "9999", c.stmt.article, c.stmt.start))
        cites = tuple(dict.fromkeys(c.stmt.sentence_citation for c in cs))
        first = cites[0]
        claim = Claim(value=value, text=texts[first.article][first.start:first.end], citations=cites,
                      published=cs[0].stmt.published)
        out.append((kind == "update" and not all(c.expected for c in cs), cs[0].stmt.published or "9999", claim))
    return tuple(c for _done, _date, c in sorted(out, key=lambda x: x[:2]))


def _kind(group: list[SlotClaim]) -> str | None:
    """conflict, update, or None when the values do not really compete."""
    values: dict[str, list[SlotClaim]] = {}
    for c in group:
        key = next((v for v in values if _same_value(v, c.value)), c.value)
        values.setdefault(key, []).append(c)
    if len(values) < 2:
        return None
    asserted = {v for v, cs in values.items() if any(not c.expected for c in cs)}
    if len(asserted) >= 2:
        return "conflict"
    if len(asserted) == 1:
        done = values[next(iter(asserted))]
        first_done = min(c.stmt.published or "9999" for c in done if not c.expected)
        earlier = [c for v, cs in values.items() if v not in asserted for c in cs]
        if any(_not_after(c.stmt.published or "0000", first_done) for c in earlier):
            return "update"
    return None


def _not_after(a: str, b: str) -> bool:
    """a is not later than b, compared at the precision both dates have ("2023-09-04" vs "2023-09")."""
    n = min(len(a), len(b))
    return a[:n] <= b[:n]


def slot_conflicts(
    stmts: Sequence[Statement], analyses: Mapping[str, Analysis], texts: Mapping[str, str], language: str = "fr",
    sim: Graph | None = None,
) -> list[Conflict]:
    claims = slot_claims(stmts, analyses)
    if not claims:
        return []
    index = {id(s): i for i, s in enumerate(stmts)}
    sim = sim if sim is not None else similarity.graph(stmts)
    by_event: dict[str, list[SlotClaim]] = defaultdict(list)
    for c in claims:
        by_event[c.event].append(c)
    out = []
    for event, cs in by_event.items():
        # link claims about the same slot; a slot is a connected group of related claims
        parent = list(range(len(cs)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i in range(len(cs)):
            for j in range(i + 1, len(cs)):
                a, b = cs[i].stmt, cs[j].stmt
                if a.article == b.article and a.start == b.start:
                    continue
                if event in SINGLE_SLOT or _related(a, b, sim[index[id(a)]].get(index[id(b)], 0.0)):
                    parent[find(i)] = find(j)
        groups: dict[int, list[SlotClaim]] = defaultdict(list)
        for i, c in enumerate(cs):
            groups[find(i)].append(c)
        for group in groups.values():
            if len({c.stmt.origin for c in group}) < 2 and len({c.stmt.article for c in group}) < 2:
                continue
            kind = _kind(group)
            if kind:
                label = EVENTS[event][0 if language == "fr" else 1]
                out.append(Conflict(about=label, kind=kind, claims=_claims(group, texts, kind)))
    return out


def number_conflicts(
    stmts: Sequence[Statement], texts: Mapping[str, str], language: str = "fr", sim: Graph | None = None
) -> list[Conflict]:
    """Counts, amounts and durations with the same unit in statements that say the same thing otherwise,
    from different origins. A larger count in a later report is an update (a toll, a burnt area, a tally
    grows); any other difference is a conflict."""
    with_numbers = [i for i, s in enumerate(stmts) if s.numbers]
    if len(with_numbers) < 2:
        return []
    sim = sim if sim is not None else similarity.graph(stmts)
    numbered = set(with_numbers)
    out, used = [], set()
    for i in with_numbers:
        for j in sorted(k for k, w in sim[i].items() if k > i and k in numbered and w >= NUMBER_SIMILARITY):
            a, b = stmts[i], stmts[j]
            if a.origin == b.origin or (i, j) in used:
                continue
            for na in a.numbers:
                nb = next((n for n in b.numbers if n.unit and n.unit == na.unit and n.value != na.value), None)
                if nb is None or any(n.value == na.value and n.unit == na.unit for n in b.numbers):
                    continue
                first, second = (a, na), (b, nb)
                if (b.published or "") < (a.published or ""):
                    first, second = second, first
                grows = float(second[1].value) > float(first[1].value) and (first[0].published or "") < (
                    second[0].published or "")
                unit_word = texts[a.article][na.end:].split()[:1]
                label = ("nombre" if language == "fr" else "number") + " : " + " ".join(unit_word).strip(" ,.;:")
                out.append(Conflict(
                    about=label,
                    kind="update" if grows else "conflict",
                    claims=tuple(
                        Claim(f"{v.value} {' '.join(texts[st.article][v.end:].split()[:1])}".strip(" ,.;:"),
                              texts[st.article][slice(*st.sentence_citation_span())], (st.sentence_citation,),
                              st.published)
                        for st, v in (first, second)
                    ),
                ))
                used.add((i, j))
                break
    return out


def denials(stmts: Sequence[Statement], texts: Mapping[str, str], language: str = "fr") -> list[Conflict]:
    """Each denial with the statement it denies: the earlier (or same-day) statement of another sentence that
    shares the denial's rarest words (idf cubed: "annexe" outweighs "accord" and "signé")."""
    if not stmts:
        return []
    weights = similarity.idf(stmts, names=True)
    yes, no = ("oui", "non") if language == "fr" else ("yes", "no")
    denied = [i for i, s in enumerate(stmts) if _DENIAL.search(fold(s.text))]
    out = []
    for i in denied:
        d = stmts[i]
        target = {t: weights[t] ** 3 for t in set(d.stems) if t in weights and t not in _DENIAL_FRAME}
        total = sum(target.values())
        best, best_score = None, DENIAL_MATCH
        if len(target) < MIN_DENIED_WORDS:
            continue
        for j, c in enumerate(stmts):
            if j in denied or c.sentence_citation == d.sentence_citation or c.text.lstrip().startswith(_QUOTES):
                continue
            if (c.published or "") > (d.published or "9999"):
                continue
            score = sum(w for t, w in target.items() if t in c.stems) / total if total else 0.0
            if score > best_score:
                best, best_score = c, score
        if best is None:
            continue
        about = " ".join(best.text.split()[:14])
        out.append(Conflict(
            about=("démenti : " if language == "fr" else "denied: ") + about,
            kind="conflict",
            claims=(
                Claim(yes, texts[best.article][slice(*best.sentence_citation_span())], (best.sentence_citation,),
                      best.published),
                Claim(no, texts[d.article][slice(*d.sentence_citation_span())], (d.sentence_citation,), d.published),
            ),
        ))
    return out


def aligned_conflicts(
    clauses: Sequence[Statement],
    texts: Mapping[str, str],
    language: str = "fr",
    embeddings: np.ndarray | None = None,
    params: CrossCheckParams = CrossCheckParams(),  # noqa: B008 (frozen, never mutated)
    model: SameFactModel | None = None,
) -> list[Conflict]:
    """Statements of different origins that the same-fact model, told to ignore dates and counts, takes to be
    about one thing (probability at `model.conflict`), and that give different values for it: counts of one
    unit, or dates of the event. A value stated as expected and later superseded, or a count that grew in a
    later report, is an update; otherwise a conflict. Values of different things never meet: the model must
    first find the two statements about the same thing (same predicate, arguments, entities)."""
    from . import pairs
    from .samefact import default_model

    model = model or default_model()
    i, j = pairs.candidates(clauses, embeddings, params.neighbours, params.shared_candidates, params.max_posting)
    if not len(i):
        return []
    x = pairs.PairFeatures(clauses, embeddings).compute(i, j)
    f = pairs.FEATURES
    # Whether two counts are about one thing is left to the model (predicate, arguments, embeddings): also
    # requiring the same parsed predicate lost most annotated rival counts under cross-validation (recall
    # 0.08 against 0.17-0.25), since counts often sit in noun phrases ("mère de cinq enfants").
    valued = (x[:, f.index("counts_disagree")] > 0) | (x[:, f.index("dates_disagree")] > 0)
    if not valued.any():
        return []
    i, j, x = i[valued], j[valued], x[valued]
    p = model.probability(x, embedding=embeddings is not None, values=False)
    out, seen = [], set()
    for a, b, prob in zip(i.tolist(), j.tolist(), p.tolist()):
        s, t = clauses[a], clauses[b]
        if prob < model.conflict or s.origin == t.origin:
            continue
        for first, second, v, w, what in _rival_values(s, t, texts, language):
            key = (first.sentence_citation, second.sentence_citation)
            if key in seen:
                continue
            seen.add(key)
            kind = _change_kind(first, second, v, w)
            out.append(Conflict(about=what, kind=kind, claims=tuple(
                Claim(value, texts[st.article][slice(*st.sentence_citation_span())], (st.sentence_citation,),
                      st.published) for st, value in ((first, v), (second, w)))))
            break
    return out


def _rival_values(s: Statement, t: Statement, texts: Mapping[str, str], language: str):
    """(earlier statement, later statement, its value, the other's value, what they are about) for each unit
    of count both give with no value in common, then for the event's dates when none agree."""
    if (t.published or "") < (s.published or ""):
        s, t = t, s
    for u in sorted({n.unit for n in s.numbers if n.unit} & {n.unit for n in t.numbers if n.unit}):
        mine = [n for n in s.numbers if n.unit == u]
        theirs = [n for n in t.numbers if n.unit == u]
        if {n.value for n in mine} & {n.value for n in theirs}:
            continue
        word = " ".join(texts[s.article][mine[0].end:].split()[:1]).strip(" ,.;:")
        label = ("nombre" if language == "fr" else "number") + " : " + word
        yield s, t, f"{mine[0].value} {word}".strip(), f"{theirs[0].value} {word}".strip(), label
    if s.when and t.when and not any(_nested(x, y) for x in s.when for y in t.when):
        yield s, t, s.when[0], t.when[0], "date"


def _change_kind(first: Statement, second: Statement, v: str, w: str) -> str:
    """update when the earlier value was only expected and a later report asserts another, or when a count
    grew in a later report; conflict otherwise."""
    if first.expected and not second.expected and (first.published or "") <= (second.published or ""):
        return "update"
    try:
        grows = float(w.split()[0]) > float(v.split()[0])
    except ValueError:
        grows = False
    return "update" if grows and (first.published or "") < (second.published or "") else "conflict"


def conflicts(
    sentences: Sequence[Statement],
    clauses: Sequence[Statement],
    analyses: Mapping[str, Analysis],
    texts: Mapping[str, str],
    language: str = "fr",
    embeddings: np.ndarray | None = None,
    params: CrossCheckParams = CrossCheckParams(),  # noqa: B008 (frozen, never mutated)
    model: SameFactModel | None = None,
) -> tuple[Conflict, ...]:
    """Slot conflicts and updates and denials on sentences (dates stay with their events); rival values of
    aligned clauses (`embeddings`: the clauses' sentence embeddings, or None)."""
    sim = similarity.graph(sentences)
    found = (slot_conflicts(sentences, analyses, texts, language, sim)
             + aligned_conflicts(clauses, texts, language, embeddings, params, model)
             + denials(sentences, texts, language))
    unique: dict[tuple, Conflict] = {}
    for c in found:
        unique.setdefault((c.kind, tuple(cl.citations for cl in c.claims)), c)
    return tuple(unique.values())
