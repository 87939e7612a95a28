"""English time expressions (TimeML conventions: "three days ago" is one DATE, "more than four hours" a DURATION).

Also reads tokenised text ("Thursday , February 10"), as in Timeline17.
"""

from __future__ import annotations

import re

from .builders import day_month, duration_value, numeric_date
from .lexicon import ENGLISH as L
from .rules import cased, rule, with_trigger
from .values import CENTURY, DAY, DECADE, MONTH, QUARTER, WEEK, WEEKEND, YEAR, Sem, with_pod

A = r"['’]"
MONTHS = rf"(?P<m>{L.month_alt})(?!\w)"
WD = rf"(?P<wd>{L.weekday_alt})"
NUMW = L.number_words
VAGUE = r"(?:a\s+few|few|several|many|some)"
YEAR4 = r"(?P<y>(?:1[5-9]|20)\d{2})(?!\d)"
ORD = r"(?:st|nd|rd|th)?"
POD = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI", "noon": "MI"}
POD_AFTER = r"(?:\s+(?P<pod>morning|afternoon|evening|night)\b)?"
UNIT_WORDS = (r"seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|decades?|centuries|"
              r"century|weekends?")
MODS = {"about": "APPROX", "around": "APPROX", "nearly": "APPROX", "almost": "APPROX", "roughly": "APPROX",
        "some": "APPROX", "approximately": "APPROX", "more than": "MORE_THAN", "over": "MORE_THAN",
        "less than": "LESS_THAN", "under": "LESS_THAN", "at least": "EQUAL_OR_MORE", "early": "START",
        "late": "END", "mid": "MID", "the end of": "END", "the beginning of": "START", "the start of": "START",
        "the middle of": "MID", "end of": "END", "beginning of": "START"}


def _num(t: str | None):
    if t is None:
        return None
    t = t.strip().lower()
    if re.fullmatch(r"\d+\.\d+", t):
        return float(t)
    return L.number(t)


def _mod(t: str | None) -> str | None:
    return MODS.get(" ".join(t.lower().split())) if t else None


def _unit(word: str) -> str:
    return L.units[word.lower()]


@rule("en_month_day", rf"(?:\b{WD}\s*,?\s+)?\b{MONTHS}\.?\s+(?P<d>[0-3]?\d){ORD}\b(?:\s*,?\s+{YEAR4})?", priority=5)
def en_month_day(m, text):
    return day_month(m, text, L, capital=True)


@rule("en_day_month", rf"(?:\b{WD}\s*,?\s+)?(?:\bthe\s+)?(?<![\d.,])(?P<d>[0-3]?\d){ORD}\s+(?:of\s+)?{MONTHS}\.?"
      rf"(?:\s*,?\s+{YEAR4})?", priority=5)
def en_day_month(m, text):
    return day_month(m, text, L, capital=True)


@rule("en_numeric", r"\b(?P<iy>(?:19|20)\d{2})-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b"
      r"|(?<![\d/])(?P<mo>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>(?:19|20)\d{2})\b")
def en_numeric(m, text):
    return numeric_date(m, text)


@rule("en_month_year", rf"(?:\b(?P<mod>early|late|mid)[\s-]+)?\b{MONTHS}\.?\s*,?\s+{YEAR4}", priority=4)
def en_month_year(m, text):
    if not cased(m, text, "m")[0].isupper():
        return None
    return Sem("month", y=int(m.group("y")), m=L.months[m.group("m").lower()], mod=_mod(m.group("mod")))


@rule("en_month", rf"\b(?P<pre>in|since|until|till|by|during|from|through|to|of|early|late|mid|last|next|this|"
      rf"before|after)[\s-]+(?P<t>(?:(?P<mod>early|late|mid)[\s-]+)?{MONTHS})", priority=2)
def en_month(m, text):
    word = cased(m, text, "m")
    if not word[0].isupper() or "." in word or len(word) <= 3 and word.lower() != "may":
        return None
    pre = m.group("pre").lower()
    direction = {"last": "last", "next": "next"}.get(pre)
    if direction:
        return [(m.start("pre"), m.end(), Sem("month", m=L.months[word.lower()], direction=direction))]
    return Sem("month", m=L.months[word.lower()], mod=_mod(m.group("mod")))


