"""In-article coreference for persons, organisations and other sources: which stretches of one article mean the
same thing, and the fullest name the article gives it.

API (one call; everything else here is a helper):

    chains(doc, mentions) -> list[Chain]

`doc` is the article's spaCy Doc (the French or English parse; a Doc without a parse gives name chains only),
`mentions` the article's repaired mentions (`Analysis.mentions`, as the entity component leaves them). Each `Chain`
has `name` (the fullest name the article supports: "Claire Aubin" for "Mme Aubin", "elle" and "la ministre";
"mission d'évaluation de la réforme" for "la mission"), `type` (PER, ORG, LOC, MISC for named chains, NOM for a
source named only by a noun phrase), `gender` ("m", "f" or None), `plural` and `links`: every stretch of the
article that refers to it, as `Link(start, end, text, kind)` with kind

- `name`: a named mention, a surname, a title and name ("M. Aubin");
- `role`: a role noun the article tied to the name ("la ministre" after "la ministre Claire Aubin");
- `nominal`: a definite noun phrase headed by a source noun (organisation, document, outlet, role) and its
  shorter repetitions ("le parquet général de Valmorin" … "le parquet");
- `pronoun`: il/elle/ils/elles, also inverted ("a-t-elle ajouté"), and "ce dernier", "cette dernière".

Pronouns go to the latest chain before them that agrees in gender and number, preferring one that was the subject
of its clause in the same or the previous sentence; "ce dernier" to the latest person. `Chain.at(offset)` and
`chain_at(chains, start, end)` find the chain of a stretch. Used by quote attribution (candidates for the speaker)
and meant for fact alignment (the same actor under two names).

Gender comes from titles and gendered role nouns ("Mme", "la présidente") and from the parse's morphology (a
participle or adjective agreeing with the name), never from a list of first names.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..model import Mention
from .article_entities import LocalEntity, is_role_reference, local_entities
from .quotes.lexicon import ANONYMOUS_HEADS_FR, ORG_HEADS_FR, OUTLET_HEADS_FR, ROLE_HEADS_EN, ROLE_HEADS_FR

DOCUMENT_HEADS = {"communiqué", "rapport", "texte", "document", "déclaration", "lettre", "note", "étude", "avis",
                  "décret", "arrêté", "projet", "vidéo", "sondage", "enquête", "statement", "report", "letter",
                  "study", "survey"}
ORG_HEADS = set(ORG_HEADS_FR) | {"office", "ministry", "government", "agency", "department", "police", "army",
                                 "company", "council", "court", "party", "union", "committee", "commission",
                                 "authority", "authorities", "firm", "bank", "administration", "embassy"}
OUTLET_HEADS = set(OUTLET_HEADS_FR) | {"newspaper", "daily", "paper", "broadcaster", "outlet", "channel"}
ROLE_HEADS = set(ROLE_HEADS_FR) | set(ROLE_HEADS_EN)
SOURCE_HEADS = DOCUMENT_HEADS | ORG_HEADS | OUTLET_HEADS | ROLE_HEADS | set(ANONYMOUS_HEADS_FR)
DEFINITE = {"le", "la", "l'", "l’", "les", "ce", "cet", "cette", "ces", "the", "this", "that"}
PRONOUNS = {"il": ("m", False), "elle": ("f", False), "ils": ("m", True), "elles": ("f", True),
            "he": ("m", False), "she": ("f", False), "they": (None, True)}
_PRONOUN_FORMS = {f"{pre}{p}" for p in PRONOUNS for pre in ("", "-", "-t-")}
LAST_NAMED = re.compile(r"(?i)^(?:ce|cette)\s+derni(?:er|ère)$|^(?:celui|celle)-ci$|^the\s+latter$")
PRONOUN_REACH_SENTENCES = 3  # a pronoun's antecedent is named at most this many sentences before it
MAX_NOMINAL_TOKENS = 12  # a noun phrase's fullest form is cut to this many tokens


@dataclass(frozen=True, slots=True)
class Link:
    start: int
    end: int
    text: str
    kind: str  # name, role, nominal, pronoun


@dataclass
class Chain:
    name: str
    type: str  # PER, ORG, LOC, MISC, NOM
    links: list[Link] = field(default_factory=list)
    gender: str | None = None
    plural: bool = False
    head: str | None = None  # for NOM chains: the head noun's lemma
    roles: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)  # the names as written (named chains)
    subjects: set[int] = field(default_factory=set)  # start offsets of links that are a clause subject

    def at(self, start: int, end: int) -> bool:
        return any(start <= lk.start and lk.end <= end for lk in self.links)


def chain_at(chains: list[Chain], start: int, end: int) -> Chain | None:
    """The chain with a link inside [start, end) (the latest link wins when several chains have one)."""
    best, best_at = None, -1
    for c in chains:
        for lk in c.links:
            if start <= lk.start and lk.end <= end and lk.start > best_at:
                best, best_at = c, lk.start
    return best


def chains(doc, mentions: list[Mention], entities: tuple[list[LocalEntity], dict[int, int]] | None = None
           ) -> list[Chain]:
    """The article's coreference chains (see the module docstring)."""
    text = doc.text
    ents, of = entities or local_entities(text, mentions, mention_genders(doc, mentions))
    parse = doc is not None and len(doc) > 0 and doc.has_annotation("DEP")
    out: list[Chain] = []
    for e in ents:
        c = Chain(e.name, e.type, gender=e.gender, roles=list(e.roles), forms=list(e.forms))
        for i in e.mentions:
            m = mentions[i]
            c.links.append(Link(m.start, m.end, m.text, "role" if is_role_reference(m) else "name"))
        c.links.sort(key=lambda lk: lk.start)
        out.append(c)
    if not parse:
        return out
    starts = doc.to_array("IDX").tolist()
    taken = sorted((m.start, m.end) for m in mentions)
    for c in out:
        for lk in c.links:
            tok = doc[max(0, bisect.bisect_right(starts, lk.start) - 1)]
            if _is_subject(tok):
                c.subjects.add(lk.start)
    _nominal_chains(doc, taken, out)
    _pronouns(doc, out)
    return out


