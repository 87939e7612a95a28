"""Text normalisation shared by the cross-checking stages: accent folding, words, matching stems.

Statements are compared through truncated stems of accent-folded words. Truncation to a few characters is a
crude stemmer, but it is language-neutral and joins French/English cognates ("Russie"/"Russia",
"satellites"/"satellitaire", "départ"/"departs"), which matters when articles in several languages cover
one story and no multilingual model is available offline.
"""

from __future__ import annotations

import re
import unicodedata

STEM_CHARS = 6
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)

# Function words of French and English (folded): never concepts, never evidence that two sentences match.
STOPWORDS = frozenset(
    ["a", "au", "aux", "avec", "ce", "ces", "cet", "cette", "ceci", "cela", "ca", "celle", "celles", "celui", "ceux", "chez", "comme", "dans", "de", "des", "du", "deja", "donc", "dont", "elle", "elles", "en", "encore", "entre", "et", "etre", "eu", "il", "ils", "je", "la", "le", "les", "leur", "leurs", "lui", "ma", "mais", "me", "meme", "mes", "moi", "mon", "ne", "ni", "nos", "notre", "nous", "on", "ou", "par", "pas", "peu", "plus", "pour", "qu", "que", "quel", "quelle", "quelles", "quels", "qui", "sa", "sans", "se", "ses", "si", "son", "sont", "sous", "sur", "ta", "te", "tes", "toi", "ton", "tous", "tout", "toute", "toutes", "tres", "tu", "un", "une", "unes", "uns", "vos", "votre", "vous", "y", "ete", "etait", "etaient", "est", "sont", "ont", "avait", "avaient", "aura", "auront", "serait", "seraient", "sera", "seront", "fait", "faire", "deux", "apres", "avant", "aussi", "alors", "ainsi", "selon", "contre", "depuis", "lors", "tandis", "puis", "afin", "cependant", "dit", "dire", "selon", "d", "l", "s", "n", "c", "j", "m", "t", "qu'il", "qu'elle", "ici", "la-bas", "the", "of", "and", "to", "in", "on", "at", "for", "from", "by", "with", "as", "is", "was", "were", "be", "been", "are", "an", "or", "that", "this", "these", "those", "it", "its", "he", "she", "they", "them", "his", "her", "their", "we", "our", "you", "your", "i", "not", "but", "has", "have", "had", "will", "would", "could", "should", "may", "might", "can", "than", "then", "there", "which", "who", "whom", "what", "when", "where", "while", "into", "about", "over", "after", "before", "also", "said", "says"]
)


# Words that say how something was reported or hedged, not what happened: they never make two statements
# say the same thing ("il semblerait que…" and "ce qui semble…").
_REPORTING_WORDS = """
    affirmer affirme affirmait annoncer annonce annoncait assurer assure averti avertir declarer declare dit dire
    estimer estime expliquer explique indiquer indique preciser precise rapporter rapporte ajouter ajoute
    souligner souligne confirmer confirme evoquer evoque qualifier qualifie sembler semble semblait semblerait
    pourrait pourraient pourra devrait devraient devait doit doivent peut peuvent pouvoir devoir aurait auraient
    serait seraient etaient etait avoir plusieurs autre autres premier premiere dernier derniere nouveau nouvelle
    selon toujours egalement notamment ainsi encore deja cite citant citee
    said says told reported would could should also first last new
"""


def _reporting() -> frozenset[str]:
    return frozenset(stem(w) for w in _REPORTING_WORDS.split())


def _fold_table() -> dict[int, str]:
    """Accented Latin letters (U+00C0–U+024F) to their base letters, computed once from Unicode data."""
    table = {}
    for code in range(0xC0, 0x250):
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if base and base != chr(code) and base.isascii():
            table[code] = base
    table.update({ord(k): v for k, v in {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "’": "'", "ʼ": "'",
                                          "‘": "'"}.items()})
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower case without accents or ligatures ("Été, œuvre" -> "ete, oeuvre"); other scripts are kept."""
    return text.translate(_FOLD).lower()


def words(text: str) -> list[str]:
    """Folded words; elided articles and pronouns are split off ("l'armée" -> "l", "armee")."""
    out = []
    for w in _WORD.findall(fold(text)):
        out.extend(p for p in w.split("'") if p)
    return out


def stem(word: str, chars: int = STEM_CHARS) -> str:
    """Plural -s/-x dropped (the one inflection French and English share), then the first `chars` letters."""
    if len(word) > 3 and word[-1] in "sx" and word[-2] not in "su":
        word = word[:-1]
    return word[:chars]


# Words that say how something was reported or hedged, not what happened: they never make two statements
# say the same thing ("il semblerait que…" and "ce qui semble…"). Held as stems.
REPORTING = _reporting()


def content_stems(text: str) -> list[str]:
    """Stems of the content words of a text, in order (function words and one-letter tokens dropped)."""
    return [stem(w) for w in words(text) if len(w) > 1 and w not in STOPWORDS]


def word_count(text: str) -> int:
    """Words as a reader counts them (whitespace-separated), the unit of summary lengths."""
    return len(text.split())
