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
# A credit line: one to four capitalised words (a photographer, an agency), a slash, then the agency or picture
# library: "Jeanne Martin / AFX", "JEAN DUPONT / AFP", "Pool / via Reuters".
_NAME = r"[A-ZÀ-Ý][\w'’.&-]*"
_CREDIT = rf"{_NAME}(?:\s+{_NAME}){{0,3}}\s*/\s*(?:(?i:via)\s+)?{_NAME}(?:\s+{_NAME}){{0,2}}"
_CREDIT_LINE = re.compile(rf"^\W*(?:{_CREDIT})\W*$")
# A credit at the end of a caption, after the caption's last sentence or in brackets: "… le 3 mars. JEAN DUPONT /
# AFP", "… (PHOTOGRAPHE / VIA REUTERS)"; or a known agency after a slash anywhere at the end: "… / afp".
_TRAILING_CREDIT = re.compile(
    rf"(?:(?:^|[.!?»]\s+|\()(?:{_CREDIT})|/\s*(?i:via\s+)?(?i:{_AGENCY}))\s*\)?\s*\.?\s*$"
)
_AGENCY_ONLY = re.compile(r"^\W*(?:(?:photo|photos|©|\(c\)|cr[ée]dit)\s*)?(?:" + _AGENCY + r")(?:\s*/\s*(?:"
                          + _AGENCY + r"))*\W*$", re.IGNORECASE)
_COPYRIGHT = re.compile(r"©|\(c\)\s*[A-Z]|\b(?:getty images|shutterstock|alamy|istock)\b", re.IGNORECASE)


_MONTHS = (r"(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|"
           r"decembre|january|february|march|april|may|june|july|august|september|october|november|december|"
           r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?")
# A caption's closing apposition: where and when the picture was taken (", à Brévanne, le 4 mars 2025.",
# ", mercredi 5 mars.", " in Varne on March 4, 2025.", ", March 4.").
_PICTURE_WHEN = re.compile(
    rf"(?:,|\bon|\bin)\s+(?:[^,.;]{{1,60}},\s+)?(?:le\s+)?(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    rf"monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?(?:\d{{1,2}}(?:er)?\s+{_MONTHS}|{_MONTHS}\s+\d{{1,2}})"
    rf"(?:,?\s+\d{{4}})?\s*\.?$",
    re.IGNORECASE,
)
PHOTO_FURNITURE = {"photo_credit", "caption", "photo_code", "photo"}  # kinds of removed text that show a photo


def had_photo(removed_kinds) -> bool:
    """Whether cleaning removed a photo's credit, code or caption from the page: the article had pictures."""
    return any(k in PHOTO_FURNITURE for k in removed_kinds)


def in_caption(text: str, start: int, end: int, had_photo: bool = False) -> bool:
    """Whether the sentence text[start:end] of an article belongs to a photo caption: it is a caption or a
    credit by itself, its line ends with a credit, or the next line is a credit line (a caption set above its
    credit, as pages lay them out). When the article had photos whose credits cleaning removed (`had_photo`),
    a paragraph of one sentence that closes on where and when the picture was taken (", à Brévanne, le 4 mars
    2025.") is a caption too."""
    if is_caption_or_credit(text[start:end]):
        return True
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line_start = text.rfind("\n", 0, start) + 1
    if had_photo and not text[line_start:start].strip() and not text[end:line_end].strip() \
            and _PICTURE_WHEN.search(text[start:end].strip()):
        return True
    if _TRAILING_CREDIT.search(" ".join(text[line_start:line_end].split())):
        return True
    rest = text[line_end:].lstrip("\n")
    next_line = rest.split("\n", 1)[0].strip()
    if not next_line:
        return False
    return bool(_CREDIT_LINE.match(next_line) or _CREDIT_LEAD.search(next_line) or _AGENCY_ONLY.match(next_line))


def is_caption_or_credit(sentence: str) -> bool:
    """True for a photo caption ending with its credit, or a credit line: not material for a summary or a
    timeline. Plain sentences that merely name an agency as a source ("selon l'AFP") are not captions."""
    text = " ".join(sentence.split())
    if not text:
        return False
    if _CREDIT_LEAD.search(text) or _AGENCY_ONLY.match(text) or _COPYRIGHT.search(text) or _CREDIT_LINE.match(text):
        return True
    tail = _TRAILING_CREDIT.search(text)
    # a slash between two names in capitals (photographer / agency), or a known agency after a slash
    return tail is not None