@rule("en_year", rf"\b(?P<pre>in|since|until|till|by|from|of|before|after|during|through|early|late|mid|summer|"
      rf"winter|spring|autumn|fall|year|to|and)[\s-]+(?P<t>{YEAR4})\b(?!\s*(?:%|people|dollars|troops|km|miles))")
def en_year(m, text):
    return Sem("year", y=int(m.group("y")), exact_year=True)


@rule("en_year_alone", rf"(?<![\d,.$])(?P<t>{YEAR4})(?=\s*[.,;:)]|\s*$)")
def en_year_alone(m, text):
    return Sem("year", y=int(m.group("y")), exact_year=True)


@rule("en_decade", r"\b(?:the\s+)?(?:(?P<c>19|20)|')(?P<y>\d0)s\b", priority=3)
def en_decade(m, text):
    c = int(m.group("c")) if m.group("c") else (19 if int(m.group("y")) >= 20 else 20)
    return Sem("decade", y=c * 10 + int(m.group("y")) // 10)


@rule("en_century", r"\b(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\s+century\b")
def en_century(m, text):
    return Sem("century", y=int(m.group("n")) - 1)


_DCT_DAYS = {"the day before yesterday": -2, "yesterday": -1, "today": 0, "tomorrow": 1, "the day after tomorrow": 2,
             "tonight": 0, "last night": -1}


@rule("en_dct_day", rf"\b(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|"
      rf"tonight|last\s+night)\b{POD_AFTER}", priority=3)
def en_dct_day(m, text):
    w = " ".join(m.group("w").lower().split())
    pod = POD.get((m.group("pod") or "").lower())
    if w in ("tonight", "last night"):
        pod = "NI"
    return with_pod(Sem("rel", unit=DAY, n=_DCT_DAYS[w]), pod)


@rule("en_this_pod", r"\bthis\s+(?P<pod>morning|afternoon|evening)\b")
def en_this_pod(m, text):
    return with_pod(Sem("rel", unit=DAY, n=0), POD[m.group("pod").lower()])


_REF_DAYS = {"the next day": 1, "the following day": 1, "the day after": 1, "the previous day": -1,
             "the day before": -1, "the same day": 0, "that day": 0, "the next morning": 1, "the following morning": 1}


@rule("en_ref_day", r"\b(?P<w>the\s+(?:next|following)\s+(?:day|morning)|the\s+day\s+(?:after|before)|"
      r"the\s+previous\s+day|the\s+same\s+day|that\s+day)\b", priority=2)
def en_ref_day(m, text):
    w = " ".join(m.group("w").lower().split())
    pod = "MO" if w.endswith("morning") else None
    return with_pod(Sem("rel", unit=DAY, base="ref", n=_REF_DAYS[w]), pod)


def _rel_unit(word: str) -> str:
    u = _unit(word)
    return {"W": WEEK, "M": MONTH, "Y": YEAR, "D": DAY, "DE": DECADE, "CE": CENTURY, "WE": WEEKEND,
            "Q": QUARTER}.get(u, u)


_N_UNIT = rf"(?P<n>\d+|{NUMW})\s+(?P<u>days?|weeks?|months?|years?|decades?|centuries|century|weekends?)"


@rule("en_ago", rf"\b(?:(?P<mod>about|around|nearly|almost|more\s+than|some)\s+)?{_N_UNIT}\s+ago\b", priority=4)
def en_ago(m, text):
    n = _num(m.group("n"))
    if n is None:
        return None
    return Sem("rel", unit=_rel_unit(m.group("u")), n=-int(n), mod=_mod(m.group("mod")))


@rule("en_in_n", rf"\bin\s+(?P<t>{_N_UNIT}(?:{A}\s*time)?)\b", priority=4)
def en_in_n(m, text):
    n = _num(m.group("n"))
    return Sem("rel", unit=_rel_unit(m.group("u")), n=int(n)) if n is not None else None


@rule("en_later", rf"\b{_N_UNIT}\s+(?P<dir>later|earlier|before|after)(?=\s*[,.;)]|\s*$)", priority=4)
def en_later(m, text):
    n = _num(m.group("n"))
    if n is None:
        return None
    sign = 1 if m.group("dir").lower() in ("later", "after") else -1
    return Sem("rel", unit=_rel_unit(m.group("u")), base="ref", n=sign * int(n))


_QUAL = {"this": (0, "dct"), "last": (-1, "dct"), "next": (1, "dct"), "past": (-1, "dct"), "coming": (1, "dct"),
         "following": (1, "ref"), "previous": (-1, "ref"), "current": (0, "dct"), "the past": (-1, "dct"),
         "the coming": (1, "dct"), "the following": (1, "ref"), "the previous": (-1, "ref"),
         "the current": (0, "dct"), "the same": (0, "ref"), "that": (0, "ref"), "the next": (1, "dct"),
         "the last": (-1, "dct"), "earlier this": (0, "dct"), "later this": (0, "dct")}


@rule("en_this_unit", r"\b(?P<t>(?:(?P<mod>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|"
      r"the\s+middle\s+of|end\s+of|beginning\s+of)[\s-]+)?(?P<q>this|last|next|past|coming|the\s+past|the\s+coming|"
      r"the\s+following|the\s+previous|the\s+current|current|following|previous|the\s+same|that|the\s+next|the\s+last|"
      r"earlier\s+this|later\s+this)\s+(?P<u>week|month|year|weekend|quarter|decade|century))\b(?!\s*(?:'s|of))",
      priority=3)
def en_this_unit(m, text):
    q = " ".join(m.group("q").lower().split())
    if q in ("the next", "the last", "the past", "the coming") and re.match(r"\s*(?:few|several|\d|two|three)",
                                                                           m.string[m.end():m.end() + 10]):
        return None
    n, base = _QUAL[q]
    unit = _rel_unit(m.group("u"))
    return Sem("rel", unit=unit, n=n, base=base, mod=_mod(m.group("mod")),
               direction="this" if unit == WEEKEND and n == 0 else None)


@rule("en_weekday", rf"(?P<t>(?:\b(?P<every>every|each)\s+)?(?:\b(?P<q>last|next|this|coming|past)\s+)?\b{WD}"
      rf"(?P<pl>s)?\b{POD_AFTER})")
def en_weekday(m, text):
    word = cased(m, text, "wd")
    if not word[0].isupper() and len(word) <= 4:
        return None
    wd = L.weekdays[word.lower()]
    pod = POD.get((m.group("pod") or "").lower())
    if m.group("every") or (m.group("pl") and not m.group("q")):
        return Sem("fixed", "SET", value=f"XXXX-WXX-{wd + 1}")
    q = (m.group("q") or "").lower()
    direction = {"last": "last", "past": "last", "next": "next", "coming": "next", "this": "this"}.get(q)
    return with_pod(Sem("weekday", wd=wd, direction=direction), pod)


@rule("en_clock", r"(?:\b(?P<pre>about|around|at|by|until|from|before|after)\s+)?(?P<t>(?<![\d.:])(?P<h>[01]?\d|2[0-3])"
      r"(?::(?P<mi>[0-5]\d))?\s*(?P<ap>a\.?\s?m\.?|p\.?\s?m\.?|o['’]clock)(?=\W|$)(?:\s+(?P<z>gmt|est|edt|et|local time))?)")
def en_clock(m, text):
    h = int(m.group("h"))
    ap = m.group("ap").lower().replace(".", "").replace(" ", "")
    if ap == "pm" and h < 12:
        h += 12
    elif ap == "am" and h == 12:
        h = 0
    mod = "APPROX" if (m.group("pre") or "").lower() in ("about", "around") else None
    return Sem("time", "TIME", hour=h, minute=int(m.group("mi") or 0), mod=mod)


@rule("en_noon", r"\b(?P<t>noon|midnight|midday)\b")
def en_noon(m, text):
    return Sem("time", "TIME", hour=24 if m.group("t").lower() == "midnight" else 12, minute=0)


@rule("en_duration", rf"(?P<t>(?:\b(?P<mod>about|around|nearly|almost|roughly|approximately|more\s+than|over|"
      rf"less\s+than|under|at\s+least|some)\s+)?(?:(?<![\d.,])(?P<n>\d+(?:\.\d+)?)|\b(?P<nw>{NUMW}|{VAGUE}))"
      rf"[\s-]+(?P<u>{UNIT_WORDS})\b(?:-long)?)(?![\s-]+old)")
def en_duration(m, text):
    raw = m.group("n") or m.group("nw")
    vague = re.fullmatch(VAGUE, raw, re.IGNORECASE) is not None
    n = None if vague else _num(raw)
    if not vague and n is None:
        return None
    if raw.lower() in ("a", "an") and m.group("u").lower().endswith("s"):
        return None
    return Sem("fixed", "DURATION", value=duration_value(n, _unit(m.group("u"))), mod=_mod(m.group("mod")))


@rule("en_set", r"\b(?P<t>(?:every|each)\s+(?:(?P<n>\d+|other)\s+)?(?P<u>day|week|month|year|hour|morning|evening|"
      r"night|weekend|days|weeks|months|years)|daily|weekly|monthly|annually|yearly|annual|hourly|nightly)\b")
def en_set(m, text):
    t = m.group("t").lower()
    fixed = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y", "annual": "P1Y",
             "hourly": "PT1H", "nightly": "TNI"}
    if t in fixed:
        return Sem("fixed", "SET", value=fixed[t])
    u = m.group("u").lower()
    if u in ("morning", "evening", "night"):
        return Sem("fixed", "SET", value="T" + POD[u])
    n = 2 if m.group("n") == "other" else int(m.group("n") or 1)
    return Sem("fixed", "SET", value=duration_value(n, _unit(u)))


