"""Timeline summarisation of a large collection (no spaCy): the dates most mentioned, each with the sentences
that best represent what the collection says happened that day.

1. Every sentence of every article is dated by `timeline.event_dates` (time expressions on plain text, the
   publication date for undated paragraph leads).
2. A day's weight counts the articles whose text dates an event to it, those published `tls_later_days` or
   more later fully (a day that later articles look back to mattered) and sooner reports at
   `tls_recent_weight` (both in `TimeParams`); the best `n_dates` days are kept.
3. A day's summary is the `per_date` sentences nearest the centroid of that day's sentences (tf-idf over the
   collection), skipping near-repeats (cosine above `tls_repeat`); with `tls_written_dates_only`, among the
   sentences that write the day when there are enough of them (not those dated by their publication only).

`lead_baseline` is the simple reference beside it: the busiest publication days, each summarised by the
first sentences of that day's articles (no time expressions at all).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..config import TimeParams
from ..model import Article
from ..nlp.sentences import split_sentences
from .timeline import event_dates

_WORD = re.compile(r"[^\W\d_]{2,}")
MIN_TOKENS, MAX_TOKENS = 6, 60  # a summary sentence's length in words


@dataclass(frozen=True, slots=True)
class Dated:
    day: date
    text: str
    article: str
    source: str  # text | published


def dated_sentences(articles: Sequence[Article]) -> list[Dated]:
    """Day-precision events of the articles (the part of the sentence each date governs)."""
    out = []
    for a in articles:
        for ev in event_dates(a):
            if ev.precision != "day":
                continue
            text = " ".join(a.text[ev.part_start:ev.part_end].split())
            out.append(Dated(date.fromisoformat(ev.date), text, a.id, ev.source))
    return out


def _vector(text: str, idf: dict[str, float]) -> dict[str, float]:
    tf = Counter(w.lower() for w in _WORD.findall(text))
    return {w: c * idf.get(w, 0.0) for w, c in tf.items()}


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _idf(texts: Sequence[str]) -> dict[str, float]:
    df = Counter(w for t in texts for w in {x.lower() for x in _WORD.findall(t)})
    n = len(texts) or 1
    return {w: math.log(n / c) for w, c in df.items()}


def central_sentences(texts: Sequence[str], k: int, idf: dict[str, float], repeat: float = 0.5) -> list[str]:
    """The k texts nearest their centroid, without near-repeats (cosine above `repeat`)."""
    pool = [t for t in dict.fromkeys(texts) if MIN_TOKENS <= len(t.split()) <= MAX_TOKENS]
    if not pool:
        return []
    vecs = [_vector(t, idf) for t in pool]
    centroid: dict[str, float] = defaultdict(float)
    for v in vecs:
        for w, x in v.items():
            centroid[w] += x / len(vecs)
    ranked = sorted(range(len(pool)), key=lambda i: -_cos(vecs[i], centroid))
    chosen: list[int] = []
    for i in ranked:
        if all(_cos(vecs[i], vecs[j]) < repeat for j in chosen):
            chosen.append(i)
        if len(chosen) == k:
            break
    return [pool[i] for i in chosen]


def summarise(articles: Sequence[Article], start: date, end: date, n_dates: int, per_date: int,
              dated: Sequence[Dated] | None = None, params: TimeParams | None = None) -> dict[date, list[str]]:
    """recoupe's timeline of a collection between `start` and `end`."""
    params = params or TimeParams()
    dated = [d for d in (dated if dated is not None else dated_sentences(articles)) if start <= d.day <= end]
    pub = {a.id: date.fromisoformat(a.published) for a in articles if a.published}
    mentions: dict[date, set[str]] = defaultdict(set)
    for d in dated:
        if d.source == "text":
            mentions[d.day].add(d.article)
    weight = {}
    for day, arts in mentions.items():  # counted, then weighted: a float sum over a set would vary by run
        later = sum(1 for a in arts if a in pub and (pub[a] - day).days >= params.tls_later_days)
        weight[day] = later + params.tls_recent_weight * (len(arts) - later)
    published = Counter(pub.values())
    days = sorted(weight, key=lambda x: (-weight[x], -published.get(x, 0), x))[:n_dates]
    by_day: dict[date, list[str]] = defaultdict(list)
    written: dict[date, list[str]] = defaultdict(list)
    for d in dated:
        by_day[d.day].append(d.text)
        if d.source == "text":
            written[d.day].append(d.text)
    if params.tls_written_dates_only:  # sentences that write the day, when there are enough of them
        by_day = {day: written[day] if len(written[day]) >= per_date else texts for day, texts in by_day.items()}
    return _summaries(days, by_day, per_date, params.tls_repeat)


def _summaries(days: Sequence[date], pool: dict[date, list[str]], per_date: int,
               repeat: float = 0.5) -> dict[date, list[str]]:
    idf = _idf([t for ts in pool.values() for t in ts])
    out = {}
    for day in days:
        sents = central_sentences(pool[day], per_date, idf, repeat)
        if sents:
            out[day] = sents
    return out


def lead_baseline(articles: Sequence[Article], start: date, end: date, n_dates: int,
                  per_date: int) -> dict[date, list[str]]:
    """The busiest publication days, summarised by their articles' first sentences."""
    leads: dict[date, list[str]] = defaultdict(list)
    for a in articles:
        if not a.published:
            continue
        day = date.fromisoformat(a.published)
        if start <= day <= end:
            spans = split_sentences(a.text)
            if spans:
                leads[day].append(" ".join(a.text[spans[0][0]:spans[0][1]].split()))
    days = sorted(leads, key=lambda d: (-len(leads[d]), d))[:n_dates]
    return _summaries(days, leads, per_date)