def _is_subject(tok) -> bool:
    node = tok
    for _ in range(3):  # a name inside its own phrase ("flat:name", "appos") takes its head's role
        if node.dep_.startswith("nsubj"):
            return True
        if node.dep_ not in {"flat:name", "flat", "compound", "appos", "nmod"} or node.head is node:
            return False
        node = node.head
    return False


def _overlaps(taken: list[tuple[int, int]], a: int, b: int) -> bool:
    i = bisect.bisect_left(taken, (a, a))
    for j in (i - 1, i):
        if 0 <= j < len(taken) and taken[j][0] < b and a < taken[j][1]:
            return True
    return False


def _nominal_form(tok) -> tuple[int, int]:
    """Character bounds of a noun phrase from its head: its modifiers and complements, without the determiner,
    relative clauses, appositions, coordination, or anything after a comma."""
    keep = [tok]
    for ch in tok.children:
        if ch.dep_ in {"det", "punct", "acl:relcl", "appos", "conj", "cc", "parataxis", "advcl", "dep"}:
            continue
        if ch.i < tok.i and ch.dep_ not in {"amod", "nummod", "compound"}:
            continue
        keep.extend(ch.subtree)
    keep.sort(key=lambda t: t.i)
    run = [keep[0]] if keep[0] is tok else []
    # contiguous around the head, stopping at punctuation or at a relative pronoun
    left = [t for t in keep if t.i < tok.i]
    run = left + [tok]
    for t in keep:
        if t.i <= tok.i:
            continue
        if t.i != run[-1].i + 1 or t.is_punct or t.lower_ in {"qui", "que", "dont", "où", "which", "who"}:
            break
        run.append(t)
    run = run[:MAX_NOMINAL_TOKENS]
    while len(run) > 1 and run[-1].pos_ in {"ADP", "DET", "CCONJ", "PUNCT"}:
        run.pop()
    return run[0].idx, run[-1].idx + len(run[-1].text)


