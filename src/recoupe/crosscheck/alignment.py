"""Aligning statements across articles: which say the same thing (one fact), which cannot.

Grouping is agglomerative clustering over a sparse graph of candidate pairs (pairs.candidates) weighted by
the same-fact model, under cannot-link constraints (pairs.cannot_link): with average linkage two groups
merge when the mean weight over all their pairs of statements reaches a threshold (absent pairs weigh 0, so
a group cannot drift through a chain of loosely related statements) and no pair of them is known to be
about different things:
- clauses of one sentence (they say different things by construction);
- different dates for the event (a conflict or another event: "en 2019" is not this week's visit);
- different counts with the same unit ("250 hectares" and "340 hectares" are a conflict or an update);
- different kinds of event (a missile launch is not a meeting; a departure and a visit are one journey);
- the same predicate asserted and denied ("n'a pas été détruite");
- a denial and what it denies.
Only candidate pairs are stored and cannot-links are checked at merge time, so a story of thousands of
statements stays cheap.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from datetime import date

import numpy as np

from .timeline import first_day, last_day


def _span(value: str) -> tuple[date, date] | None:
    try:
        return first_day(value), last_day(value)
    except (ValueError, TypeError):
        return None


def _nested(x: str, y: str) -> bool:
    """One date lies within the other ("2023-09" holds "2023-09-13"), or the two are equal."""
    if x == y:
        return True
    a, b = _span(x), _span(y)
    if a is None or b is None:
        return True  # an unreadable value proves nothing
    return (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])


Graph = dict[int, dict[int, float]]  # statement -> {statement: similarity}, only candidate pairs


def graph_of(n: int, i: np.ndarray, j: np.ndarray, weight: np.ndarray, floor: float = 0.0) -> Graph:
    """A symmetric sparse graph from pair arrays, keeping weights above `floor`."""
    out: Graph = {k: {} for k in range(n)}
    for a, b, w in zip(i.tolist(), j.tolist(), weight.tolist()):
        if w > floor:
            out[a][b] = out[b][a] = w
    return out


def link(n: int, graph: Graph, threshold: float, cannot: Callable[[int, int], bool],
         max_group: int = 400, linkage: str = "average") -> list[list[int]]:
    """Clusters over a sparse graph (absent pairs weigh 0), merged while the linkage weight reaches the
    threshold: with "average", the mean weight over all their pairs; with "single", their strongest pair.
    Never a cannot-link pair in one cluster (checked at each merge over the members, so a group stays
    bounded by `max_group`)."""
    single = linkage == "single"
    members: dict[int, list[int]] = {k: [k] for k in range(n)}
    sums: dict[int, dict[int, float]] = {k: dict(v) for k, v in graph.items()}
    version = [0] * n
    heap = [(-w, a, b, 0, 0) for a in range(n) for b, w in sums[a].items() if a < b and w >= threshold]
    heapq.heapify(heap)
    refused: set[tuple[int, int, int, int]] = set()
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if a not in members or b not in members or version[a] != va or version[b] != vb:
            continue
        if len(members[a]) + len(members[b]) > max_group or \
                any(cannot(x, y) for x in members[a] for y in members[b]):
            refused.add((a, b, va, vb))
            continue
        members[a] += members.pop(b)
        for k, s in sums.pop(b).items():
            if k == a:
                continue
            sums[a][k] = max(sums[a].get(k, 0.0), s) if single else sums[a].get(k, 0.0) + s
            sums[k][a] = sums[a][k]
            del sums[k][b]
        sums[a].pop(b, None)
        version[a] += 1
        size = len(members[a])
        for k, s in sums[a].items():
            mean = s if single else s / (size * len(members[k]))
            if mean >= threshold:
                x, y = min(a, k), max(a, k)
                heapq.heappush(heap, (-mean, x, y, version[x], version[y]))
    return [sorted(m) for m in members.values()]


def confirming(groups: Sequence[Sequence[int]], graph: Graph, threshold: float, origins: Sequence[str],
               cannot: Callable[[int, int], bool]) -> list[list[int]]:
    """For each group, the statements of other groups, from origins it lacks, whose mean weight to its members
    reaches the threshold with no cannot-link: they confirm it too (a sentence often states two facts, and the
    grouping gives each statement one group). Only the members' neighbours in the graph are looked at."""
    out = []
    for g in groups:
        have = {origins[m] for m in g}
        near: dict[int, float] = {}
        for m in g:
            for k, w in graph[m].items():
                near[k] = near.get(k, 0.0) + w
        out.append(sorted(k for k, s in near.items()
                          if origins[k] not in have and s / len(g) >= threshold and k not in g
                          and not any(cannot(k, m) for m in g)))
    return out
