"""Who is who inside one article: mentions grouped into the article's entities.

A pure function of the article text and its stored mentions, so the cross-article stage can recompute it from the
store. Full names group when they are the same name (accents, hyphens, transliteration folded); a surname or a
title ("M. Vidal", "Garnier") joins the full name that carries it, the most mentioned one when several do (so
"Vidal" in an article about Paul Vidal that also names Anne Vidal once is Paul Vidal); a role reference ("l'édile
lyonnais") joins the person the article gave that role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text.names import core, fold, same_name, same_token, simple_key, tokens
from ..model import Mention

_DET = re.compile(r"^(?:(?:les|le|la|the|ses|son|sa|leurs|leur|cette|cet|ce)\s+|l['’]\s*)", re.I)
_FEMININE = re.compile(r"^(?:(?:mme|mlle|madame)\b|(?:la|une|cette|sa)\s)", re.I)
_MASCULINE = re.compile(r"^(?:m\.|monsieur\b|(?:le|un|ce|cet|son)\s)", re.I)
ROLE_SYNONYMS = {"leader": "dirigeant", "dirigeante": "dirigeant", "cheffe": "chef", "présidente": "président",
                 "porte-parole": "porte-parole", "spokesman": "porte-parole", "spokeswoman": "porte-parole",
                 "spokesperson": "porte-parole", "president": "président", "minister": "ministre",
                 "procureure": "procureur", "avocate": "avocat", "députée": "député", "préfète": "préfet"}


@dataclass
class LocalEntity:
    name: str  # the fullest name the article gives
    type: str
    mentions: list[int] = field(default_factory=list)  # indexes into the article's mentions
    forms: list[str] = field(default_factory=list)  # surface forms, first seen first
    roles: list[str] = field(default_factory=list)
    gender: str | None = None
    tokens: list[str] = field(default_factory=list)

    def add(self, i: int, m: Mention) -> None:
        self.mentions.append(i)
        if m.text not in self.forms:
            self.forms.append(m.text)
        if m.role and m.role not in self.roles:
            self.roles.append(m.role)


def is_role_reference(m: Mention) -> bool:
    """A mention made by the entity stage for a role phrase ("le dirigeant nord-coréen"), not a name."""
    return m.role is not None and fold(m.text).split(" ")[0] in {"le", "la", "l", "les", "the", "son", "sa", "ce",
                                                                 "cette", "l'"} and _DET.match(m.text) is not None


def role_words(role: str) -> tuple[str, set[str]]:
    """(head, other words) of a role phrase, folded; synonyms share a head."""
    words = [w for w in re.split(r"[\s,]+", fold(_DET.sub("", role.strip()))) if w]
    if not words:
        return "", set()
    head = words[0]
    head = ROLE_SYNONYMS.get(head, head)
    rest = {w for w in words[1:] if w not in {"de", "du", "des", "d", "la", "le", "l", "of", "the"}}
    return head, rest


def role_matches(reference: str, role: str) -> bool:
    h1, w1 = role_words(reference)
    h2, w2 = role_words(role)
    return bool(h1) and h1 == h2 and w1 <= w2


def gender_of(text: str) -> str | None:
    t = text.strip()
    if _FEMININE.match(t):
        return "f"
    if _MASCULINE.match(t):
        return "m"
    return None


def local_entities(text: str, mentions: list[Mention], genders: dict[int, str] | None = None
                   ) -> tuple[list[LocalEntity], dict[int, int]]:
    """The article's entities and, for each mention index, the index of its entity. `genders` ({mention index:
    "m" | "f"}, from the parse's morphology: `coref.mention_genders`) helps when titles and roles say nothing."""
    genders = genders or {}
    entities: list[LocalEntity] = []
    of: dict[int, int] = {}
    names = [(i, m, tokens(m.text)) for i, m in enumerate(mentions) if not is_role_reference(m)]
    people = [x for x in names if x[1].label == "PER" and x[2]]
    # full names, longest first, so that shorter spellings find them; a lone hyphenated surname
    # ("Mme Alliot-Marie") is the end of a full name
    for i, m, toks in sorted((x for x in people if len(core(x[2])) >= 2), key=lambda x: (-len(x[2]), x[1].start)):
        k = next((k for k, e in enumerate(entities) if e.type == "PER" and _same_person(toks, e.tokens)), None)
        if k is None and _surname_only(m.text):
            k = next((k for k, e in enumerate(entities) if e.type == "PER" and len(e.tokens) > len(toks)
                      and same_name(e.tokens[-len(toks):], toks)), None)
        if k is None:
            entities.append(LocalEntity(_display(m.text), "PER", tokens=toks))
            k = len(entities) - 1
        of[i] = k
    counts: dict[int, int] = {}
    starts: dict[int, list[int]] = {}
    for i, k in of.items():
        counts[k] = counts.get(k, 0) + 1
        starts.setdefault(k, []).append(mentions[i].start)
    full_gender = _full_name_genders(of, genders)
    for i, m, toks in sorted((x for x in people if len(core(x[2])) < 2), key=lambda x: x[1].start):
        tok = core(toks)[0]
        k = _full_name_for(tok, m.start, entities, counts, starts, gender_of(m.text) or genders.get(i), full_gender)
        if k is None:
            k = next((k for k, e in enumerate(entities) if e.type == "PER" and len(e.tokens) == 1
                      and same_token(e.tokens[0], tok)), None)
        if k is None:
            entities.append(LocalEntity(_display(m.text), "PER", tokens=[tok]))
            k = len(entities) - 1
        of[i] = k
    # organisations, places, other names: same folded name, an acronym given in brackets, or transliteration
    acronyms = _acronyms(text, mentions)
    for i, m, toks in names:
        if m.label == "PER" or not toks:
            continue
        key = simple_key(_DET.sub("", m.text))
        target = acronyms.get(i)
        k = of.get(target) if target is not None else None
        if k is None:
            k = next((k for k, e in enumerate(entities) if e.type == m.label and (
                simple_key(_DET.sub("", e.name)) == key or same_name(tokens(e.name), toks))), None)
        if k is None:
            entities.append(LocalEntity(_display(m.text), m.label, tokens=toks))
            k = len(entities) - 1
        of[i] = k
    for i, k in sorted(of.items()):
        entities[k].add(i, mentions[i])
    for e in entities:
        e.gender = next((g for g in (gender_of(f) for f in e.forms) if g), None) or next(
            (g for g in (gender_of(r) for r in e.roles) if g), None)
        if e.type == "PER" and e.gender is None:
            votes = [genders[i] for i in e.mentions if i in genders]
            if votes and votes.count("m") != votes.count("f"):
                e.gender = "m" if votes.count("m") > votes.count("f") else "f"
        if e.type == "PER":
            e.name = max(e.forms, key=lambda f: (len(core(tokens(f))), not re.match(r"(?i)(m\.|mme)", f),
                                                 -e.forms.index(f)))
            e.name = _display(e.name)
    # role references: the person given that role in the article, the nearest one before
    for i, m in enumerate(mentions):
        if is_role_reference(m):
            k = resolve_role(m.text, m.start, entities, mentions)
            if k is not None:
                of[i] = k
                entities[k].mentions.append(i)
    return entities, of


