"""A story's title: the member headline that best covers what the story's articles share.

Candidates are the headlines (else the first sentence of the lead) of articles in the story's main language.
Each is scored by how many of the story's articles contain its content terms, on average; long headlines
lose a little. The result is short, readable and written by a journalist, never stitched together.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..model import Article
from .text import terms_from_text

MIN_LEN, MAX_LEN, GOOD_LEN = 15, 140, 90
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def story_title(members: Sequence[Article]) -> str:
    if not members:
        return ""
    languages = Counter(a.language for a in members)
    main = max(languages, key=lambda lang: (languages[lang], lang == "fr", -_first(members, lang)))
    coverage: Counter = Counter()
    for a in members:
        coverage.update(set(terms_from_text(_lead(a, 400), a.language)))
    candidates = []
    for a in members:
        for text in (_clean(a.title), _clean(_first_sentence(a.text))):
            if text and MIN_LEN <= len(text) <= MAX_LEN:
                candidates.append((a, text))
                break
    in_main = [(a, t) for a, t in candidates if a.language == main] or candidates
    if not in_main:
        return _shorten(_clean(members[0].title) or _clean(members[0].text) or members[0].id)

    def score(item: tuple[Article, str]) -> tuple:
        a, text = item
        terms = set(terms_from_text(text, a.language))
        covered = sum(coverage[t] for t in terms) / (len(terms) + 1) / len(members)
        penalty = max(0, len(text) - GOOD_LEN) / 200
        return (-(covered - penalty), len(text), text)

    return min(in_main, key=score)[1]


def _first(members: Sequence[Article], lang: str) -> int:
    return next(i for i, a in enumerate(members) if a.language == lang)


def _lead(a: Article, chars: int) -> str:
    return ((a.title or "") + "\n" + a.text[:chars]).strip()


def _first_sentence(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return _SENTENCE.split(first, 1)[0]


def _clean(text: str | None) -> str:
    return " ".join((text or "").split()).strip(" -–—|:")


def _shorten(text: str, limit: int = 100) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"
