"""Language-aware full-text search: words are folded (case, accents, ligatures) then stemmed (Snowball).

The same `Terms` object turns article text into index terms and a user's query into an FTS5 query, so both
sides agree: "sommets" finds "sommet", "Elysee" finds "l'Élysée", "présidente" finds "président".
A `Terms` object holds Snowball stemmers, which are not thread-safe: make one per store connection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import Stemmer

from ..text import SNOWBALL, fold, fold_same_length

WORD = re.compile(r"\w+")
QUERY_LANGUAGES = ("fr", "en")  # a query's language is unknown: its words are stemmed both ways
_fold_same_length = fold_same_length


@dataclass(frozen=True)
class Match:
    start: int
    end: int


class Terms:
    def __init__(self) -> None:
        self._stemmers: dict[str, Stemmer.Stemmer | None] = {}

    def stem(self, folded: str, language: str | None) -> str:
        code = (language or "").split("-")[0].lower()
        if code not in self._stemmers:
            name = SNOWBALL.get(code)
            self._stemmers[code] = Stemmer.Stemmer(name) if name else None
        stemmer = self._stemmers[code]
        return stemmer.stemWord(folded) if stemmer else folded

    def index_terms(self, text: str | None, language: str | None) -> str:
        """What the search index stores for a text: its words folded and stemmed, space-separated."""
        if not text:
            return ""
        return " ".join(self.stem(fold(w), language) for w in WORD.findall(text))

    def query_groups(self, query: str) -> list[tuple[set[str], bool]]:
        """Per user word: the index terms it may match, and whether it is a prefix (the last word, as typed)."""
        words = [fold(w) for w in WORD.findall(query)]
        groups = []
        for i, w in enumerate(words):
            alternatives = {w} | {self.stem(w, lang) for lang in QUERY_LANGUAGES}
            groups.append((alternatives, i == len(words) - 1))
        return groups

    def fts_query(self, query: str) -> str:
        """User words to an FTS5 query over index terms: every word must match (one of its stems); quoted, so
        no operator in the user's text is ever interpreted."""
        parts = []
        for alternatives, prefix in self.query_groups(query):
            star = "*" if prefix else ""
            parts.append("(" + " OR ".join(f'"{a}"{star}' for a in sorted(alternatives)) + ")")
        return " AND ".join(parts)

    def matches(self, text: str, language: str | None, query: str) -> list[Match]:
        """Where the query's words occur in an article's text (for highlighting), in text order."""
        groups = self.query_groups(query)
        if not groups:
            return []
        # Cheap pass: words whose folded form starts like one of the query's terms (a regex over the whole
        # text); only those are stemmed and checked.
        heads = sorted({a[:4] for alternatives, _ in groups for a in alternatives if a}, key=len, reverse=True)
        folded_text = _fold_same_length(text)
        candidates = re.finditer(r"\b(?:" + "|".join(map(re.escape, heads)) + r")\w*", folded_text)
        out = []
        for m in candidates:
            word = text[m.start() : m.end()]
            folded = fold(word)
            term = self.stem(folded, language)
            for alternatives, prefix in groups:
                if term in alternatives or (prefix and any(t.startswith(a) for a in alternatives
                                                           for t in (term, folded))):
                    out.append(Match(m.start(), m.end()))
                    break
        return out

    def snippet(self, text: str, language: str | None, query: str, width: int = 180) -> tuple[str, list[Match]]:
        """A window of about `width` characters around the densest run of matches, and the matches in it
        (offsets relative to the returned snippet). An ellipsis marks each cut end."""
        found = self.matches(text, language, query)
        best, best_count = 0, 0
        j = 0  # matches are in text order, so the ones within `width` of m form a run: slide its end along
        for i, m in enumerate(found):
            j = max(j, i)
            while j < len(found) and found[j].end - m.start <= width:
                j += 1
            if j - i > best_count:
                best, best_count = m.start, j - i
        start = _word_start(text, max(0, best - width // 4)) if found else 0
        end = _word_end(text, start, width)
        lead = "…" if start > 0 else ""
        snippet = lead + text[start:end].replace("\n", " ") + ("…" if end < len(text) else "")
        shift = len(lead) - start
        return snippet, [Match(m.start + shift, m.end + shift) for m in found if m.start >= start and m.end <= end]


def marked(snippet: str, matches: list[Match], open_: str = "[", close: str = "]") -> str:
    """A snippet with its matches wrapped in markers (for plain-text output)."""
    out, pos = [], 0
    for m in matches:
        out += [snippet[pos : m.start], open_, snippet[m.start : m.end], close]
        pos = m.end
    out.append(snippet[pos:])
    return "".join(out)


def _word_start(text: str, pos: int) -> int:
    """Move back to the start of the word `pos` falls in (a snippet never starts mid-word)."""
    while 0 < pos < len(text) and text[pos - 1].isalnum():
        pos -= 1
    return pos


def _word_end(text: str, start: int, width: int) -> int:
    """End of a window of about `width` characters from `start`, at a space when one is near."""
    end = start + width
    if end >= len(text):
        return len(text)
    cut = text.rfind(" ", start + width // 2, end)
    return cut if cut > 0 else end
