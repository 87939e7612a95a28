"""French time expressions, following the French TimeBank conventions (ISO-TimeML for French).

Spans include the determiner of a date ("le 6 mai dernier", "ce lundi 4 septembre") but not the
preposition ("du 30 mai", "en juillet", "vers 18 h"); vague quantities after "il y a" are durations.
"""

from __future__ import annotations

import re

from .lexicon import FRENCH as L
from .builders import duration_value, numeric_date
from .rules import cased, rule, with_trigger
from .values import CENTURY, DAY, DECADE, HALF, MONTH, QUARTER, WEEK, WEEKEND, YEAR, Sem, with_pod

A = r"['’]"  # apostrophes
MONTHS = rf"(?P<m>{L.month_alt})(?!\w)"
WD = rf"(?P<wd>{L.weekday_alt})"
NUMW = L.number_words
NUM = rf"(?:\d+(?:[,.]\d+)?|{NUMW})"
VAGUE = r"(?:quelques|plusieurs|des|de\s+nombreu(?:x|ses)|nombreu(?:x|ses)|certaine?s)"
DAYNUM = r"(?<![\d,.])(?P<d>[0-3]?\d|1er|premier)(?!\d)"
YEAR4 = r"(?P<y>(?:1[5-9]|20)\d{2})(?!\d)"
YEAR2 = r"(?P<y2>\d{2})(?=\s*[.,;:)])"
POD_WORDS = r"matin|matinée|après-midi|apres-midi|soir|soirée|nuit|midi"
UNIT_WORDS = (
    r"secondes?|minutes?|heures?|jours?|journées?|semaines?|quinzaines?|mois|trimestres?|semestres?|ans|an|années?"
    r"|décennies?|siècles?|week-ends?"
)
DIRECTIONS = {
    "dernier": "last", "dernière": "last", "derniers": "last", "dernières": "last", "passé": "last",
    "passée": "last", "prochain": "next", "prochaine": "next", "prochains": "next", "prochaines": "next",
}
MODS = {
    "environ": "APPROX", "près de": "APPROX", "quelque": "APPROX", "presque": "APPROX", "autour de": "APPROX",
    "plus de": "MORE_THAN", "au moins": "EQUAL_OR_MORE", "pas moins de": "EQUAL_OR_MORE", "moins de": "LESS_THAN",
    "à peine": "LESS_THAN", "un peu plus de": "MORE_THAN", "bien plus de": "MORE_THAN", "largement plus de": "MORE_THAN",
    "début": "START", "fin": "END", "mi": "MID", "milieu": "MID", "courant": None,
}
POD = {"matin": "MO", "matinée": "MO", "après-midi": "AF", "apres-midi": "AF", "soir": "EV", "soirée": "EV",
       "nuit": "NI", "journée": "DT", "midi": "MI"}


def _num(text: str | None) -> int | float | None:
    if text is None:
        return None
    t = text.strip().lower()
    if re.fullmatch(r"\d+[,.]\d+", t):
        return float(t.replace(",", "."))
    if t in ("1er", "premier"):
        return 1
    return L.number(t)


def _mod(text: str | None) -> str | None:
    if not text:
        return None
    key = " ".join(text.lower().replace("'", " ").replace("’", " ").replace("-", " ").split())
    key = re.sub(r"^(?:la|le|au|à la)\s+", "", key)
    key = re.sub(r"\s+d[eu]?$", " de", key).strip()
    for k in (key, key.removesuffix(" de"), key.split()[0] if key else ""):
        if k in MODS:
            return MODS[k]
    return None


def _month(m: re.Match) -> int:
    return L.months[m.group("m").lower()]


def _year(m: re.Match) -> int | None:
    if m.groupdict().get("y"):
        return int(m.group("y"))
    if m.groupdict().get("y2"):
        y2 = int(m.group("y2"))
        return 2000 + y2 if y2 < 30 else 1900 + y2
    return None


def _pod(m: re.Match, *names: str) -> str | None:
    for n in names:
        v = m.groupdict().get(n)
        if v:
            v = v.lower().split()[-1]
            return POD.get(v)
    return None


def _unit(word: str) -> str:
    return L.units[word.lower()]


# --- absolute dates -------------------------------------------------------------------------------

@rule("fr_day_month", rf"(?:\b(?:le|ce|cet)\s+)?(?:{WD}\s+)?(?:le\s+)?{DAYNUM}\s+{MONTHS}"
      rf"(?:\s+{YEAR4}|\s+{YEAR2})?(?:\s+(?P<q>dernier|derniers|prochain|prochains|passé)\b)?", priority=5)
def fr_day_month(m, text):
    d = _num(m.group("d"))
    if not 1 <= d <= 31:
        return None
    wd = L.weekdays[m.group("wd").lower()] if m.group("wd") else None
    y = _year(m)
    return Sem("date", y=y, m=_month(m), d=d, wd=wd, direction=DIRECTIONS.get((m.group("q") or "").lower()),
               exact_year=y is not None)


