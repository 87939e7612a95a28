"""Model objects to database rows and back (shared by every store backend)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, fields

from ..model import (
    Article, Citation, Claim, Clause, Conflict, Fact, ProvenanceGroup, Removed, SharedPassage, Story,
    SummarySentence,
    TimelineEntry,
)

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(value: str | None) -> str | None:
    """Text both stores accept: NUL characters dropped (PostgreSQL refuses them), lone surrogates (from a
    JSON escape or an undecodable file name) replaced by U+FFFD (they cannot be encoded as UTF-8)."""
    if value is None or not _UNSTORABLE.search(value):
        return value
    return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", value)


ARTICLE_COLUMNS = (
    "id", "source", "url", "outlet", "derived_from", "title", "published", "published_inferred", "author",
    "credits", "language", "text", "removed", "duplicate_of", "format", "revision", "supersedes",
    "published_evidence", "published_confidence",
)


def article_row(a: Article) -> tuple:
    return (
        a.id, a.source, a.url, a.outlet, a.derived_from, a.title, a.published, int(a.published_inferred),
        a.author, json.dumps(list(a.credits), ensure_ascii=False), a.language, a.text,
        json.dumps([[r.kind, r.text] for r in a.removed], ensure_ascii=False), a.duplicate_of, a.format,
        a.revision, a.supersedes, a.published_evidence, a.published_confidence,
    )


def article_from_row(row) -> Article:
    d = dict(zip(ARTICLE_COLUMNS, row))
    d["published_inferred"] = bool(d["published_inferred"])
    d["credits"] = tuple(json.loads(d["credits"] or "[]"))
    d["removed"] = tuple(Removed(k, t) for k, t in json.loads(d["removed"] or "[]"))
    return Article(**d)


_CLAUSE_FIELDS = tuple(f.name for f in fields(Clause))


def clauses_json(clauses: tuple[Clause, ...]) -> str:
    """A sentence's clauses as a compact JSON list of rows (field order of `Clause`)."""
    return json.dumps([[getattr(c, f) for f in _CLAUSE_FIELDS] for c in clauses], ensure_ascii=False)


def clauses_from_json(text: str | None) -> tuple[Clause, ...]:
    return tuple(Clause(*row) for row in json.loads(text or "[]"))


def _citations(items) -> tuple[Citation, ...]:
    return tuple(Citation(c["article"], c["start"], c["end"]) for c in items)


def sections_json(story: Story) -> str:
    """The computed sections of a story (everything but id, title, articles) as one JSON document."""
    d = {
        "summary": [asdict(s) for s in story.summary],
        "timeline": [asdict(t) for t in story.timeline],
        "facts": [asdict(f) for f in story.facts],
        "conflicts": [asdict(c) for c in story.conflicts],
        "provenance": [asdict(p) for p in story.provenance],
        "shared_passages": [asdict(p) for p in story.shared_passages],
        "extra": story.extra,
    }
    return json.dumps(d, ensure_ascii=False)


def story_from_row(sid: str, title: str, first: str | None, last: str | None, sections: str,
                   articles: tuple[str, ...], updated_at: str | None = None) -> Story:
    d = json.loads(sections or "{}")
    return Story(
        id=sid,
        title=title,
        articles=articles,
        first_date=first,
        last_date=last,
        summary=tuple(SummarySentence(s["text"], _citations(s["citations"])) for s in d.get("summary", [])),
        timeline=tuple(
            TimelineEntry(**{**_known(TimelineEntry, t), "citations": _citations(t["citations"]),
                             "places": tuple(t.get("places", ()))})
            for t in d.get("timeline", [])
        ),
        facts=tuple(
            Fact(**{**_known(Fact, f), "citations": _citations(f["citations"]), "outlets": tuple(f["outlets"])})
            for f in d.get("facts", [])
        ),
        conflicts=tuple(
            Conflict(
                c["about"],
                c["kind"],
                tuple(
                    Claim(**{**_known(Claim, cl), "citations": _citations(cl["citations"])}) for cl in c["claims"]
                ),
            )
            for c in d.get("conflicts", [])
        ),
        provenance=tuple(
            ProvenanceGroup(**{**_known(ProvenanceGroup, p), "articles": tuple(p["articles"])})
            for p in d.get("provenance", [])
        ),
        shared_passages=tuple(
            SharedPassage(**{**_known(SharedPassage, p), "citations": _citations(p.get("citations", []))})
            for p in d.get("shared_passages", [])
        ),
        extra=d.get("extra", {}),
        updated_at=updated_at,
    )


def _known(cls, d: dict) -> dict:
    """Only the keys the dataclass knows (stored JSON may come from a newer or older version)."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in d.items() if k in names}
