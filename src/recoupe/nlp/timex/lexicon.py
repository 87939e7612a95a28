"""Words of time per language: months, weekdays, numbers, units, parts of the day.

Everything is lower case; accents are kept and unaccented spellings added where writers drop them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def _alt(words) -> str:
    """A regex alternation, longest first so "septembre" wins over "sept"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# --- numbers written in words -------------------------------------------------------------------

FR_UNITS = {
    "zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100,
}
EN_UNITS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a dozen": 12, "dozen": 12,
}
ES_UNITS = {
    "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "once": 11, "doce": 12, "quince": 15, "veinte": 20, "treinta": 30, "cuarenta": 40,
    "cincuenta": 50, "cien": 100,
}
IT_UNITS = {
    "un": 1, "uno": 1, "una": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8,
    "nove": 9, "dieci": 10, "undici": 11, "dodici": 12, "quindici": 15, "venti": 20, "trenta": 30, "quaranta": 40,
    "cinquanta": 50, "cento": 100,
}

# Vague quantities: their value is X ("plusieurs jours" = PXD).
FR_VAGUE = ("quelques", "plusieurs", "des", "de nombreux", "de nombreuses", "nombreux", "nombreuses", "maints",
            "certains", "certaines")
EN_VAGUE = ("a few", "few", "several", "many", "some")


def french_number(text: str) -> int | None:
    """"vingt-quatre" → 24, "trente et un" → 31, "soixante-dix" → 70, "quatre-vingt-dix" → 90, "30" → 30."""
    t = text.lower().replace("\u2011", "-").strip()
    if t.isdigit():
        return int(t)
    if t == "dix-sept":
        return 17
    if t in ("dix-huit", "dix-neuf"):
        return 18 if t.endswith("huit") else 19
    parts = [p for p in re.split(r"[-\s]+", t) if p and p != "et"]
    total = 0
    i = 0
    while i < len(parts):
        p = parts[i]
        if p == "quatre" and i + 1 < len(parts) and parts[i + 1] in ("vingt", "vingts"):
            total += 80
            i += 2
            continue
        if p == "dix" and total in (60, 80):
            total += 10
        elif p in FR_UNITS:
            total += FR_UNITS[p]
        else:
            return None
        i += 1
    return total


def english_number(text: str) -> int | None:
    t = text.lower().strip()
    if t.isdigit():
        return int(t)
    if t in EN_UNITS:
        return EN_UNITS[t]
    total = 0
    for p in re.split(r"[-\s]+", t):
        if p not in EN_UNITS:
            return None
        total += EN_UNITS[p]
    return total


def simple_number(units: dict[str, int]):
    def parse(text: str) -> int | None:
        t = text.lower().strip()
        return int(t) if t.isdigit() else units.get(t)

    return parse


FR_NUMBER_WORDS = (
    r"(?:(?:vingt|trente|quarante|cinquante|soixante)(?:[-\s]et[-\s]un(?:e)?|-(?:deux|trois|quatre|cinq|six|sept|huit|"
    r"neuf|dix|onze|douze|treize|quatorze|quinze|seize|dix-sept|dix-huit|dix-neuf))?|quatre-vingts?(?:-\w+)?|"
    r"dix-sept|dix-huit|dix-neuf|" + _alt(k for k in FR_UNITS if k not in ("vingt", "trente", "quarante",
                                                                         "cinquante", "soixante")) + ")"
)
EN_NUMBER_WORDS = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|"
    r"nine))?|" + _alt(k for k in EN_UNITS) + ")"
)


@dataclass(frozen=True)
class Lexicon:
    """What the grammar of one language needs."""

    language: str
    months: dict[str, int]
    weekdays: dict[str, int]
    number: object  # str -> int | None
    number_words: str  # regex of numbers written in words
    units: dict[str, str]  # word -> TIMEX3 unit: S, MIN, H, D, W, M, Y, DE, CE, Q, HY
    parts_of_day: dict[str, str]  # word -> MO, AF, EV, NI, DT
    seasons: dict[str, str] = field(default_factory=dict)  # word -> SP, SU, FA, WI
    vague: tuple[str, ...] = ()

    @property
    def month_alt(self) -> str:
        return _alt(self.months)

    @property
    def weekday_alt(self) -> str:
        return _alt(self.weekdays)

    @property
    def unit_alt(self) -> str:
        return _alt(self.units)

    @property
    def pod_alt(self) -> str:
        return _alt(self.parts_of_day)


