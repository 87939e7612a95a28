"""Photo captions and credit lines: text that describes a picture or names who made it, not news a summary or
a timeline should state.

A caption left in an article's text usually ends with its credit: a photographer and/or an agency in capitals
separated by a slash ("JEAN DUPONT / AFP", "SPUTNIK / VIA REUTERS"), or a "Photo :", "Crédit :", "©" line.
A credit line on its own names only agencies or a photographer ("Photo AFP", "© Getty Images").
"""

from __future__ import annotations

import re

# Agencies and picture libraries that sign photos (wire services and photo agencies, any case).
PHOTO_AGENCIES = (
    "afp", "reuters", "ap", "associated press", "epa", "getty images", "getty", "sipa", "sipa press", "abaca",
    "abacapress", "maxppp", "hans lucas", "dpa", "ansa", "xinhua", "kcna", "kcna via kns", "sputnik", "tass",
    "anadolu", "shutterstock", "alamy", "bloomberg", "istock", "ria novosti", "pool", "hemis", "andia",
    "divergence", "leemage", "belga", "keystone", "efe", "aap", "yonhap", "kyodo", "zuma", "nurphoto",
    "afp photo", "ap photo", "reuters photo", "wikimedia commons",
)
_AGENCY = "|".join(sorted((re.escape(a) for a in PHOTO_AGENCIES), key=len, reverse=True))

# "Photo : …", "Crédit photo", "Photographie de …", "Illustration : …", "© …", "(c) …", "Image : …"
_CREDIT_LEAD = re.compile(
    r"^\W*(?:©|\(c\)|cr[ée]dits?(?:\s+photos?)?\s*[:/]|photos?\s*(?:[:/©-]|\bde\b|\bd['’])|photographies?\s*[:/]|"
    r"illustrations?\s*[:/]|images?\s*[:/]|vid[ée]os?\s*[:/]|picture\s*[:/]|credit\s*[:/])",
    re.IGNORECASE,
)
# A credit at the end of a caption, after the caption's last sentence or in brackets: "… le 3 mars. JEAN DUPONT /
# AFP", "… (PHOTOGRAPHE / VIA REUTERS)"; or a known agency after a slash anywhere at the end: "… / afp".
_TRAILING_CREDIT = re.compile(
    r"(?:(?:^|[.!?»)]\s+|\()[A-ZÀ-Ý][A-ZÀ-Ý.'’ -]{1,60}\s*/\s*(?:VIA\s+)?[A-ZÀ-Ý][A-ZÀ-Ý.'’ -]{1,40}"
    r"|/\s*(?i:via\s+)?(?i:" + _AGENCY + r"))\s*\)?\s*\.?\s*$"
)
_AGENCY_ONLY = re.compile(r"^\W*(?:(?:photo|photos|©|\(c\)|cr[ée]dit)\s*)?(?:" + _AGENCY + r")(?:\s*/\s*(?:"
                          + _AGENCY + r"))*\W*$", re.IGNORECASE)
_COPYRIGHT = re.compile(r"©|\(c\)\s*[A-Z]|\b(?:getty images|shutterstock|alamy|istock)\b", re.IGNORECASE)


def is_caption_or_credit(sentence: str) -> bool:
    """True for a photo caption ending with its credit, or a credit line: not material for a summary or a
    timeline. Plain sentences that merely name an agency as a source ("selon l'AFP") are not captions."""
    text = " ".join(sentence.split())
    if not text:
        return False
    if _CREDIT_LEAD.search(text) or _AGENCY_ONLY.match(text) or _COPYRIGHT.search(text):
        return True
    tail = _TRAILING_CREDIT.search(text)
    # a slash between two names in capitals (photographer / agency), or a known agency after a slash
    return tail is not None
