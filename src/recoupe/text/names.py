"""Comparing names across spellings: accents, hyphens, titles, and Russian names transliterated the French way
(Poutine, Choïgou, Vostotchny, Jarovski) or the English way (Putin, Shoigu, Vostochny, Zharovsky).

Each name token gets a small set of phonetic keys: one read with French transliteration conventions (ch = sh,
tch = ch, j = zh, ou = u), one read with English ones. Two tokens are the same when their key sets meet.
Cyrillic tokens are first transliterated with iuliia's French and English schemes.
"""

from __future__ import annotations

import re
from functools import lru_cache

import iuliia

from . import fold

TITLES = {
    "m", "mme", "mmes", "mlle", "me", "dr", "pr", "mgr", "mr", "mrs", "ms", "sir", "dame", "lord", "monsieur",
    "madame", "president", "président", "présidente", "general", "général", "colonel", "le", "la", "les", "l",
    "the", "camarade", "comrade", "maître", "maitre", "prince", "princess", "princesse", "roi", "king", "reine",
    "queen", "pape", "pope", "saint", "sainte", "cheikh", "sheikh", "ministre", "minister", "senator", "sénateur",
    "sénatrice", "député", "députée", "maire", "mayor", "juge", "judge", "professeur", "professor",
}
PARTICLES = {"de", "du", "des", "d", "van", "von", "der", "den", "da", "di", "dos", "das", "del", "della", "la", "le",
             "ben", "bin", "ibn", "al", "el", "abu", "ter", "ten", "y", "zu", "st"}
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_FR_SCHEME = iuliia.MVD_310_FR
_EN_SCHEMES = (iuliia.WIKIPEDIA, iuliia.ICAO_DOC_9303)


def tokens(name: str, drop_titles: bool = True) -> list[str]:
    """Folded name tokens: hyphens split ("Kim Jong-un" -> kim, jong, un), titles and periods dropped."""
    return list(_tokens(name, drop_titles))


@lru_cache(maxsize=100_000)
def _tokens(name: str, drop_titles: bool) -> tuple[str, ...]:
    t = name.lower() if is_cyrillic(name) else fold(name)  # transliteration needs the Cyrillic letters whole
    t = re.sub(r"['’]s\b", "", t)  # English possessive
    parts = [p for p in re.split(r"[\s\-.'()\",]+", t) if p]
    if drop_titles:
        while len(parts) > 1 and parts[0] in TITLES:
            parts = parts[1:]
    return tuple(parts)


def simple_key(name: str) -> str:
    return " ".join(tokens(name, drop_titles=False))


def _collapse(t: str) -> str:
    t = t.replace("y", "i")
    t = re.sub(r"(.)\1+", r"\1", t)  # doubled letters, ii from iy/yi
    return t


def _french_reading(t: str) -> str:
    t = t.replace("tch", "C").replace("dj", "J").replace("ch", "S").replace("kh", "H").replace("j", "Z")
    t = re.sub(r"gu(?=[eiy])", "g", t)
    t = t.replace("ou", "u")
    t = re.sub(r"ine$", "in", t)
    t = re.sub(r"(?<=[aeiou])ss(?=[aeiou])", "s", t)
    t = t.replace("w", "v")
    return _collapse(t)


def _english_reading(t: str) -> str:
    t = t.replace("shch", "SC").replace("zh", "Z").replace("kh", "H").replace("ch", "C").replace("sh", "S")
    t = t.replace("j", "J").replace("w", "v")
    return _collapse(t)


@lru_cache(maxsize=50_000)
def token_keys(token: str) -> frozenset[str]:
    """Phonetic keys of one folded token (Latin or Cyrillic)."""
    if _CYRILLIC.search(token):
        latin = {fold(_FR_SCHEME.translate(token))} | {fold(s.translate(token)) for s in _EN_SCHEMES}
        return frozenset(k for t in latin for k in (_french_reading(t), _english_reading(t)))
    return frozenset({_french_reading(token), _english_reading(token)})


def same_token(a: str, b: str) -> bool:
    return a == b or bool(token_keys(a) & token_keys(b))


def same_name(a: list[str], b: list[str]) -> bool:
    """Same full name: as many tokens, each pair the same (Kim Jong Un = Kim Jong-un; Kim Jong-il differs)."""
    return len(a) == len(b) and all(same_token(x, y) for x, y in zip(a, b))


def core(tokens_: list[str]) -> list[str]:
    """Name tokens without particles, for matching a surname used alone ("de Villepin" -> villepin)."""
    return [t for t in tokens_ if t not in PARTICLES] or tokens_


def name_keys(name: str) -> frozenset[str]:
    """Keys of a whole name, for indexing: one per combination of readings, all tokens read the same way."""
    toks = tokens(name)
    if not toks:
        return frozenset()
    per = [sorted(token_keys(t)) for t in toks]
    keys = {" ".join(k[min(i, len(k) - 1)] for k in per) for i in range(max(len(k) for k in per))}
    return frozenset(keys)


def is_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None
