"""Text normalisation shared by every stage: one way to fold, to cut words, to stem and to spot function words.

- `fold`: lowercase, accents and ligatures off, apostrophes unified ("L’Élysée, œuvre" → "l'elysee, oeuvre");
  other scripts are kept. `fold_same_length` keeps every offset (for highlighting and span arithmetic).
- `words`: folded words, elided articles split off ("l'armée" → "l", "armee").
- `stem`: the Snowball stemmer of the word's language (PyStemmer), folded words in, folded stems out.
- `stop_words`: spaCy's stop-word list for a language (no model needed), folded.
- `ENTITY_LABELS`: spaCy's label schemes (WikiNER for French, OntoNotes for English) to ours.
- `names`: comparing names across spellings and scripts (below every package that compares names).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

__all__ = ["ENTITY_LABELS", "SNOWBALL", "entity_label", "fold", "fold_same_length", "stem", "stemmer",
           "stop_words", "words"]

# spaCy label schemes to ours; dates, numbers and amounts are not named entities here (time expressions
# have their own stage).
ENTITY_LABELS = {
    "PER": "PER", "PERSON": "PER", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC", "ORG": "ORG", "MISC": "MISC",
    "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC",
}

# ISO 639-1 code → Snowball algorithm (the languages PyStemmer ships).
SNOWBALL = {
    "fr": "french", "en": "english", "de": "german", "es": "spanish", "it": "italian", "pt": "portuguese",
    "nl": "dutch", "ca": "catalan", "ro": "romanian", "da": "danish", "sv": "swedish", "no": "norwegian",
    "nb": "norwegian", "fi": "finnish", "hu": "hungarian", "tr": "turkish", "ru": "russian", "pl": "polish",
    "cs": "czech", "el": "greek", "lt": "lithuanian", "et": "estonian", "eu": "basque", "ga": "irish",
    "id": "indonesian", "sr": "serbian", "ar": "arabic", "hy": "armenian",
}

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)


def entity_label(label: str) -> str | None:
    """Our label for a spaCy label, None for what is not a name here (dates, amounts, numbers)."""
    return ENTITY_LABELS.get(label)


def _fold_table() -> dict[int, str]:
    """Accented Latin letters (U+00C0–U+024F) to their base letters, ligatures spelled out, apostrophes and
    dashes unified; computed once from Unicode data."""
    table = {}
    for code in range(0xC0, 0x250):
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if base and base != chr(code) and base.isascii():
            table[code] = base
    table.update({ord(k): v for k, v in {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "’": "'", "ʼ": "'",
                                          "‘": "'", "‑": "-", "–": "-"}.items()})
    return table


_FOLD = _fold_table()
_SAME_LENGTH = {k: v for k, v in _FOLD.items() if len(v) == 1}


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case without accents or ligatures ("Été, œuvre" → "ete, oeuvre"); other scripts are kept, with
    their own combining marks dropped."""
    t = text.translate(_FOLD).lower()
    if t.isascii():
        return t
    decomposed = unicodedata.normalize("NFKD", t)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_same_length(text: str) -> str:
    """Lowercase and accents dropped where that keeps every offset (ligatures stay as they are)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter whose lowercase is longer: keep the offsets right
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_SAME_LENGTH)


def words(text: str) -> list[str]:
    """Folded words; elided articles and pronouns are split off ("l'armée" → "l", "armee")."""
    out = []
    for w in _WORD.findall(fold(text)):
        out.extend(p for p in w.split("'") if p)
    return out


@lru_cache(maxsize=64)
def stemmer(language: str | None) -> Stemmer.Stemmer | None:
    """The Snowball stemmer of a language (None for a language Snowball lacks). Not thread-safe: one per thread
    where threads stem at once (`Stemmer.Stemmer(SNOWBALL[code])`)."""
    name = SNOWBALL.get((language or "").split("-")[0].lower())
    return Stemmer.Stemmer(name) if name else None


def stem(word: str, language: str | None = "fr") -> str:
    """The Snowball stem of a folded word in its language; the word itself where Snowball has no stemmer."""
    s = stemmer(language)
    return s.stemWord(word) if s else word


@lru_cache(maxsize=64)
def stop_words(language: str) -> frozenset[str]:
    """spaCy's stop-word list for a language (no model needed), folded; empty for a language spaCy lacks."""
    from spacy.util import get_lang_class

    try:
        cls = get_lang_class(language)
    except ImportError:  # spaCy has no language class for this code
        return frozenset()
    return frozenset(fold(w) for w in cls.Defaults.stop_words)
