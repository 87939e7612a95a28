"""The dated story timeline: event dates of sentences, merged across articles, with a status.

`event_dates(article, analysis)` dates the sentences of one article (reusable by other cross-checking stages):
a sentence is dated by the time expressions it holds (one event per distinct date), or, when it is a paragraph
lead in the past or present, by the article's publication date. `build_timeline(members, analyses, provenance)`
merges events about the same thing from several articles into one entry that cites them all and gives it a
status: `expected` (future or conditional), `reported` (one source), `confirmed` (several independent
origins, or the actors themselves confirm), `denied`.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..model import Analysis, Article, Citation, ProvenanceGroup, TimeExpr, TimelineEntry
from ..nlp.sentences import split_sentences
from ..nlp.timex import tag
from ..config import TimelineParams
from ..text import fold

MAX_TEXT = 240  # longer sentences are trimmed to the clauses around their date

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")

# "depuis 2019", "since 2012": the date bounds a state, it is not when the reported event happened.
_SINCE = re.compile(r"\b(?:depuis|since|desde|dal|dall['’]|dès|jusqu['’](?:à|en|au)|until|till|d['’]ici)\b[^,;:]*$",
                    re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:doit|doivent|devra|devront|devrait|devraient|pourrait|pourraient|pourra|pourront|va|vont|compte|comptent|"
    r"prévoit|prévoient|prévue?s?|envisage|attendue?s?|will|would|shall|is\s+to|are\s+to|expected\s+to|due\s+to|"
    r"plans?\s+to|set\s+to|could|may|might)\b(?!\s+(?:pu|été|eu)\b)|\b\w{3,}(?:era|eront|ira|iront|rait|raient)\b",
    re.IGNORECASE,
)
_DENIED = re.compile(
    r"\b(?:dément\w*|démenti\w*|nie|nient|nié|niée|réfute\w*|deny|denies|denied|denial|rejet\w*\s+(?:les|ces|toute?s?)"
    r"\s+(?:accusations|informations|allégations)|fausses?\s+informations|fake\s+news|desmient\w*|smentit\w*)\b",
    re.IGNORECASE,
)
_CONFIRMED = re.compile(r"\b(?:confirm\w*|officiellement|officially)\b", re.IGNORECASE)
_QUESTION = re.compile(r"\?\s*$")
# The first verb of an undated paragraph lead says whether it is the day's news: a compound past ("a tiré",
# "has fired") is; a pluperfect or imperfect ("n'avait plus quitté", "était") narrates background.
_FIRST_VERB = re.compile(
    r"\b(?P<news>a|ont|est|sont|s['’]est|se\s+sont|has|have)\s+(?:\w+\s+){0,2}?\w{2,}(?:é|ée|és|ées|i|is|it|u|us|ert|ed|en)\b"
    r"|\b(?P<background>avait|avaient|s['’]était|s['’]étaient|était|étaient|had|used\s+to|\w{3,}(?:ait|aient))\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"«([^»]*)»|“([^”]*)”|\"([^\"]*)\"|:\s*$")
_OPENS_WITH_SINCE = re.compile(r"^\W*(?:depuis|since|desde|dal)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class EventDate:
    """When the event a sentence reports happened (or is to happen), and where that is said."""

    date: str  # ISO at the precision known: 2023-09-13, 2023-09, 2023 (a week gives its month)
    precision: str  # day, week, month, quarter, season, year
    value: str  # the TIMEX3 value (2023-W37 for a week)
    start: int  # the dated sentence (or clause), offsets into the article text
    end: int
    sentence_start: int
    sentence_end: int
    source: str  # "text": a time expression says it; "published": the article's date
    status: str  # expected, reported, denied, confirmed (the sentence's own wording)
    timex: TimeExpr | None = None
    part_start: int = -1  # the part of the sentence this date governs (the whole sentence when it has one date)
    part_end: int = -1

    @property
    def first_day(self) -> date:
        return first_day(self.value)


def first_day(value: str) -> date:
    """The first calendar day a TIMEX3 date value covers (for ordering)."""
    if _DAY.match(value):
        return date.fromisoformat(value[:10])
    m = _WEEK.match(value)
    if m:
        return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    if _MONTH.match(value):
        return date(int(value[:4]), int(value[5:7]), 1)
    m = _QUARTER.match(value)
    if m:
        return date(int(m.group(1)), 3 * int(m.group(2)) - 2, 1)
    m = _SEASON.match(value)
    if m:
        return date(int(m.group(1)), {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[m.group(2)], 1)
    return date(int(value[:4]), 1, 1)


def last_day(value: str) -> date:
    if _DAY.match(value):
        return date.fromisoformat(value[:10])
    m = _WEEK.match(value)
    if m:
        return first_day(value) + timedelta(days=6)
    if _MONTH.match(value):
        nxt = date(int(value[:4]) + (value[5:7] == "12"), int(value[5:7]) % 12 + 1, 1)
        return nxt - timedelta(days=1)
    m = _QUARTER.match(value)
    if m:
        return first_day(value) + timedelta(days=91)
    m = _SEASON.match(value)
    if m:
        return first_day(value) + timedelta(days=91)
    return date(int(value[:4]), 12, 31)


def _usable(t: TimeExpr) -> tuple[str, str, str] | None:
    """(date, precision, value) of a time expression that dates an event, or None (durations, vague, unknown)."""
    if t.type not in ("DATE", "TIME") or "X" in t.value or t.value.endswith("_REF"):
        return None
    v = t.value
    if not v[:4].isdigit() or not 1000 <= int(v[:4]) <= 9000:
        return None  # centuries, decades, and years no calendar arithmetic should meet
    if _DAY.match(v):
        return v[:10], "day", v[:10]
    m = _WEEK.match(v)
    if m:
        monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        return monday.isoformat()[:7], "week", v[:8]
    if _MONTH.match(v):
        return v, "month", v
    if _QUARTER.match(v) or _SEASON.match(v):
        return v[:4], "quarter" if "Q" in v else "season", v
    if _YEAR.match(v):
        return v, "year", v
    return None


def article_timexes(article: Article, analysis: Analysis | None) -> list[TimeExpr]:
    """The article's time expressions, tagged again when the publication date changed since ingest."""
    if analysis is not None and all(t.anchor == article.published for t in analysis.timexes) and \
            (analysis.timexes or not article.published):
        return list(analysis.timexes)
    return [TimeExpr(article.id, t.start, t.end, t.text, t.type, t.value, t.mod, article.published)
            for t in tag(article.text, article.language, article.published)]