def _nominal_chains(doc, taken: list[tuple[int, int]], out: list[Chain]) -> None:
    text = doc.text
    open_chains: dict[str, list[Chain]] = {}
    noun = doc.vocab.strings["NOUN"]
    for i, pos in enumerate(doc.to_array("POS").tolist()):
        if pos != noun:
            continue
        tok = doc[i]
        if not any(ch.dep_ == "det" and ch.lower_ in DEFINITE for ch in tok.children):
            continue
        head = tok.lemma_.lower()
        if head not in SOURCE_HEADS and not _is_subject(tok):
            continue
        a, b = _nominal_form(tok)
        if _overlaps(taken, tok.idx, tok.idx + len(tok.text)):
            continue  # the head is inside a name: the name's chain has it
        det = next(ch for ch in tok.children if ch.dep_ == "det")
        link = Link(min(a, det.idx), b, text[min(a, det.idx) : b], "nominal")
        form = text[a:b]
        words = _content_words(form)
        chain = None
        for c in reversed(open_chains.get(head, [])):
            cw = _content_words(c.name)
            if words <= cw or cw <= words:
                chain = c
                break
        if chain is None:
            g = tok.morph.get("Gender")
            chain = Chain(form, "NOM", head=head, gender={"Masc": "m", "Fem": "f"}.get(g[0]) if g else None,
                          plural="Plur" in tok.morph.get("Number"))
            open_chains.setdefault(head, []).append(chain)
            out.append(chain)
        elif len(words) > len(_content_words(chain.name)):
            chain.name = form
        chain.links.append(link)
        if _is_subject(tok):
            chain.subjects.add(link.start)


def _content_words(form: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"\w+", form.lower()) if w not in {"de", "du", "des", "d", "la", "le",
                                                                          "l", "les", "of", "the", "et", "and"})


def _pronouns(doc, out: list[Chain]) -> None:
    """Attach subject pronouns (also inverted, "a-t-il") and "ce dernier" to the chain they mean."""
    idx = doc.to_array("IDX").tolist()
    sent_starts = [0] + [idx[i] for i, v in enumerate(doc.to_array("SENT_START").tolist()) if v == 1 and i > 0]
    index = sorted(((lk.start, n, lk) for n, c in enumerate(out) for lk in c.links), key=lambda x: x[0])
    positions = [x[0] for x in index]
    wanted = {doc.vocab.strings[f] for f in _PRONOUN_FORMS | {"dernier", "dernière"}}
    for i, h in enumerate(doc.to_array("LOWER").tolist()):
        if h not in wanted:
            continue
        tok = doc[i]
        low = re.sub(r"^-(?:t-)?", "", tok.lower_)
        if tok.pos_ == "PRON" and low in PRONOUNS:
            gender, plural = PRONOUNS[low]
            lk = Link(tok.idx, tok.idx + len(tok.text), tok.text, "pronoun")
            c = _antecedent(out, index, positions, sent_starts, tok.idx, gender, plural, persons_only=False)
        elif tok.lower_ in {"dernier", "dernière"} and tok.i > 0 and doc[tok.i - 1].lower_ in {"ce", "cette"}:
            a = doc[tok.i - 1].idx
            gender = "f" if tok.lower_ == "dernière" else "m"
            lk = Link(a, tok.idx + len(tok.text), text_of(doc, a, tok.idx + len(tok.text)), "pronoun")
            c = _antecedent(out, index, positions, sent_starts, a, gender, False, persons_only=True, latest=True)
        else:
            continue
        if c is not None:
            c.links.append(lk)
            if _is_subject(tok) or tok.dep_ == "flat:name" and _is_subject(tok.head):
                c.subjects.add(lk.start)
    for c in out:
        c.links.sort(key=lambda lk: lk.start)


def text_of(doc, a: int, b: int) -> str:
    return doc.text[a:b]


