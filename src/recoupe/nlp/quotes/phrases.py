"""Words, noun phrases and clause edges around a cue, from the text alone (so English and other languages with
no parser get the same rules); a French parse, when there is one, only helps to find the subject of a cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import FR_ADVERBS, ROLE_HEADS_EN, ROLE_HEADS_FR

WORD = re.compile(
    r"(?:[Aa]ujourd['’]hui|(?:[Jj]usqu|[Ll]orsqu|[Pp]uisqu|[Qq]u|[LlDdNnSsJjMmTtCc])['’]|M\.|Mmes?\b|Me\b|Dr\.|"
    r"[A-ZÀ-Ý]\.(?=\s+[A-ZÀ-Ý])|"
    r"\w+(?:-\w+)*(?:['’]s\b)?|[^\w\s])"
)
DETERMINERS_FR = {
    "le", "la", "les", "l'", "l’", "un", "une", "des", "du", "son", "sa", "ses", "leur", "leurs", "ce", "cet",
    "cette", "ces", "plusieurs", "certains", "certaines", "deux", "trois", "quatre", "de", "d'", "d’", "notre",
    "votre", "nos", "vos", "aucun", "aucune", "tout", "toute", "tous", "toutes", "chaque",
}
DETERMINERS_EN = {"the", "a", "an", "his", "her", "their", "its", "this", "that", "these", "those", "some", "several"}
INDEFINITE = {"un", "une", "des", "plusieurs", "certains", "certaines", "deux", "trois", "quatre", "quelques",
              "nombre", "a", "an", "some", "several", "aucun", "aucune", "d'autres", "d’autres"}
TITLES = {"m.", "mme", "mmes", "mlle", "me", "dr", "dr.", "mgr", "pr", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
          "messrs", "sir", "dame", "lord"}
ROLE_WORDS = set(ROLE_HEADS_FR) | set(ROLE_HEADS_EN)
CLITICS_FR = {"lui", "leur", "le", "la", "les", "l'", "l’", "se", "s'", "s’", "y", "en", "me", "m'", "te", "nous",
              "vous", "ne", "n'", "n’"}
TIME_WORDS = {
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier", "soir", "matin", "midi",
    "après-midi", "aujourd'hui", "aujourd’hui", "demain", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "yesterday", "today", "tonight", "nuit", "dernier", "dernière", "prochain",
    "ce", "cette", "on", "last", "week",
}
MONTHS = {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
          "décembre"}
ADVERB_RE = re.compile(rf"^{FR_ADVERBS}$", re.IGNORECASE)
ADVERB_PHRASE = re.compile(rf"{FR_ADVERBS}(?![\w'’-])", re.IGNORECASE)  # "de son côté", "en chœur"
PREPOSITIONS_FR = {"à", "au", "aux", "sur", "dans", "devant", "lors", "en", "depuis", "pendant", "après", "avant",
                   "auprès", "par", "pour", "avec", "chez", "vers", "dès", "contre", "face", "selon", "to", "in",
                   "on", "at", "from", "with", "for", "during", "after", "before", "by"}
CONNECTORS = {"mais", "et", "or", "certes", "toutefois", "pourtant", "cependant", "ainsi", "donc", "enfin", "aussi",
              "d'ailleurs", "d’ailleurs", "néanmoins", "en", "effet", "but", "and", "however", "so", "yet", "—", "–",
              "-", "•"}
STOP_CONTENT_FR = re.compile(
    r"\s*:\s*(?=[«\"“])|\s+comme\s+l['’](?:a|ont|avait)\s|,\s*(?:lors\s+d|en\s+marge\s+d|au\s+risque\s+d|à\s+l['’]issue\s+d|avant\s+de\s|après\s+avoir\s|"
    r"dans\s+une?\s+référence|faisant\s+(?:apparemment\s+)?référence|citée?s?\s+par\s|rapporte\s|"
    r"a\s+rapporté\s|according\s+to\s"
    # the journalist's comment on the whole sentence ("…, ce qui a suscité …"), a gerund ("…, en ajoutant")
    r"|ce\s+(?:qui|que|qu['’])|en\s+\w+ant\b)",
)


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    text: str

    @property
    def low(self) -> str:
        return self.text.lower()


@dataclass
class Sentence:
    start: int
    end: int
    words: list[Word] = field(default_factory=list)


def words_in(text: str, start: int, end: int) -> list[Word]:
    return [Word(m.start() + start, m.end() + start, m.group()) for m in WORD.finditer(text[start:end])]


def is_name_word(w: Word) -> bool:
    t = w.text
    return t[:1].isupper() and any(c.isalpha() for c in t) and not t.isupper() or (t.isupper() and len(t) > 1
                                                                                    and t.isalpha())


def strip_np(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces, commas and stray punctuation at both ends of a phrase."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–-("):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.—–-)"):
        end -= 1
    return start, end


def skip_fillers_right(text: str, words: list[Word], i: int) -> int:
    """From word i, step over adverbs, dates and prepositional phrases that sit between a cue and its subject
    ("a déclaré jeudi à la presse son interprète")."""
    n = len(words)
    while i < n:
        w = words[i].low
        if w == "," and i + 1 < n and words[i + 1].low in PREPOSITIONS_FR | {"jeudi"}:
            i += 1
            continue
        phrase = ADVERB_PHRASE.match(text, words[i].start)
        if phrase and phrase.end() > words[i].end:
            while i < n and words[i].start < phrase.end():
                i += 1
            continue
        if ADVERB_RE.match(w) or w in TIME_WORDS or w.isdigit() or w in MONTHS and words[i].text.islower():
            i += 1
            continue
        if w in PREPOSITIONS_FR or w in {"lors", "d'une", "d’une"}:
            # a prepositional phrase: its noun phrase runs until the next determiner that is not right after
            # a preposition, a comma, or a name
            j = i + 1
            while j < n and words[j].low in DETERMINERS_FR | PREPOSITIONS_FR | {"d'", "d’", "l'", "l’"}:
                j += 1
            while j < n and j - i < 8 and words[j].text not in {",", ".", ";", ":", "«", "»", '"', "“", "”"} and words[
                j
            ].low not in {"avoir", "être", "que", "qu'", "qu’", "ne", "n'", "n’"} and words[j].low not in DETERMINERS_FR - {
                "de", "d'", "d’", "deux", "trois", "quatre"
            } and not (words[j].low in TITLES) and not (is_name_word(words[j]) and words[j - 1].low not in
                                                        PREPOSITIONS_FR | {"de", "d'", "d’", "l'", "l’"}):
                if words[j].low in {"de", "d'", "d’", "du", "des"}:
                    j += 1
                    while j < n and words[j].low in {"la", "l'", "l’", "le", "les"}:
                        j += 1
                    continue
                j += 1
            if j == i + 1:
                return i
            i = j
            continue
        return i
    return i


def np_right(text: str, words: list[Word], i: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase starting at word i (a subject placed after its verb): up to a comma, a full stop, a
    relative pronoun or a participle; a role followed by ", Name" keeps the name ("le porte-parole, X")."""
    n = len(words)
    if i >= n or words[i].start >= limit:
        return None
    j = i
    while j < n and words[j].start < limit:
        w = words[j]
        if w.text in {",", ".", ";", ":", "!", "?", "«", "»", '"', "“", "”", "(", ")", "-", "—", "–"}:
            break
        if j > i and w.low in {"qui", "que", "qu'", "qu’", "dont", "lequel", "laquelle", "où", "et", "who", "which",
                               "in", "on", "at", "to", "en", "à", "au", "aux", "lors", "sur", "dans", "devant",
                               "pendant", "après", "avant", "depuis", "chez", "avec", "pour", "par", "lorsque",
                               "selon", "during", "after", "before", "while", "outside", "from"}:
            if not (w.low == "et" and j + 1 < n and is_name_word(words[j + 1]) and is_name_word(words[j - 1])):
                break
        if j > i and w.low in TIME_WORDS - {"ce", "cette", "on", "dernier", "dernière", "prochain", "last"}:
            break
        if j > i and w.low in {"ce", "cette"} and j + 1 < n and words[j + 1].low in TIME_WORDS:
            break
        if j > i and (w.low.endswith("ant") and len(w.low) > 5 and w.low not in {"président", "représentant",
                                                                                 "commandant", "enfant"}):
            break
        j += 1
    if j == i:
        return None
    start, end = words[i].start, words[j - 1].end
    # "le ministre de la Défense, Sergueï Choïgou" and "Jean Dupont, ministre de …": keep the name side
    title = j + 1  # "…, le colonel Bruno Lestrade": a title or a role word before the name
    while title < n and title - j <= 3 and (words[title].low in TITLES or words[title].low in {"le", "la", "l'", "l’"}
                                            or words[title].low in ROLE_WORDS):
        title += 1
    if j < n and words[j].text == "," and title < n and is_name_word(words[title]) and not is_name_word(words[i]) and (
        title == j + 1 or words[title - 1].low not in {"le", "la", "l'", "l’"}
    ):
        k = title
        while k < n and (is_name_word(words[k]) or words[k].low in {"de", "van", "von", "du", "le", "la", "ben",
                                                                      "bin", "al", "el", "da", "di"}) and words[
            k
        ].start < limit:
            k += 1
        if k > title and (k >= n or words[k].text in {",", ".", ";", "!", "?", ")"} or words[k].low in {"qui", "a",
                                                                                                         "en"}):
            end = words[k - 1].end
    return strip_np(text, start, end)