def resolve_role(phrase: str, at: int, entities: list[LocalEntity], mentions: list[Mention]) -> int | None:
    """The person the article gave this role, the one named nearest before `at` when several have it."""
    best, best_pos = None, -1
    fallback = None
    for k, e in enumerate(entities):
        if e.type != "PER" or not any(role_matches(phrase, r) for r in e.roles):
            continue
        before = [mentions[i].start for i in e.mentions if mentions[i].start < at and not is_role_reference(
            mentions[i])]
        if before and max(before) > best_pos:
            best, best_pos = k, max(before)
        elif fallback is None:
            fallback = k
    return best if best is not None else fallback


def _surname_only(text: str) -> bool:
    t = re.sub(r"^(?:M\.|Mme|Mlle|Me|Dr|Mr\.?|Mrs\.?|Ms\.?)\s+", "", " ".join(text.replace("\u00a0", " ").split()))
    return " " not in t


def _same_person(a: list[str], b: list[str]) -> bool:
    """Same full name, or the same first and last name around a middle name ("George W. Bush")."""
    if same_name(a, b):
        return True
    ca, cb = core(a), core(b)
    if len(ca) >= 2 and len(cb) >= 2 and len(ca) != len(cb):
        short, long_ = (ca, cb) if len(ca) < len(cb) else (cb, ca)
        return len(short) == 2 and same_token(short[0], long_[0]) and same_token(short[-1], long_[-1])
    return False


