"""Words for story matching: content terms (lemmas) and name keys, from stored lemmas or straight from text.

The pipeline stores spaCy lemmas of content words per sentence (`Sentence.lemmas`). Both that path and the
cheap path used by the evaluations and the benchmark (no spaCy: a regex tokeniser and simplemma's lookup
lemmatiser) end in the same normalisation — simplemma lemma, stop words and short tokens out — so a term means
the same thing whichever path produced it (`recoupe eval clusters --spacy` measures how close they are).

Name keys are the tokens of proper names, folded (lowercase, no accents): "Kim Jong-un", "M. Kim" and
"KIM Jong Un" share "kim" and "jong". They come from entity mentions where NER ran, otherwise from capitalised
words that do not start a sentence, which works in any language written with capitals.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_SPLIT = re.compile(r"['’-]")
_SENTENCE_END = set(".!?:;«»\"“”—–-•*#|()[]\n")

LEMMA_LANGUAGES = {
    "bg", "ca", "cs", "cy", "da", "de", "el", "en", "enm", "es", "et", "fa", "fi", "fr", "ga", "gd", "gl", "gv",
    "hbs", "hi", "hu", "hy", "id", "is", "it", "ka", "la", "lb", "lt", "lv", "mk", "ms", "nb", "nl", "nn", "pl",
    "pt", "ro", "ru", "se", "sk", "sl", "sq", "sv", "sw", "tl", "tr", "uk",
}  # simplemma's languages (the rest keep folded surface words)
MIN_TERM = 3


def fold(word: str) -> str:
    """Lowercase without accents: "Élysée" → "elysee"."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=64)
def stop_words(language: str) -> frozenset[str]:
    """spaCy's stop-word list for a language (no model needed), folded, plus a few news-wire words."""
    words: set[str] = set()
    try:
        from spacy.util import get_lang_class

        words = set(get_lang_class(language).Defaults.stop_words)
    except Exception:  # language unknown to spaCy: no list
        words = set()
    words |= _NEWS_WORDS.get(language, set())
    return frozenset(fold(w) for w in words)


# Words of news prose that say nothing about which story an article is in.
_NEWS_WORDS = {
    "fr": {"selon", "avoir", "être", "faire", "dire", "déclarer", "indiquer", "affirmer", "ajouter", "estimer",
           "annoncer", "expliquer", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
           "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre", "an", "année", "jour", "mois", "semaine", "heure", "hier", "demain", "afp",
           "reuters", "ats", "monsieur", "madame", "m", "mme", "pouvoir", "devoir", "aller", "venir", "falloir",
           "vouloir", "prendre", "donner", "mettre", "rester", "passer", "trouver", "voir", "savoir", "aussi",
           "ainsi", "alors", "encore", "déjà", "toujours", "notamment", "plus", "moins", "très", "tout", "tous"},
    "en": {"say", "said", "says", "tell", "told", "according", "monday", "tuesday", "wednesday", "thursday",
           "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
           "august", "september", "october", "november", "december", "year", "day", "week", "month", "mr", "mrs",
           "reuters", "afp", "ap"},
    "es": {"según", "decir", "afirmar", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
           "año", "día", "mes", "semana", "efe", "afp", "reuters"},
    "it": {"secondo", "dire", "affermare", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato",
           "domenica", "anno", "giorno", "mese", "settimana", "ansa", "afp", "reuters"},
    "de": {"sagte", "sagen", "laut", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag",
           "sonntag", "jahr", "tag", "monat", "woche", "dpa", "afp", "reuters"},
}


@lru_cache(maxsize=500_000)
def _lemma(word: str, language: str) -> str:
    if language in LEMMA_LANGUAGES:
        from simplemma import lemmatize

        try:
            return lemmatize(word, lang=language)
        except Exception:  # an odd token must not stop matching
            return word
    return word


def normalise_term(word: str, language: str) -> str | None:
    """One word or lemma to the term used for matching, or None when it carries no topic."""
    word = word.lower()
    if len(word) < MIN_TERM or not word[0].isalpha():
        return None
    stops = stop_words(language)
    if fold(word) in stops:
        return None
    lemma = _lemma(word, language).lower()
    key = fold(lemma)
    if len(key) < MIN_TERM or key in stops:
        return None
    return key


def terms_from_text(text: str, language: str) -> list[str]:
    """Content terms of a text, cheaply (regex words, simplemma lemmas); the eval and bench path."""
    out = []
    for m in _WORD.finditer(text):
        for part in _SPLIT.split(m.group()):
            t = normalise_term(part, language)
            if t:
                out.append(t)
    return out


def terms_from_lemmas(lemma_strings, language: str) -> list[str]:
    """Content terms from stored sentence lemmas (spaCy's, space-separated); the pipeline path."""
    out = []
    for lemmas in lemma_strings:
        for lemma in lemmas.split():
            for part in _SPLIT.split(lemma):
                t = normalise_term(part, language)
                if t:
                    out.append(t)
    return out


def name_tokens(name: str, language: str) -> list[str]:
    """The folded tokens of a proper name that identify it ("M. Kim Jong-un" → kim, jong)."""
    stops = stop_words(language)
    out = []
    for part in re.split(r"[\s'’\-.]+", name):
        key = fold(part)
        if len(key) >= 2 and key.isalpha() and key not in stops and key not in _TITLES:
            out.append(key)
    return out


_TITLES = {"mr", "mrs", "ms", "dr", "mme", "mlle", "president", "presidente", "sir", "st", "ste", "saint"}


def names_from_text(text: str, language: str) -> list[str]:
    """Name keys from capitalised words that do not open a sentence (languages without NER, and the cheap path)."""
    stops = stop_words(language)
    out = []
    for m in _WORD.finditer(text):
        word = m.group()
        elided = re.split(r"['’]", word)
        if len(elided) > 1 and elided[0].islower():
            word = elided[-1]  # d'Ingrid, l'Élysée: the name after an elided article
        elif not word[0].isupper():
            continue
        else:
            i = m.start() - 1
            while i >= 0 and text[i] in " \t\u00a0":
                i -= 1
            if i < 0 or text[i] in _SENTENCE_END:
                continue  # sentence or line start: capitalised for grammar, not because it is a name
        if not word[:1].isupper():
            continue
        if word.isupper() and len(word) > 5:
            continue  # shouted words in headings
        for key in name_tokens(word, language):
            if key not in stops:
                out.append(key)
    return out