@rule("fr_day_pair", rf"(?P<first>(?:\b(?:les|le)\s+)?(?:{L.weekday_alt}\s+)?(?P<d1>[0-3]?\d|1er))\s+(?:et|au|à|ou)\s+"
      rf"(?:le\s+)?(?P<second>(?:{WD}\s+)?(?P<d>[0-3]?\d)\s+{MONTHS}(?:\s+{YEAR4})?"
      rf"(?:\s+(?P<q>dernier|derniers|prochain|prochains)\b)?)", priority=6)
def fr_day_pair(m, text):
    """"les 6 et 13 avril", "du 10 au 13 septembre": two dates sharing a month."""
    d1, d2 = _num(m.group("d1")), _num(m.group("d"))
    if not (1 <= d1 <= 31 and 1 <= d2 <= 31):
        return None
    y = _year(m)
    direction = DIRECTIONS.get((m.group("q") or "").lower())
    mon = _month(m)
    s1, e1 = m.span("first")
    return [
        (s1, e1, Sem("date", y=y, m=mon, d=d1, direction=direction, exact_year=y is not None)),
        (*m.span("second"), Sem("date", y=y, m=mon, d=d2, direction=direction, exact_year=y is not None)),
    ]


@rule("fr_numeric_date", r"(?<![\d/.])(?P<d>[0-3]?\d)[/.](?P<mo>[01]?\d)[/.](?P<y>(?:19|20)\d{2})(?![\d/]|\.\d)"
      r"|\b(?P<iy>(?:19|20)\d{2})-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b")
def fr_numeric_date(m, text):
    return numeric_date(m, text)


@rule("fr_month_year", rf"(?:(?P<mod>début|fin|mi|courant|milieu)[\s-]+(?:d{A}\s*|de\s+)?)?"
      rf"(?:mois\s+d(?:e\s+|{A}\s*))?{MONTHS}\s+(?:{YEAR4}|{YEAR2})", priority=4)
def fr_month_year(m, text):
    return Sem("month", y=_year(m), m=_month(m), mod=_mod(m.group("mod")))


@rule("fr_month", rf"(?:\b(?:le|du)\s+)?(?P<t>(?:\b(?P<mod>début|fin|mi|courant|milieu)[\s-]+(?:d{A}\s*|de\s+)?)?"
      rf"(?:\bmois\s+d(?:e\s+|{A}\s*))?\b{MONTHS}(?:\s+(?P<q>dernier|prochain|passé)\b)?)", priority=2)
def fr_month(m, text):
    word = cased(m, text, "m")
    if "." in word:
        return None  # an abbreviation alone is too ambiguous
    if word[0].isupper() and not m.group("mod") and re.search(r"[a-zà-ÿ,]\s*$", m.string[max(0, m.start() - 3):m.start()]):
        return None  # French months are lower case: "Mars" mid-sentence is the planet (or a name)
    return Sem("month", m=_month(m), direction=DIRECTIONS.get((m.group("q") or "").lower()), mod=_mod(m.group("mod")))


_YEAR_CONTEXT = re.compile(
    rf"(?:\b(?:en|depuis|dès|de|d{A}|à|au|jusqu{A}en|avant|après|entre|et|ou|vers|fin|début|mi|saison|année|an|"
    rf"printemps|été|automne|hiver|élections?|présidentielle|législatives|municipales|européennes|mondial|"
    rf"coupe|jeux|budget|exercice|cuvée|promotion|millésime|dernier|depuis\s+fin)\s*|[/(-])$",
    re.IGNORECASE,
)
_NOT_YEAR_AFTER = re.compile(
    r"\s*(?:%|€|\$|euros?|dollars?|francs?|livres|km|kilomètres?|mètres?|m²|m2|tonnes?|personnes|habitants|"
    r"hommes|femmes|enfants|morts|victimes|soldats|policiers|militaires|emplois|postes|salariés|élèves|étudiants|"
    r"voix|votes|exemplaires|points|cas|hectares|ha|pages|mots|kg|logements|véhicules|voitures|participants|"
    r"manifestants|spectateurs|visiteurs|fois|litres|familles|membres|agents|mètres|pieds)\b",
    re.IGNORECASE,
)


@rule("fr_year", rf"(?P<t>(?:\bl{A}an(?:née)?\s+)?(?<![\d,.]){YEAR4})(?![,.]\d)")
def fr_year(m, text):
    before = m.string[max(0, m.start() - 30):m.start()]
    after = m.string[m.end():m.end() + 25]
    if _NOT_YEAR_AFTER.match(after):
        return None
    if not (_YEAR_CONTEXT.search(before) or re.match(r"\s*(?:[.,;:)!?/]|$)", after) or m.group(0).lower().startswith("l")):
        return None
    return Sem("year", y=int(m.group("y")), exact_year=True)


