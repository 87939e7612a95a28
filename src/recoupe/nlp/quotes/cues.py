"""Cues of reported speech in one sentence, each with the speaker phrase and, for indirect speech, the content.

Kinds of cue:
- `inverted`: after the words it reports (", a déclaré X", ", a-t-il ajouté", ", said X");
- `que`: before a que-clause ("X a affirmé que …"); `infinitive`: before an infinitive ("X dit avoir …");
  `object`: before a noun phrase that is the content ("X dénonce la répression …");
- `source`: "selon X", "d'après X", "according to X"; `opinion`: "Pour X, …" at the head of a sentence;
- `lead`: a cue whose quotation follows (":" or the quote right after: "X a lancé : « … »").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .lexicon import (
    EN_SOURCE_PREPS, FR_CONTENT_OBJECT, FR_SOURCE_PREPS, cue_first_words, english_patterns, french_patterns,
    lemma_of_cue,
)
from .phrases import (
    DETERMINERS_EN, DETERMINERS_FR, TITLES, Word, clause_start, content_end, is_name_word, np_left, np_right,
    skip_fillers_right, words_in,
)

QUE = re.compile(r"(?<![\w'’])(?:que|qu['’])", re.IGNORECASE)
NOT_COMPLEMENTIZER = {"ce", "alors", "parce", "bien", "tandis", "ainsi", "plus", "moins", "autant", "tant", "dès",
                      "avant", "après", "pour", "sans", "afin", "lors", "fait", "sorte", "même", "autre", "tel",
                      "telle", "pendant", "depuis", "jusqu'à", "jusqu’à", "à", "de", "mesure", "tels", "telles", "sinon", "ne", "n'",
                      "n’", "rien", "si", "aussi", "selon", "ou", "encore", "vu", "étant", "attendu"}
INFINITIVE = re.compile(r"^(?:n['’])?(?:avoir|être|\w{2,}(?:er|ir|re|oir))$", re.IGNORECASE)
CLOSING = "»”\""
NOT_INFINITIVE = {"leur", "premier", "dernier", "entier", "hier", "soir", "pouvoir", "dossier", "notre", "votre", "cher",
                  "fier", "mer", "hiver", "quartier"}


@dataclass(frozen=True, slots=True)
class Cue:
    start: int
    end: int
    text: str
    kind: str
    speaker: tuple[int, int] | None = None
    content: tuple[int, int] | None = None
    lemma: str | None = None


def find_cues(text: str, start: int, end: int, lang: str, quote_ends: set[int], inside_quote,
              has_verb=lambda a, b, finite=False: True) -> list[Cue]:
    """Cues in the sentence text[start:end]. `quote_ends` holds offsets just past closing marks;
    `inside_quote(i)` tells whether offset i lies inside quoted words (cues there are the speaker's own)."""
    words = words_in(text, start, end)
    if lang == "fr":
        cues = _french(text, start, end, words, quote_ends, inside_quote, has_verb)
    elif lang == "en":
        cues = _english(text, start, end, words, quote_ends, inside_quote)
    else:
        cues = []
    cues.sort(key=lambda c: c.start)
    inverted = [c for c in cues if c.kind == "inverted"]
    cues = [c for c in cues if not (c.kind == "source" and c.content and c.content[1] <= c.start and any(
        c.content[0] <= x.start < c.start for x in inverted))]  # "«…», a dit M. Poutine selon des agences"
    return cues


def _word_index(words: list[Word], offset: int) -> int:
    """The index of the first word starting at or after offset (words are in text order)."""
    return bisect.bisect_left(words, offset, key=lambda w: w.start)


def _prev_char(text: str, i: int, floor: int) -> tuple[str, int]:
    j = i - 1
    while j >= floor and text[j] in " \t\u00a0\u202f":
        j -= 1
    return (text[j], j) if j >= floor else ("", floor)


def _french(text, start, end, words, quote_ends, inside_quote, has_verb) -> list[Cue]:
    pats = french_patterns()
    cues: list[Cue] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not inside_quote(s) and all(e <= a or s >= b for a, b in taken)

    # 1. source prepositions: "selon X, …", "…, selon X", "d'après X"
    for m in re.finditer(rf"(?<![\w])(?P<cue>{FR_SOURCE_PREPS})\s+(?!lequel|laquelle|lesquel)", text[start:end]):
        s, e = start + m.start("cue"), start + m.end("cue")
        if not free(s, e):
            continue
        i = _word_index(words, start + m.end())
        sp = np_right(text, words, i, end)
        if sp is None:
            continue
        cues.append(_source_cue(text, start, end, words, s, e, sp))
        taken.append((s, sp[1]))
    # 2. "Pour X, …" opening a sentence, X a person, an organisation or a pronoun
    m = re.match(r"\s*(?:(?:Mais|Et|Or|Car)\s+)?(?P<cue>[Pp]our)\s+", text[start:end])
    if m:
        s, e = start + m.start("cue"), start + m.end("cue")
        i = _word_index(words, start + m.end())
        sp = np_right(text, words, i, end)
        if sp and sp[1] < end and _opinion_holder(text, words, i, sp):
            comma = text.find(",", sp[1], end)
            if comma >= 0 and text[sp[1]:comma].strip() == "":
                c_start = comma + 1
                cues.append(Cue(s, e, text[s:e], "opinion", sp, (c_start, content_end(text, c_start, end, [])),
                                "pour"))
                taken.append((s, comma))
    # 3. verbs
    for m in _matches(pats["inverted"], text, words, end):
        s, e = m.start("cue"), m.end("cue")
        if not free(s, e):
            continue
        cue = _verb_cue(text, start, end, words, s, e, m.group("cue"), quote_ends, cues, has_verb)
        if cue:
            cues.append(cue)
            taken.append((s, cue.speaker[1] if cue.kind == "inverted" and cue.speaker else e))
    for m in _matches(pats["participle"], text, words, end):
        s, e = m.start("cue"), m.end("cue")
        if not free(s, e):
            continue
        lemma = lemma_of_cue(m.group("cue"))
        after = _after_cue(text, words, e, end, lemma, s)
        if after is not None:
            kind, content = after
            cues.append(Cue(s, e, text[s:e], kind, None, content, lemma))
            taken.append((s, e))
    # an infinitive before a colon and a quotation: "X a remercié son hôte avant de prévenir : « … »"
    for m in _matches(pats["infinitive"], text, words, end):
        s, e = m.start("cue"), m.end("cue")
        if free(s, e) and re.match(r"[ \u00a0]*:[ \u00a0]*[«\"“]", text[e:end]):
            cues.append(Cue(s, e, text[s:e], "lead", None, None, lemma_of_cue(m.group("cue"))))
            taken.append((s, e))
    return cues


def _matches(pattern: re.Pattern, text: str, words: list[Word], end: int):
    """pattern matches starting at words that can begin a cue (much faster than scanning every offset)."""
    first = cue_first_words()
    last = -1
    for w in words:
        if w.start < last or (w.low not in first and w.low.split("-")[0] not in first):
            continue
        m = pattern.match(text, w.start, end)
        if m:
            last = m.end()
            yield m


def _opinion_holder(text: str, words: list[Word], i: int, sp: tuple[int, int]) -> bool:
    phrase = text[sp[0]:sp[1]]
    first = phrase.split(" ", 1)[0].lower()
    if first in {"lui", "elle", "eux", "elles", "ce", "cette"}:
        return first not in {"ce", "cette"} or re.match(r"(?i)(ce|cette) derni", phrase) is not None
    if first in TITLES or any(is_name_word(w) for w in words[i:] if w.end <= sp[1]):
        return True
    from .speakers import role_head

    return role_head(phrase) is not None


def _source_cue(text, start, end, words, s, e, sp) -> Cue:
    """"Selon X, content" (content after) or "content, selon X" (content before)."""
    before = text[start:s].strip(" ,\u00a0")
    if before and before[-1] in CLOSING and before[-2:-1] != " ":
        # "A « b », selon X": the clause before is what X said (direct when it is all quoted words)
        c_start = clause_start(text, words, _word_index(words, s), start)
        return Cue(s, e, text[s:e], "source", sp, (c_start, start + len(text[start:s].rstrip(" ,\u00a0"))), "selon")
    comma = text.find(",", sp[1], end)
    after_np = text[sp[1]:end].strip(" \u00a0")
    if not before or before.lower() in {"mais", "et", "or", "certes", "toutefois", "pourtant"}:
        c_start = comma + 1 if comma >= 0 and text[sp[1]:comma].strip() == "" else sp[1]
        # "Selon des sources concordantes, à la mairie et proche du dossier, …": skip a second apposition
        return Cue(s, e, text[s:e], "source", sp, (c_start, content_end(text, c_start, end, [])), "selon")
    if not after_np or after_np[0] in ".;!?":
        i = _word_index(words, s)
        c_start = clause_start(text, words, i, start)
        c_end = s
        while c_end > c_start and text[c_end - 1] in " ,\u00a0":
            c_end -= 1
        return Cue(s, e, text[s:e], "source", sp, (c_start, c_end), "selon")
    # "selon X" inside the sentence: the clause around it is the content ("…, dont les pertes restent, selon
    # elle, limitées": from the relative pronoun on)
    i = _word_index(words, s)
    c_start = clause_start(text, words, i, start)
    inner = list(CLAUSE_OPENER.finditer(text, c_start, s))
    if inner and len(text[inner[-1].end() : s].split()) >= 2:
        c_start = inner[-1].end()
    return Cue(s, e, text[s:e], "source", sp, (c_start, content_end(text, c_start, end, [])), "selon")


CLAUSE_OPENER = re.compile(r"(?:;|,\s*(?:dont|qui|mais|car|puisque|puisqu['’]|alors\s+que|alors\s+qu['’]|tandis\s+que|"
                           r"tandis\s+qu['’]))\s*")


NOUN_BEFORE = {"le", "la", "les", "l'", "l’", "un", "une", "du", "des", "sa", "son", "ses", "leur", "leurs", "ce",
               "cette", "au", "aux", "notre", "votre", "quel", "quelle", "de"}


def _verb_cue(text, start, end, words, s, e, cue_text, quote_ends, earlier: list[Cue], has_verb) -> Cue | None:
    lemma = lemma_of_cue(cue_text)
    if lemma is None:
        return None
    i0 = _word_index(words, s)
    before = words[i0 - 1].low if i0 > 0 else ""
    if " " not in cue_text.strip() and "-" not in cue_text and before in NOUN_BEFORE:
        return None  # a noun, not a verb: "la juge", "le dit"
    if before in {"se", "s'", "s’"} and " " not in cue_text.strip():
        return None  # a reflexive verb that is not about speaking ("s'ajoutent")
    prev, prev_at = _prev_clitic_char(text, s, start)
    pronoun = re.search(r"-(?:t-)?(il|elle|on|ils|elles)\b", cue_text)
    pronoun_inverted = pronoun is not None
    i_after = _word_index(words, e)
    after_quote = prev in CLOSING and prev_at + 1 in quote_ends
    if prev == ",":  # "«Non», a répondu X"
        before_comma, at = _prev_char(text, prev_at, start)
        after_quote = before_comma in CLOSING and at + 1 in quote_ends
    after_comma = prev == "," or after_quote
    if after_comma and not after_quote and not pronoun_inverted and _subject_heads_clause(text, words, i0, start,
                                                                                         earlier, has_verb):
        after_comma = False  # "La présidente du conseil, Inès Garnier, a assuré …": the subject is on the left
    if pronoun_inverted or (after_comma and _subject_follows(text, words, i_after, end, after_quote)):
        speaker = None
        if not pronoun_inverted:
            j = skip_fillers_right(text, words, i_after)
            speaker = np_right(text, words, j, end)
        else:
            speaker = (s + pronoun.start(1), s + pronoun.end(1))
        i = _word_index(words, s)
        floor = max([c.end for c in earlier if c.end <= s] + [start])
        c_start = clause_start(text, words, i, floor)
        c_end = prev_at if prev == "," else prev_at + 1
        if c_end > c_start and not after_quote and (len(text[c_start:c_end].split()) < 4 or not has_verb(c_start,
                                                                                                       c_end)):
            c_end = c_start  # "Ensuite, parce que, poursuit X, …": the content is after the incise
        if c_end <= c_start:
            # "Pourtant, a tenu à préciser M. Vidal, …": the content follows the speaker
            tail = speaker[1] if speaker else e
            comma = text.find(",", tail, end)
            if comma < 0:
                return None
            return Cue(s, e, text[s:e], "inverted", speaker, (comma + 1, content_end(text, comma + 1, end, [])),
                       lemma)
        return Cue(s, e, text[s:e], "inverted", speaker, (c_start, c_end), lemma)
    # a cue with its subject before it ("X a déclaré", "X, qui …, a déclaré", "…, et assure")
    i = _word_index(words, s)
    speaker = _left_subject(text, words, i, earlier)
    after = _after_cue(text, words, e, end, lemma, s)
    if after is None:
        return None
    kind, content = after
    if speaker is not None and not _plausible_source(text[speaker[0] : speaker[1]]):
        return None  # "un sommet qui souligne …": a thing, not someone speaking
    return Cue(s, e, text[s:e], kind, speaker, content, lemma)


SOURCE_NOUNS = None


def _plausible_source(phrase: str) -> bool:
    """An indefinite subject speaks only if it names a kind of source ("un responsable", "des sources")."""
    words = phrase.lower().split()
    if not words or words[0] not in {"un", "une", "des", "plusieurs", "certains", "certaines"}:
        return True
    global SOURCE_NOUNS
    if SOURCE_NOUNS is None:
        from .lexicon import ANONYMOUS_HEADS_FR, ORG_HEADS_FR, OUTLET_HEADS_FR, ROLE_HEADS_FR

        SOURCE_NOUNS = set(ANONYMOUS_HEADS_FR) | set(ORG_HEADS_FR) | set(OUTLET_HEADS_FR) | set(ROLE_HEADS_FR) | {
            "rapport", "communiqué", "document", "étude", "note", "vidéo", "sondage", "enquête", "avocat",
            "porte-parole", "personnes", "internautes", "élus", "députés", "ministres", "dirigeants", "officiels",
            "enquêteurs", "policiers", "médecins", "chercheurs", "scientifiques", "économistes", "habitants",
        }
    rest = [w for w in words[1:] if w not in {"haut", "hauts", "haute", "ancien", "ancienne", "jeune", "autre"}]
    return bool(rest) and (rest[0] in SOURCE_NOUNS or rest[0].rstrip("s") in SOURCE_NOUNS)


def _left_subject(text: str, words: list[Word], i: int, earlier: list[Cue]) -> tuple[int, int] | None:
    j = i - 1
    while j >= 0 and words[j].low in CLITICS:
        j -= 1
    if j >= 0 and words[j].low == "qui":
        k = j - 1 if j > 0 and words[j - 1].text == "," else j
        return np_left(text, words, k)  # "le syndicat qui l'a jugée …", "…, qui estime que"
    if j >= 0 and words[j].low in {"et", "puis", "mais"}:
        prior = [c for c in earlier if c.speaker and c.end <= words[j].start and c.kind != "source"]
        if prior:
            return prior[-1].speaker  # "X défend … et assure que …"
    return np_left(text, words, i)


def _subject_heads_clause(text: str, words: list[Word], i: int, start: int, earlier: list[Cue], has_verb) -> bool:
    """The words before the cue's comma are its subject (with appositions), from the head of the clause."""
    sp = np_left(text, words, i)
    if sp is None or has_verb(sp[0], sp[1], finite=True):
        return False  # no subject, or a clause ("Les travaux seront finis, a précisé la mairie")
    for seg in re.finditer(r"[^,]+", text[sp[1] : words[i].start]):
        a = sp[1] + seg.start()
        if re.match(r"\s*(?:qui|dont|où|lequel|laquelle)\b", seg.group()):
            continue  # a relative clause describing the subject
        if has_verb(a, sp[1] + seg.end(), finite=True):
            return False  # a clause between the subject and the cue: the cue is inverted
    floor = max([c.end for c in earlier if c.end <= words[i].start] + [start])
    head = clause_start(text, words, _word_index(words, floor), floor)
    lead = text[head : sp[0]].strip(" ,\u00a0")
    return lead == "" or lead.lower() in {"mais", "et", "or", "toutefois", "pourtant", "certes"}


CLITICS = {"leur", "lui", "nous", "vous", "me", "m'", "m’", "l'", "l’", "les", "le", "la", "y", "en", "ne", "n'",
           "n’", "se", "s'", "s’"}
CLITICS_BEFORE_CUE = re.compile(r"(?:^|\s)(?:leur|lui|nous|vous|me|m['’]|l['’]|les|le|la|y|en)\s*$")


def _prev_clitic_char(text: str, i: int, floor: int) -> tuple[str, int]:
    """The character before a cue, over object pronouns ("», leur a-t-il dit")."""
    m = CLITICS_BEFORE_CUE.search(text, max(floor, i - 8), i)
    return _prev_char(text, m.start() + (1 if text[m.start()].isspace() else 0) if m else i, floor)


def _subject_follows(text: str, words: list[Word], i: int, end: int, after_quote: bool = False) -> bool:
    """After an inverted cue: a subject (name, title, determiner), then the end of the clause (not "que", an
    infinitive or more object: "a estimé sur la radio RMC que …" has its subject on the left). Right after a
    quotation the subject may take a complement ("», a déclaré X à l'issue des entretiens")."""
    j = skip_fillers_right(text, words, i)
    if j >= len(words):
        return False
    w = words[j]
    if w.low in {"que", "qu'", "qu’"} or w.text in {".", ":"}:
        return False
    if not (w.low in DETERMINERS_FR | TITLES or is_name_word(w)):
        return False
    sp = np_right(text, words, j, end)
    if sp is None:
        return False
    k = _word_index(words, sp[1])
    if k >= len(words):
        return True
    nxt = words[k].low
    if after_quote:
        return nxt not in {"que", "qu'", "qu’"}
    return nxt not in {"que", "qu'", "qu’", "qui", "-", "de", "d'", "d’", "à"} and not (
        INFINITIVE.match(nxt) and nxt not in {"hier", "soir", "premier", "dernier"})


def _after_cue(text, words, e, end, lemma, s) -> tuple[str, tuple[int, int] | None] | None:
    """What follows a cue whose subject is before it: a que-clause, an infinitive, a content noun phrase,
    or a colon/quotation (kind `lead`, content None)."""
    i = _word_index(words, e)
    j = i
    n = len(words)
    first = skip_fillers_right(text, words, i)
    infinitive_first = first < n and INFINITIVE.match(words[first].low) and words[first].low not in NOT_INFINITIVE
    # a gap of dates, adverbs, addressees ("aux médias russes", "mardi sur RMC") before "que"
    while not infinitive_first and j < n and j - i <= 25 and words[j].text not in {".", ";", "!", "?", "«", "»", '"',
                                                                                 "“", "”", ":"}:
        if words[j].low in {"et", "mais", "a", "ont", "est", "sont", "avait", "était", "qui", "dont", "où"} and j > i:
            break  # another clause: its "que" is not this cue's
        if words[j].low == "si" and lemma in {"demander", "interroger", "ignorer", "savoir"} and j == i:
            c_start = words[j].end
            return "que", (c_start, content_end(text, c_start, end, []))
        if words[j].low in {"que", "qu'", "qu’"}:
            prev = words[j - 1].low if j > 0 else ""
            if prev not in NOT_COMPLEMENTIZER:
                c_start = words[j].end
                return "que", (c_start, content_end(text, c_start, end, []))
            break
        j += 1
    j = skip_fillers_right(text, words, i)
    if j < n and words[j].text in {":", "«", '"', "“"} or (j < n and words[j].text == "," and j + 1 < n
                                                            and words[j + 1].text in {"«", '"', "“"}):
        return "lead", None
    if j >= n:
        return None
    w = words[j]
    # "dit avoir …", "nie avoir …", "assure n'avoir …"
    k = j
    if w.low in {"ne", "n'", "n’"} and k + 1 < n:
        k += 1
        if words[k].low in {"pas", "jamais", "plus"} and k + 1 < n:
            k += 1
    if INFINITIVE.match(words[k].low) and words[k].low not in NOT_INFINITIVE:
        if lemma not in {"appeler", "lancer"}:
            return "infinitive", (w.start, content_end(text, w.start, end, []))
    # "a exhorté les maires à contrôler …", "a appelé élus et riverains à se mobiliser …"
    if lemma in {"exhorter", "appeler", "inviter", "inciter", "encourager", "pousser", "sommer", "charger",
                 "enjoindre", "presser", "demander"}:
        m = re.match(r"\s*(?:[^,.;:«»\"]{1,60}?\s+)?(?:à|d['’]|de)\s+(?=\S)", text[words[j].start:end])
        if m and INFINITIVE.match(text[words[j].start + m.end():].split(" ", 1)[0].lstrip("s'’")) or (
            m and re.match(r"(?:s['’]|se\s|l['’]|le\s|la\s|les\s|lui\s|leur\s)", text[words[j].start + m.end():])
        ):
            c_start = words[j].start + m.end()
            return "infinitive", (c_start, content_end(text, c_start, end, []))
    # "promis de …", "a demandé à X de …", "a appelé X à …"
    m = re.match(r"\s*(?:à\s+[^,.;:«»\"]{1,60}?\s+)?(?:de|d['’])\s+(?=\S)", text[words[j].start:end])
    if m and lemma in {"demander", "promettre", "exhorter", "suggérer", "proposer", "réclamer", "exiger", "avertir",
                       "jurer", "menacer", "reprocher", "accuser", "dire", "prévenir", "juger", "souhaiter"}:
        c_start = words[j].start + m.end()
        return "infinitive", (c_start, content_end(text, c_start, end, []))
    if lemma in FR_CONTENT_OBJECT:
        k = j
        if words[k].low in {"sur", "pour", "à", "contre"} and lemma in {"insister", "plaider", "militer", "appeler",
                                                                         "exhorter"}:
            k += 1
        if k < n and words[k].low in DETERMINERS_FR - {"de", "d'", "d’", "tout", "toute"}:
            return "object", (words[k].start, content_end(text, words[k].start, end, []))
    return None


def _english(text, start, end, words, quote_ends, inside_quote) -> list[Cue]:
    pats = english_patterns()
    cues: list[Cue] = []
    for m in re.finditer(rf"(?P<cue>{EN_SOURCE_PREPS})\s+", text[start:end]):
        s, e = start + m.start("cue"), start + m.end("cue")
        if inside_quote(s):
            continue
        sp = np_right(text, words, _word_index(words, start + m.end()), end)
        if sp:
            cues.append(_source_cue(text, start, end, words, s, e, sp))
    for m in pats["inverted"].finditer(text, start, end):
        s, e = m.start("cue"), m.end("cue")
        if inside_quote(s) or any(c.start <= s < c.end for c in cues):
            continue
        prev, prev_at = _prev_char(text, s, start)
        i_after = _word_index(words, e)
        if prev == "," or (prev in CLOSING and prev_at + 1 in quote_ends):
            sp = np_right(text, words, i_after, end)
            if sp and (words[i_after].low in DETERMINERS_EN or is_name_word(words[i_after])
                       or words[i_after].low in {"he", "she", "they"}):
                i = _word_index(words, s)
                c_start = clause_start(text, words, i, start)
                c_end = prev_at if prev == "," else prev_at + 1
                cues.append(Cue(s, e, text[s:e], "inverted", sp, (c_start, c_end) if c_end > c_start else None,
                                m.group("cue").lower()))
                continue
        # "X said (that) …", "X told reporters …"
        i = _word_index(words, s)
        sp = _en_subject(text, words, i)
        if sp is None:
            continue
        before_subject, at = _prev_char(text, sp[0], start)
        if before_subject == "," and at > start:
            before_subject, at = _prev_char(text, at, start)
        if before_subject in CLOSING and at + 1 in quote_ends:
            # "“…,” Mayor X told reporters": the quotation just before is what X said
            cues.append(Cue(s, e, text[s:e], "inverted", sp, None, m.group("cue").lower()))
            continue
        # "X said Y": a subject placed after the verb (", said Dorvane") is handled above
        if i > 0 and words[i - 1].text in {",", "»", "”", '"'}:
            j = i_after
            if j < len(words) and words[j].low in {"he", "she", "they"}:
                cues.append(Cue(s, words[j].end, text[s:words[j].end], "inverted",
                                (words[j].start, words[j].end), None, m.group("cue").lower()))
            continue
        j = i_after
        if j < len(words) and words[j].low in {"reporters", "journalists", "the", "a", "an"} and m.group(
            "cue"
        ).lower() in {"told", "tells", "tell"}:
            j += 1
            while j < len(words) and not words[j].low in {"that", ",", ":", ".", "“", '"'} and j - i_after < 4:
                j += 1
        if j < len(words) and words[j].low == "that":
            j += 1
        if j >= len(words) or words[j].text in {".", ","}:
            continue
        if words[j].text in {":", "“", '"', "«"}:
            cues.append(Cue(s, e, text[s:e], "lead", sp, None, m.group("cue").lower()))
            continue
        c_start = words[j].start
        cues.append(Cue(s, e, text[s:e], "que", sp, (c_start, content_end(text, c_start, end, [])),
                        m.group("cue").lower()))
    return cues


def _en_subject(text: str, words: list[Word], i: int) -> tuple[int, int] | None:
    j = i - 1
    while j >= 0 and words[j].low in {"also", "later", "then", "has", "have", "had", "repeatedly", "previously"}:
        j -= 1
    if j < 0:
        return None
    if words[j].low in {"he", "she", "they", "it", "we", "i"}:
        return words[j].start, words[j].end  # "”, he said"
    k = j
    while k >= 0 and (is_name_word(words[k]) or words[k].low in DETERMINERS_EN | {"'s", "’s", "of"} or
                      words[k].text in {"'", "’"} or (words[k].text.islower() and k < j and k >= j - 3 and
                                                       words[k].low not in {"and", "that", "which", "who", ","})):
        if words[k].low in DETERMINERS_EN:
            k -= 1
            break
        k -= 1
    if k + 1 > j:
        return None
    return words[k + 1].start, words[j].end
