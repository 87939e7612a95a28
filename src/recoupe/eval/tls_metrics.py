"""Timeline summarisation measures as published (Martschat & Markert 2017; `tilse`): date F1 and the
alignment-based ROUGE "align+ m:1" (each predicted date is matched to its cheapest reference date and vice
versa, costs mixing date distance and content overlap, scores discounted by 1 / (days apart + 1)).

ROUGE counts follow tilse's own reimplementation (lower case, stop words and punctuation dropped, stemmed;
ROUGE-1 and ROUGE-2 over the daily summary). The `tilse` package installs on Python 3.11 but its default
scorer needs the Perl ROUGE-1.5.5 and XML::Parser, and it pulls numba and textacy: we implement the same
definitions here (checked: the same figures as tilse's reimplementation when given its stop words and
stemmer). Stop words come from spaCy's lists (tilse uses the SMART list), stems from PyStemmer (Porter for
English, Snowball for French, Spanish and Italian).
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

Timeline = dict[date, list[str]]  # date -> sentences

_TOKEN = re.compile(r"\w+|[^\w\s]")
_PUNCT = {".", ",", ";", ":", "``", "''", "-", '"'}


def tokenize(sentence: str) -> str:
    """Space-separated tokens (the references of the evaluation sets are tokenised this way)."""
    return " ".join(_TOKEN.findall(sentence))


@lru_cache(maxsize=8)
def _language_tools(language: str):
    from importlib import import_module

    import Stemmer

    from ..store.textsearch import SNOWBALL

    try:
        stop = set(import_module(f"spacy.lang.{language}.stop_words").STOP_WORDS)
    except ImportError:
        stop = set()
    stemmer = Stemmer.Stemmer("porter" if language == "en" else SNOWBALL.get(language, "porter"))  # Porter as tilse
    return stop | _PUNCT, lru_cache(maxsize=200_000)(stemmer.stemWord)


def _tokens(sentences: Sequence[str], language: str) -> list[str]:
    ignore, stem = _language_tools(language)
    out = []
    for s in sentences:
        for tok in s.split():
            low = tok.lower()
            if low not in ignore:
                out.append(stem(low))
    return out


def rouge_counts(pred: Sequence[str], ref: Sequence[str], language: str) -> dict[str, int]:
    """Matches and denominators of ROUGE-1 and ROUGE-2 for one summary against one reference."""
    p, r = _tokens(pred, language), _tokens(ref, language)
    out = {}
    for n, (pg, rg) in ((1, (Counter(p), Counter(r))),
                        (2, (Counter(zip(p, p[1:])), Counter(zip(r, r[1:]))))):
        out[f"r{n}_match"] = sum(min(c, rg[g]) for g, c in pg.items())
        out[f"r{n}_p"] = sum(pg.values())
        out[f"r{n}_r"] = sum(rg.values())
    return out


def _approx_rouge1(pred: Sequence[str], ref: Sequence[str]) -> float:
    """tilse's cheap ROUGE-1 F1 used in the alignment costs (whitespace tokens, punctuation dropped)."""
    pc = Counter(t for s in pred for t in s.split() if t not in string.punctuation)
    rc = Counter(t for s in ref for t in s.split() if t not in string.punctuation)
    match = sum(min(c, rc[t]) for t, c in pc.items())
    p = match / sum(pc.values()) if pc else 0.0
    r = match / sum(rc.values()) if rc else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def date_f1(pred: Timeline, ref: Timeline) -> float:
    both = set(pred) & set(ref)
    if not pred or not ref or not both:
        return 0.0
    p, r = len(both) / len(pred), len(both) / len(ref)
    return 2 * p * r / (p + r)


def align_rouge(pred: Timeline, ref: Timeline, language: str) -> dict[str, float]:
    """align+ m:1 ROUGE-1 and ROUGE-2 precision, recall and F1."""
    pred_dates, ref_dates = sorted(pred), sorted(ref)
    if not pred_dates or not ref_dates:
        return {f"rouge{n}_{k}": 0.0 for n in (1, 2) for k in ("p", "r", "f1")}
    content = {(pd, rd): 1 - _approx_rouge1(pred[pd], ref[rd]) for pd in pred_dates for rd in ref_dates}

    def cost(pd: date, rd: date) -> float:
        return (1 - 1 / (abs(pd.toordinal() - rd.toordinal()) + 1)) * content[pd, rd]

    num = {1: [0.0, 0.0], 2: [0.0, 0.0]}  # [precision numerator, recall numerator]
    den = {1: [0, 0], 2: [0, 0]}
    # precision: each predicted date to its cheapest reference date; recall: each reference date to its cheapest
    # predicted date. Matches count 1 / (days apart + 1).
    pairs = [(0, "p", pd, min(ref_dates, key=lambda d: cost(pd, d))) for pd in pred_dates]
    pairs += [(1, "r", min(pred_dates, key=lambda d: cost(d, rd)), rd) for rd in ref_dates]
    for side, denominator, pd, rd in pairs:
        c = rouge_counts(pred[pd], ref[rd], language)
        w = 1 / (abs(pd.toordinal() - rd.toordinal()) + 1)
        for n in (1, 2):
            num[n][side] += w * c[f"r{n}_match"]
            den[n][side] += c[f"r{n}_{denominator}"]
    out = {}
    for n in (1, 2):
        p = num[n][0] / den[n][0] if den[n][0] else 0.0
        r = num[n][1] / den[n][1] if den[n][1] else 0.0
        out[f"rouge{n}_p"], out[f"rouge{n}_r"] = p, r
        out[f"rouge{n}_f1"] = 2 * p * r / (p + r) if p + r else 0.0
    return out
