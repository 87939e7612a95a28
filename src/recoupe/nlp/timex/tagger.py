"""Find time expressions in plain text and anchor them: the entry point of the timex package."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from .rules import Candidate, Grammar, select, trim
from .tense import text_tense
from .values import Resolver, Sem

TenseOf = Callable[[int, int], "str | None"]  # (start, end) -> past | future | None


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str
    mod: str | None = None
    day: str | None = None  # the calendar day it denotes, when it denotes one ("2023-09-12")
    precision: str | None = None  # day, week, month, quarter, season, year, decade, century
    rule: str = ""


def _load_grammars() -> dict[str, Grammar]:
    from . import grammar_en, grammar_fr, grammar_romance

    return {
        "fr": Grammar(grammar_fr.RULES),
        "en": Grammar(grammar_en.RULES),
        "es": Grammar(grammar_romance.SPANISH_RULES),
        "it": Grammar(grammar_romance.ITALIAN_RULES),
    }


_GRAMMARS: dict[str, Grammar] = {}


def grammar_for(language: str) -> Grammar | None:
    if not _GRAMMARS:
        _GRAMMARS.update(_load_grammars())  # compiled once per process, like re's own cache
    return _GRAMMARS.get(language)


def rule_classes(language: str) -> dict[str, str]:
    """Rule name → its class in the TIMEX3 guidelines (calendar, deictic, anaphoric, weekday, clock, duration,
    set, vague), for the languages whose grammar declares them."""
    from . import grammar_fr

    classes = {"fr": grammar_fr.CLASSES}.get(language, {})
    return {name: cls for cls, names in classes.items() for name in names}


def supported(language: str) -> bool:
    return grammar_for(language) is not None


def parse_dct(dct: str | None) -> tuple[date | None, str | None]:
    """("2023-09-13" → that day), ("2023-09" → no day, partial "2023-09")."""
    if not dct:
        return None, None
    try:
        return date.fromisoformat(dct[:10]), None
    except ValueError:
        return None, dct if re.fullmatch(r"\d{4}(?:-\d{2})?", dct) else None


_GAP_TO_DAY = re.compile(r"[\s,]{0,3}$")


def tag(text: str, language: str, dct: str | None = None, tense_of: TenseOf | None = None,
        rules: frozenset[str] | None = None) -> list[Timex]:
    """Time expressions of `text` with TIMEX3 values anchored on the document date `dct` (ISO, any precision).

    `tense_of(start, end)` may give the tense around an expression (e.g. from a parser); the plain-text
    cues decide otherwise. `rules` keeps only the rules of those names (for ablations in the evaluation).
    """
    grammar = grammar_for(language)
    if grammar is not None and rules is not None:
        grammar = Grammar([r for r in grammar.rules if r.name in rules])
    if grammar is None or not text:
        return []
    chosen: list[Candidate] = select(grammar.candidates(text) + _foreign_full_dates(text, language))
    day, partial = parse_dct(dct)
    resolver = Resolver(day, partial)
    out: list[Timex] = []
    for i, c in enumerate(chosen):
        start, end = trim(text, c.start, c.end)
        if end <= start:
            continue
        sem = c.sem
        if sem.kind == "time" and sem.day is None and i + 1 < len(chosen):
            nxt = chosen[i + 1]  # "Vers 0 h 40, jeudi": the day is written just after
            if nxt.sem.kind in ("weekday", "date", "rel") and _GAP_TO_DAY.match(text[c.end:nxt.start]) \
                    and nxt.start - c.end <= 3:
                sem = replace(sem, day=nxt.sem)
        tense = None
        if _needs_tense(sem):
            tense = tense_of(start, end) if tense_of else None
            if tense is None:
                tense = text_tense(text, start, end, language)
        res = resolver.resolve(sem, tense)
        if res is None or not res.value:
            continue
        out.append(Timex(start, end, text[start:end], res.type, res.value, res.mod,
                         res.day.isoformat() if res.day else None, res.precision, c.rule))
    return out


def _foreign_full_dates(text: str, language: str) -> list[Candidate]:
    """Complete calendar dates written in another covered language ("September 11, 2023" in an English photo
    caption of a French article). Only full day-month-year dates: nothing else is unambiguous across languages."""
    out: list[Candidate] = []
    for other in _GRAMMARS:
        if other == language:
            continue
        out.extend(
            c for c in _GRAMMARS[other].candidates(text)
            if c.sem.kind == "date" and None not in (c.sem.y, c.sem.m, c.sem.d)
        )
    return out


def _needs_tense(sem: Sem) -> bool:
    inner = sem.day if sem.kind == "time" and sem.day is not None else sem
    return inner.kind in ("weekday", "date", "month", "rel") and inner.direction in (None, "this")