_REFS = [
    ("PRESENT_REF", r"now|currently|at\s+present|nowadays|these\s+days|at\s+the\s+moment|for\s+now"),
    ("PAST_REF", r"recently|formerly|previously|in\s+the\s+past|earlier|once|lately|so\s+far|until\s+now"),
    ("FUTURE_REF", r"soon|in\s+the\s+future|shortly|in\s+the\s+coming\s+(?:days|weeks|months)|eventually"),
]
_REF_RE = "|".join(f"(?P<{name}>{alt})" for name, alt in _REFS)


@rule("en_ref", rf"\b(?P<t>{_REF_RE})\b")
def en_ref(m, text):
    for name, _ in _REFS:
        if m.group(name):
            if name == "PAST_REF" and m.group(0).lower() == "once":
                return None  # mostly "once" = one time / as soon as
            return Sem("fixed", "DATE", value=name)
    return None


@rule("en_season", rf"\b(?P<t>(?:(?P<q>this|last|next|the|early|late)\s+)?(?P<s>spring|summer|autumn|fall|winter)"
      rf"(?:\s+(?:of\s+)?{YEAR4})?)\b")
def en_season(m, text):
    season = L.seasons[m.group("s").lower()]
    q = (m.group("q") or "").lower()
    if m.group("s").lower() == "fall" and not (q or m.group("y")):
        return None  # the verb
    if m.group("y"):
        return Sem("season", season=season, y=int(m.group("y")))
    if q in ("this", "last", "next"):
        return Sem("season", season=season, direction={"last": "last", "next": "next"}.get(q))
    return Sem("season", season=season, generic=not q)


