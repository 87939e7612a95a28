"""What the HTML and Markdown timelines need: readable dates, entries grouped by date, and an axis layout.

The axis is ordinal (each distinct date gets a stop) with gaps that grow with the log of the days between
stops, so a 2019 background event and a week of September 2023 both stay readable.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from datetime import date

from ..crosscheck.timeline import first_day

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
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
