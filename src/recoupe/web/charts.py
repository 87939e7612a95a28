"""Charts as inline SVG drawn on the server (no script, no library): a timeline on a date axis, counts over
time, and a small force-directed graph. Labels go through `escape`; shapes are styled by CSS classes.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


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


def day_label(d: date, with_year: bool = False) -> str:
    return f"{d.day} {MONTHS[d.month - 1]}" + (f" {d.year}" if with_year else "")


@dataclass(frozen=True)
class Axis:
    first: date
    last: date
    left: float
    right: float

    def x(self, d: date) -> float:
        span = max((self.last - self.first).days, 1)
        return self.left + (d - self.first).days / span * (self.right - self.left)

    def ticks(self) -> list[tuple[date, str]]:
        days = (self.last - self.first).days
        if days <= 45:
            step = next(s for s in (1, 2, 3, 7, 14) if days / s <= 12)
            ticks, d = [], self.first
            while d <= self.last:
                ticks.append((d, day_label(d)))
                d += timedelta(days=step)
            return ticks
        if days <= 800:
            ticks, y, m = [], self.first.year, self.first.month
            step = 1 if days <= 370 else 3
            while date(y, m, 1) <= self.last:
                if date(y, m, 1) >= self.first:
                    ticks.append((date(y, m, 1), f"{MONTHS[m - 1]} {y}"))
                m += step
                y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
            return ticks
        return [(date(y, 1, 1), str(y)) for y in range(self.first.year + 1, self.last.year + 1)]


def _axis(ranges: list[tuple[date, date]], left: float, right: float) -> Axis:
    first = min(r[0] for r in ranges)
    last = max(r[1] for r in ranges)
    pad = max(1, (last - first).days // 20)
    return Axis(first - timedelta(days=pad), last + timedelta(days=pad), left, right)


def timeline_svg(entries: list[dict], width: int = 960) -> Markup:
    """Numbered markers on a date axis, one per timeline entry: a dot for a day, a bar for a vaguer date
    (month, week, year); the marker's class is the entry's status. Entries too close share lanes upwards."""
    placed = [(i, r) for i, e in enumerate(entries, 1) if (r := date_range(e.get("date")))]
    if not placed:
        return Markup("")
    axis = _axis([r for _, r in placed], 40, width - 40)
    lane_end: list[float] = []
    marks = []
    for number, (d0, d1) in placed:
        x0, x1 = axis.x(d0), axis.x(d1 + timedelta(days=1)) if d1 > d0 else axis.x(d0)
        lane = next((k for k, end in enumerate(lane_end) if x0 - 13 > end), len(lane_end))
        if lane == len(lane_end):
            lane_end.append(0.0)
        lane_end[lane] = max(x1, x0) + 13
        marks.append((number, x0, x1, lane, entries[number - 1].get("status") or "reported"))
    lanes = max(1, len(lane_end))
    base = 28 + lanes * 30
    height = base + 40
    parts = [f'<svg class="chart timeline-axis" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Timeline of {len(placed)} dated events">']
    parts.append(f'<line class="axis" x1="{axis.left - 20}" y1="{base}" x2="{axis.right + 20}" y2="{base}"/>')
    for d, label in axis.ticks():
        x = axis.x(d)
        parts.append(f'<line class="tick" x1="{x:.1f}" y1="{base}" x2="{x:.1f}" y2="{base + 6}"/>')
        parts.append(f'<text class="tick-label" x="{x:.1f}" y="{base + 22}">{escape(label)}</text>')
    for number, x0, x1, lane, status in marks:
        y = base - 18 - lane * 30
        cls = escape(status)
        parts.append(f'<g class="mark {cls}"><title>{number}. {escape(entries[number - 1].get("date"))} '
                     f'({cls})</title>')
        if x1 > x0 + 4:
            parts.append(f'<rect class="range" x="{x0:.1f}" y="{y - 4}" width="{x1 - x0:.1f}" height="8" rx="4"/>')
        parts.append(f'<line class="stem" x1="{x0:.1f}" y1="{y + 11}" x2="{x0:.1f}" y2="{base}"/>')
        parts.append(f'<circle cx="{x0:.1f}" cy="{y}" r="11"/>')
        parts.append(f'<text class="num" x="{x0:.1f}" y="{y + 4}">{number}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bars_svg(counts: dict[str, int], width: int = 640, height: int = 140) -> Markup:
    """Mentions per publication day as bars on a date axis."""
    days = {d: n for d, n in counts.items() if (r := date_range(d)) and r[0] == r[1]}
    if not days:
        return Markup("")
    parsed = {date.fromisoformat(d): n for d, n in days.items()}
    axis = _axis([(d, d) for d in parsed], 30, width - 30)
    top = max(parsed.values())
    base = height - 28
    bar = max(4.0, min(24.0, (axis.right - axis.left) / max((axis.last - axis.first).days, 1) * 0.7))
    parts = [f'<svg class="chart bars" viewBox="0 0 {width} {height}" role="img" aria-label="Mentions over time">',
             f'<line class="axis" x1="10" y1="{base}" x2="{width - 10}" y2="{base}"/>']
    for d, label in axis.ticks():
        parts.append(f'<text class="tick-label" x="{axis.x(d):.1f}" y="{base + 18}">{escape(label)}</text>')
    for d, n in sorted(parsed.items()):
        h = (base - 16) * n / top
        x = axis.x(d)
        parts.append(f'<g class="bar"><title>{d.isoformat()}: {n} mention{"s" if n > 1 else ""}</title>'
                     f'<rect x="{x - bar / 2:.1f}" y="{base - h:.1f}" width="{bar:.1f}" height="{h:.1f}"/>'
                     f'<text class="val" x="{x:.1f}" y="{base - h - 4:.1f}">{n}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str  # entity type: PER, ORG, LOC, MISC
    weight: int
    href: str | None = None


def radial_layout(center: str, neighbours: list[tuple[str, int]]) -> dict[str, tuple[float, float]]:
    """The center in the middle; its neighbours on an ellipse around it, the most connected nearest
    (positions in the unit square). Alternate neighbours sit on two rings so labels do not collide."""
    pos = {center: (0.5, 0.5)}
    top = max((w for _, w in neighbours), default=1)
    n = len(neighbours)
    for i, (node, w) in enumerate(neighbours):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        reach = (0.78 + 0.22 * (1 - w / top)) * (0.92 if i % 2 else 1.0)
        pos[node] = (0.5 + 0.30 * reach * math.cos(angle), 0.5 + 0.40 * reach * math.sin(angle))
    return pos


def graph_svg(nodes: list[Node], edges: list[tuple[str, str, int]], center: str,
              width: int = 960, height: int = 500) -> Markup:
    """An entity and the entities named in the same sentences: node size by mentions, line width by shared
    sentences; links between two neighbours are drawn faint. Nodes link to their pages."""
    if not nodes:
        return Markup("")
    weight_to_center = {(b if a == center else a): w for a, b, w in edges if center in (a, b)}
    ring = sorted((n.id for n in nodes if n.id != center), key=lambda n: -weight_to_center.get(n, 0))
    pos = {k: (x * width, y * height) for k, (x, y) in
           radial_layout(center, [(n, weight_to_center.get(n, 0)) for n in ring]).items()}
    top_w = max(weight_to_center.values(), default=1)
    top_n = max(n.weight for n in nodes) or 1
    parts = [f'<svg class="chart graph" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Entities named in the same sentences">']
    for a, b, w in sorted(edges, key=lambda e: (center in e[:2], e[2])):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        if center in (a, b):
            parts.append(f'<line class="edge" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                         f'stroke-width="{1.5 + 6 * w / top_w:.1f}"><title>{w} sentence{"s" if w > 1 else ""}'
                         f'</title></line>')
        else:
            parts.append(f'<line class="edge side" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>')
    for n in sorted(nodes, key=lambda n: n.id == center):
        x, y = pos[n.id]
        r = 7 + 15 * math.sqrt(n.weight / top_n)
        label = escape(n.label if len(n.label) <= 30 else n.label[:29] + "…")
        dx, dy = x - width / 2, y - height / 2
        if n.id == center:
            tx, ty, anchor = x, y + r + 17, "middle"
        elif abs(dx) > width * 0.12:
            tx, ty, anchor = x + (r + 6 if dx > 0 else -r - 6), y + 4, "start" if dx > 0 else "end"
        else:
            tx, ty, anchor = x, (y + r + 15 if dy > 0 else y - r - 7), "middle"
        cls = f"node {escape(n.kind)}" + (" center" if n.id == center else "")
        inner = (f'<circle class="{cls}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"><title>{escape(n.label)}: '
                 f'{n.weight} mention{"s" if n.weight > 1 else ""}</title></circle>'
                 f'<text class="node-label{" center" if n.id == center else ""}" x="{tx:.1f}" y="{ty:.1f}" '
                 f'text-anchor="{anchor}">{label}</text>')
        parts.append(f'<a href="{escape(n.href)}">{inner}</a>' if n.href else inner)
    parts.append("</svg>")
    return Markup("".join(parts))


def nice_date(value: str | None) -> str:
    """'2023-09-13' → '13 Sep 2023', '2023-09' → 'Sep 2023'; other values as they are."""
    if not value:
        return ""
    r = date_range(value)
    if r is None:
        return value
    first, last = r
    if first == last:
        return day_label(first, with_year=True) + (f" {value[11:16]}" if len(value) > 11 and "T" in value else "")
    if first.month == last.month and first.day == 1:
        return f"{MONTHS[first.month - 1]} {first.year}"
    if first.month == 1 and last.month == 12 and first.day == 1 and last.day == 31:
        return str(first.year)
    return f"{day_label(first)} – {day_label(last, with_year=True)}"


def date_span(first: str | None, last: str | None) -> str:
    """A story's dates: '4–13 Sep 2023', '30 Aug – 2 Sep 2023', '13 Sep 2023', or 'undated'."""
    a, b = date_range(first), date_range(last or first)
    if a is None or b is None:
        return nice_date(first) or nice_date(last) or "undated"
    lo, hi = a[0], b[1]
    if len(first or "") < 10 or len(last or first or "") < 10 or lo == hi:
        return nice_date(first) if first == (last or first) else f"{nice_date(first)} – {nice_date(last)}"
    if lo.year == hi.year and lo.month == hi.month:
        return f"{lo.day}–{hi.day} {MONTHS[hi.month - 1]} {hi.year}"
    if lo.year == hi.year:
        return f"{day_label(lo)} – {day_label(hi, with_year=True)}"
    return f"{day_label(lo, with_year=True)} – {day_label(hi, with_year=True)}"