# Trigger words (whole letter runs of the lower-cased text) that wake each rule; "#kind" wakes on numbers.
_MONTH_T = "|".join(sorted({k.rstrip(".") for k in L.months}))
_UNIT_T = (r"seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|decades?|century|"
           r"centuries|weekends?")
TRIGGERS = {
    "en_month_day": _MONTH_T, "en_day_month": _MONTH_T, "en_month_year": _MONTH_T, "en_month": _MONTH_T,
    "en_numeric": "#numeric", "en_year": "#year", "en_year_alone": "#year", "en_decade": "#year s",
    "en_century": "century|centuries", "en_dct_day": "yesterday|today|tomorrow|tonight|night",
    "en_this_pod": "morning|afternoon|evening", "en_ref_day": "day|morning", "en_ago": "ago", "en_in_n": _UNIT_T,
    "en_later": _UNIT_T, "en_this_unit": "week|month|year|weekend|quarter|decade|century",
    "en_weekday": "|".join(sorted({k.rstrip(".") + "s?" for k in L.weekdays})), "en_clock": "#clock m|am|pm|clock",
    "en_noon": "noon|midnight|midday", "en_duration": _UNIT_T,
    "en_set": "every|each|daily|weekly|monthly|annually|yearly|annual|hourly|nightly",
    "en_ref": "now|currently|present|nowadays|days|moment|recently|formerly|previously|past|earlier|once|lately|"
              "far|soon|future|shortly|coming|eventually",
    "en_season": "spring|summer|autumn|fall|winter",
}
RULES = [with_trigger(v, TRIGGERS.get(v.name)) for v in list(globals().values()) if type(v).__name__ == "Rule"]
