"""What the web page, HTML and Markdown timelines need: readable dates, entries grouped by date, the story's own
period apart from background dates, and an axis layout.

`readable` is what a reader is shown: each event once (a repeated text, such as the same photo caption in two
articles, is one entry citing both), without sentence fragments or captions, split into the events of the story's
own period (its publication span, give or take a margin) and background dates (an anniversary, a law of 1950, a
vague "2019") listed on their own instead of stretching the axis over decades.

The export axis is ordinal (each distinct date gets a stop) with gaps that grow with the log of the days between
stops.
"""

from __future__ import annotations

import calendar
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..config import ChartParams
from ..crosscheck.captions import is_caption_or_credit
from ..crosscheck.timeline import first_day
from ..store.textsearch import fold

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
DEFAULT_PARAMS = ChartParams()
STATUS_COLOUR = {"confirmed": "#1a7f37", "reported": "#1a5fb4", "expected": "#9a6700", "denied": "#c01c28"}


def when_label(entry: dict) -> str:
    """"13 September 2023", "September 2023", "week 37 of 2023", "2019"."""
    value = entry.get("value") or entry["date"]
    week = re.match(r"^(\d{4})-W(\d{2})", value)
    if week:
        return f"week {int(week.group(2))} of {week.group(1)}"
    season = re.match(r"^(\d{4})-(SP|SU|FA|WI)$", value)
    if season:
        return f"{SEASONS[season.group(2)]} {season.group(1)}"
    quarter = re.match(r"^(\d{4})-Q([1-4])$", value)
    if quarter:
        return f"quarter {quarter.group(2)} of {quarter.group(1)}"
    parts = entry["date"].split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS_EN[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS_EN[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def _key(entry: dict) -> str:
    return entry.get("value") or entry["date"]


def groups(timeline: list[dict]) -> list[tuple[str, list[dict]]]:
    """(date label, entries) in timeline order."""
    out: dict[str, list[dict]] = defaultdict(list)
    for t in timeline:
        out[_key(t)].append(t)
    return [(when_label(ts[0]), ts) for ts in out.values()]


def axis(timeline: list[dict], width: int = 880) -> dict:
    """Stops (x, label, dots) for an SVG axis of the timeline's distinct dates."""
    keys = list(dict.fromkeys(_key(t) for t in timeline))
    if not keys:
        return {"width": width, "stops": []}
    days: list[date] = [first_day(k) for k in keys]
    steps = [1 + math.log1p(max(0, (b - a).days)) for a, b in zip(days, days[1:])]
    total = sum(steps) or 1
    left, right = 30, 70  # room for the slanted labels
    xs = [left]
    for s in steps:
        xs.append(xs[-1] + s / total * (width - left - right))
    stops = []
    for k, x in zip(keys, xs):
        entries = [t for t in timeline if _key(t) == k]
        dots = [{"y": 40 - 12 * i, "colour": STATUS_COLOUR.get(t["status"], "#555"), "status": t["status"],
                 "title": f"{when_label(t)} · {t['status']} · {t['text'][:120]}"} for i, t in enumerate(entries[:3])]
        stops.append({"x": round(x, 1), "label": k, "dots": dots, "more": max(0, len(entries) - 3)})
    return {"width": width, "stops": stops}


def date_range(value: str | None) -> tuple[date, date] | None:
    """The days an ISO date at any precision covers: '2023' → the year, '2023-09' → the month,
    '2023-W37' → the week, '2023-09-13' or '2023-09-13T10:00' → the day. None when unreadable."""
    if not value:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$", value)
    try:
        if m:
            y, mo, d = int(m.group(1)), m.group(2), m.group(3)
            if d:
                day = date(y, int(mo), int(d))
                return day, day
            if mo:
                last = calendar.monthrange(y, int(mo))[1]
                return date(y, int(mo), 1), date(y, int(mo), last)
            return date(y, 1, 1), date(y, 12, 31)
        w = re.match(r"^(\d{4})-W(\d{2})$", value)
        if w:
            monday = date.fromisocalendar(int(w.group(1)), int(w.group(2)), 1)
            return monday, monday + timedelta(days=6)
    except ValueError:
        return None
    return None


def is_fragment(text: str, min_words: int) -> bool:
    """A piece of a sentence rather than a statement of an event: it starts in the middle of a sentence (a
    lower-case word, a comma, a closing bracket, an ellipsis) or is too short to say what happened."""
    stripped = text.strip().lstrip("«»“”\"' ")
    if not stripped:
        return True
    first = stripped[0]
    if first.isalpha() and first.islower():
        return True
    if first in ",;:)]}…." or stripped.startswith("..."):
        return True
    return len(re.findall(r"\w+", stripped)) < min_words


def _text_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


@dataclass
class Readable:
    """A timeline as shown: the events of the story's period, and the background dates listed apart."""

    period: tuple[date, date] | None
    events: list[dict] = field(default_factory=list)
    background: list[dict] = field(default_factory=list)
    dropped: int = 0  # fragments, captions and repeats left out


def readable(timeline: list[dict], first_date: str | None, last_date: str | None,
             params: ChartParams = DEFAULT_PARAMS) -> Readable:
    """The entries a reader is shown (each a copy with its merged citations), in timeline order."""
    kept: dict[str, dict] = {}
    dropped = 0
    for t in timeline:
        text = t.get("text") or ""
        if is_fragment(text, params.min_fragment_words) or is_caption_or_credit(text):
            dropped += 1
            continue
        key = _text_key(text)
        if key in kept:  # the same text again (one dispatch in two articles, a caption repeated): one entry
            first = kept[key]
            first["citations"] = list({(c["article"], c["start"], c["end"]): c
                                       for c in [*first["citations"], *t.get("citations", [])]}.values())
            dropped += 1
            continue
        kept[key] = dict(t, citations=list(t.get("citations", [])))
    entries = list(kept.values())
    period = story_period(entries, first_date, last_date, params.period_margin_days)
    out = Readable(period, dropped=dropped)
    for t in entries:
        r = date_range(t.get("date"))
        if period is not None and r is not None and in_period(r, period):
            out.events.append(t)
        else:
            out.background.append(t)
    return out


def in_period(r: tuple[date, date], period: tuple[date, date]) -> bool:
    """A date belongs to the story's period when it lies inside it, or when it is a month or less ("in
    August", "that week") that overlaps it."""
    if period[0] <= r[0] and r[1] <= period[1]:
        return True
    return (r[1] - r[0]).days <= 31 and r[0] <= period[1] and r[1] >= period[0]


def story_period(entries: list[dict], first_date: str | None, last_date: str | None,
                 margin_days: int) -> tuple[date, date] | None:
    """The story's own period: its publication span widened by the margin; without publication dates, the
    margin around the middle day of its day-precise events."""
    lo, hi = date_range(first_date), date_range(last_date or first_date)
    margin = timedelta(days=margin_days)
    if lo is not None and hi is not None:
        return lo[0] - margin, hi[1] + margin
    days = sorted(r[0] for t in entries if (r := date_range(t.get("date"))) and r[0] == r[1])
    if not days:
        return None
    middle = days[len(days) // 2]
    return middle - margin, middle + margin
