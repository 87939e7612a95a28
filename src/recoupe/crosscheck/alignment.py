"""Aligning statements across articles: which say the same thing (one fact), which cannot.

Grouping is average-linkage agglomerative clustering under cannot-link constraints: two groups merge when
the mean similarity over all their pairs of statements reaches a threshold (so a group cannot drift through
a chain of loosely related statements) and no pair of them is known to be about different things:
- clauses of one sentence (they say different things by construction);
- different dates for the event (a conflict or another event: "en 2019" is not this week's visit);
- different counts with the same unit ("250 hectares" and "340 hectares" are a conflict or an update);
- different kinds of event (a missile launch is not a meeting; a departure and a visit are one journey);
- the same predicate asserted and denied ("n'a pas été détruite");
- a denial and what it denies.
Only pairs with some similarity are stored, so a story of thousands of statements stays cheap.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from datetime import date

import numpy as np

from .similarity import family, same_sentence
from .statements import Statement
from .timeline import first_day, last_day


def cannot_link(stmts: Sequence[Statement]) -> np.ndarray:
    """Boolean matrix: True where two statements must not be in one fact (all pairs, vectorised)."""
    out = same_sentence(stmts).copy()
    out |= _disjoint([set(s.when) for s in stmts], _nested)
    units = {n.unit for s in stmts for n in s.numbers if n.unit}
    for unit in units:
        out |= _disjoint([{n.value for n in s.numbers if n.unit == unit} for s in stmts])
    out |= _disjoint([{family(k) for k in s.kinds} for s in stmts])
    denial = np.array(["deny" in s.kinds for s in stmts])
    kinded = np.array([bool(s.kinds) for s in stmts])
    out |= (denial[:, None] != denial[None, :]) & (kinded[:, None] | kinded[None, :])
    negated = np.array([s.negated for s in stmts])
    predicates, _ = _incidence([set(s.predicates) for s in stmts])
    out |= (negated[:, None] != negated[None, :]) & ((predicates @ predicates.T) > 0)
    np.fill_diagonal(out, False)
    return out


def _incidence(sets: Sequence[set[str]]) -> tuple[np.ndarray, list[str]]:
    """Rows: the sets; columns: their distinct members (also returned); 1 where a set holds a member."""
    index: dict[str, int] = {}
    for members in sets:
        for m in sorted(members):
            index.setdefault(m, len(index))
    out = np.zeros((len(sets), max(1, len(index))), dtype=np.float32)
    for r, members in enumerate(sets):
        for m in members:
            out[r, index[m]] = 1.0
    return out, list(index)


def _disjoint(sets: Sequence[set[str]], agree: Callable[[str, str], bool] | None = None) -> np.ndarray:
    """Pairs where both sets are non-empty and no member of one equals (or, given `agree`, agrees with) a
    member of the other."""
    inc, names = _incidence(sets)
    if agree is not None and names:
        compat = np.array([[agree(x, y) for y in names] for x in names], dtype=np.float32)
        shared = inc @ compat @ inc.T
    else:
        shared = inc @ inc.T
    has = np.array([bool(x) for x in sets])
    return has[:, None] & has[None, :] & (shared == 0)


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


def group(sim: np.ndarray, cannot: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-linkage clusters (lists of indexes) whose mean pairwise similarity stays at or above the
    threshold, never holding a cannot-link pair."""
    n = len(sim)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    sums: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    blocked: dict[int, set[int]] = {i: set() for i in range(n)}
    rows, cols = np.nonzero(np.triu(sim > 0, k=1))
    for i, j in zip(rows.tolist(), cols.tolist()):
        sums[i][j] = sums[j][i] = float(sim[i, j])
    rows, cols = np.nonzero(np.triu(cannot, k=1))
    for i, j in zip(rows.tolist(), cols.tolist()):
        blocked[i].add(j)
        blocked[j].add(i)
    version = [0] * n
    heap = [(-s, i, j, 0, 0) for i in range(n) for j, s in sums[i].items() if i < j and s >= threshold]
    heapq.heapify(heap)
    while heap:
        neg, a, b, va, vb = heapq.heappop(heap)
        if a not in members or b not in members or version[a] != va or version[b] != vb or b in blocked[a]:
            continue
        # merge b into a
        members[a] += members.pop(b)
        for k, s in sums.pop(b).items():
            if k == a:
                continue
            sums[a][k] = sums[a].get(k, 0.0) + s
            sums[k][a] = sums[a][k]
            del sums[k][b]
        sums[a].pop(b, None)
        for k in blocked.pop(b):
            blocked[k].discard(b)
            if k != a:
                blocked[k].add(a)
                blocked[a].add(k)
        version[a] += 1
        size_a = len(members[a])
        for k, s in sums[a].items():
            mean = s / (size_a * len(members[k]))
            if mean >= threshold and k not in blocked[a]:
                heapq.heappush(heap, (-mean, min(a, k), max(a, k), version[min(a, k)], version[max(a, k)]))
    return [sorted(m) for m in members.values()]


def supporters(groups: Sequence[Sequence[int]], sim: np.ndarray, cannot: np.ndarray, threshold: float,
               origins: Sequence[str]) -> list[list[int]]:
    """For each group, the statements of other groups from origins it lacks that are close enough to join it
    on their own (mean similarity to its members at the threshold, no cannot-link): they confirm it too. A
    sentence often states two facts at once ("la ministre s'est rendue à Tchernolesk à bord d'un hélicoptère"), and
    the grouping, which gives each statement one group, holds it for one of them only."""
    origin = np.array(origins)
    out = []
    for g in groups:
        members = np.array(g)
        mean = sim[:, members].mean(axis=1)
        ok = (mean >= threshold) & ~cannot[:, members].any(axis=1) & ~np.isin(origin, origin[members])
        out.append([int(i) for i in np.nonzero(ok)[0]])
    return out
