"""The rule machinery: a rule is a regular expression and a function from its match to meanings.

A rule's match may carry context that is not part of the expression (e.g. "en" before a year): the group
named `t`, when present, is the expression's span. A builder returns a `Sem`, None (no expression after all),
or a list of (start, end, Sem) when one match holds several expressions ("les 6 et 13 avril").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .values import Sem

Builder = Callable[[re.Match], "Sem | list[tuple[int, int, Sem]] | None"]


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    sem: Sem
    priority: int
    rule: str


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    build: Builder
    priority: int = 0  # breaks ties between overlapping matches of equal length

    def candidates(self, text: str) -> list[Candidate]:
        out = []
        for m in self.pattern.finditer(text):
            got = self.build(m)
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
        return out


def rule(name: str, pattern: str, priority: int = 0, flags: int = re.IGNORECASE):
    """Decorator: `@rule("name", r"regex")` over a builder function makes a Rule."""

    def wrap(fn: Builder) -> Rule:
        return Rule(name, re.compile(pattern, flags), fn, priority)

    return wrap


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
