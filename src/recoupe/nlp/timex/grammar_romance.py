"""Spanish and Italian: the expressions that date events (full and partial dates, years, yesterday/today,
weekdays, "N days ago"). Enough for timelines in those languages; durations and sets are left out."""

from __future__ import annotations

import re

from .builders import day_month
from .lexicon import ITALIAN, SPANISH, Lexicon
from .rules import Rule
from .values import DAY, MONTH, WEEK, YEAR, Sem


def _rules(lex: Lexicon, words: dict) -> list[Rule]:
    months = rf"(?P<m>{lex.month_alt})(?!\w)"
    wd = rf"(?P<wd>{lex.weekday_alt})"
    of = words["of"]
    year4 = r"(?P<y>(?:1[5-9]|20)\d{2})(?!\d)"

    def day_month_of(m, text):
        return day_month(m, text, lex)

    def month_year(m, text):
        return Sem("month", y=int(m.group("y")), m=lex.months[m.group("m").lower()])

    def month(m, text):
        return Sem("month", m=lex.months[m.group("m").lower()])

    def year(m, text):
        return Sem("year", y=int(m.group("y")), exact_year=True)

    def dct_day(m, text):
        return Sem("rel", unit=DAY, n=words["days"][m.group("w").lower().replace(" ", "")])

    def weekday(m, text):
        return Sem("weekday", wd=lex.weekdays[m.group("wd").lower()])

    def ago(m, text):
        n = lex.number(m.group("n"))
        if n is None:
            return None
        unit = {"D": DAY, "W": WEEK, "M": MONTH, "Y": YEAR}.get(lex.units[m.group("u").lower()])
        return Sem("rel", unit=unit, n=-n) if unit else None

    flags = re.IGNORECASE
    return [
        Rule(f"{lex.language}_day_month", re.compile(
            rf"(?:\b(?:{words['det']})\s+)?(?:\b{wd},?\s+)?(?<![\d,.])(?P<d>[0-3]?\d)(?:º|°)?\s+(?:(?:{of})\s+)?{months}"
            rf"(?:\s+(?:(?:{of})\s+)?{year4})?", flags), day_month_of, 5),
        Rule(f"{lex.language}_month_year", re.compile(rf"\b{months}\s+(?:(?:{of})\s+)?{year4}", flags), month_year, 4),
        Rule(f"{lex.language}_month", re.compile(rf"\b(?:{words['in']})\s+(?P<t>{months})", flags), month, 2),
        Rule(f"{lex.language}_year", re.compile(rf"\b(?:{words['in']}|{of}|{words['since']})\s+(?P<t>{year4})", flags),
             year, 1),
        Rule(f"{lex.language}_dct_day", re.compile(rf"\b(?P<w>{words['days_alt']})\b", flags), dct_day, 3),
        Rule(f"{lex.language}_weekday", re.compile(rf"\b{wd}(?!\s+\d)\b", flags), weekday, 1),
        Rule(f"{lex.language}_ago", re.compile(words["ago"].format(
            n=rf"(?P<n>\d+|{lex.number_words})", u=rf"(?P<u>{lex.unit_alt})"), flags), ago, 4),
    ]


SPANISH_RULES = _rules(SPANISH, {
    "of": "de|del", "det": "el|este", "in": "en|desde|hasta|a\\s+finales\\s+de|a\\s+principios\\s+de", "since": "desde",
    "days": {"anteayer": -2, "antesdeayer": -2, "ayer": -1, "hoy": 0, "pasadomañana": 2},
    "days_alt": "anteayer|antes\\s+de\\s+ayer|ayer|hoy|pasado\\s+mañana",
    "ago": r"\bhace\s+{n}\s+{u}\b",
})
ITALIAN_RULES = _rules(ITALIAN, {
    "of": "di|del", "det": "il|lo|l['’]", "in": "nel|a|in|dal|entro|fino\\s+a", "since": "dal|dall['’]",
    "days": {"l'altroieri": -2, "altroieri": -2, "ieri": -1, "oggi": 0, "domani": 1, "dopodomani": 2},
    "days_alt": "l['’]altro\\s*ieri|altroieri|ieri|oggi|dopodomani|domani",
    "ago": r"\b{n}\s+{u}\s+fa\b",
})