def sentence_spans(article: Article, analysis: Analysis | None = None) -> list[tuple[int, int]]:
    """Sentences from the plain-text splitter: the same on every path (the parser's boundaries stumble on
    names like "Kim Jong Un" and on captions without a final stop)."""
    return split_sentences(article.text)


def event_dates(article: Article, analysis: Analysis | None = None,
                timexes: Sequence[TimeExpr] | None = None) -> list[EventDate]:
    """The dated events of one article, in text order (one per sentence and distinct date)."""
    text = article.text
    tx = sorted(timexes if timexes is not None else article_timexes(article, analysis), key=lambda t: t.start)
    published = article.published if article.published and len(article.published) == 10 else None
    out: list[EventDate] = []
    i = 0
    for s_start, s_end in sentence_spans(article, analysis):
        inside = []
        while i < len(tx) and tx[i].start < s_start:
            i += 1
        j = i
        while j < len(tx) and tx[j].end <= s_end:
            inside.append(tx[j])
            j += 1
        sentence = text[s_start:s_end]
        dated = []
        for t in inside:
            use = _usable(t)
            if use is None or _SINCE.search(text[s_start:t.start]):
                continue
            if use[1] == "year" and published and use[0] == published[:4]:
                continue  # "en 2023" in a 2023 article dates nothing useful
            if not dated or all(d[0] != use[0] for d in dated):
                dated.append((*use, t))
        if dated:
            dated = _one_per_clause(text, s_start, dated)
            for (d, precision, value, t), (lo, hi) in zip(dated, _partition(text, s_start, s_end, dated)):
                c_start, c_end = _trim(text, lo, hi, t.start, t.end)
                status = _status(text[c_start:c_end], value, published)
                out.append(EventDate(d, precision, value, c_start, c_end, s_start, s_end, "text", status, t, lo, hi))
        elif published and not inside and _is_news_lead(text, s_start, sentence):
            first = _FIRST_VERB.search(sentence)
            if first is not None and first.group("news"):
                c_start, c_end = _trim(text, s_start, s_end, s_start, s_start)
                status = "denied" if _DENIED.search(sentence) else "reported"
                out.append(EventDate(published, "day", published, c_start, c_end, s_start, s_end, "published",
                                     status, None, s_start, s_end))
    return out


