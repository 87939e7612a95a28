"""The publication date of an article whose input gave none, from evidence that dates the article itself.

Evidence, strongest first (each kind carries the confidence `TimeParams.date_confidence` gives it, measured by
`recoupe eval dates` as the share of such guesses within a day of the true date):

- stamp: a full date (day, month, year) near the top of the text that is a publication stamp: next to a clock
  time ("Mardi 3 juin 2031, 14:05"), after a cue ("mis à jour le", "updated", "aggiornato"), or alone on its
  line with at most a byline ("4 mars 2031 Par Louise Martin");
- self: the article naming its own day, a demonstrative or "today" before a weekday and a date ("ce lundi
  4 septembre", "aujourd'hui mardi 12 mars", "this Monday, March 3");
- weekday_date: a weekday written with a day and month that the calendar confirms in a year the text or its
  story gives ("jeudi 20 mars" in 2031), with `weekday_skip_future` not in a future clause ("s'ouvrira
  samedi 4 juillet"): news is written within days of the days it names with a weekday;
- story_weekday: with only the month known, the lead's first bare weekday, that weekday of the month nearest
  the latest dated article of the story.

Nothing else dates an article: a day and month without weekday ("le 2 juillet"), a year or a month
("en juin 1989", "© 2020") are background as often as not, so the date then stays unknown.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .config import TimeParams
from .nlp.timex.rules import select
from .nlp.timex.tagger import grammar_for
from .nlp.timex.tense import text_tense

log = logging.getLogger(__name__)

_YEAR = re.compile(r"(?<![\d,.])((?:19|20)\d{2})(?![\d]|[,.]\d)")
_CLOCK = re.compile(r"\b(?:[01]?\d|2[0-3])(?::[0-5]\d|\s?h\s?[0-5]\d|\.[0-5]\d\s?(?:am|pm|uhr)|\s?(?:am|pm|a\.m\.|p\.m\.))"
                    r"(?![\d])", re.IGNORECASE)
_STAMP_CUE = re.compile(
    r"\b(?:mis\s+à\s+jour|publié|modifié|actualisé|updated|published|posted|aired|actualizado|publicado|"
    r"aggiornato|pubblicato|modificato)\b", re.IGNORECASE)
_THIS = re.compile(
    r"(?:\b(?:ce|cette|aujourd['’]hui|this|today|este|esta|hoy|questo|questa|oggi)\s*,?\s*(?:le\s+)?)$",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateEvidence:
    value: str | None  # ISO day, or None when nothing dates the article
    kind: str | None  # stamp, self, weekday_date, story_weekday (see the module doc); None: unknown
    confidence: float | None  # the kind's measured share of guesses within a day of the true date


UNKNOWN = DateEvidence(None, None, None)


@dataclass(frozen=True, slots=True)
class _Day:
    start: int
    end: int
    y: int | None
    m: int
    d: int
    wd: int | None


def day_expressions(text: str, language: str) -> list[_Day]:
    """Day-and-month expressions of the text, as the timex grammar reads them (no anchoring)."""
    grammar = grammar_for(language)
    if grammar is None:
        return []
    out = []
    for c in select(grammar.candidates(text)):
        s = c.sem
        if s.kind == "date" and s.m and s.d:
            out.append(_Day(c.start, c.end, s.y, s.m, s.d, s.wd))
    return out


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def infer(text: str, language: str, params: TimeParams, context_year: int | None = None,
          month: str | None = None, context_dates: Sequence[str] = (), days: list[_Day] | None = None
          ) -> DateEvidence:
    """The publication date the text itself gives, with the kind of evidence and its confidence.

    `context_year` is the year of the article's story when known; `month` a partial date ("2031-03") the
    input gave; `context_dates` the days of the story's dated articles; `days` the text's day expressions
    when already read (`day_expressions`).
    """
    if not text:
        return UNKNOWN
    days = day_expressions(text, language) if days is None else days
    found = (_stamp(text, days, params) or _self(text, days, context_year, month, params)
             or _weekday_date(text, language, days, context_year, month, params))
    if found is None and month and context_dates:
        day = _story_weekday(month, text, language, context_dates, params)
        found = (day, "story_weekday") if day else None
    if found is None:
        return UNKNOWN
    day, kind = found
    confidence = params.date_confidence.get(kind, 0.0)
    if confidence < params.min_date_confidence:
        log.debug("date %s from %s below the confidence floor", day, kind)
        return UNKNOWN
    return DateEvidence(day.isoformat(), kind, confidence)


def _stamp(text: str, days: list[_Day], params: TimeParams) -> tuple[date, str] | None:
    """The earliest stamp of the top of the text (a page may also show the day it was read or updated).

    Stamps more than `stamp_spread_days` apart are a list of other items (related videos, a feed of posts):
    none of them dates the article.
    """
    found = []
    for x in days:
        if x.start > params.stamp_chars:
            break
        if x.y is None:
            continue
        day = _make(x.y, x.m, x.d)
        if day is None or (x.wd is not None and day.weekday() != x.wd):
            continue
        if _is_stamp(text, x, params):
            found.append(day)
    if not found or (max(found) - min(found)).days > params.stamp_spread_days:
        return None
    return min(found), "stamp"


def _is_stamp(text: str, x: _Day, params: TimeParams) -> bool:
    """Next to a clock time, after a publication cue, or alone on its line but for a byline; never a
    chronology entry ("12 mars 1971 : ...") nor a date inside a sentence of the line."""
    after = text[x.end:x.end + 3].lstrip(" ,")
    if after.startswith((":", "-", "–")) and not _CLOCK.match(text[x.end:x.end + 12].lstrip(" ,:-–")):
        return False
    near = text[max(0, x.start - params.stamp_gap):x.end + params.stamp_gap]
    if _CLOCK.search(near) or _STAMP_CUE.search(text[max(0, x.start - params.stamp_gap):x.start]):
        return True
    line_start = text.rfind("\n", 0, x.start) + 1
    line_end = text.find("\n", x.end)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[line_start:x.start] + text[x.end:line_end]
    if rest.rstrip().endswith((".", "!", "?")):
        return False
    return len(re.sub(r"\W", "", rest)) <= params.stamp_line_letters


def _years(text: str, context_year: int | None, month: str | None, params: TimeParams) -> list[int]:
    """Years a weekday-and-date expression without its own may be in: the input's or the story's, else (when
    `params.years_from_text`) those the text writes."""
    if month:
        return [int(month[:4])]
    if context_year:
        return [context_year]
    if not params.years_from_text:
        return []
    return sorted({int(y) for y in _YEAR.findall(text)}, reverse=True)


def _calendar_day(x: _Day, years: list[int]) -> date | None:
    """The day of a weekday-and-date expression: its written year or the one candidate year whose calendar
    agrees with the weekday (None when no year, or several, agree)."""
    cands = [x.y] if x.y else years
    ok = [day for y in cands if (day := _make(y, x.m, x.d)) is not None and day.weekday() == x.wd]
    return ok[0] if len(ok) == 1 else None


def _self(text: str, days: list[_Day], context_year: int | None, month: str | None,
          params: TimeParams) -> tuple[date, str] | None:
    years = _years(text, context_year, month, params)
    for x in days:
        if x.wd is None:
            continue
        written = text[x.start:x.end]
        if not (_THIS.search(text[max(0, x.start - 20):x.start]) or re.match(r"(?:ce|cette)\s", written, re.IGNORECASE)):
            continue
        day = _calendar_day(x, years)
        if day is not None:
            return day, "self"
    return None


def _weekday_date(text: str, language: str, days: list[_Day], context_year: int | None, month: str | None,
                  params: TimeParams) -> tuple[date, str] | None:
    years = _years(text, context_year, month, params)
    got = [d for x in days if x.wd is not None and x.start <= params.weekday_chars
           and (d := _calendar_day(x, years)) is not None
           and not (params.weekday_skip_future and text_tense(text, x.start, x.end, language) == "future")]
    if month:
        got = [d for d in got if (d.year, d.month) == (int(month[:4]), int(month[5:7]))]
    if not got:
        return None
    if max(got).toordinal() - min(got).toordinal() > params.weekday_spread_days:
        return None  # weekdays far apart: a chronology, not the days around publication
    return max(got), "weekday_date"


def _story_weekday(month: str, text: str, language: str, context_dates: Sequence[str],
                   params: TimeParams) -> date | None:
    """The day of `month` named by the lead's first bare weekday, nearest (within a week) the story's latest day."""
    grammar = grammar_for(language)
    dated = [date.fromisoformat(d) for d in context_dates if d and len(d) == 10]
    if grammar is None or not dated:
        return None
    lead = text[:params.lead_chars]
    weekdays = [c for c in select(grammar.candidates(lead)) if c.sem.kind == "weekday" and c.sem.wd is not None]
    if not weekdays:
        return None
    wd = weekdays[0].sem.wd
    latest = max(dated)
    y, mon = int(month[:4]), int(month[5:7])
    cands = [day for d in range(1, 32) if (day := _make(y, mon, d)) is not None and day.weekday() == wd]
    best = min(cands, key=lambda d: (abs((d - latest).days), -d.toordinal()), default=None)
    return best if best is not None and abs((best - latest).days) <= 7 else None
