"""Meanings built the same way in several languages."""

from __future__ import annotations

import re

from .lexicon import Lexicon
from .values import Sem


def numeric_date(m: re.Match, text: str) -> Sem | None:
    """ISO "2023-09-13" (groups iy, im, id) or a numeric day/month/year (groups d, mo, y)."""
    if m.group("iy"):
        y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
    else:
        y, mo, d = int(m.group("y")), int(m.group("mo")), int(m.group("d"))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return Sem("date", y=y, m=mo, d=d, exact_year=True)


def day_month(m: re.Match, text: str, lex: Lexicon, capital: bool = False) -> Sem | None:
    """A day of a month (groups d, m, optional y and wd); `capital`: the month must be written with one."""
    if capital and not text[m.start("m")].isupper():
        return None
    d = int(m.group("d"))
    if not 1 <= d <= 31:
        return None
    y = int(m.group("y")) if m.group("y") else None
    wd = lex.weekdays[m.group("wd").lower()] if m.group("wd") else None
    return Sem("date", y=y, m=lex.months[m.group("m").lower()], d=d, wd=wd, exact_year=y is not None)


def duration_value(n: float | int | None, unit: str) -> str:
    """TIMEX3 duration: PT4H, P3D, P2W, P6M, PXY ..."""
    q = "X" if n is None else (f"{n:g}" if isinstance(n, float) else str(n))
    if unit in ("S", "MIN", "H"):
        return f"PT{q}{'M' if unit == 'MIN' else unit}"
    scale = {"Q": (3, "M"), "HY": (6, "M"), "2W": (2, "W")}
    if unit in scale:
        k, u = scale[unit]
        return f"P{'X' if n is None else f'{n * k:g}'}{u}"
    return f"P{q}{unit}"