def np_left(text: str, words: list[Word], i: int) -> tuple[int, int] | None:
    """The subject noun phrase ending just before word i (a cue): clitics, adverbs and a parenthesis between
    commas are stepped over; a name in apposition keeps its role ("La porte-parole de la préfecture, Inès Garnier")."""
    j = i - 1
    while j >= 0 and (words[j].low in CLITICS_FR or ADVERB_RE.match(words[j].low) or words[j].low in TIME_WORDS
                      and words[j].low not in {"ce", "cette", "on"}):
        j -= 1
    if j < 0:
        return None
    end_word = j
    if words[j].text == ",":
        # "X, président de …, a déclaré" / "Le porte-parole, X, a déclaré" / "X, qui …, a déclaré"
        k = j - 1
        while k >= 0 and words[k].text != ",":
            k -= 1
        inner = words[k + 1 : j]
        if not inner:
            return None
        if k >= 0 and _is_name_run(inner):
            start = _np_start(words, k)
            return strip_np(text, words[start].start if start < k else inner[0].start, inner[-1].end)
        if k >= 0 and _describes(inner):
            # "X, qui …, a déclaré" / "X, président de …, a déclaré": the subject is before the parenthesis
            return np_left(text, words, k + 1) if k + 1 < i else None
        if k >= 0:
            return strip_np(text, inner[0].start, inner[-1].end)
        end_word = j - 1
        j -= 1
    start = _np_start(words, end_word + 1)
    if start > end_word:
        return None
    return strip_np(text, words[start].start, words[end_word].end)


