"""Values a statement asserts: dates and numbers, normalised so that two outlets' versions compare.

Dates come from the time-expression stage (`Analysis.timexes`, TIMEX3 values). When an article has none
(that stage did not run, or a language it does not cover), a minimal fallback reads explicit calendar dates
("10 septembre 2023", "le 9 mars", "September 11, 2023"), the year taken from the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Analysis
from .text import fold

MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "january": 1, "february": 2, "march": 3,
    "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12,
}
_M = "|".join(MONTHS)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:er)?\s+({_M})(?:\s+(\d{{4}}))?\b")
_MONTH_DAY = re.compile(rf"\b({_M})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?(?:\s+(\d{{4}}))?\b")

NUMBER_WORDS = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "cent": 100, "mille": 1000, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10, "twelve": 12,
    "fifteen": 15, "twenty": 20, "hundred": 100, "thousand": 1000, "quarantaine": 40, "dizaine": 10,
    "vingtaine": 20, "centaine": 100,
}
_NUMBER = re.compile(
    r"(?<![\w,.])(\d{1,3}(?:[  .]\d{3})+|\d+(?:[.,]\d+)?)(?![\w])|\b(" + "|".join(NUMBER_WORDS) + r")\b"
)
_SCALE = {"million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9, "billion": 1e9}
_UNIT = re.compile(r"\s*(?:de\s+|d['’]\s*)?([^\W\d_]{2,})", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Value:
    kind: str  # date | number
    value: str  # ISO date, or the number as text ("340", "1.8")
    unit: str  # for numbers: the stem of the word after it ("hectar", "heure"); "" for dates
    start: int  # offsets into the article text
    end: int


def dates(text: str, analysis: Analysis, start: int, end: int, published: str | None) -> list[Value]:
    """Calendar dates (day or month precision) stated between start and end."""
    found = [
        Value("date", t.value, "", t.start, t.end)
        for t in analysis.timexes
        if t.type == "DATE" and start <= t.start and t.end <= end and re.match(r"^\d{4}-\d{2}(-\d{2})?$", t.value)
    ]
    if found or analysis.timexes:
        return found
    return explicit_dates(text, start, end, published)


def explicit_dates(text: str, start: int, end: int, published: str | None) -> list[Value]:
    """The fallback: "10 septembre 2023", "le 9 mars", "September 11, 2023" (accents and case ignored)."""
    span = fold(text[start:end])
    year_default = published[:4] if published else None
    out = []
    for m in _DAY_MONTH.finditer(span):
        day, month, year = int(m.group(1)), MONTHS[m.group(2)], m.group(3) or year_default
        if year and 1 <= day <= 31:
            out.append(Value("date", f"{year}-{month:02d}-{day:02d}", "", start + m.start(), start + m.end()))
    for m in _MONTH_DAY.finditer(span):
        month, day, year = MONTHS[m.group(1)], int(m.group(2)), m.group(3) or year_default
        if year and 1 <= day <= 31:
            out.append(Value("date", f"{year}-{month:02d}-{day:02d}", "", start + m.start(), start + m.end()))
    return sorted(out, key=lambda v: v.start)


def numbers(text: str, start: int, end: int, skip: list[tuple[int, int]] = ()) -> list[Value]:
    """Counts, amounts and durations with the word that follows them ("340 hectares", "six vedettes");
    numbers inside the given spans (dates) and four-digit years are left out."""
    span = text[start:end]
    folded = fold(span)
    out = []
    for m in _NUMBER.finditer(folded):
        a, b = start + m.start(), start + m.end()
        if any(s <= a < e for s, e in skip):
            continue
        if m.group(1):
            raw = re.sub(r"[  .](?=\d{3}\b)", "", m.group(1)).replace(",", ".")
            if re.fullmatch(r"(19|20)\d\d", raw):
                continue
            number = float(raw)
        else:
            number = float(NUMBER_WORDS[m.group(2)])
        rest = folded[m.end():]
        unit_match = _UNIT.match(rest)
        unit = unit_match.group(1) if unit_match else ""
        if unit in _SCALE:
            number *= _SCALE[unit]
            after = _UNIT.match(rest[unit_match.end():])
            unit = after.group(1) if after else ""
        value = f"{number:g}"
        out.append(Value("number", value, unit[:6].rstrip("s"), a, b))
    return out
