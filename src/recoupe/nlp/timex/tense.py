"""Which way a time expression points: the tense of the nearest verb in its sentence.

Plain-text cues (auxiliary + participle, imperfect and future endings, modal verbs) so it runs without a
parser; `doc_tense` reads spaCy's morphology instead when a French Doc is at hand.
"""

from __future__ import annotations

import re

_FR_PAST = (
    r"\b(?:a|ont|avait|avaient|aurait|auraient|avons|avez|ai|eut|eurent|est|sont|était|étaient|fut|furent|"
    r"s['’]est|se sont|s['’]était|s['’]étaient|ayant|étant)\s+(?:\w+\s+){0,2}?"
    r"(?!(?:prévue?s?|attendue?s?|programmée?s?|censée?s?|lieu|cru)\b)"
    r"(?:été|eu|\w{2,}(?:é|ée|és|ées|i|ie|is|ies|it|ite|u|ue|us|ues|ert|erte|int|ort|ait))\b"
)
_FR_PAST_OTHER = r"\b\w{3,}(?:ait|aient)\b|\b\w{3,}(?:èrent|âmes)\b|\bhier\b|\bavant-hier\b|\bla veille\b"
_FR_FUTURE = (
    r"\b\w{2,}(?:era|eront|ira|iront|ra|ront|rai|rons)\b|\b(?:va|vont|allait|allaient|doit|doivent|devra|devront|"
    r"devrait|devraient|pourrait|pourraient|compte|comptent|entend|prévoit|prévu|prévue|prévus|prévues|"
    r"prochaine?s?|attendu|attendue)\b|\b\w{3,}(?:rait|raient)\b|\bdemain\b|\baprès-demain\b"
)
_EN_PAST_AUX = r"\b(?:had|has|have)\s+(?:\w+\s+)?(?:been|\w+ed|\w+en)\b"
_EN_PAST = (
    r"\b(?:was|were|had|did|said|told|met|went|came|left|took|made|gave|began|began|held|saw|found|led|fell|"
    r"rose|won|lost|sent|spoke|brought|thought|became|ago|yesterday|last)\b|\b\w{3,}ed\b"
)
_EN_FUTURE = (
    r"\b(?:will|shall|won['’]t|\w+['’]ll|going to|due to|expected to|set to|scheduled|plans? to|planned|next|"
    r"tomorrow|would|could|may|might|is to|are to)\b"
)

_CUES = {
    # Compound past first ("aurait transféré" is past), then future/conditional, then the other past cues.
    "fr": re.compile(rf"(?P<past>{_FR_PAST})|(?P<future>{_FR_FUTURE})|(?P<past2>{_FR_PAST_OTHER})", re.IGNORECASE),
    "en": re.compile(rf"(?P<past>{_EN_PAST_AUX})|(?P<future>{_EN_FUTURE})|(?P<past2>{_EN_PAST})", re.IGNORECASE),
}
# Words that look like verb endings but are not verbs.
_NOT_VERBS = {
    "fr": {"jamais", "mais", "vrai", "près", "frais", "français", "anglais", "libanais", "palais", "désormais",
           "relais", "délai", "essai", "terra", "sera", "extra", "caméra", "opéra", "zébra", "ultra", "contra",
           "naturellement", "entre", "contre", "notre", "votre", "autre", "lettre", "mètre", "guerra", "tiers",
           "ministre", "libre", "ordre", "nombre", "membre", "centre", "septembre", "octobre", "novembre",
           "décembre", "général", "lieu"},
    "en": {"need", "feed", "seed", "speed", "bed", "red", "shed", "hundred", "indeed", "united", "limited", "based",
           "called", "so-called", "related", "armed", "detailed", "alleged", "reported"},
}
_BOUNDARY = re.compile(r"[.!?;]\s|\n")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or clause after a semicolon) around [start, end)."""
    left = 0
    for m in _BOUNDARY.finditer(text, max(0, start - 400), start):
        left = m.end()
    m = _BOUNDARY.search(text, end, min(len(text), end + 400))
    right = m.start() + 1 if m else min(len(text), end + 400)
    return left, right


def text_tense(text: str, start: int, end: int, language: str) -> str | None:
    """"past", "future" or None from the verb cue nearest the expression within its sentence."""
    cues = _CUES.get(language)
    if cues is None:
        return None
    left, right = sentence_bounds(text, start, end)
    best: tuple[int, str] | None = None
    not_verbs = _NOT_VERBS.get(language, set())
    for m in cues.finditer(text, left, right):
        if start <= m.start() < end:  # the expression's own words ("dernier", "prochain") say it already
            continue
        word = m.group(0).lower()
        if word in not_verbs:
            continue
        dist = start - m.end() if m.end() <= start else m.start() - end
        kind = "future" if m.group("future") else "past"
        if best is None or dist < best[0]:
            best = (dist, kind)
    return best[1] if best else None


def doc_tense(doc, start_char: int) -> str | None:
    """The tense of the verb governing the token at `start_char`, from spaCy's morphology (French models)."""
    span = doc.char_span(start_char, start_char + 1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span[0]
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX"):
            break
        if tok.head is tok:
            return None
        tok = tok.head
    else:
        return None
    morph = tok.morph
    tense = morph.get("Tense")
    aux = [c for c in tok.children if c.dep_ in ("aux", "aux:tense", "aux:pass")]
    if "Fut" in tense or "Cnd" in morph.get("Mood"):
        return "future"
    if "Past" in tense or "Imp" in tense:
        if aux and any("Fut" in a.morph.get("Tense") for a in aux):
            return "future"
        return "past"
    if aux:
        return "past" if any("Pres" in a.morph.get("Tense") or "Imp" in a.morph.get("Tense") for a in aux) else None
    return None