def date_of_span(article: Article, analysis: Analysis | None, start: int, end: int) -> EventDate | None:
    """The event date of the sentence holding [start, end) (for facts and claims), or None."""
    for ev in event_dates(article, analysis):
        if ev.sentence_start <= start < ev.sentence_end or ev.start <= start < ev.end:
            return ev
    return None


def _one_per_clause(text: str, s_start: int, dated: list) -> list:
    """Dates written in one clause ("entre le 3 et le 6 mars") date one event: the first."""
    kept = [dated[0]]
    for d in dated[1:]:
        between = text[kept[-1][3].end:d[3].start]
        if re.search(r"[,;:]|\b(?:et|and|puis|then)\s+(?:\w+\s+)?(?:a|ont|est|sont|doit|doivent|devrait|devraient|va|vont|"
                     r"sera|seront|devra|will|was|were|has|have|is|are)\b", between) and len(between) > 12:
            kept.append(d)
    return kept


MIN_CLAUSE = 40


def _partition(text: str, s_start: int, s_end: int, dated: list) -> list[tuple[int, int]]:
    """One part of the sentence per date, cut at the first comma after each date that leaves both sides
    at least MIN_CLAUSE long; a sentence that cannot be cut so is shared whole by its dates."""
    cuts = [s_start]
    for k in range(len(dated) - 1):
        a, b = dated[k][3].end, dated[k + 1][3].start
        cut = None
        for m in re.finditer(r"[,;:]\s", text[a:b]):
            pos = a + m.end()
            if pos - cuts[-1] >= MIN_CLAUSE and s_end - pos >= MIN_CLAUSE:
                cut = pos
                break
        if cut is None:
            return [(s_start, s_end)] * len(dated)
        cuts.append(cut)
    cuts.append(s_end)
    return [(cuts[k], cuts[k + 1]) for k in range(len(dated))]


def _trim(text: str, lo: int, hi: int, t_start: int, t_end: int) -> tuple[int, int]:
    """At most MAX_TEXT characters around the date, cut at clause boundaries."""
    while lo < hi and text[lo] in " ,;:—-–":
        lo += 1
    while hi > lo and text[hi - 1] in " ,;:—-–":
        hi -= 1
    if hi - lo <= MAX_TEXT:
        return lo, hi
    pieces = [lo] + [lo + m.end() for m in re.finditer(r"[,;:]\s", text[lo:hi])] + [hi]
    a = max((p for p in pieces if p <= t_start), default=lo)
    b = min((p for p in pieces if p >= t_end), default=hi)
    while b - a < 80 and (a > lo or b < hi):
        idx_a, idx_b = pieces.index(a), pieces.index(b)
        if idx_b + 1 < len(pieces):
            b = pieces[idx_b + 1]
        elif idx_a > 0:
            a = pieces[idx_a - 1]
    if b - a > MAX_TEXT:
        b = a + MAX_TEXT
        b = text.rfind(" ", a, b) if text.rfind(" ", a, b) > t_end else b
    while b > a and text[b - 1] in " ,;:":
        b -= 1
    return a, b