def _full_name_for(tok: str, at: int, entities: list[LocalEntity], counts: dict[int, int],
                   starts: dict[int, list[int]], gender: str | None = None,
                   full_gender: dict[int, str] | None = None) -> int | None:
    """The full-name entity a lone surname (or given name) means: last-name matches first, then the most
    mentioned, then the one named nearest before."""
    scored = []
    for k, e in enumerate(entities):
        if e.type != "PER" or len(e.tokens) < 2:
            continue
        ctoks = core(e.tokens)
        if same_token(tok, ctoks[-1]):
            rank = 2
        elif any(same_token(tok, t) for t in ctoks[:-1]):
            rank = 1
        else:
            continue
        if gender and (full_gender or {}).get(k) not in {None, gender}:
            continue  # "M. Vallet" is not Odile Vallet
        before = [x for x in starts.get(k, ()) if x < at]
        scored.append((rank, counts.get(k, 0), max(before) if before else -1, k))
    if not scored:
        return None
    scored.sort(reverse=True)
    return scored[0][3]


def _full_name_genders(of: dict[int, int], genders: dict[int, str]) -> dict[int, str]:
    """{entity index: gender} where the parse agrees on the gender of every full-name mention that has one."""
    votes: dict[int, set[str]] = {}
    for i, k in of.items():
        if i in genders:
            votes.setdefault(k, set()).add(genders[i])
    return {k: next(iter(v)) for k, v in votes.items() if len(v) == 1}


def _acronyms(text: str, mentions: list[Mention]) -> dict[int, int]:
    """"Reporters sans frontières (RSF)": the acronym mention -> the mention it abbreviates."""
    out: dict[int, int] = {}
    by_text: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        by_text.setdefault(m.text, []).append(i)
    for i, m in enumerate(mentions):
        after = text[m.end : m.end + 20]
        a = re.match(r"\s*\(([A-Z][A-Za-z]{1,9})\)", after)
        # only an acronym of the name before it: "OSTRAVA (Reuters) -" is a dateline and a credit, not a name
        if a and a.group(1) in by_text and _abbreviates(a.group(1), m.text):
            for j in by_text[a.group(1)]:
                if j != i and mentions[j].label != "PER":
                    out[j] = i
    # "la FRP" after "la Fédération des riverains du port": an acronym made of the initials of a longer name
    longs = {_initials(m.text): i for i, m in enumerate(mentions) if m.label != "PER" and len(m.text.split()) > 1}
    for j, m in enumerate(mentions):
        if j not in out and m.text.isupper() and 2 <= len(m.text) <= 6 and m.text.isalpha() and m.text in longs:
            out[j] = longs[m.text]
    return out


def _abbreviates(short: str, name: str) -> bool:
    """The short form is made of the name's initials (stop words may be skipped or kept: "ONU", "RSF", "LDH")."""
    letters = short.upper()
    words = [w for w in re.split(r"[\s'’-]+", name) if w]
    if len(words) < 2:
        return False
    return letters == _initials(name) or letters == "".join(w[0].upper() for w in words)


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s'’-]+", name) if w and w.lower() not in {"de", "des", "du", "la", "le", "l",
                                                                            "les", "et", "d", "pour", "of", "the",
                                                                            "and", "à", "au", "aux", "en"}]
    return "".join(w[0].upper() for w in words)


def _display(text: str) -> str:
    """A name as shown: no title, no leading article, spaces normalised (hyphens and case kept)."""
    t = " ".join(text.replace("\u00a0", " ").split())
    t = re.sub(r"^(?:M\.|Mme|Mlle|Me|Dr|Mr\.?|Mrs\.?|Ms\.?)\s+", "", t)
    t = re.sub(r"^(?:les|le|la|the)\s+", "", t)
    t = re.sub(r"^l['’]", "", t)
    return t
