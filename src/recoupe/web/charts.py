"""Charts as inline SVG drawn on the server (no script, no library): a timeline on a date axis, counts over
time, and a small force-directed graph. Labels go through `escape`; shapes are styled by CSS classes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

from ..config import ChartParams
from ..export.timeline_view import date_range, in_period

DEFAULT_CHARTS = ChartParams()

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


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


def spaced_ticks(axis: Axis, gap: float, char_px: float = 7.0) -> list[tuple[float, str]]:
    """The axis's ticks as (x, label), thinned so no two labels overlap: each label is about `char_px` per
    character wide and keeps `gap` clear of the next."""
    out: list[tuple[float, str]] = []
    right_edge = -math.inf
    for d, label in axis.ticks():
        x = axis.x(d)
        half = len(label) * char_px / 2
        if x - half >= right_edge + gap:
            out.append((x, label))
            right_edge = x + half
    return out


def _axis(ranges: list[tuple[date, date]], left: float, right: float) -> Axis:
    first = min(r[0] for r in ranges)
    last = max(r[1] for r in ranges)
    pad = max(1, (last - first).days // 20)
    return Axis(first - timedelta(days=pad), last + timedelta(days=pad), left, right)


def timeline_svg(entries: list[dict], period: tuple[date, date] | None, params: ChartParams = DEFAULT_CHARTS,
                 width: int = 960) -> Markup:
    """The story's own period on a date axis: one numbered marker per date (a dot for a day, a bar for a vaguer
    date); events of the same day share one marker that counts them; markers too close share lanes upwards and
    axis labels are thinned so none overlaps another. Entries outside `period` are not drawn (the page lists
    them apart as background). Each entry needs "number", "date" and "status"."""
    placed = [(e, r) for e in entries if (r := date_range(e.get("date"))) and (period is None or in_period(r, period))]
    if not placed:
        return Markup("")
    clusters: dict[tuple[date, date], list[dict]] = {}
    for e, r in placed:
        clusters.setdefault(r, []).append(e)
    axis = _axis(list(clusters), 40, width - 40)
    radius = params.marker_radius_px
    lane_end: list[float] = []
    marks = []
    for (d0, d1), group in sorted(clusters.items()):
        x0 = axis.x(d0)
        x1 = axis.x(d1 + timedelta(days=1)) if d1 > d0 else x0
        lane = next((k for k, end in enumerate(lane_end) if x0 - radius - 2 > end), len(lane_end))
        if lane == len(lane_end):
            lane_end.append(-math.inf)
        lane_end[lane] = max(x1, x0) + radius
        marks.append((group, x0, x1, lane))
    lanes = max(1, len(lane_end))
    base = 28 + lanes * (2 * radius + 8)
    height = base + 40
    parts = [f'<svg class="chart timeline-axis" viewBox="0 0 {width} {height:.0f}" role="img" '
             f'data-first="{axis.first.isoformat()}" data-last="{axis.last.isoformat()}" '
             f'aria-label="Timeline of {len(placed)} dated events on {len(clusters)} dates">']
    parts.append(f'<line class="axis" x1="{axis.left - 20}" y1="{base}" x2="{axis.right + 20}" y2="{base}"/>')
    for x, label in spaced_ticks(axis, params.label_gap_px):
        parts.append(f'<line class="tick" x1="{x:.1f}" y1="{base}" x2="{x:.1f}" y2="{base + 6}"/>')
        parts.append(f'<text class="tick-label" x="{x:.1f}" y="{base + 22}">{escape(label)}</text>')
    for group, x0, x1, lane in marks:
        y = base - radius - 7 - lane * (2 * radius + 8)
        statuses = list(dict.fromkeys(e.get("status") or "reported" for e in group))
        cls = escape(statuses[0] if len(statuses) == 1 else "mixed")
        numbers = [e["number"] for e in group]
        label = str(numbers[0]) if len(numbers) == 1 else f"{len(numbers)}"
        title = (f"{escape(nice_date(group[0].get('date')))}: " + ("event " if len(numbers) == 1 else "events ")
                 + ", ".join(str(n) for n in numbers) + f" ({', '.join(escape(s) for s in statuses)})")
        parts.append(f'<g class="mark {cls}{" cluster" if len(numbers) > 1 else ""}" data-numbers="'
                     f'{" ".join(str(n) for n in numbers)}" data-date="{escape(group[0].get("date"))}">'
                     f'<title>{title}</title>')
        if x1 > x0 + 4:
            parts.append(f'<rect class="range" x="{x0:.1f}" y="{y - 4}" width="{x1 - x0:.1f}" height="8" rx="4"/>')
        parts.append(f'<line class="stem" x1="{x0:.1f}" y1="{y + radius:.1f}" x2="{x0:.1f}" y2="{base}"/>')
        parts.append(f'<circle cx="{x0:.1f}" cy="{y:.1f}" r="{radius:.1f}"/>')
        parts.append(f'<text class="num" x="{x0:.1f}" y="{y + 4:.1f}">{"×" if len(numbers) > 1 else ""}{label}'
                     '</text></g>')
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
    for x, label in spaced_ticks(axis, DEFAULT_CHARTS.label_gap_px):
        parts.append(f'<text class="tick-label" x="{x:.1f}" y="{base + 18}">{escape(label)}</text>')
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
