"""The rule machinery: a rule is a regular expression and a function from its match to meanings.

A rule's match may carry context that is not part of the expression (e.g. "en" before a year): the group
named `t`, when present, is the expression's span. A builder returns a `Sem`, None (no expression after all),
or a list of (start, end, Sem) when one match holds several expressions ("les 6 et 13 avril").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from .values import Sem

Builder = Callable[[re.Match], "Sem | list[tuple[int, int, Sem]] | None"]


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    sem: Sem
    priority: int
    rule: str


# A rule's pattern runs only on windows around its trigger words: most of a text holds no time expression,
# and the full patterns (optional determiners, weekdays, modifiers before the head word) are slow to try at
# every position. The margins bound how far a match reaches around its trigger. Patterns run on the
# lower-cased text (case-insensitive matching is several times slower); builders see the original text.
BEFORE, AFTER = 60, 70
WORD = re.compile(r"[^\W\d_]+")
DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    build: Builder
    priority: int = 0  # breaks ties between overlapping matches of equal length
    trigger: re.Pattern | None = None  # a word (letters only) that every match contains
    digits: frozenset[str] = frozenset()  # or a number of these kinds: year, clock, numeric

    def scan(self, low: str, text: str, ws: int, we: int, out: list[Candidate]) -> None:
        for m in self.pattern.finditer(low, ws, we):
            got = self.build(m, text)
            if got is None:
                continue
            if isinstance(got, list):
                out.extend(Candidate(s, e, sem, self.priority, self.name) for s, e, sem in got)
                continue
            if "t" in self.pattern.groupindex and m.group("t") is not None:
                s, e = m.span("t")
            else:
                s, e = m.span()
            out.append(Candidate(s, e, got, self.priority, self.name))


def cased(m: re.Match, text: str, group: str) -> str:
    """A group of a match on the lower-cased text, as written in the original."""
    return text[m.start(group):m.end(group)]


def lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)  # "İ" lowers to two characters


def digit_kinds(low: str, m: re.Match) -> tuple[str, ...]:
    kinds = []
    digits, end = m.group(), m.end()
    if len(digits) == 4 and 1500 <= int(digits) <= 2099:
        kinds.append("year")
    if len(digits) <= 2:
        nxt = low[end:end + 2].lstrip()
        if nxt[:1] == "h" or low[end:end + 1] == ":":
            kinds.append("clock")
        if low[end:end + 1] in "/.-" and low[end + 1:end + 2].isdigit():
            kinds.append("numeric")
    if low[end:end + 1] == "-" and low[end + 1:end + 2].isdigit():
        kinds.append("numeric")
    return tuple(kinds)


class Grammar:
    """The rules of one language and an index from trigger words to the rules they wake."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = tuple(rules)
        self._by_word: dict[str, tuple[int, ...]] = {}  # memo: words repeat across documents
        self._by_digits = {k: tuple(i for i, r in enumerate(self.rules) if k in r.digits)
                           for k in ("year", "clock", "numeric")}
        self._always = tuple(i for i, r in enumerate(self.rules) if r.trigger is None and not r.digits)

    def _word_rules(self, word: str) -> tuple[int, ...]:
        got = self._by_word.get(word)
        if got is None:
            got = tuple(i for i, r in enumerate(self.rules) if r.trigger is not None and r.trigger.fullmatch(word))
            if len(self._by_word) < 500_000:
                self._by_word[word] = got
        return got

    def candidates(self, text: str) -> list[Candidate]:
        low = lower_same_length(text)
        hits: dict[int, list[tuple[int, int]]] = {i: [(0, len(text))] for i in self._always}
        for m in WORD.finditer(low):
            for i in self._word_rules(m.group()):
                hits.setdefault(i, []).append(m.span())
        for m in DIGITS.finditer(low):
            for kind in digit_kinds(low, m):
                for i in self._by_digits[kind]:
                    hits.setdefault(i, []).append(m.span())
        out: list[Candidate] = []
        for i, spans in hits.items():
            for ws, we in _windows(spans, len(text)):
                self.rules[i].scan(low, text, ws, we, out)
        return out


def _windows(spans: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        s, e = max(0, s - BEFORE), min(n, e + AFTER)
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def rule(name: str, pattern: str, priority: int = 0):
    """Decorator: `@rule("name", r"regex")` over a builder `(match, original text) -> meaning` makes a Rule."""

    def wrap(fn: Builder) -> Rule:
        return Rule(name, re.compile(pattern), fn, priority)

    return wrap


def with_trigger(r: Rule, trigger: str | None) -> Rule:
    """`trigger` is a regex a trigger word must match whole, or "#year", "#clock|heures?" (digit kinds first)."""
    if not trigger:
        return r
    digits: set[str] = set()
    if trigger.startswith("#"):
        head, _, trigger = trigger.partition(" ")
        digits = set(head[1:].split(","))
    return replace(r, trigger=re.compile(trigger) if trigger else None, digits=frozenset(digits))


def select(cands: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, longest first (then priority), returned in text order."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
        if c.end <= c.start:
            continue
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding spaces and trailing punctuation from a span."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end
