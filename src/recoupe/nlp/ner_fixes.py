"""Repairs for the slips a news-trained NER model makes on scraped news text.

Works on the model's entity spans and the tokens' text only (no tagger or parser), so it is the same code in the
pipeline and in `recoupe eval ner`. Each rule is about a kind of slip, not a document:
- site furniture taken for a name ("Télécharger", "Home News Kim Jong-un"), a weekday glued to a name
  ("Kremlin Lundi"), a verb glued after one ("Kim Jong-un inspecte"), a name cut at a hyphen ("Kim Jong-");
- two names joined by a hyphen ("sommet Poutine-Kim") split when each is a name of the article;
- a capital city taken for a person (metonymy: "Washington redoute …" means the US government);
- a person label on a news agency, a company or a group ("l'agence Ria Novosti", "le groupe Wagner");
- one label per surface form within an article (the majority, context-derived labels first).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..text import ENTITY_LABELS

WEEKDAYS_MONTHS = {
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "février", "mars", "avril",
    "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "hier", "aujourd'hui",
}
# Words of site furniture a model reads as names at the start of a line.
FURNITURE = {
    "télécharger", "lire", "partager", "suivre", "suivez", "publicité", "commenter", "abonnez-vous", "voir",
    "home", "news", "accueil", "actualités", "actualité", "newsletter", "image", "photo", "vidéo", "video",
    "source", "menu", "connexion", "imprimer", "envoyer", "tweeter", "copier", "réagir", "écouter", "regarder",
    "recevez", "inscrivez-vous", "s'abonner", "découvrez", "retrouvez", "share", "read", "more", "related",
    "advertisement", "sign", "subscribe", "follow", "download", "crédit", "crédits", "légende", "dossier",
}
WEEKDAYS = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "monday", "tuesday",
            "wednesday", "thursday", "friday", "saturday", "sunday"}
COMMON_WORDS = {"gouvernement", "président", "ministre"}
NAME_PARTICLES = {"de", "du", "des", "d'", "d’", "la", "le", "van", "von", "der", "den", "da", "di", "dos", "del",
                  "ben", "bin", "ibn", "al", "el", "y", "-", "'", "’"}
LEADING_LOWER = {"le", "la", "les", "l'", "l’", "du", "des", "de", "d'", "d’", "au", "aux", "the", "un", "une"}
ORG_CONTEXT = {"agence", "agency", "groupe", "société", "entreprise", "firme", "quotidien", "journal", "chaîne",
               "télévision", "média", "banque", "constructeur", "parti", "milice", "magazine", "hebdomadaire",
               "fabricant", "laboratoire", "company", "newspaper", "firm"}
DETERMINERS = {"le", "la", "l'", "l’", "les", "un", "une", "the", "a", "an", "ce", "cette", "au", "aux"}
ARTICLE_TOKENS = 150
PLACE_HEADS = {"cosmodrome", "ville", "village", "port", "aéroport", "région", "province", "île", "mer", "lac",
               "fleuve", "mont", "massif", "base", "centrale", "gare", "station", "baie", "golfe", "détroit",
               "péninsule", "vallée", "désert", "forêt", "quartier", "commune", "département"}


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # token index
    end: int  # token index (exclusive)
    label: str
    why: str = "model"


@lru_cache(maxsize=1)
def capitals() -> frozenset[str]:
    """Capital cities and seats of government (French and English names), from the package data."""
    text = resources.files("recoupe.data").joinpath("capitals.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def fix_entities(doc, spans: list[tuple[int, int, str]] | None = None) -> list[Span]:
    """The corrected entity spans of a spaCy Doc (token offsets), in text order."""
    words = [t.text for t in doc]
    if spans is None:
        spans = [(e.start, e.end, e.label_) for e in doc.ents if e.label_ in ENTITY_LABELS]
    out: list[Span] = []
    for start, end, label in spans:
        span = _trim(words, doc, Span(start, end, _label(label)))
        if span is not None:
            out.extend(_split_compound(words, span, spans))
    out = [_relabel(words, s) for s in out if not _broken(words, s)]
    out = _extend_names(words, doc, out)
    out = _one_label_per_form(words, out)
    return sorted(out, key=lambda s: s.start)




def _label(label: str) -> str:
    return ENTITY_LABELS.get(label, "MISC")


def _is_name(w: str) -> bool:
    return w[:1].isupper() and any(c.isalpha() for c in w)


def _trim(words: list[str], doc, span: Span) -> Span | None:
    s, e = span.start, span.end
    while s < e and (words[s].lower() in FURNITURE and e - s > 1 and _is_name(words[s + 1])):
        s += 1  # "Home News Kim Jong-un"
    while s < e and words[s] in LEADING_LOWER:
        s += 1  # "la Chine", "l’Union soviétique"
    while e - s > 1 and words[e - 1].lower() in WEEKDAYS_MONTHS and words[e - 2].lower() not in NAME_PARTICLES and (
        span.label != "PER" or words[e - 1].lower() in WEEKDAYS
    ):
        e -= 1  # "Kremlin Lundi" (but "Champ de Juillet", "Bruno Mars")
    while s < e and words[s].lower() in WEEKDAYS_MONTHS and e - s > 1 and words[s][:1].isupper():
        s += 1  # "Lundi KCNA"
    if span.label == "PER":
        while e - s > 1 and words[e - 1].islower() and "-" not in words[e - 1] and words[
            e - 1
        ] not in NAME_PARTICLES and not _glued(doc, e - 1):
            e -= 1  # "Kim Jong-un inspecte"
    if e <= s or e - s == 1 and words[s].lower() in DETERMINERS:
        return None
    text = [w.lower() for w in words[s:e]]
    if len(text) == 1:
        w = words[s]
        if text[0] in FURNITURE or text[0] in COMMON_WORDS and span.label != "PER":
            return None
        if span.label == "PER" and w.islower() and w in _role_nouns():
            return None  # "le président kelvanien": a role, resolved as a role reference, not a name
        if w.isupper() and len(w) <= 3 and _all_caps_line(words, s):
            return None  # "CE QU'IL FAUT SAVOIR"
        if not any(c.isalpha() for c in w):
            return None
    # "cosmodrome de Vostotchny" is a place, not a miscellaneous name
    if span.label == "MISC" and text[0] in PLACE_HEADS and e - s >= 3 and text[1] in {"de", "d'", "d’", "du"}:
        return Span(s, e, "LOC", "place head")
    return Span(s, e, span.label, span.why)


@lru_cache(maxsize=1)
def _role_nouns() -> frozenset[str]:
    from .quotes.lexicon import ROLE_HEADS_EN, ROLE_HEADS_FR

    return frozenset(ROLE_HEADS_FR) | frozenset(ROLE_HEADS_EN)


def _glued(doc, i: int) -> bool:
    """Token i is glued to the one before it (no space): part of a hyphenated name."""
    return i > 0 and not doc[i - 1].whitespace_


def _all_caps_line(words: list[str], i: int) -> bool:
    around = [w for w in words[max(0, i - 3) : i + 4] if any(c.isalpha() for c in w)]
    return len(around) >= 3 and all(w.isupper() for w in around)


def _split_compound(words: list[str], span: Span, spans: list[tuple[int, int, str]]) -> list[Span]:
    """"Poutine-Kim" -> "Poutine", "Kim" when both halves are named on their own in the article."""
    if span.label not in {"PER", "MISC"}:
        return [span]
    for i in range(span.start + 1, span.end - 1):
        if words[i] == "-" and _is_name(words[i - 1]) and _is_name(words[i + 1]):
            left, right = " ".join(words[span.start : i]), " ".join(words[i + 1 : span.end])
            names = {" ".join(words[s:e]) for s, e, _ in spans if (s, e) != (span.start, span.end)}
            singles = {w for n in names for w in n.split()}
            if (left in names or left in singles) and (right.split()[0] in singles):
                return [Span(span.start, i, "PER", "split"), Span(i + 1, span.end, "PER", "split")]
    return [span]


def _broken(words: list[str], span: Span) -> bool:
    """A span running over a lowercase weekday or time of day ("Partie dimanche soir de Valmont")."""
    inner = words[span.start + 1 : span.end - 1]
    return any(w in WEEKDAYS or w in {"soir", "matin"} for w in inner)


def _relabel(words: list[str], span: Span) -> Span:
    text = " ".join(words[span.start : span.end])
    before = [w.lower() for w in words[max(0, span.start - 6) : span.start]]
    after = words[span.end] if span.end < len(words) else "."
    if span.label == "PER":
        # "l'agence de presse régionale, Vektor, …", "le groupe Orsane" (not "ce quotidien, Paul Vidal a …")
        if _org_apposition(before) and (before[-1:] != [","] or after in {",", ".", ")", ";"}):
            return Span(span.start, span.end, "ORG", "org context")
        if span.end - span.start == 1 and text.lower() in capitals():
            return Span(span.start, span.end, "LOC", "capital")
    if span.label == "MISC" and before[-2:] in (["cité", "par"], ["citée", "par"], ["cités", "par"]):
        return Span(span.start, span.end, "ORG", "outlet context")
    return span


def _org_apposition(before: list[str]) -> bool:
    """The words before a name make it an organisation: "l'agence de presse russe, X", "le groupe X"."""
    tail = before[:-1] if before and before[-1] == "," else before
    # the organisation noun after a determiner, then at most two adjectives: "le groupe X",
    # "le quotidien vessarien X", "l'agence de presse russe X"
    for n_after in (0, 1, 2, 3):
        i = len(tail) - 1 - n_after
        if i < 1 or tail[i] not in ORG_CONTEXT or tail[i - 1] not in DETERMINERS:
            continue
        between = tail[i + 1 :]
        if between[:2] == ["de", "presse"]:
            between = between[2:]
        if len(between) <= 2 and all(_adjective_like(w) for w in between):
            return True
    return False


def _adjective_like(word: str) -> bool:
    """A nationality or similar adjective ("russe", "sud-coréenne", "américain"), not a verb or a small word."""
    return len(word) > 3 and word.islower() and word.endswith(ADJECTIVE_ENDINGS)


ADJECTIVE_ENDINGS = ("ien", "ienne", "ais", "aise", "ain", "aine", "ois", "oise", "and", "ande", "ol", "ole", "ine",
                     "sse", "ge", "que", "al", "ale", "el", "elle", "an", "ane", "ote", "ite", "ien", "éen", "éenne")


def _extend_names(words: list[str], doc, spans: list[Span]) -> list[Span]:
    """"Kim Jong-" + "un", "Kim Jong" + "Un": a person's name cut short by the model."""
    taken = {i for s in spans for i in range(s.start, s.end)}
    out = []
    for s in spans:
        e = s.end
        if s.label == "PER":
            while e < len(words) and e not in taken:
                w = words[e]
                if words[e - 1] == "-" and _glued(doc, e) and w[:1].isalpha():
                    e += 1
                elif w == "-" and _glued(doc, e) and e + 1 < len(words) and _glued(doc, e + 1) and words[e + 1][
                    :1
                ].isalpha():
                    e += 2
                elif (w[:1].isupper() and w[1:].islower() and w.lower() in {"un", "il", "in", "eun", "jin", "ho"}
                      and e - s.start in (2, 3) and len(words[e - 1]) <= 5 and words[e - 1][:1].isupper()):
                    e += 1  # a short last element of an East-Asian given name ("Kim Jong Un")
                else:
                    break
        out.append(Span(s.start, e, s.label, s.why) if e != s.end else s)
    return out


def _one_label_per_form(words: list[str], spans: list[Span]) -> list[Span]:
    """Within one article a surface form gets one label: the one context gave it, else the majority.
    (A single sentence is left as the model read it: two labels there are usually two meanings.)"""
    if len(words) < ARTICLE_TOKENS:
        return spans
    forms: dict[str, Counter] = defaultdict(Counter)
    for s in spans:
        weight = 3 if s.why not in {"model", "split"} else 1
        forms[" ".join(words[s.start : s.end])][s.label] += weight
    person_tokens = {w for s in spans if s.label == "PER" and sum(_is_name(w) for w in words[s.start : s.end]) > 1
                     for w in words[s.start : s.end]}
    out = []
    for s in spans:
        form = " ".join(words[s.start : s.end])
        label = forms[form].most_common(1)[0][0]
        if label in {"LOC", "ORG"} and s.end - s.start == 1 and form in person_tokens and s.why == "model":
            label = "PER"  # "Kim" tagged LOC in an article about Kim Jong Un
        out.append(Span(s.start, s.end, label, s.why) if label != s.label else s)
    return out


def furniture_word(text: str) -> bool:
    return text.lower() in FURNITURE


_UPPER_WORD = re.compile(r"^[A-ZÀ-Ý]")
