"""What a time expression means (`Sem`) and how it becomes a TIMEX3 value once anchored.

The grammar only says what the words mean ("the weekday before", "two weeks after the date just
mentioned"); `Resolver` turns that into values against the document date and the reference date,
walking the text in order so "le lendemain" follows the date written before it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

# Units of relative expressions and their TIMEX3 precision.
DAY, WEEK, WEEKEND, MONTH, QUARTER, HALF, YEAR, DECADE, CENTURY = "D", "W", "WE", "M", "Q", "HY", "Y", "DE", "CE"


@dataclass(frozen=True, slots=True)
class Sem:
    """The meaning of one expression, before anchoring.

    kind:
      date     y/m/d (any may be None), wd the written weekday, direction for "dernier"/"prochain"
      weekday  wd, direction (last | next | this | None: from tense)
      month    m, direction;  season: season code, direction or generic
      period   the `n`th quarter or half (`unit` Q or HY) of year `y` (the document's when None)
      rel      shift `n` `unit`s from the document date (base "dct") or the date just mentioned (base "ref")
      time     hour/minute or part of day (`pod`) on the day given by `day` (a Sem) or the reference date
      fixed    value given as is (durations, sets, PRESENT_REF ...)
    """

    kind: str
    type: str = "DATE"
    y: int | None = None
    m: int | None = None
    d: int | None = None
    wd: int | None = None
    direction: str | None = None
    unit: str | None = None
    n: int = 0
    base: str = "dct"
    season: str | None = None
    hour: int | None = None
    minute: int | None = None
    pod: str | None = None
    day: Sem | None = None
    value: str | None = None
    mod: str | None = None
    generic: bool = False
    exact_year: bool = False  # the year was written (not guessed)


@dataclass(frozen=True, slots=True)
class Resolved:
    value: str
    type: str
    mod: str | None
    day: date | None  # the day it denotes, when it denotes one (for "le lendemain" and for clock times)
    precision: str | None  # day, week, month, quarter, season, year, decade, century; None for others


def shift_months(d: date, n: int) -> tuple[int, int]:
    k = d.year * 12 + (d.month - 1) + n
    return k // 12, k % 12 + 1


def week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _nearest_year(anchor: date, month: int, day: int | None, direction: str | None, tense: str | None) -> int:
    """The year that puts (month, day) nearest the anchor, bent by "dernier"/"prochain" or the verb's tense."""
    cands = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            cands.append(date(y, month, min(day or 15, 28 if month == 2 else day or 15)))
        except ValueError:
            continue
    if day is None:  # a month: compare month numbers, the current month counts as now
        cur = anchor.year * 12 + anchor.month
        pos = {y: y * 12 + month for y in (anchor.year - 1, anchor.year, anchor.year + 1)}
        if direction == "last":
            return max(y for y, p in pos.items() if p < cur)
        if direction == "next":
            return min(y for y, p in pos.items() if p > cur)
        if pos[anchor.year] == cur:
            return anchor.year
        best = min(pos, key=lambda y: abs(pos[y] - cur))
        if tense == "past" and pos[best] > cur and abs(pos[best] - 12 - cur) <= 8:
            return best - 1
        if tense == "future" and pos[best] < cur and abs(pos[best] + 12 - cur) <= 8:
            return best + 1
        return best
    if direction == "last":
        past = [c for c in cands if c < anchor]
        return max(past).year if past else anchor.year
    if direction == "next":
        fut = [c for c in cands if c > anchor]
        return min(fut).year if fut else anchor.year
    best = min(cands, key=lambda c: abs((c - anchor).days))
    if tense == "past" and best > anchor + timedelta(days=1):
        earlier = [c for c in cands if c < anchor and (anchor - c).days <= 250]
        if earlier:
            best = max(earlier)
    elif tense == "future" and best < anchor - timedelta(days=7):
        later = [c for c in cands if c > anchor and (c - anchor).days <= 250]
        if later:
            best = min(later)
    return best.year


def weekday_offset(anchor: date, wd: int, direction: str | None, tense: str | None) -> int:
    """Days from the anchor to the weekday meant: "dernier" strictly before, "prochain" strictly after; a bare
    weekday goes back with a past verb, forward with a future one, else to the nearest (today included)."""
    diff = (wd - anchor.weekday()) % 7  # 0..6 forward
    if direction == "last":
        return -((anchor.weekday() - wd) % 7 or 7)
    if direction == "next":
        return diff or 7
    if tense == "past":
        return -((anchor.weekday() - wd) % 7)
    if tense == "future":
        return diff
    return diff if diff <= 3 else diff - 7


class Resolver:
    """Anchors meanings in text order: `dct` is the document date, `ref` the last day written."""

    def __init__(self, dct: date | None, partial_dct: str | None = None) -> None:
        self.dct = dct
        self.partial = partial_dct  # "2023-09" when only the month is known
        self.ref: date | None = dct

    def resolve(self, sem: Sem, tense: str | None = None) -> Resolved | None:
        """The value, or None when the text asks for an impossible day ("dans 99999999 jours", "31 février")."""
        try:
            return self._resolve(sem, tense)
        except (ValueError, OverflowError):
            return None

    def _resolve(self, sem: Sem, tense: str | None) -> Resolved | None:
        if sem.kind == "fixed":
            return Resolved(sem.value or "", sem.type, sem.mod, None, None)
        if sem.kind == "time":
            return self._time(sem, tense)
        res = self._date(sem, tense)
        if res is not None and res.day is not None and sem.kind != "set":
            self.ref = res.day
        return res

    # --- dates ---------------------------------------------------------------------------------
    def _date(self, sem: Sem, tense: str | None) -> Resolved | None:
        anchor = self.dct
        k = sem.kind
        if k == "date":
            return self._absolute(sem, tense)
        if k == "year":
            return Resolved(f"{sem.y:04d}", "DATE", sem.mod, None, "year")
        if k == "decade":
            return Resolved(f"{sem.y:03d}", "DATE", sem.mod, None, "decade")
        if k == "period":
            y = sem.y or (anchor.year if anchor else int(self.partial[:4]) if self.partial else None)
            letter = "Q" if sem.unit == QUARTER else "H"
            return Resolved(f"{y:04d}-{letter}{sem.n}" if y else f"XXXX-{letter}{sem.n}", "DATE", sem.mod, None,
                            "quarter" if sem.unit == QUARTER else "half")
        if k == "century":
            return Resolved(f"{sem.y:02d}", "DATE", sem.mod, None, "century")
        if k == "month":
            if sem.y:
                return Resolved(f"{sem.y:04d}-{sem.m:02d}", "DATE", sem.mod, None, "month")
            if sem.generic:
                return Resolved(f"XXXX-{sem.m:02d}", "DATE", sem.mod, None, "month")
            if anchor is None:
                y = int(self.partial[:4]) if self.partial else None
                return Resolved(f"{y:04d}-{sem.m:02d}" if y else f"XXXX-{sem.m:02d}", "DATE", sem.mod, None, "month")
            y = _nearest_year(anchor, sem.m, None, sem.direction, tense)
            return Resolved(f"{y:04d}-{sem.m:02d}", "DATE", sem.mod, None, "month")
        if k == "season":
            if sem.generic or anchor is None:
                return Resolved(f"XXXX-{sem.season}", "DATE", sem.mod, None, "season")
            y = anchor.year + {"last": -1, "next": 1}.get(sem.direction or "", 0)
            if sem.y:
                y = sem.y
            return Resolved(f"{y:04d}-{sem.season}", "DATE", sem.mod, None, "season")
        if k == "weekday":
            base = anchor if sem.base == "dct" else self.ref
            if base is None:
                return Resolved(f"XXXX-WXX-{sem.wd + 1}", "DATE", sem.mod, None, None)
            day = base + timedelta(days=weekday_offset(base, sem.wd, sem.direction, tense))
            return self._day(day, sem)
        if k == "rel":
            return self._relative(sem, tense)
        return None

    def _absolute(self, sem: Sem, tense: str | None) -> Resolved | None:
        anchor = self.dct
        y = sem.y
        if sem.m is None:
            return None
        if y is None:
            if sem.generic:
                return Resolved(f"XXXX-{sem.m:02d}-{sem.d:02d}", "DATE", sem.mod, None, "day")
            if anchor is None:
                if self.partial:
                    y = int(self.partial[:4])
                elif self.ref is not None:  # no document date: the year just written
                    y = self.ref.year
                else:
                    return Resolved(f"XXXX-{sem.m:02d}-{sem.d:02d}", "DATE", sem.mod, None, "day")
            else:
                y = _nearest_year(anchor, sem.m, sem.d, sem.direction, tense)
                if sem.wd is not None:  # a written weekday picks the year whose calendar agrees
                    for cand in (y, y - 1, y + 1):
                        try:
                            if date(cand, sem.m, sem.d).weekday() == sem.wd:
                                y = cand
                                break
                        except ValueError:
                            continue
        try:
            day = date(y, sem.m, sem.d)
        except ValueError:
            return None
        return self._day(day, sem)

    def _day(self, day: date, sem: Sem) -> Resolved:
        value = day.isoformat()
        if sem.pod:
            return Resolved(f"{value}T{sem.pod}", "TIME", sem.mod, day, "day")
        return Resolved(value, "DATE", sem.mod, day, "day")

    def _relative(self, sem: Sem, tense: str | None = None) -> Resolved | None:
        base = self.dct if sem.base == "dct" else self.ref
        unit, n = sem.unit, sem.n
        if unit == WEEKEND and n == 0 and sem.direction == "this" and base is not None:
            # "ce week-end" said on a weekday with a past verb is the weekend just gone
            if tense == "past" and base.weekday() < 5:
                n = -1
        if base is None and sem.base == "dct" and self.partial and unit in (MONTH, YEAR, DECADE):
            return self._partial_relative(sem)
        if base is None:
            return Resolved(_unknown(unit), "DATE", sem.mod, None, None)
        if unit == DAY:
            return self._day(base + timedelta(days=n), sem)
        if unit in (WEEK, WEEKEND):
            d = base + timedelta(weeks=n)
            v = week_value(d)
            return Resolved(v + ("-WE" if unit == WEEKEND else ""), "DATE", sem.mod, None, "week")
        if unit == MONTH:
            y, m = shift_months(base, n)
            return Resolved(f"{y:04d}-{m:02d}", "DATE", sem.mod, None, "month")
        if unit == QUARTER:
            y, m = shift_months(base, 3 * n)
            return Resolved(f"{y:04d}-Q{(m - 1) // 3 + 1}", "DATE", sem.mod, None, "quarter")
        if unit == HALF:
            y, m = shift_months(base, 6 * n)
            return Resolved(f"{y:04d}-H{(m - 1) // 6 + 1}", "DATE", sem.mod, None, "half")
        if unit == YEAR:
            return Resolved(f"{base.year + n:04d}", "DATE", sem.mod, None, "year")
        if unit == DECADE:
            return Resolved(f"{(base.year + 10 * n) // 10:03d}", "DATE", sem.mod, None, "decade")
        if unit == CENTURY:
            return Resolved(f"{(base.year + 100 * n) // 100:02d}", "DATE", sem.mod, None, "century")
        return None

    def _partial_relative(self, sem: Sem) -> Resolved:
        """"le mois dernier", "l'année prochaine" against a document date known to the month or the year only."""
        y = int(self.partial[:4])
        if sem.unit == MONTH:
            if len(self.partial) < 7:
                return Resolved(_unknown(MONTH), "DATE", sem.mod, None, None)
            y, m = shift_months(date(y, int(self.partial[5:7]), 1), sem.n)
            return Resolved(f"{y:04d}-{m:02d}", "DATE", sem.mod, None, "month")
        if sem.unit == YEAR:
            return Resolved(f"{y + sem.n:04d}", "DATE", sem.mod, None, "year")
        return Resolved(f"{(y + 10 * sem.n) // 10:03d}", "DATE", sem.mod, None, "decade")

    # --- times ---------------------------------------------------------------------------------
    def _time(self, sem: Sem, tense: str | None) -> Resolved | None:
        if sem.day is not None:
            day_res = self._date(sem.day, tense)
            day = day_res.day if day_res else None
            if day is not None:
                self.ref = day
        else:
            day = self.ref
        if sem.hour is not None:
            clock = f"T{sem.hour:02d}:{sem.minute or 0:02d}"
        else:
            clock = f"T{sem.pod}"
        prefix = day.isoformat() if day else "XXXX-XX-XX"
        return Resolved(prefix + clock, "TIME", sem.mod, day, "day" if day else None)


def _unknown(unit: str | None) -> str:
    return {DAY: "XXXX-XX-XX", WEEK: "XXXX-WXX", WEEKEND: "XXXX-WXX-WE", MONTH: "XXXX-XX", YEAR: "XXXX"}.get(
        unit or "", "XXXX"
    )


def with_pod(sem: Sem, pod: str | None) -> Sem:
    """A day expression with a part of the day ("mardi soir") is a TIME of that day."""
    if not pod:
        return sem
    if pod == "MI":
        return Sem("time", "TIME", hour=12, minute=0, day=sem, mod=sem.mod)
    return replace(sem, pod=pod, type="TIME")