def _antecedent(out, index, positions, sent_starts, at, gender, plural, persons_only, latest=False):
    k = bisect.bisect_right(sent_starts, at) - 1
    floor = sent_starts[max(0, k - PRONOUN_REACH_SENTENCES)] if sent_starts else 0
    prev_sent = sent_starts[max(0, k - 1)] if sent_starts else 0
    best = None
    for j in range(bisect.bisect_left(positions, at) - 1, -1, -1):
        start, n, lk = index[j]
        if start < floor:
            break
        c = out[n]
        if c.type in {"LOC", "MISC"} or persons_only and c.type != "PER":
            continue
        if c.type == "PER" and plural or c.type != "PER" and c.type != "NOM" and gender == "f" and not plural:
            continue
        if c.type == "NOM" and (c.plural != plural or c.gender and gender and c.gender != gender):
            continue
        if c.type == "PER" and gender and c.gender and c.gender != gender:
            continue
        if latest:
            return c
        if best is None:
            best = c
        if start in c.subjects and start >= prev_sent:
            return c  # the subject of the same or the previous sentence
    return best


def mention_genders(doc, mentions: list[Mention]) -> dict[int, str]:
    """Gender of person mentions from the parse's morphology: a participle or adjective agreeing with the name
    (an apposition, "est arrivée"), a role noun just before it or in apposition after it ("la ministre X",
    "X, sa sœur"). {mention index: "m" | "f"}."""
    if doc is None or len(doc) == 0 or not doc.has_annotation("MORPH"):
        return {}
    starts = doc.to_array("IDX").tolist()
    out: dict[int, str] = {}
    for i, m in enumerate(mentions):
        if m.label != "PER" or is_role_reference(m):
            continue
        first = doc[max(0, bisect.bisect_right(starts, m.start) - 1)]
        votes = {"m": 0, "f": 0}
        toks = [t for t in doc[first.i : first.i + 6] if t.idx < m.end]
        # the Gender feature the model puts on a first name itself is mostly a default (a woman's name marked
        # masculine): only words that agree with the name count
        head = toks[0] if toks else first
        while head.dep_ in {"flat:name", "flat"} and head.head is not head:
            head = head.head
        for ch in head.children:  # "Claire Aubin, élue locale, …": an agreeing apposition
            if ch.dep_ in {"acl", "amod", "appos"} and ch.pos_ in {"VERB", "ADJ", "NOUN"}:
                g = ch.morph.get("Gender")
                if g and ch.pos_ != "NOUN":
                    votes["m" if g[0] == "Masc" else "f"] += 1
        if head.dep_.startswith("nsubj") and head.head.pos_ in {"ADJ", "VERB"} and any(
            a.lemma_ == "être" for a in head.head.children if a.dep_.startswith(("aux", "cop"))
        ):
            g = head.head.morph.get("Gender")  # "Claire Aubin est arrivée": the participle agrees with her
            if g:
                votes["m" if g[0] == "Masc" else "f"] += 1
        for tok in _role_nouns_beside(doc, toks, m):
            # "la ministre Claire Aubin", "Claire Aubin, sa sœur": only the feminine counts, since the model marks
            # a noun that can name either ("ministre", "porte-parole", "chef") masculine by default
            if tok.morph.get("Gender") == ["Fem"]:
                votes["f"] += 1
        if votes["m"] != votes["f"]:
            out[i] = "m" if votes["m"] > votes["f"] else "f"
    return out


def _role_nouns_beside(doc, toks, m: Mention) -> list:
    """Person nouns next to a name: right before it ("la présidente X") or after a comma ("X, sa cousine")."""
    out = []
    if toks:
        i = toks[0].i - 1
        if i >= 0 and doc[i].pos_ == "NOUN" and doc[i].lower_ in ROLE_HEADS:
            out.append(doc[i])
    after = [t for t in doc[toks[-1].i + 1 : toks[-1].i + 5]] if toks else []
    if len(after) >= 2 and after[0].text == ",":
        k = 1
        if after[k].pos_ == "DET" and k + 1 < len(after):
            k += 1
        nxt = doc[after[k].i + 1] if after[k].i + 1 < len(doc) else None
        if after[k].pos_ == "NOUN" and after[k].lower_ in ROLE_HEADS and not (nxt is not None and nxt.pos_ == "PROPN"):
            out.append(after[k])  # not "X, sa mère Y": the noun there is Y's
    return out
