"""Outlet, republication and publication date, from the input's metadata and the credit lines cleaning removed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .config import TimeParams
from .furniture import AGENCIES
from .ingest.dates import normalise_date
from .model import Removed
from .pubdate import infer

MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
_MONTH_ALT = "|".join(MONTHS)
_DATELINE_NUM = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_DATELINE_WORDS = re.compile(rf"(\d{{1,2}})(?:er)?\s+({_MONTH_ALT})\s+(\d{{4}})", re.IGNORECASE)
_DATELINE_ISO = re.compile(r"\b(\d{4}(?:-\d{2}){0,2})\b")

_BY = re.compile(
    r"^(?:by|par)\s*:?\s*(?:la rédaction (?:de |du |des |d['’])?|the staff of |the newsroom of )?(?P<name>.+?)(?:\s+Suivre)?$",
    re.IGNORECASE,
)
_PHOTO_ORG = re.compile(r"/\s*(?P<org>[A-ZÀ-Ý][\w'’ .-]{1,40}?)\s*$")
# Words that make a byline name an outlet rather than a person.
_OUTLET_WORDS = re.compile(
    r"\b(?:le|la|les|l['’]|the|news|radio|tv|fm|info|infos|journal|times|post|presse|press|agence|agency|gazette|"
    r"courrier|monde|écho|echo|dépêche|messager|veilleur|observateur|tribune|herald|ledger|daily|quotidien|hebdo|"
    r"media|médias|\w*\d\w*)\b",
    re.IGNORECASE,
)
_SELON = re.compile(r"^(?P<author>.+?)\s*\((?:selon|avec|d['’]après|with|via)\s+(?P<src>[^()]+?)\s*\)$", re.IGNORECASE)
_AVEC = re.compile(r"^(?P<outlet>.+?)\s+avec\s+(?:l['’])?(?P<agencies>.+)$")


@dataclass(frozen=True, slots=True)
class Provenance:
    outlet: str | None
    derived_from: str | None
    author: str | None
    credits: tuple[str, ...]


def provenance(removed: tuple[Removed, ...], outlet: str | None, author: str | None) -> Provenance:
    """Who published the text and whose text it is, from bylines and credit lines.

    "by News7" names the outlet ("Par Camille Berthou" names an author); "Le Monde avec AFP" says the text
    derives from Le Monde (with AFP); a lone agency line ("ATS", "The Associated Press") is the outlet when
    nothing else names one; "Ngoc Anh (selon Reuters)" names an author writing from an agency's copy; as a
    last resort, the outlet's own photographer ("Photo : X / La Dépêche") names it.
    """
    byline = derived = None
    avec_agencies: list[str] = []
    agency_lines: list[str] = []
    photo_orgs: list[str] = []
    credits: list[str] = []
    for r in removed:
        text = r.text.strip()
        if r.kind == "byline":
            m = _SELON.match(text)
            if m:
                author = author or m.group("author").strip()
                derived = derived or m.group("src").strip()
                credits.append(_agency(m.group("src").strip()) or m.group("src").strip())
                continue
            m = _BY.match(text)
            if m:
                name = m.group("name").split(",")[0].strip(" :")
                if is_person_name(name):
                    author = author or name
                else:
                    byline = byline or name
        elif r.kind == "credit":
            m = _AVEC.match(text)
            if m:
                derived = derived or m.group("outlet").strip()
                agencies = [a for a in re.split(r"\s*(?:,|\bet\b)\s*", m.group("agencies")) if a]
                avec_agencies.extend(agencies)
                credits.extend(agencies)
            else:
                name = text.strip("() .")
                agency_lines.append(name)
                credits.append(_agency(name) or name)
        elif r.kind == "photo_credit":
            m = _PHOTO_ORG.search(text)
            if m and not _agency(m.group("org")) and not m.group("org").isupper():
                photo_orgs.append(m.group("org").strip())
    outlet = outlet or byline or (agency_lines[-1] if agency_lines else None)
    if outlet is None and derived is not None:
        # Only the origin is named (an unnamed site republishing an agency's copy): the origin is the source.
        outlet = derived
    outlet = outlet or (photo_orgs[0] if photo_orgs else None)
    if derived is not None and outlet is not None and derived.casefold() == outlet.casefold():
        # "L'Horizon avec AFX" on L'Horizon's own page: the text comes from the agency.
        derived = avec_agencies[0] if avec_agencies else (derived if _agency(derived) else None)
    return Provenance(outlet, derived, author, tuple(dict.fromkeys(credits)))


def is_person_name(name: str) -> bool:
    """"Camille Berthou" is a person; "News7", "RFI", "Radio Lumière", "Le Courrier" are outlets."""
    words = name.split()
    if not 2 <= len(words) <= 4 or _OUTLET_WORDS.search(name):
        return False
    return all(w[:1].isupper() and not w.isupper() for w in words)


def _agency(name: str) -> str | None:
    for k, v in AGENCIES.items():
        if k.casefold() == name.casefold():
            return v
    return None


def dateline_date(removed: tuple[Removed, ...]) -> str | None:
    """The publication date written in a removed date line ("13.9.2023 - 09:27", "date 2023-09")."""
    for r in removed:
        if r.kind != "dateline":
            continue
        m = _DATELINE_NUM.search(r.text)
        if m:
            return normalise_date(f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}")
        m = _DATELINE_WORDS.search(r.text)
        if m:
            return normalise_date(f"{m.group(3)}-{MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}")
        m = _DATELINE_ISO.search(r.text)
        if m:
            return normalise_date(m.group(1))
    return None


@dataclass(frozen=True, slots=True)
class DateGuess:
    value: str | None
    inferred: bool
    evidence: str | None = None  # metadata, or the kind of evidence in the text (recoupe.pubdate); None: unknown
    confidence: float | None = None  # 1.0 for a date the input gave; the evidence's measured confidence otherwise


def publication_date(explicit: str | None, text: str, context_year: int | None = None,
                     context_dates: Sequence[str] = (), language: str = "fr",
                     params: TimeParams | None = None, year_from_story: bool = False) -> DateGuess:
    """The explicit date if it has a day; otherwise a date the text gives for the article itself.

    Only evidence that dates the article counts (a publication stamp, "ce lundi 4 septembre", a weekday with
    its date, a lead weekday within the story's days: see recoupe.pubdate); a day, month or year merely
    mentioned does not, and the date then stays what the input gave (a month, a year, or nothing).
    `context_year` is the year of the article's story; `context_dates` the days of its dated articles.
    With `year_from_story`, an article with no date at all takes its story's month when all the story's dated
    days lie in one month (evidence "story_month"), else its year ("story_year"): that precision only, so that
    its "le 4 septembre" or "le mois dernier" can be read in that month or year.
    """
    params = params or TimeParams()
    if explicit and len(explicit) == 10:
        return DateGuess(explicit, False, "metadata", params.date_confidence.get("metadata", 1.0))
    year = int(explicit[:4]) if explicit else context_year
    month = explicit if explicit and len(explicit) == 7 else None
    found = infer(text, language, params, context_year=year, month=month, context_dates=context_dates)
    if found.value is None:
        if explicit is None and year_from_story and context_year:
            months = {d[:7] for d in context_dates if d and len(d) == 10}
            if len(months) == 1 and next(iter(months)).startswith(f"{context_year:04d}"):
                return DateGuess(months.pop(), True, "story_month", params.date_confidence.get("story_month"))
            return DateGuess(f"{context_year:04d}", True, "story_year", params.date_confidence.get("story_year"))
        return DateGuess(explicit, False, "metadata" if explicit else None,
                         params.date_confidence.get("metadata", 1.0) if explicit else None)
    return DateGuess(found.value, True, found.kind, found.confidence)
