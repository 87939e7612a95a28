"""Who a speaker phrase means: a named person or organisation of the article, a pronoun's antecedent, a role
noun ("le porte-parole") resolved to the person the article gives that role, or an anonymous source."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import (
    ANONYMOUS_HEADS_FR, ORG_HEADS_FR, OUTLET_HEADS_FR, PRONOUNS_EN, PRONOUNS_FR, ROLE_HEADS_EN, ROLE_HEADS_FR,
)
from .phrases import INDEFINITE, TITLES

_ROLE_HEADS = set(ROLE_HEADS_FR) | set(ROLE_HEADS_EN)
_DET = re.compile(r"^(?:(?:les|le|la|the|ses|son|sa|leurs|leur|ces|cette|cet|ce|notre|votre)\s+|l['’]\s*)", re.I)
_FEMININE_DET = re.compile(r"^(?:la|une|cette|sa)\s", re.I)
_MASCULINE_DET = re.compile(r"^(?:le|un|ce|cet|son)\s", re.I)
_LEADING_DET = re.compile(r"^(?:(?:les|le|la|the)\s+|l['’]\s*)(?=\S)", re.I)


@dataclass(frozen=True, slots=True)
class Speaker:
    mention: str  # as written
    name: str | None  # resolved name (the fullest the article gives), None when unknown
    kind: str  # person, organisation, outlet, anonymous
    key: str | None = None  # the article-level entity it resolves to (its canonical name)


@lru_cache(maxsize=50_000)
def fold(text: str) -> str:
    """Lowercase, no accents, no leading article, single spaces: how names are compared."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = t.replace("’", "'").replace("-", " ")
    t = re.sub(r"^(?:(?:les|le|la|the)\s+|l'\s*)(?=\S)", "", t.strip())
    return " ".join(re.sub(r"[^\w' ]", " ", t).split())


def strip_determiner(phrase: str) -> str:
    """"le Parti socialiste" -> "Parti socialiste"; names that carry their article keep it ("Le Monde")."""
    m = _LEADING_DET.match(phrase)
    if m and (phrase[: m.end()].strip()[:1].islower() or phrase[m.end() : m.end() + 1].islower()):
        return phrase[m.end():]  # "Le parquet de Lyon" opening a sentence -> "parquet de Lyon"
    return phrase


def role_head(phrase: str) -> str | None:
    """The role noun heading a phrase ("le porte-parole du Kremlin" -> "porte-parole"), if it has one."""
    t = _DET.sub("", phrase.strip())
    t = re.sub(r"^(?:nouveau|nouvelle|ancien|ancienne|ex-|premier|première|haut|haute|vice-)\s*", "", t, flags=re.I)
    first = re.split(r"[\s,]", t, maxsplit=1)[0].lower().strip("'’")
    if first in _ROLE_HEADS:
        return first
    if first.startswith("ex-") and first[3:] in _ROLE_HEADS:
        return first
    return None


def gender_of_phrase(phrase: str) -> str | None:
    p = phrase.strip()
    low = p.lower()
    if low.startswith(("mme", "mlle", "madame")) or _FEMININE_DET.match(p):
        return "f"
    if low.startswith(("m. ", "monsieur")) or _MASCULINE_DET.match(p):
        return "m"
    return None


def phrase_kind(phrase: str, has_person: bool, has_org: bool) -> str:
    """person, organisation, outlet or anonymous, from the words of the phrase."""
    t = phrase.strip()
    words = re.split(r"[\s'’]+", t.lower())
    first = words[0] if words else ""
    head = _DET.sub("", t).split(" ", 1)[0].lower().strip("'’") if t else ""
    if first in INDEFINITE or first in {"on", "d'autres", "certains"} or (first == "de" and len(words) > 1):
        return "anonymous"
    if head in OUTLET_HEADS_FR or head in {"agency", "newspaper", "daily", "paper", "broadcaster", "outlet"}:
        return "outlet"
    if has_person:
        return "person"
    if head in ORG_HEADS_FR or has_org:
        return "organisation"
    if head in ANONYMOUS_HEADS_FR:
        return "anonymous"
    return "person"


def is_pronoun(phrase: str) -> str | None:
    low = phrase.strip().lower()
    return PRONOUNS_FR.get(low) or PRONOUNS_EN.get(low)
