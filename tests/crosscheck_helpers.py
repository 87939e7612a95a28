"""Build articles and analyses from our own sentences, without spaCy, for unit tests of the cross-checking stages."""

from __future__ import annotations

import re

from recoupe.model import Analysis, Article, Mention, Sentence, TimeExpr

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def article(
    aid: str, text: str, outlet: str | None = None, published: str | None = None, derived_from: str | None = None,
    mentions: dict[str, str] | None = None, timexes: dict[str, str] | None = None,
) -> tuple[Article, Analysis]:
    """An article and its analysis: sentences split on . ! ? and line breaks; `mentions` maps a surface text to
    a label (every occurrence becomes a mention), `timexes` maps a surface text to a TIMEX3 value."""
    art = Article(id=aid, source=f"test/{aid}", text=text, language="fr", outlet=outlet, published=published,
                  derived_from=derived_from)
    sents = []
    for m in _SENTENCE.finditer(text):
        raw = m.group()
        start = m.start() + len(raw) - len(raw.lstrip())
        end = m.end() - (len(raw) - len(raw.rstrip()))
        if end > start:
            sents.append(Sentence(aid, start, end, text[start:end], ""))
    ments = tuple(
        Mention(aid, m.start(), m.end(), surface, label)
        for surface, label in (mentions or {}).items()
        for m in re.finditer(re.escape(surface), text)
    )
    tx = tuple(
        TimeExpr(aid, m.start(), m.end(), surface, "DATE", value)
        for surface, value in (timexes or {}).items()
        for m in re.finditer(re.escape(surface), text)
    )
    return art, Analysis(aid, sentences=tuple(sents), mentions=tuple(sorted(ments, key=lambda x: x.start)),
                         timexes=tuple(sorted(tx, key=lambda x: x.start)))


def corpus(*items: tuple[Article, Analysis]) -> tuple[list[Article], dict[str, Analysis]]:
    return [a for a, _ in items], {an.article: an for _, an in items}
