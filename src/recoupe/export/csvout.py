"""CSV of a dossier's facts and of its quotes, one row each, for spreadsheets."""

from __future__ import annotations

import csv
import io

from . import view

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A spreadsheet cell: text that a spreadsheet would run as a formula is prefixed with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return out.getvalue()


def _citations(citations: list[dict], articles: dict) -> str:
    return "; ".join(f"{view.cite_label(c, articles)} ({c['article']}:{c['start']}-{c['end']})" for c in citations)


def render_facts_csv(dossier: dict) -> str:
    articles = view.index(dossier)["articles"]
    rows = [
        [s["id"], s["title"], f["text"], f["independent_sources"], "; ".join(f["outlets"]), f.get("attribution"),
         f.get("score"), _citations(f["citations"], articles)]
        for s in dossier["stories"]
        for f in s["facts"]
    ]
    return _csv(["story", "story_title", "fact", "independent_sources", "outlets", "attribution", "score",
                 "citations"], rows)


def render_quotes_csv(dossier: dict) -> str:
    articles = view.index(dossier)["articles"]
    rows = []
    for q in dossier["quotes"]:
        a = articles.get(q["article"], {})
        rows.append([a.get("story"), q["article"], a.get("outlet"), a.get("published"), q.get("speaker_name"),
                     q.get("speaker"), q.get("speaker_mention"), q["type"], q.get("cue"), q["text"], q["start"],
                     q["end"]])
    return _csv(["story", "article", "outlet", "published", "speaker_name", "speaker", "speaker_mention", "type",
                 "cue", "quote", "start", "end"], rows)