FRENCH = Lexicon(
    language="fr",
    months={
        "janvier": 1, "janv.": 1, "février": 2, "fevrier": 2, "févr.": 2, "fév.": 2, "mars": 3, "avril": 4, "avr.": 4,
        "mai": 5, "juin": 6, "juillet": 7, "juil.": 7, "août": 8, "aout": 8, "septembre": 9, "sept.": 9,
        "octobre": 10, "oct.": 10, "novembre": 11, "nov.": 11, "décembre": 12, "decembre": 12, "déc.": 12,
    },
    weekdays={"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6},
    number=french_number,
    number_words=FR_NUMBER_WORDS,
    units={
        "seconde": "S", "secondes": "S", "minute": "MIN", "minutes": "MIN", "heure": "H", "heures": "H",
        "jour": "D", "jours": "D", "journée": "D", "journées": "D", "semaine": "W", "semaines": "W",
        "quinzaine": "2W", "mois": "M", "trimestre": "Q", "trimestres": "Q", "semestre": "HY", "semestres": "HY",
        "an": "Y", "ans": "Y", "année": "Y", "années": "Y", "décennie": "DE", "décennies": "DE",
        "siècle": "CE", "siècles": "CE", "week-end": "WE", "week-ends": "WE",
    },
    parts_of_day={
        "matin": "MO", "matinée": "MO", "après-midi": "AF", "apres-midi": "AF", "soir": "EV", "soirée": "EV",
        "nuit": "NI", "journée": "DT", "midi": "MI",
    },
    seasons={"printemps": "SP", "été": "SU", "ete": "SU", "eté": "SU", "automne": "FA", "hiver": "WI"},
    vague=FR_VAGUE,
)

ENGLISH = Lexicon(
    language="en",
    months={
        "january": 1, "jan.": 1, "jan": 1, "february": 2, "feb.": 2, "feb": 2, "march": 3, "mar.": 3,
        "april": 4, "apr.": 4, "apr": 4, "may": 5, "june": 6, "jun.": 6, "july": 7, "jul.": 7, "august": 8,
        "aug.": 8, "aug": 8, "september": 9, "sept.": 9, "sep.": 9, "sept": 9, "october": 10, "oct.": 10, "oct": 10,
        "november": 11, "nov.": 11, "nov": 11, "december": 12, "dec.": 12, "dec": 12,
    },
    weekdays={
        "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
        "mon.": 0, "tue.": 1, "tues.": 1, "wed.": 2, "thu.": 3, "thurs.": 3, "fri.": 4, "sat.": 5, "sun.": 6,
    },
    number=english_number,
    number_words=EN_NUMBER_WORDS,
    units={
        "second": "S", "seconds": "S", "minute": "MIN", "minutes": "MIN", "hour": "H", "hours": "H", "day": "D",
        "days": "D", "week": "W", "weeks": "W", "fortnight": "2W", "month": "M", "months": "M", "quarter": "Q",
        "quarters": "Q", "year": "Y", "years": "Y", "decade": "DE", "decades": "DE", "century": "CE",
        "centuries": "CE", "weekend": "WE", "weekends": "WE", "week-end": "WE",
    },
    parts_of_day={
        "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI", "noon": "MI",
    },
    seasons={"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"},
    vague=EN_VAGUE,
)

SPANISH = Lexicon(
    language="es",
    months={
        "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
        "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    },
    weekdays={"lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3, "viernes": 4, "sábado": 5,
              "sabado": 5, "domingo": 6},
    number=simple_number(ES_UNITS),
    number_words=_alt(ES_UNITS),
    units={"día": "D", "días": "D", "dia": "D", "dias": "D", "semana": "W", "semanas": "W", "mes": "M",
           "meses": "M", "año": "Y", "años": "Y", "hora": "H", "horas": "H"},
    parts_of_day={"mañana": "MO", "tarde": "AF", "noche": "NI"},
)

ITALIAN = Lexicon(
    language="it",
    months={
        "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7, "agosto": 8,
        "settembre": 9, "ottobre": 10, "novembre": 11, "dicembre": 12,
    },
    weekdays={"lunedì": 0, "lunedi": 0, "martedì": 1, "martedi": 1, "mercoledì": 2, "mercoledi": 2, "giovedì": 3,
              "giovedi": 3, "venerdì": 4, "venerdi": 4, "sabato": 5, "domenica": 6},
    number=simple_number(IT_UNITS),
    number_words=_alt(IT_UNITS),
    units={"giorno": "D", "giorni": "D", "settimana": "W", "settimane": "W", "mese": "M", "mesi": "M", "anno": "Y",
           "anni": "Y", "ora": "H", "ore": "H"},
    parts_of_day={"mattina": "MO", "mattino": "MO", "pomeriggio": "AF", "sera": "EV", "notte": "NI"},
)

LEXICONS = {lex.language: lex for lex in (FRENCH, ENGLISH, SPANISH, ITALIAN)}