# "début", "fin", "mi-", "courant", "milieu" before a year, a decade, a century or a season: the period with a
# TIMEX3 mod (START, END, MID), the modifier inside the span ("fin 2031", "au début des années 1970").
PERIOD_MOD = rf"(?P<mod>début|fin|mi|courant|milieu)[\s-]+(?:d{A}\s*|de\s+l{A}\s*|de\s+la\s+|du\s+|des\s+|de\s+)?"


@rule("fr_mod_year", rf"\b(?P<t>{PERIOD_MOD}(?:l{A}(?:année|an)\s+)?(?<![\d,.]){YEAR4})(?![,.]\d)", priority=3)
def fr_mod_year(m, text):
    if _NOT_YEAR_AFTER.match(m.string[m.end():m.end() + 25]):
        return None
    return Sem("year", y=int(m.group("y")), exact_year=True, mod=_mod(m.group("mod")))


_DECADE_WORDS = {"vingt": 2, "trente": 3, "quarante": 4, "cinquante": 5, "soixante": 6, "soixante-dix": 7,
                 "quatre-vingt": 8, "quatre-vingts": 8, "quatre-vingt-dix": 9}


@rule("fr_decade", rf"(?:\b(?:des|aux)\s+)?(?P<t>(?:{PERIOD_MOD})?\b(?:les\s+|des\s+)?années\s+"
      rf"(?P<y>(?:19|20)?\d0|{'|'.join(sorted(_DECADE_WORDS, key=len, reverse=True))})\b)", priority=3)
def fr_decade(m, text):
    """"les années 1990", "les années 80", "les années soixante", "au début des années 2010"."""
    y = m.group("y").lower()
    if y in _DECADE_WORDS:
        decade = 190 + _DECADE_WORDS[y]
    else:
        n = int(y)
        decade = n // 10 if len(y) == 4 else (190 + n // 10 if n >= 20 else 200 + n // 10)
    return Sem("decade", y=decade, mod=_mod(m.group("mod")))


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        v = _ROMAN.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


@rule("fr_century", rf"\b(?P<t>(?:(?:la\s+)?{PERIOD_MOD})?(?:le\s+)?(?P<r>[xvil]{{1,5}}|\d{{1,2}})(?:e|ème|è)\s+siècle)\b")
def fr_century(m, text):
    n = _roman(m.group("r"))
    return Sem("century", y=n - 1, mod=_mod(m.group("mod"))) if n else None


_ORDINALS = {"premier": 1, "1er": 1, "première": 1, "1re": 1, "deuxième": 2, "second": 2, "seconde": 2, "2e": 2,
             "2ème": 2, "troisième": 3, "3e": 3, "3ème": 3, "quatrième": 4, "4e": 4, "4ème": 4, "dernier": -1}


@rule("fr_ordinal_period", rf"(?:\b(?:du|au)\s+)?\b(?P<t>(?:le\s+|ce\s+)?(?P<o>{'|'.join(_ORDINALS)})\s+"
      rf"(?P<u>trimestre|semestre)(?:\s+(?:de\s+l{A}année\s+|de\s+)?{YEAR4})?)\b", priority=4)
def fr_ordinal_period(m, text):
    """"le premier trimestre 2031", "au deuxième semestre": a quarter or half of a year (the document's year
    when none is written)."""
    unit = QUARTER if m.group("u").lower() == "trimestre" else HALF
    n = _ORDINALS[m.group("o").lower()]
    if n == -1:
        n = 4 if unit == QUARTER else 2
    if n > (4 if unit == QUARTER else 2):
        return None
    y = int(m.group("y")) if m.group("y") else None
    return Sem("period", unit=unit, n=n, y=y, exact_year=y is not None)


# --- days relative to the document date or to the date just written ----------------------------------

_DCT_DAYS = {"avant-hier": -2, "hier": -1, "aujourd'hui": 0, "aujourd’hui": 0, "demain": 1, "après-demain": 2}
POD_AFTER = (
    rf"(?:\s+(?P<pod>{POD_WORDS})\b|\s+(?:au|dans\s+la|en|à\s+la|en\s+(?:début|fin)\s+d[e{A}]\s*)\s*"
    rf"(?P<pod2>soirée|matinée|nuit|journée|soir|matin|après-midi)\b)?"
)


@rule("fr_dct_day", rf"\b(?P<w>avant-hier|après-demain|aujourd{A}hui|hier|demain)\b(?:,?\s+{WD}\b)?{POD_AFTER}",
      priority=3)
def fr_dct_day(m, text):
    n = _DCT_DAYS[m.group("w").lower()]
    return with_pod(Sem("rel", unit=DAY, n=n), _pod(m, "pod", "pod2"))


@rule("fr_this_pod", rf"\b(?:ce|cet|cette)\s+(?P<pod>matin|après-midi|soir|nuit|midi)\b")
def fr_this_pod(m, text):
    return with_pod(Sem("rel", unit=DAY, n=0), _pod(m, "pod"))