def _status(clause: str, value: str, published: str | None) -> str:
    """Denied, expected (a date after the article's, or a future verb for a period still running), confirmed
    (the wording says so) or reported. A future verb with a past date ("lundi, l'agence AFX avait annoncé que la
    ministre viendrait") reports an announcement: the announcement is the dated event."""
    if _DENIED.search(clause):
        return "denied"
    if published:
        day = date.fromisoformat(published)
        if first_day(value) > day or (last_day(value) > day and _FUTURE.search(clause)):
            return "expected"
    elif _FUTURE.search(clause):
        return "expected"
    if _CONFIRMED.search(clause):
        return "confirmed"
    return "reported"


def _is_news_lead(text: str, start: int, sentence: str) -> bool:
    """A paragraph's first sentence, stating a fact in its own words (no quote, question, hypothesis)."""
    if not (start == 0 or "\n" in text[max(0, start - 3):start]):
        return False
    quoted = any(m.group(0).rstrip().endswith(":") or len((m.group(1) or m.group(2) or m.group(3) or "").split()) >= 5
                 for m in _QUOTED.finditer(sentence))  # direct speech, not a word in quotes
    return not (quoted or _QUESTION.search(sentence) or _FUTURE.search(sentence) or _OPENS_WITH_SINCE.search(sentence))


# --- merging across articles -------------------------------------------------------------------------------

_STOP = {
    "dans", "pour", "avec", "sans", "sous", "entre", "vers", "chez", "depuis", "après", "avant", "pendant", "selon",
    "cette", "ces", "son", "sont", "était", "être", "avoir", "elle", "elles", "ils", "leur", "leurs", "lui", "nous",
    "vous", "mais", "plus", "moins", "très", "aussi", "tout", "tous", "toute", "toutes", "même", "dont", "que",
    "qui", "quoi", "comme", "ainsi", "alors", "encore", "déjà", "fait", "faire", "été", "avait", "avaient", "sera",
    "with", "from", "that", "this", "have", "were", "been", "their", "they", "there", "which", "would", "about",
    "after", "before", "said", "will", "also", "into", "over",
}
_TOKEN = re.compile(r"[^\W\d_]{4,}")


def _date_words() -> set[str]:
    from ..nlp.timex.lexicon import LEXICONS

    words = set()
    for lex in LEXICONS.values():
        words |= {fold(w.rstrip("."))[:6] for w in (*lex.months, *lex.weekdays, *lex.parts_of_day)}
    return words


_DATE_WORDS = _date_words()


def content_tokens(text: str) -> set[str]:
    """Lower-cased, accent-free content words (prefix of 6 letters, a cheap stem) of a sentence, dates left out."""
    return {t for t in (fold(w)[:6] for w in _TOKEN.findall(text) if w.lower() not in _STOP) if t not in _DATE_WORDS}


# What kind of event a clause reports, from its trigger words (accent-free, lower case). Purpose clauses
# ("pour rencontrer", "to meet") name an intention, not the event, and are skipped.
EVENT_KINDS = {
    "meet": r"rencontr\w*|reuni\w*|reunion|sommet|entretien\w*|entretenu\w*|serre la main|poignee de main|"
            r"summit|meet\w*|met with|talks|reunio\w*|incontr\w*|vertice|cumbre",
    "depart": r"depart\w*|parti|partie|partis|quitte\w*|left|leaves|leaving|departed|partito|partio|salio",
    "arrive": r"arriv\w*|entre en|entree en|franchi\w*|passe la frontiere|crossed|reached|accost\w*|llego|giunto",
    "launch": r"tire\w*|tir de|lance\w*|lancement\w*|missile\w*|fired|launch\w*|missil\w*",
    "visit": r"visite\w*|rendu|rendue|voyage\w*|deplacement|visit\w*|trip|viaje|viaggio",
    "sign": r"sign\w*|paraphe\w*|firm\w*",
    "attack": r"attaqu\w*|attentat\w*|bombard\w*|frappe\w*|attack\w*|strike\w*|bomb\w*|ataque\w*|attacc\w*",
    "death": r"mort|morts|tue|tues|tuee|decede\w*|deces|killed|died|dead|death\w*|muert\w*|morti|uccis\w*",
    "election": r"elu|elue|election\w*|scrutin|vote|elected|election\w*|elecciones|elezion\w*",
    "resign": r"demission\w*|resign\w*|dimision\w*|dimess\w*",
    "arrest": r"arret\w*|interpell\w*|arrest\w*|detenu\w*|detenid\w*",
    "deny": r"dement\w*|denie[sd]|deny\w*|desment\w*|smentit\w*",
    "protest": r"manifest\w*|protest\w*|rassembl\w*|emeute\w*|greve\w*|rally|riot\w*|proteste",
}
_KIND_RE = re.compile("|".join(f"(?P<{k}>\\b(?:{v})\\b)" for k, v in EVENT_KINDS.items()))
_PURPOSE = re.compile(r"\b(?:pour|afin de|to|para|per)\s+$")


