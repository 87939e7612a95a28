"""A cheap sentence splitter for plain text, for stages that must not run spaCy (large evaluations)."""

from __future__ import annotations

import re

# A sentence ends at . ! ? (or a closing quote after one) followed by space and an upper-case letter, a
# quote or a digit; or at a line break. "M. Poutine", "St. Louis", "U.S." do not end sentences.
_END = re.compile(r"(?<=[.!?»\"”')])\s+(?=[«\"“'`(\[]?\s?[A-ZÀ-ÖØ-Þ0-9])|\n+")
_ABBREV = re.compile(r"(?:\b(?:M|MM|Mme|Mmes|Dr|St|Ste|Mr|Mrs|Ms|Jr|Sr|Gen|Gov|Sen|Rep|Lt|Col|Sgt|Prof|No|n°|"
                     r"vs|etc|av|J\.-C|U\.S|U\.N|U\.K|[A-Z])\.)$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, stripped of surrounding spaces."""
    spans = []
    start = 0
    for m in _END.finditer(text):
        if "\n" not in m.group(0) and _ABBREV.search(text[max(0, m.start() - 8):m.start()]):
            continue
        _add(text, start, m.start(), spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