_REF_DAYS = {"l'avant-veille": -2, "la veille": -1, "le lendemain": 1, "le surlendemain": 2, "le jour même": 0,
             "le même jour": 0, "ce jour-là": 0, "ce même jour": 0}


@rule("fr_ref_day", rf"\b(?P<w>l{A}avant-veille|la\s+veille|le\s+lendemain|le\s+surlendemain|le\s+jour\s+même|"
      rf"le\s+même\s+jour|ce\s+jour-là|ce\s+même\s+jour)(?:\s+(?P<pod>matin|soir|midi|après-midi)\b|\s+au\s+"
      rf"(?P<pod2>soir|matin)\b)?(?P<of>\s+(?:de|du|des|d{A}))?", priority=3)
def fr_ref_day(m, text):
    if m.group("of") and not (m.group("pod") or m.group("pod2")):
        return [(m.start(), m.end("w"), Sem("rel", unit=DAY, base="ref", n=_REF_DAYS[_key(m.group("w"))]))] \
            if _date_follows(m) else None
    return with_pod(Sem("rel", unit=DAY, base="ref", n=_REF_DAYS[_key(m.group("w"))]), _pod(m, "pod", "pod2"))


def _key(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _date_follows(m: re.Match) -> bool:
    """"la veille du 13 septembre": the event is a date, so the expression resolves against it."""
    return bool(re.match(rf"\s*(?:le\s+)?\d{{1,2}}(?:er)?\s+(?:{L.month_alt})", m.string[m.end():m.end() + 30], re.I))


@rule("fr_pod_same", r"\ble\s+(?P<pod>matin|soir)\s+même\b")
def fr_pod_same(m, text):
    return with_pod(Sem("rel", unit=DAY, base="ref", n=0), _pod(m, "pod"))


@rule("fr_pod_ref", rf"\b(?:dans|pendant|durant|au\s+cours\s+de|tard\s+dans|tôt\s+dans|en\s+pleine)\s+"
      rf"(?P<t>(?P<pod>la\s+(?:nuit|soirée|matinée|journée)|l{A}après-midi)(?:\s+(?:de|du)\s+{WD}"
      rf"(?:\s+(?:à|au)\s+(?:{L.weekday_alt}))?)?)")
def fr_pod_ref(m, text):
    pod = POD[m.group("pod").split()[-1].replace("l’", "").replace("l'", "").lower()]
    if m.group("wd"):
        day = Sem("weekday", wd=L.weekdays[m.group("wd").lower()])
        return with_pod(day, pod)
    return with_pod(Sem("rel", unit=DAY, base="ref", n=0), pod)


@rule("fr_night_of", rf"\b(?:dans|pendant|durant|au\s+cours\s+de)\s+(?P<t>la\s+nuit\s+du\s+{DAYNUM}(?:er)?\s+"
      rf"(?:au|à)\s+(?P<d2>[0-3]?\d)\s+{MONTHS}(?:\s+{YEAR4})?)", priority=5)
def fr_night_of(m, text):
    """"dans la nuit du 3 au 4 mai": the night that starts on the first day."""
    d = _num(m.group("d"))
    if not 1 <= d <= 31:
        return None
    y = _year(m)
    return with_pod(Sem("date", y=y, m=_month(m), d=d, exact_year=y is not None), "NI")


# --- "il y a trois jours", "deux jours plus tard", "la semaine prochaine" ------------------------------

_N_UNIT = rf"(?P<n>\d+|{NUMW})\s+(?P<u>jours?|semaines?|mois|ans|années?|décennies?|siècles?|week-ends?)"


def _rel_unit(word: str) -> str:
    u = _unit(word)
    return {"W": WEEK, "M": MONTH, "Y": YEAR, "D": DAY, "DE": DECADE, "CE": CENTURY, "WE": WEEKEND}.get(u, u)


@rule("fr_ago", rf"\b(?P<pre>il\s+y\s+a|voilà|voici|dans)\s+(?:(?P<mod>environ|près\s+de|plus\s+de|moins\s+de)\s+)?"
      rf"{_N_UNIT}\b", priority=4)
def fr_ago(m, text):
    n = _num(m.group("n"))
    if n is None:
        return None
    sign = 1 if m.group("pre").lower() == "dans" else -1
    return Sem("rel", unit=_rel_unit(m.group("u")), n=sign * int(n), mod=_mod(m.group("mod")))


@rule("fr_later", rf"\b{_N_UNIT}\s+(?P<dir>plus\s+tard|plus\s+tôt|auparavant|après|avant)(?P<end>\s*[,.;)]|\s*$)?",
      priority=4)
def fr_later(m, text):
    n = _num(m.group("n"))
    direction = " ".join(m.group("dir").lower().split())
    if n is None or (direction in ("après", "avant") and m.group("end") is None):
        return None
    sign = 1 if direction in ("plus tard", "après") else -1
    span_end = m.end("dir")
    return [(m.start(), span_end, Sem("rel", unit=_rel_unit(m.group("u")), base="ref", n=sign * int(n)))]


_QUAL = {
    "prochain": (1, "dct"), "prochaine": (1, "dct"), "dernier": (-1, "dct"), "dernière": (-1, "dct"),
    "passé": (-1, "dct"), "passée": (-1, "dct"), "écoulé": (-1, "dct"), "écoulée": (-1, "dct"),
    "en cours": (0, "dct"), "suivant": (1, "ref"), "suivante": (1, "ref"), "précédent": (-1, "ref"),
    "précédente": (-1, "ref"), "d'après": (1, "ref"), "d'avant": (-1, "ref"),
}


@rule("fr_this_unit", rf"(?P<t>(?:(?P<mod>(?:la\s+|le\s+)?(?:fin|début|milieu|mi)[\s-]+d(?:e\s+|u\s+|{A})"
      rf"(?:l{A}|la\s+|le\s+|cette\s+|ce\s+|cet\s+)?)|\b(?P<this>cette|ce|cet)\s+|\b(?:la|le|l{A})\s*)"
      rf"(?P<u>semaine|mois|année|an|week-end|trimestre|semestre|décennie|siècle)(?P<ci>-ci|-là)?\b"
      rf"(?:\s+(?P<q>prochaine?|derni(?:er|ère)|passée?|précédente?|suivante?|en\s+cours|écoulée?|d{A}après|"
      rf"d{A}avant)\b)?)",
      priority=3)
def fr_this_unit(m, text):
    unit = {"semaine": WEEK, "mois": MONTH, "année": YEAR, "an": YEAR, "week-end": WEEKEND, "trimestre": QUARTER,
            "semestre": HALF, "décennie": DECADE, "siècle": CENTURY}[m.group("u").lower()]
    q = _key(m.group("q") or "")
    if m.group("ci") and m.group("ci").lower() == "-là":
        return Sem("rel", unit=unit, n=0, base="ref")
    if q:
        n, base = _QUAL[q]
    elif m.group("this") or m.group("ci"):
        n, base = 0, "dct"
    elif m.group("mod"):
        n, base = 0, "dct"
    else:
        return None  # "la semaine", "l'année" alone name no particular one
    if m.group("this") and m.group("this").lower() in ("ce", "cet") and unit == WEEK:
        return None
    direction = "this" if unit == WEEKEND and n == 0 else None
    return Sem("rel", unit=unit, n=n, base=base, mod=_mod(m.group("mod")), direction=direction)


@rule("fr_season", rf"(?:\b(?P<det>en|au|les\s+mois\s+d{A}|des)\s*)?(?P<t>(?:(?:\bla\s+)?\b{PERIOD_MOD})?(?P<this>\bcet\s+|\bce\s+|\bl{A})?"
      rf"\b(?P<s>printemps|été|eté|ete|automne|hiver)\b(?:\s+(?P<q>dernier|prochain|passé)\b|\s+{YEAR4})?)")
def fr_season(m, text):
    word = cased(m, text, "s")
    det = (m.group("det") or "").lower()
    before = m.string[max(0, m.start("s") - 25):m.start("s")].lower()
    if word.lower() in ("été", "eté", "ete") and not (det or m.group("this") or m.group("q") or m.group("y")
                                                      or m.group("mod")):
        # "a été", "avait été": the participle. Only a capitalised sentence-initial "Été"/"Eté" is the season.
        if not word[0].isupper() or re.search(r"\w\s*$", before):
            return None
    if re.search(rf"\bd(?:e\s+|{A})$", before) and "mois" not in det:
        return None  # "sports d'hiver", "Jeux d'hiver": a kind, not a time
    season = L.seasons[word.lower()]
    q = (m.group("q") or "").lower()
    mod = _mod(m.group("mod"))
    if m.group("y"):
        return Sem("season", season=season, y=int(m.group("y")), mod=mod)
    if q:
        return Sem("season", season=season, direction=DIRECTIONS[q], mod=mod)
    if mod or (m.group("this") and m.group("this").strip().lower() in ("cet", "ce")):
        return Sem("season", season=season, mod=mod)  # "fin de l'été": this year's
    return Sem("season", season=season, generic=True)


# --- weekdays -----------------------------------------------------------------------------------------

@rule("fr_weekday", rf"(?P<t>(?:\b(?P<every>tous\s+les|chaque|le|les)\s+)?(?:\b(?P<ce>ce|cette)\s+(?P<meme>même\s+)?)?"
      rf"\b{WD}(?P<pl>s)?\b(?!\s+\d)(?:\s+(?P<q>dernier|prochain|passé|suivant|précédent)\b)?{POD_AFTER})")
def fr_weekday(m, text):
    wd = L.weekdays[m.group("wd").lower()]
    every = (m.group("every") or "").lower()
    q = (m.group("q") or "").lower()
    pod = _pod(m, "pod", "pod2")
    if every in ("tous les", "chaque", "les") or m.group("pl") or (every == "le" and q not in ("suivant", "précédent")):
        if every == "le" and q not in ("", "suivant", "précédent"):
            every = ""
        else:
            value = f"XXXX-WXX-{wd + 1}" + (f"T{pod}" if pod and pod != "MI" else "")
            return Sem("fixed", "SET", value=value)
    if q in ("suivant", "précédent"):
        day = Sem("weekday", wd=wd, base="ref", direction="next" if q == "suivant" else "last")
    elif m.group("meme"):
        day = Sem("weekday", wd=wd, base="ref")
    else:
        day = Sem("weekday", wd=wd, direction={"dernier": "last", "passé": "last", "prochain": "next"}.get(q))
    return with_pod(day, pod)


# --- clock times ----------------------------------------------------------------------------------------

_APPROX_PRE = ("vers", "aux alentours de", "autour de", "environ")


@rule("fr_clock", rf"(?:\b(?P<pre>vers|aux\s+alentours\s+de|autour\s+de|environ|à\s+partir\s+de|dès|jusqu{A}à|à|de|"
      rf"entre|et|avant|après|peu\s+avant|peu\s+après)\s+)?(?P<t>(?<![\d,.])(?P<h>[01]?\d|2[0-4])\s?(?P<hw>h|heures?)"
      rf"(?:\s?(?P<mi>[0-5]\d)(?:\s?min(?:utes?)?)?)?(?:\s+(?P<loc>locales?|gmt|heure\s+locale))?)(?![\w])")
def fr_clock(m, text):
    pre = _key(m.group("pre") or "")
    if m.group("hw").lower() != "h" and not pre and not m.group("mi"):
        return None  # "quatre heures" without a preposition is a duration
    if m.group("hw").lower() != "h" and pre in ("et", "de") and not m.group("mi"):
        return None
    mod = "APPROX" if pre in _APPROX_PRE else None
    return Sem("time", "TIME", hour=int(m.group("h")), minute=int(m.group("mi") or 0), mod=mod)


@rule("fr_noon", rf"(?:\b(?P<pre>vers|à|dès|jusqu{A}à|avant|après|peu\s+avant|peu\s+après)\s+)?(?<![-\w])"
      rf"(?P<t>midi|minuit)\b(?!\s*-)")
def fr_noon(m, text):
    word = cased(m, text, "t")
    before = m.string[max(0, m.start("t") - 4):m.start("t")].lower()
    if word[0].isupper() and re.search(r"\b(?:le|du|au)\s$", before):
        return None  # le Midi: the south of France
    pre = _key(m.group("pre") or "")
    hour = 12 if word.lower() == "midi" else 24
    return Sem("time", "TIME", hour=hour, minute=0, mod="APPROX" if pre == "vers" else None)


# --- durations ------------------------------------------------------------------------------------------

_MOD_WORDS = (rf"environ|près\s+d(?:e\s+|{A})|plus\s+d(?:e\s+|{A})|moins\s+d(?:e\s+|{A})|au\s+moins|"
              rf"pas\s+moins\s+d(?:e\s+|{A})|quelque|presque|à\s+peine|un\s+peu\s+plus\s+d(?:e\s+|{A})|"
              rf"bien\s+plus\s+d(?:e\s+|{A})|largement\s+plus\s+d(?:e\s+|{A})")


_AGE_BEFORE = re.compile(rf"(?:\bde|\bd{A}|âgée?s?\s+de|[,(]|\b(?:a|avait|ont|aura)\b)\s*$", re.IGNORECASE)
_AGE_AFTER = re.compile(rf"\s*(?:de\b|d{A}|plus\s+tard|auparavant|après|avant|durant|de\s+suite)", re.IGNORECASE)


@rule("fr_duration", rf"(?P<t>(?:\b(?P<mod>{_MOD_WORDS})\s*)?(?:(?<![\d,.])(?P<n>\d+(?:[,.]\d+)?)|\b(?P<nw>{NUMW}|{VAGUE}))"
      rf"\s+(?P<u>{UNIT_WORDS})\b(?P<half>\s+et\s+demie?)?)")
def fr_duration(m, text):
    unit = _unit(m.group("u"))
    raw = m.group("n") or m.group("nw")
    vague = re.fullmatch(VAGUE, raw, re.IGNORECASE) is not None
    n = None if vague else _num(raw)
    if not vague and n is None:
        return None
    before = m.string[max(0, m.start() - 20):m.start()]
    if unit == "Y" and not vague:
        if m.group("mod") and re.search(r"\bles\s*$", before, re.IGNORECASE):
            return None  # "les moins de 17 ans": an age group
        if re.search(r"\d\s*[-–]\s*$", before):
            return None  # "les 6-16 ans": an age range
        if not m.group("mod") and _AGE_BEFORE.search(before) and not _AGE_AFTER.match(m.string[m.end():m.end() + 15]):
            return None  # "un homme de 38 ans", "Moustapha, 22 ans,": an age
    if raw.lower() == "des" and (m.group("u").lower() == "ans" or unit in ("S", "MIN", "H")):
        return None  # "des heures scolaires", "des ans" are not durations
    if m.group("half") and n is not None:
        if unit == "H":
            return Sem("fixed", "DURATION", value=f"PT{int(n)}H30M", mod=_mod(m.group("mod")))
        n = n + 0.5
    return Sem("fixed", "DURATION", value=duration_value(n, unit), mod=_mod(m.group("mod")))


@rule("fr_last_n", rf"\b(?P<t>(?:les|ces)\s+(?:(?P<n>\d+|{NUMW})\s+)?(?P<q>derni(?:er|ère)s|prochaine?s)\s+"
      rf"(?P<u>jours|semaines|mois|années|ans|heures|décennies|siècles))\b", priority=2)
def fr_last_n(m, text):
    unit = _unit(m.group("u"))
    n = _num(m.group("n")) if m.group("n") else None
    if n is None and m.group("q").lower().startswith("prochain"):
        return Sem("fixed", "TIME", value="FUTURE_REF")
    return Sem("fixed", "DURATION", value=duration_value(n, unit))


_FIXED_DURATIONS = {
    "un quart de siècle": "P25Y", "un demi-siècle": "P50Y", "une demi-heure": "PT30M", "un quart d'heure": "PT15M",
    "trois quarts d'heure": "PT45M", "une demi-journée": "P0.5D", "quinquennat": "P5Y", "septennat": "P7Y",
    "un an et demi": "P1.5Y", "une heure et demie": "PT1H30M",
}


@rule("fr_fixed_duration", rf"\b(?P<t>(?:(?P<mod>{_MOD_WORDS})\s*)?(?P<w>un\s+quart\s+de\s+siècle|un\s+demi-siècle|"
      rf"une\s+demi-heure|un\s+quart\s+d{A}heure|trois\s+quarts\s+d{A}heure|une\s+demi-journée|quinquennat|septennat))\b",
      priority=3)
def fr_fixed_duration(m, text):
    return Sem("fixed", "DURATION", value=_FIXED_DURATIONS[_key(m.group("w"))], mod=_mod(m.group("mod")))


# --- sets -----------------------------------------------------------------------------------------------

@rule("fr_every", rf"\b(?P<t>(?:chaque|tous\s+les|toutes\s+les)\s+(?:(?P<n>\d+|{NUMW})\s+)?(?P<u>{UNIT_WORDS}|"
      rf"matins?|soirs?|nuits?|soirées?|matinées?))\b")
def fr_every(m, text):
    word = m.group("u").lower()
    n = _num(m.group("n")) if m.group("n") else 1
    if word.rstrip("s") in POD or word in POD:
        return Sem("fixed", "SET", value=f"T{POD.get(word.rstrip('s'), POD.get(word))}")
    return Sem("fixed", "SET", value=duration_value(n, _unit(word)))


@rule("fr_per", r"\bpar\s+(?P<t>jour|semaine|mois|an|année|semestre|trimestre|heure)\b")
def fr_per(m, text):
    return Sem("fixed", "SET", value=duration_value(1, _unit(m.group("t"))))


_ADJ_SETS = {"quotidien": "P1D", "quotidiennement": "P1D", "hebdomadaire": "P1W", "mensuel": "P1M",
             "mensuellement": "P1M", "annuel": "P1Y", "annuellement": "P1Y", "trimestriel": "P3M",
             "semestriel": "P6M", "bimensuel": "P2W", "biannuel": "P6M"}
_DETERMINER_BEFORE = re.compile(rf"\b(?:le|la|les|un|une|du|des|au|aux|ce|cet|son|sa|ses|leur|leurs|notre|votre|"
                                rf"l{A}|d{A}|de|mon|ma)\s*$", re.IGNORECASE)


@rule("fr_adj_set", r"\b(?P<t>(?P<w>quotidien|hebdomadaire|mensuel|annuel|trimestriel|semestriel|bimensuel|biannuel)"
      r"(?:le|ne)?s?|quotidiennement|mensuellement|annuellement)\b")
def fr_adj_set(m, text):
    if _DETERMINER_BEFORE.search(m.string[max(0, m.start() - 8):m.start()]) or m.group(0).lower() == "quotidiens":
        return None  # "le quotidien Le Monde", "un hebdomadaire", "les quotidiens": newspapers
    word = (m.group("w") or m.group("t")).lower()
    return Sem("fixed", "SET", value=_ADJ_SETS[word])


# --- vague references -----------------------------------------------------------------------------------

_REFS = [
    ("PRESENT_REF", rf"actuellement|à\s+présent|de\s+nos\s+jours|en\s+ce\s+moment|à\s+l{A}heure\s+actuelle|"
                    rf"pour\s+l{A}instant|pour\s+le\s+moment|désormais|dorénavant|maintenant"),
    ("PAST_REF", rf"auparavant|autrefois|jadis|naguère|récemment|dernièrement|précédemment|par\s+le\s+passé|"
                 rf"dans\s+le\s+passé|à\s+l{A}époque|jusqu{A}ici|jusqu{A}à\s+présent|jusqu{A}alors"),
    ("FUTURE_REF", rf"prochainement|bientôt|à\s+l{A}avenir|dans\s+le\s+futur|à\s+terme|sous\s+peu|"
                   rf"à\s+brève\s+échéance|dans\s+les\s+prochains\s+jours|dans\s+les\s+jours\s+à\s+venir"),
]
_REF_RE = "|".join(f"(?P<{name}>{alt})" for name, alt in _REFS)


@rule("fr_ref", rf"\b(?P<t>{_REF_RE})\b")
def fr_ref(m, text):
    if m.group("t").lower() == "maintenant" and re.search(r"\ben\s*$", m.string[max(0, m.start() - 4):m.start()]):
        return None  # "en maintenant": the verb
    for name, _ in _REFS:
        if m.group(name):
            value = name
            if value == "FUTURE_REF" and m.group(0).lower().startswith("dans les"):
                return [(m.start() + 5, m.end(), Sem("fixed", "TIME", value=value))]
            return Sem("fixed", "TIME", value=value)
    return None


# Trigger words (whole letter runs of the lower-cased text) that wake each rule; "#kind" wakes on numbers.
_MONTH_T = "|".join(sorted({k.rstrip(".") for k in L.months}))
_UNIT_T = (r"secondes?|minutes?|heures?|jours?|journées?|semaines?|quinzaines?|mois|trimestres?|semestres?|ans?|"
           r"années?|décennies?|siècles?|week")
_POD_T = r"matin|matinée|midi|soir|soirée|nuit|journée|minuit"
TRIGGERS = {
    "fr_day_month": _MONTH_T, "fr_day_pair": _MONTH_T, "fr_month_year": _MONTH_T, "fr_month": _MONTH_T,
    "fr_numeric_date": "#numeric", "fr_year": "#year", "fr_mod_year": "#year", "fr_decade": "années",
    "fr_century": "siècles?", "fr_ordinal_period": "trimestre|semestre", "fr_night_of": "nuit",
    "fr_dct_day": "hier|demain|aujourd", "fr_this_pod": _POD_T, "fr_ref_day": "veille|lendemain|surlendemain|même|là",
    "fr_pod_same": "même", "fr_pod_ref": _POD_T, "fr_ago": _UNIT_T,
    "fr_later": _UNIT_T, "fr_this_unit": _UNIT_T, "fr_season": "printemps|été|eté|ete|automne|hiver",
    "fr_weekday": "(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?", "fr_clock": "#clock heures?",
    "fr_noon": "midi|minuit", "fr_duration": _UNIT_T, "fr_last_n": "derni(?:er|ère)s|prochaine?s",
    "fr_fixed_duration": "siècle|heure|journée|quinquennat|septennat", "fr_every": "chaque|tous|toutes",
    "fr_per": "par", "fr_adj_set": r"(?:quotidien|hebdomadaire|mensuel|annuel|trimestriel|semestriel|bimensuel|"
                                   r"biannuel)\w*|quotidiennement|mensuellement|annuellement",
    "fr_ref": r"actuel\w*|présent|nos|moment|instant|désormais|dorénavant|maintenant|auparavant|autrefois|jadis|"
              r"naguère|récemment|dernièrement|précédemment|passé|époque|ici|alors|prochainement|"
              r"bientôt|avenir|futur|terme|peu|échéance|prochains|venir",
}
# The classes of the TIMEX3 guidelines each rule belongs to: a grammar is written class by class (every month,
# every weekday ...), so the evaluation's ablation (`recoupe eval timex --halves`) keeps or drops whole classes.
CLASSES = {
    "calendar": ("fr_day_month", "fr_day_pair", "fr_numeric_date", "fr_month_year", "fr_month", "fr_year",
                 "fr_mod_year", "fr_decade", "fr_century", "fr_ordinal_period", "fr_season", "fr_night_of"),
    "deictic": ("fr_dct_day", "fr_this_pod", "fr_ago", "fr_this_unit"),
    "anaphoric": ("fr_ref_day", "fr_pod_same", "fr_pod_ref", "fr_later"),
    "weekday": ("fr_weekday",),
    "clock": ("fr_clock", "fr_noon"),
    "duration": ("fr_duration", "fr_last_n", "fr_fixed_duration"),
    "set": ("fr_every", "fr_per", "fr_adj_set"),
    "vague": ("fr_ref",),
}
RULES = [with_trigger(v, TRIGGERS.get(v.name)) for v in list(globals().values()) if type(v).__name__ == "Rule"]
