"""What readers are shown of a timeline, in the web page and both exports (invented entries)."""

from __future__ import annotations

from datetime import date

from recoupe.export.markdown import render_markdown
from recoupe.export.timeline_view import readable


def _e(day: str, text: str, article: str = "a-1", start: int = 0) -> dict:
    return {"date": day, "text": text, "status": "reported",
            "citations": [{"article": article, "start": start, "end": start + 10}]}


TIMELINE = [
    _e("1950-05-09", "Le traité fondateur de la coopération fluviale est signé à Varne."),
    _e("2025-03", "Les crues de mars touchent toute la vallée de la Varne."),
    _e("2025-03-04", "Le pont de Brévanne cède sous le poids d'un convoi."),
    _e("2025-03-04", "Le pont de Brévanne cède sous le poids d'un convoi.", article="a-2", start=40),
    _e("2025-03-04", "en est ainsi réduit à attendre la décrue sur la rive droite."),
    _e("2025-03-05", "Des sauveteurs sur les décombres, le 5 mars. JEANNE MARTIN / AFX"),
    _e("2025-03-06", "La préfecture rouvre la circulation sur l'autre rive."),
    _e("2019", "Un premier rapport signale l'usure de l'ouvrage."),
]


def test_readable_keeps_each_event_once_and_lists_background_apart():
    shown = readable(TIMELINE, "2025-03-04", "2025-03-06")
    assert shown.period == (date(2025, 2, 1), date(2025, 4, 6))
    texts = [t["text"] for t in shown.events]
    assert texts == ["Les crues de mars touchent toute la vallée de la Varne.",
                     "Le pont de Brévanne cède sous le poids d'un convoi.",
                     "La préfecture rouvre la circulation sur l'autre rive."]
    merged = shown.events[1]["citations"]
    assert {c["article"] for c in merged} == {"a-1", "a-2"}  # the repeat is one entry citing both
    assert [t["date"] for t in shown.background] == ["1950-05-09", "2019"]
    assert shown.dropped == 3  # the repeat, the fragment, the caption


def test_markdown_timeline_puts_background_dates_under_their_own_heading():
    articles = [{"id": a, "title": "Crue", "outlet": "Le Courrier", "derived_from": None, "published": "2025-03-04",
                 "published_inferred": False, "language": "fr", "source": "x.txt", "url": None,
                 "text": "x" * 80, "sentences": [], "removed": []} for a in ("a-1", "a-2")]
    story = {"id": "s-1", "title": "Crue", "articles": ["a-1", "a-2"], "first_date": "2025-03-04",
             "last_date": "2025-03-06", "summary": [], "timeline": TIMELINE, "facts": [], "conflicts": [],
             "provenance": [], "shared_passages": []}
    md = render_markdown({"generated_at": "now", "recoupe_version": "t", "articles": articles, "stories": [story],
                          "quotes": [], "entities": []})
    section = md[md.index("### Timeline"): md.index("### Articles")]
    own, background = section.split("#### Background")
    assert "1950" not in own and "9 May 1950" in background and "2019" in background
    assert "en est ainsi" not in section and "JEANNE MARTIN" not in section
    assert section.count("Le pont de Brévanne cède") == 1