def event_kinds(text: str) -> set[str]:
    """The kinds of event a clause reports ("meet", "launch", "depart" ...)."""
    folded = fold(text)
    kinds = set()
    for m in _KIND_RE.finditer(folded):
        if _PURPOSE.search(folded[max(0, m.start() - 10):m.start()]):
            continue
        kinds.add(m.lastgroup)
    return kinds


@dataclass
class _Entry:
    value: str
    date: str
    precision: str
    events: list[tuple[EventDate, Article]] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    weight: float = 0.0  # idf mass of `tokens`


# Two reports are one event when they share a kind of event and some rare participant or place words, or when
# their wording is close whatever the kind (overlap of rare words, weighted by inverse frequency in the story).
def build_timeline(members: Sequence[Article], analyses: dict[str, Analysis],
                   provenance: Sequence[ProvenanceGroup] = (),
                   params: TimelineParams | None = None) -> tuple[TimelineEntry, ...]:
    """The story's timeline: events from all its articles, merged, ordered by date."""
    params = params or TimelineParams()
    origin_of = {a: g.origin for g in provenance for a in g.articles}
    events: list[tuple[EventDate, Article, set[str], set[str]]] = []
    all_sentences: list[set[str]] = []
    for art in members:
        if art.duplicate_of:
            continue
        all_sentences += [content_tokens(art.text[a:b]) for a, b in split_sentences(art.text)]
        for ev in event_dates(art, analyses.get(art.id)):
            clause = art.text[ev.part_start:ev.part_end]
            events.append((ev, art, content_tokens(clause), event_kinds(clause)))
    if not events:
        return ()
    idf = _idf(all_sentences)
    entries: list[_Entry] = []
    by_value: dict[str, list[_Entry]] = defaultdict(list)  # entries under their value
    within: dict[str, set[str]] = defaultdict(set)  # a month or year -> the values one level finer inside it
    for ev, art, toks, kinds in sorted(events, key=lambda x: (x[0].first_day, x[0].precision != "day")):
        best, best_score = None, 0.0
        weight = _mass(toks, idf)
        for e in _candidates(ev, by_value, within):
            shared = e.tokens & toks
            if not shared or not _compatible(e, ev):
                continue
            if e.kinds and kinds and not e.kinds & kinds:
                continue  # a missile launch and a meeting the same day stay two events, however alike the words
            score = _mass(shared, idf) / min(e.weight, weight) if e.weight and weight else 0.0
            if e.kinds & kinds and (score >= params.kind_similarity or ev.precision not in ("day", "week")):
                score = max(score, params.merge_similarity)
            if score > best_score:
                best, best_score = e, score
        if best is not None and best_score >= params.merge_similarity:
            best.events.append((ev, art))
            best.tokens |= toks
            best.weight = _mass(best.tokens, idf)
            best.kinds |= kinds
            if _finer(ev.precision, best.precision):
                by_value[best.value].remove(best)
                best.value, best.date, best.precision = ev.value, ev.date, ev.precision
                _index(best, by_value, within)
        else:
            entry = _Entry(ev.value, ev.date, ev.precision, [(ev, art)], set(toks), set(kinds), weight)
            entries.append(entry)
            _index(entry, by_value, within)
    out = [_entry(e, origin_of, analyses) for e in entries]
    return tuple(sorted(out, key=lambda t: (first_day(t.value or t.date), _RANK[t.precision], t.text)))


