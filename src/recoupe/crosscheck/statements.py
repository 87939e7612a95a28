"""Statements: the sentences of a story's articles, normalised for comparison across articles and languages.

A statement keeps its citation (article and character offsets into the cleaned text) and what matching
needs: content stems (lemmatised where the NLP stage gave lemmas), stem bigrams ("concepts"), the entities
it names (canonical ids once entity linking has run, folded mention texts before; the clause's subject
counts when the parse gave it one), the event it predicates (predicate lemmas, kind of event, negation,
mood), the dates the text gives that event, counts and amounts, and the text origin it counts for (wire
copies and republications of one text share an origin, so they count once).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..model import Analysis, Article, Citation, Clause, ProvenanceGroup
from . import values
from .text import REPORTING, STOPWORDS, content_stems, fold, stem, word_count, words
from .values import Value

MIN_WORDS = 5
MAX_WORDS = 90
MIN_CLAUSE_SIZE = 3  # content words (reporting words not counted) plus entities a parsed clause needs alone


@dataclass(frozen=True, slots=True)
class Statement:
    article: str
    start: int
    end: int
    text: str
    position: int  # index of the sentence in its article
    origin: str  # the text origin it counts for (provenance group)
    outlet: str | None
    published: str | None
    language: str
    stems: tuple[str, ...]
    concepts: frozenset[str]  # adjacent word pairs, stemmed (see concepts_of)
    entities: frozenset[str]  # canonical entity ids, or "~" + stems of name words before linking
    sentence: tuple[int, int] | None = None  # for a clause: the span of its sentence
    dates: tuple[Value, ...] = ()
    numbers: tuple[Value, ...] = ()
    what: tuple[str, ...] = ()  # content stems outside named entities and dates: what is said, not who or when
    predicates: tuple[str, ...] = ()  # stems of the clause's predicate lemmas (parse), reporting verbs left out
    kinds: frozenset[str] = frozenset()  # kinds of event it reports (timeline.event_kinds: meet, depart …)
    when: tuple[str, ...] = ()  # the dates its text gives the event (TIMEX3 values, years included)
    negated: bool = False
    mood: str = ""  # of its predicate (parse): conditional, future, … or "" for an indicative
    expected: bool = False  # stated as to come or unconfirmed (conditional, future, "doit", "devrait")

    @property
    def citation(self) -> Citation:
        return Citation(self.article, self.start, self.end)

    @property
    def sentence_citation(self) -> Citation:
        start, end = self.sentence_citation_span()
        return Citation(self.article, start, end)

    def sentence_citation_span(self) -> tuple[int, int]:
        return self.sentence or (self.start, self.end)

    @property
    def words(self) -> int:
        return word_count(self.text)


def origins(articles: Sequence[Article], provenance: Sequence[ProvenanceGroup] = ()) -> dict[str, str]:
    """Article id -> the origin it counts for: its provenance group, else its source outlet, else itself."""
    out = {a: g.origin for g in provenance for a in g.articles}
    for a in articles:
        out.setdefault(a.id, a.derived_from or a.outlet or a.id)
    return out


def concepts_of(text: str) -> frozenset[str]:
    """Adjacent word pairs, stemmed, unless both are function words ("la libération", "libération des otages")."""
    ws = [w for w in words(text) if len(w) > 1 or w.isdigit()]
    return frozenset(
        f"{stem(a)} {stem(b)}" for a, b in zip(ws, ws[1:]) if not (a in STOPWORDS and b in STOPWORDS)
    )


def _entity_keys(analysis: Analysis, parts: Sequence[tuple[int, int]], clause: Clause | None = None) -> frozenset[str]:
    """Entities named in the parts, or in the clause's subject: canonical ids once linked, else the stems of
    their name words, so that "Kim", "Kim Jong Un" and "Kim Jong-un" share a key before entity linking."""
    spans = list(parts)
    if clause is not None and clause.subject_start >= 0:
        spans.append((clause.subject_start, clause.subject_end))
    keys = set()
    for m in analysis.mentions:
        if any(m.start < b and m.end > a for a, b in spans):
            if m.entity:
                keys.add(m.entity)
            else:
                keys.update("~" + stem(w) for w in words(m.text) if len(w) > 2 and w not in STOPWORDS)
    return frozenset(keys)


ROLE_WINDOW = 80  # characters around a mention searched for the role the text gives it


def _role_spans(text: str, analysis: Analysis) -> list[tuple[int, int]]:
    """Where the text gives a named person their role ("le président russe Vladimir Poutine"): like the name,
    the role says who, not what happened."""
    out = []
    for m in analysis.mentions:
        if not m.role:
            continue
        lo = max(0, m.start - ROLE_WINDOW)
        for found in re.finditer(re.escape(m.role), text[lo:m.end + ROLE_WINDOW], re.IGNORECASE):
            out.append((lo + found.start(), lo + found.end()))
    return out


def _outside_mentions(text: str, analysis: Analysis, start: int, end: int) -> str:
    """The span with named-entity mentions blanked out (offsets kept)."""
    chars = list(text[start:end])
    for m in analysis.mentions:
        if m.start >= start and m.end <= end:
            chars[m.start - start:m.end - start] = " " * (m.end - m.start)
    return "".join(chars)


def usable(text: str) -> bool:
    """Sentences worth stating as facts or summary sentences: no fragments, headings or questions."""
    n = word_count(text)
    if n < MIN_WORDS or n > MAX_WORDS:
        return False
    if text[0].islower() or text[0] in "-–—,;)":  # the tail of a sentence the splitter cut
        return False
    stripped = text.rstrip()
    if stripped.endswith(("?", ":")):
        return False
    letters = [c for c in text if c.isalpha()]
    return not letters or sum(c.isupper() for c in letters) < 0.6 * len(letters)


_BULLETS = "—–-•*·"
_FINAL = (".", "!", "?", "…", "»", '"', "”", ";", ":")


def sentence_spans(text: str, analysis: Analysis) -> list[tuple[int, int]]:
    """Sentence spans, repaired: a paragraph or caption boundary (line break) always ends a statement, and a
    sentence the parser cut with no final punctuation ("Kim Jong | Un a déclaré", "New | York Times") or
    inside an open quotation is joined to the next one on the same line."""
    spans: list[tuple[int, int]] = []
    for s in analysis.sentences:
        pos = s.start
        for k, line in enumerate(text[s.start:s.end].split("\n")):
            lead = len(line) - len(line.lstrip())
            bullet = len(line.lstrip()) - len(line.lstrip().lstrip(_BULLETS).lstrip())
            if line.strip(_BULLETS + " \t"):
                start, end = pos + lead + bullet, pos + len(line.rstrip())
                if k == 0 and spans and _continues(text, spans[-1], start):
                    spans[-1] = (spans[-1][0], end)
                else:
                    spans.append((start, end))
            pos += len(line) + 1
    return spans


def _continues(text: str, previous: tuple[int, int], start: int) -> bool:
    if "\n" in text[previous[1]:start]:
        return False
    before = text[previous[0]:previous[1]]
    if before.count("«") > before.count("»"):
        return True
    return not before.rstrip().endswith(_FINAL)


def _lemma_index(analysis: Analysis) -> list[tuple[int, int, list[str]]]:
    """Per parsed sentence: its span and its folded content lemmas (computed once per article)."""
    return [(s.start, s.end, [fold(lemma) for lemma in s.lemmas.split()]) for s in analysis.sentences]


def _lemmatised(text: str, lemmas: list[tuple[int, int, list[str]]], start: int, end: int) -> list[str]:
    """Stems of the content words of a span, each word replaced by the lemma the NLP stage gave it when one
    of the overlapping sentences' lemmas shares its beginning ("rendu", "rendrait" -> "rendre"): inflected
    forms of one word meet, and a word counts once."""
    # a lemma replaces a word only when they share more than 3 first letters: look among those sharing the first 4
    pool: dict[str, list[str]] = {}
    for s_start, s_end, folded in lemmas:
        if s_end > start and s_start < end:
            for lemma in folded:
                if len(lemma) >= 4:
                    pool.setdefault(lemma[:4], []).append(lemma)
    out = []
    for w in words(text):
        if len(w) <= 1 or w in STOPWORDS or w.isdigit():
            continue
        best, best_len = w, 3
        for lemma in pool.get(w[:4], ()) if len(w) >= 4 else ():
            n = _common_prefix(w, lemma)
            if n > best_len and n >= min(len(w), len(lemma)) - 3:
                best, best_len = lemma, n
        if best not in STOPWORDS:
            out.append(stem(best))
    return out


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _blank(text: str, start: int, end: int, holes: Sequence[tuple[int, int]]) -> str:
    """text[start:end] with the given spans blanked out (offsets kept)."""
    chars = list(text[start:end])
    for a, b in holes:
        a, b = max(a, start), min(b, end)
        if a < b:
            chars[a - start:b - start] = " " * (b - a)
    return "".join(chars)


@dataclass
class _Unit:
    """A statement in the making: a clause of the parse with the parts of the sentence it owns."""

    span: tuple[int, int]
    clause: Clause | None
    parts: list[tuple[int, int]] = field(default_factory=list)
    parent: _Unit | None = None
    children: list[_Unit] = field(default_factory=list)
    merged: list[Clause] = field(default_factory=list)  # clauses too small to stand alone, now part of it

    @property
    def clauses(self) -> list[Clause]:
        """Its own clause first, then those merged into it, largest first."""
        own = [self.clause] if self.clause else []
        return own + sorted(self.merged, key=lambda c: c.start - c.end)


def _parsed_units(
    start: int, end: int, found: Sequence[Clause], size: Callable[[list[tuple[int, int]]], int]
) -> list[_Unit]:
    """The statements of one sentence from its parse: every clause owns its words but those of the clauses
    nested in it; a clause too small to state a fact on its own ("publiée par le Kremlin") and whatever a
    denial governs ("ont démenti les accusations selon lesquelles …") stay with the governing clause; a
    reporting clause that only says who speaks ("…, a annoncé l'agence AKI", "X a affirmé que …") is the
    attribution of the others and no statement of its own."""
    inside = [c for c in found if start <= c.start and c.end <= end]
    roots = [c for c in found if c.relation == "root" and start <= c.head < end]
    if not roots and inside:  # the parser ran the sentence into a heading: its outermost clause leads
        roots = [max(inside, key=lambda c: (c.end - c.start, -c.start))]
    main = _Unit((start, end), roots[0] if roots else None)
    nodes = [main]
    seen = set()
    for c in sorted(found, key=lambda c: (-(c.end - c.start), c.start)):
        # a sentence the parser cut in two ("… Kim Jong | Un a serré …") has two roots: the second is a clause
        if c is main.clause or not (start <= c.start and c.end <= end) or (c.start, c.end) in seen:
            continue
        seen.add((c.start, c.end))
        parent = min((n for n in nodes if n.span[0] <= c.start and c.end <= n.span[1]),
                     key=lambda n: n.span[1] - n.span[0])
        node = _Unit((c.start, c.end), c, parent=parent)
        parent.children.append(node)
        nodes.append(node)
    for n in nodes:
        n.parts = _minus(n.span, [ch.span for ch in n.children])
    for n in sorted(nodes[1:], key=lambda n: n.span[1] - n.span[0]):  # innermost first
        if _frame(n, size):
            _drop(n)
        elif size(n.parts) < MIN_CLAUSE_SIZE or _frames_denial(n.parent.clause):
            _merge_into(n, n.parent)
    if main.children and _frame(main, size):
        main.parts = []
    elif main.children and size(main.parts) < MIN_CLAUSE_SIZE and len(main.children) == 1:
        _merge_into(main.children[0], main)
    return [n for n in nodes if n.parts and (n is main or n.parent is not None)]


def _frame(n: _Unit, size: Callable[[list[tuple[int, int]]], int]) -> bool:
    """A reporting clause that says nothing beyond who speaks ("…, a annoncé lundi l'agence AKI", "X a
    déclaré que …"): the attribution of what it governs or sits beside, not a statement."""
    if not _reports(n.clause):
        return False
    subject = (n.clause.subject_start, n.clause.subject_end)
    return size([p for a, b in n.parts for p in _minus((a, b), [subject])]) < MIN_CLAUSE_SIZE


def _drop(n: _Unit) -> None:
    parent = n.parent
    parent.children.remove(n)
    for ch in n.children:
        ch.parent = parent
        parent.children.append(ch)
    n.parent, n.children, n.parts = None, [], []


def _merge_into(node: _Unit, parent: _Unit) -> None:
    parent.parts = sorted(parent.parts + node.parts)
    parent.merged += node.clauses
    parent.children.remove(node)
    for ch in node.children:
        ch.parent = parent
        parent.children.append(ch)
    node.parent, node.children, node.parts = None, [], []


def _minus(span: tuple[int, int], holes: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out, pos = [], span[0]
    for a, b in sorted(holes):
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < span[1]:
        out.append((pos, span[1]))
    return out


_DENIAL_LEMMAS = re.compile(r"^(?:dementir|nier|refuter|deny|rebut|dementi)$")


def _frames_denial(clause: Clause | None) -> bool:
    return clause is not None and bool(_DENIAL_LEMMAS.match(fold(clause.lemma.split()[0])))


def _reports(clause: Clause | None) -> bool:
    """A clause headed by a reporting verb ("a annoncé l'agence AKI", "X a déclaré que …") frames what
    others say: it gives the attribution, not a fact."""
    return clause is not None and bool(clause.lemma) and not clause.reflexive and \
        stem(fold(clause.lemma.split()[-1])) in REPORTING


def _sentence_clauses(analysis: Analysis, start: int, end: int) -> list[Clause]:
    return [c for s in analysis.sentences if s.end > start and s.start < end for c in s.clauses]


def _event_dates(article: Article, analysis: Analysis) -> list[tuple[int, str]]:
    """(offset, value) of the dates the article's text gives to events (the timeline's reading: "depuis 2019"
    and a year equal to the publication's date nothing)."""
    from .timeline import event_dates

    return [(ev.timex.start, ev.value) for ev in event_dates(article, analysis) if ev.source == "text" and ev.timex]


def statements(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    provenance: Sequence[ProvenanceGroup] = (),
    clauses: bool = False,
) -> list[Statement]:
    """Every usable sentence of the articles, in article order; with `clauses`, their clauses instead (a
    sentence often carries several facts: "Parti dimanche de X à bord d'un train, Y a serré la main de Z"):
    from the dependency parse when the NLP stage stored one, else cut at punctuation."""
    origin = origins(articles, provenance)
    out = []
    for a in articles:
        analysis = analyses.get(a.id)
        if analysis is None:
            continue
        lemmas = _lemma_index(analysis)
        names = [(m.start, m.end) for m in analysis.mentions] + _role_spans(a.text, analysis)
        times = [(t.start, t.end) for t in analysis.timexes]
        when = _event_dates(a, analysis) if clauses else []

        def plain(parts: list[tuple[int, int]], holes=names + times) -> str:
            return " ".join(_blank(a.text, p, q, holes) for p, q in parts)

        def size(parts: list[tuple[int, int]]) -> int:
            """What a span says: its content words (reporting words not counted) and, when it has some, the
            entities, dates and counts it names."""
            if not parts:
                return 0
            text = plain(parts)
            own = {t for t in _lemmatised(text, lemmas, parts[0][0], parts[-1][1]) if t not in REPORTING}
            if not own:
                return 0
            named = {m.entity or m.text for m in analysis.mentions if any(m.start < q and m.end > p for p, q in parts)}
            dated = {t.value for t in analysis.timexes if any(t.start < q and t.end > p for p, q in parts)}
            counts = sum(len(values.numbers(a.text, p, q)) for p, q in parts)
            return len(own) + len(named) + 2 * len(dated) + counts  # a date makes an event of a verb

        for i, (start, end) in enumerate(sentence_spans(a.text, analysis)):
            if not usable(a.text[start:end]):
                continue
            parsed = _sentence_clauses(analysis, start, end) if clauses else []
            if parsed:
                units = [(n.parts, n.clauses) for n in _parsed_units(start, end, parsed, size)]
            elif clauses:
                plain_sentence = _outside_mentions(a.text, analysis, start, end)
                units = [([span], []) for span in clause_spans(a.text, start, end, plain_sentence)]
            else:
                units = [([(start, end)], [])]
            for parts, parsed_clauses in units:
                predicate = _predicate(parsed_clauses)
                clause = predicate[0] if predicate else next(iter(parsed_clauses), None)
                c_start, c_end = parts[0][0], parts[-1][1]
                text = a.text[c_start:c_end]
                own = plain(parts, [])
                found_dates = tuple(values.dates(a.text, analysis, c_start, c_end, a.published))
                inside = lambda x, y: any(p <= x and y <= q for p, q in parts)
                out.append(
                    Statement(
                        article=a.id, start=c_start, end=c_end, text=text, position=i, origin=origin[a.id],
                        outlet=a.outlet, published=a.published, language=a.language,
                        stems=tuple(dict.fromkeys(content_stems(own) + _lemmatised(own, lemmas, c_start, c_end))),
                        concepts=concepts_of(text), entities=_entity_keys(analysis, parts, clause),
                        sentence=(start, end), dates=found_dates,
                        numbers=tuple(n for n in values.numbers(a.text, c_start, c_end, [(d.start, d.end) for d in found_dates])
                                      if inside(n.start, n.end)),
                        what=tuple(dict.fromkeys(_lemmatised(plain(parts), lemmas, c_start, c_end))),
                        predicates=_predicate_stems(predicate),
                        kinds=_kinds(a.text, predicate),
                        when=tuple(dict.fromkeys(v for at, v in when if inside(at, at + 1))),
                        negated=bool(clause and clause.negated),
                        mood=clause.mood if clause else "",
                        expected=_expected(clause, text),
                    )
                )
    return out


MODALS = frozenset(["devoir", "pouvoir", "aller", "compter", "prevoir", "envisager", "will", "would", "shall", "may", "might", "could", "should"])


def _expected(clause: Clause | None, text: str) -> bool:
    """Stated as something to come or not yet confirmed: a conditional or future predicate, or one governed
    by a modal ("doit se tenir", "devrait se rendre"); without a parse, the timeline's reading of the words."""
    if clause is None:
        from .timeline import _FUTURE

        return bool(_FUTURE.search(text))
    head = fold(clause.lemma.split()[0]) if clause.lemma else ""
    return clause.mood in ("conditional", "future") or head in MODALS


def _kinds(text: str, predicate: tuple[Clause, str] | None) -> frozenset[str]:
    """Kinds of event the predicate reports (timeline.event_kinds on the head word, the words right after
    it and the lemma: "a serré la main", "s'est rendu", "rencontrer"); none without a parse."""
    from .timeline import event_kinds

    if predicate is None:
        return frozenset()
    clause, lemma = predicate
    head = " ".join(text[clause.head:clause.end].split()[:4])
    return frozenset(event_kinds(f"{head} {lemma}"))


def _predicate_stems(predicate: tuple[Clause, str] | None) -> tuple[str, ...]:
    """Stems of the predicate: its verb, and the verbs of its chain that say more than a modal or a report
    ("chercher à obtenir" -> chercher, obtenir; "devrait se rendre" -> rendre)."""
    if predicate is None:
        return ()
    clause, lemma = predicate
    chain = [fold(w) for w in clause.lemma.split()] if clause.lemma else []
    kept = [w for w in chain if w not in MODALS and stem(w) not in REPORTING and w not in STOPWORDS]
    main = ("se " if clause.reflexive else "") + stem(fold(lemma))  # "s'est déclaré" is no report
    return tuple(dict.fromkeys([main, *(stem(w) for w in kept)]))


def _predicate(found: Sequence[Clause]) -> tuple[Clause, str] | None:
    """What the statement predicates: the last verb of its clause's chain ("chercher à obtenir" -> "obtenir",
    "devrait se rendre" -> "rendre"), unless that is a reporting or hedging verb ("il semblerait que …"),
    in which case the clause merged into it says what happened ("… qu'il voyage")."""
    for clause in found:
        lemma = clause.lemma.split()[-1] if clause.lemma else ""
        if lemma and (clause.reflexive or stem(fold(lemma)) not in REPORTING) and fold(lemma) not in STOPWORDS:
            return clause, lemma
    return None


_CLAUSE_BREAK = re.compile(r"\s*[,;:—–]\s+|\s+(?:mais|tandis que|alors que|but|while)\s+")
MIN_CLAUSE_STEMS = 3


def clause_spans(text: str, start: int, end: int, plain: str | None = None) -> list[tuple[int, int]]:
    """Clauses of a sentence: cut at commas, semicolons, colons, dashes and contrastive conjunctions (not
    inside brackets or quotation marks); a piece with fewer than three content words (names not counted,
    when `plain` gives the sentence with names blanked) joins its neighbour."""
    sentence = text[start:end]
    plain = plain if plain is not None else sentence
    cuts, depth = [], 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        before = sentence[: m.start()]
        depth = before.count("(") - before.count(")") + before.count("«") - before.count("»")
        if depth <= 0 and before.count('"') % 2 == 0 and before.count("“") <= before.count("”"):
            cuts.append((m.start(), m.end()))
    pieces, pos = [], 0
    for cut_start, cut_end in cuts:
        pieces.append((pos, cut_start))
        pos = cut_end
    pieces.append((pos, len(sentence)))
    merged: list[tuple[int, int]] = []
    for p_start, p_end in pieces:
        small = len(content_stems(plain[p_start:p_end])) < MIN_CLAUSE_STEMS
        if merged and (small or len(content_stems(plain[merged[-1][0]:merged[-1][1]])) < MIN_CLAUSE_STEMS):
            merged[-1] = (merged[-1][0], p_end)
        else:
            merged.append((p_start, p_end))
    out = []
    for p_start, p_end in merged:
        piece = sentence[p_start:p_end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip(" .!?"))
        if p_end - trail > p_start + lead:
            out.append((start + p_start + lead, start + p_end - trail))
    return out or [(start, end)]