def _describes(ws: list[Word]) -> bool:
    """A parenthesis that describes a subject rather than being one: a relative clause, an adverb, a role or
    an adjective without a determiner ("qui se pose en …", "également présent", "président de l'ADMD")."""
    first = ws[0].low
    if first in DETERMINERS_FR | DETERMINERS_EN | TITLES and first not in {"de", "d'", "d’"} or is_name_word(ws[0]):
        return False
    return True


def _is_name_run(ws: list[Word]) -> bool:
    return bool(ws) and all(is_name_word(w) or w.low in {"de", "la", "le", "van", "von", "du", "-", "ben", "al"}
                            for w in ws) and is_name_word(ws[-1])


NP_STOP = {"que", "qu'", "qu’", "qui", "dont", "où", "et", "ou", "mais", "si", "s'", "s’", "car", "alors", "quand",
           "lorsque", "lorsqu'", "lorsqu’", "puisque", "puisqu'", "puisqu’", "comme", "même", "parce", "that", "which",
           "who", "when", "while", "and", "but"}


def _np_start(words: list[Word], i: int) -> int:
    """Leftmost word of the noun phrase that ends before word i."""
    j = i - 1
    start = i
    while j >= 0:
        w = words[j]
        low = w.low
        if w.text in {",", ".", ";", ":", "!", "?", "«", "»", '"', "“", "”", "(", ")", "—", "–"}:
            break
        if low in NP_STOP and not (low == "et" and j > 0 and is_name_word(words[j - 1]) and j + 1 < len(words)
                                   and is_name_word(words[j + 1])):
            break
        if low in CONNECTORS and j == 0 or low.endswith("ant") and len(low) > 5 and low[:1].islower() and low not in {
            "président", "représentant", "commandant", "enfant", "habitant", "participant", "manifestant", "militant",
            "dirigeant", "responsable", "intervenant", "gérant", "assistant", "étudiant", "résistant", "combattant",
        }:
            break
        start = j
        if w.text[:1].isupper() and low in {"un", "il", "in"} and j > 0 and is_name_word(words[j - 1]):
            j -= 1  # "Kim Jong Un": a capitalised word inside a name, not a determiner
            continue
        if low in DETERMINERS_FR | DETERMINERS_EN | TITLES and low not in {"de", "d'", "d’", "du", "des"} and (
            j == 0 or words[j - 1].low not in {"de", "d'", "d’", "du", "des", "à", "au", "aux"}
        ):
            break
        j -= 1
    # a sentence opener glued to the phrase ("Mais le président") is not part of it
    while start < i and words[start].low in CONNECTORS | {"depuis", "dans", "en"}:
        start += 1
    return start


def content_end(text: str, start: int, sent_end: int, stops: list[int]) -> int:
    """Where reported content that begins at `start` ends: the sentence end, another cue, or an adjunct."""
    end = sent_end
    for s in stops:
        if start < s < end:
            end = s
    m = STOP_CONTENT_FR.search(text, start, end)
    if m:
        end = m.start()
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:…"):
        if text[end - 1] == "." and text[end - 3 : end] == "...":
            break
        end -= 1
    return end


def clause_start(text: str, words: list[Word], i: int, floor: int) -> int:
    """Start of the reported content that ends before word i (an inverted cue): the sentence start (after an
    opening connector) or the end of an earlier item in the same sentence (`floor`)."""
    j = 0
    while j < i and words[j].start < floor:
        j += 1
    while j < i and (words[j].low in CONNECTORS or words[j].text in {",", "—", "–", "-", "•"}):
        j += 1
    if j < i:
        return words[j].start
    return words[i].start if i < len(words) else floor