_RANK = {"year": 0, "season": 1, "quarter": 1, "month": 2, "week": 3, "day": 4}


def _index(e: _Entry, by_value: dict, within: dict) -> None:
    by_value[e.value].append(e)
    if e.precision == "day":
        within[e.value[:7]].add(e.value)
    elif e.precision == "month":
        within[e.value[:4]].add(e.value)


def _candidates(ev: EventDate, by_value: dict, within: dict) -> list[_Entry]:
    """Entries with the same value, or one level coarser or finer (day and month, month and year)."""
    values = [ev.value]
    if ev.precision == "day":
        values.append(ev.value[:7])
    elif ev.precision == "month":
        values += [ev.value[:4], *sorted(within.get(ev.value, ()))]
    elif ev.precision == "year":
        values += sorted(within.get(ev.value, ()))
    return [e for v in values for e in by_value.get(v, ())]


def _compatible(e: _Entry, ev: EventDate) -> bool:
    """Same date; or dates nested at month/year precision when both report what happened (or both expect)."""
    if e.value == ev.value:
        return True
    if "week" in (e.precision, ev.precision) or not _nested(e.value, ev.value):
        return False
    return (ev.status == "expected") == all(x.status == "expected" for x, _ in e.events)


def _finer(a: str, b: str) -> bool:
    return _RANK.get(a, 0) > _RANK.get(b, 0)


def _nested(a: str, b: str) -> bool:
    """One value lies within the other ("2019" holds "2019-04"; "2023-09" holds "2023-09-13")."""
    try:
        return (first_day(a) <= first_day(b) and last_day(b) <= last_day(a)) or \
               (first_day(b) <= first_day(a) and last_day(a) <= last_day(b))
    except ValueError:
        return False


def _idf(docs: list[set[str]]) -> dict[str, float]:
    df = Counter(t for d in docs for t in d)
    n = len(docs)
    return {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}


def _mass(tokens: set[str], idf: dict[str, float]) -> float:
    """Summed rarity of words; fsum is exact whatever the (hash-dependent) order of the set."""
    return math.fsum(idf.get(t, 0.0) for t in tokens)


def _entry(e: _Entry, origin_of: dict[str, str], analyses: dict[str, Analysis]) -> TimelineEntry:
    evs = e.events
    statuses = [ev.status for ev, _ in evs]
    happened = [(ev, a) for ev, a in evs if ev.status != "expected"]
    origins = {origin_of.get(a.id, a.derived_from or a.outlet or a.id) for ev, a in happened if ev.status != "denied"}
    if "denied" in statuses:
        status = "denied"
    elif not happened:
        status = "expected"
    elif len(origins) >= 2 or "confirmed" in statuses:
        status = "confirmed"
    else:
        status = "reported"
    pool = happened or evs
    lead, lead_art = min(pool, key=lambda x: (x[0].source != "text", x[0].precision != e.precision,
                                              abs(x[0].end - x[0].start - 140)))
    citations = []
    seen = set()
    for ev, a in evs:  # cite the whole part of the sentence the date governs; the entry's text is its trimmed lead
        key = (a.id, ev.part_start, ev.part_end)
        if key not in seen:
            seen.add(key)
            citations.append(Citation(a.id, ev.part_start, ev.part_end))
    places = []
    for ev, a in evs:
        analysis = analyses.get(a.id)
        for m in (analysis.mentions if analysis else ()):
            if m.label == "LOC" and ev.sentence_start <= m.start < ev.sentence_end and m.text not in places:
                places.append(m.text)
    text = " ".join(lead_art.text[lead.start:lead.end].split())
    return TimelineEntry(e.date, text, status, tuple(citations), e.precision,
                         e.value if e.value != e.date else None, tuple(places))
