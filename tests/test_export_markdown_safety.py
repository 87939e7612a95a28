"""dossier.md rendered as a Markdown viewer would (markdown-it-py, CommonMark with raw HTML allowed, like most
viewers): no field that comes from an article or a user may turn into markup. Invented hostile fields."""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from recoupe.export.markdown import render_markdown

IMG = '<img src=x onerror="alert(1)">'
SCRIPT = "<script>alert(2)</script>"
LINK = "[cliquez](javascript:alert(3))"
AUTOLINK = "<javascript:alert(4)>"
ENTITY = "&lt;img src=x onerror=alert(5)&gt;"
PAYLOADS = [IMG, SCRIPT, LINK, AUTOLINK, ENTITY]


def _hostile(i: int) -> str:
    return f"Champ {i} {PAYLOADS[i % len(PAYLOADS)]} fin"


def _dossier() -> dict:
    text = "Le conseil de Brévanne a voté mardi un budget de crise. Le maire a présenté le texte aux élus."
    cite = {"article": "a-1", "start": 0, "end": 56}
    articles = [
        {"id": "a-1", "title": _hostile(0), "outlet": IMG, "derived_from": SCRIPT, "published": "2025-03-11",
         "published_inferred": False, "language": "fr", "source": f"/srv/in/{SCRIPT}.txt", "url": "javascript:alert(9)",
         "text": text + "\n\n" + IMG + " " + LINK, "sentences": [[0, 56], [57, len(text)]],
         "removed": [{"kind": SCRIPT, "text": IMG}], "author": None, "credits": []},
        {"id": "a-2", "title": LINK, "outlet": None, "derived_from": None, "published": "2025-03-12",
         "published_inferred": True, "language": "fr", "source": "https://example.test/x", "url": None,
         "text": text, "sentences": [[0, 56]], "removed": [], "author": None, "credits": []},
    ]
    story = {
        "id": "s-1", "title": _hostile(1), "articles": ["a-1", "a-2"], "first_date": "2025-03-11",
        "last_date": "2025-03-12",
        "summary": [{"text": _hostile(2), "citations": [cite]}],
        "update_summary": {"since": SCRIPT, "sentences": [{"text": _hostile(3), "citations": [cite]}]},
        "timeline": [{"date": "2025-03-11", "text": "Le Conseil " + IMG + " a voté le budget de crise.",
                      "status": "confirmed", "citations": [cite], "places": [SCRIPT]}],
        "facts": [{"text": _hostile(4), "citations": [cite, {"article": "a-2", "start": 0, "end": 56}],
                   "outlets": [IMG, "a-2"], "independent_sources": 2, "attribution": IMG}],
        "conflicts": [{"about": _hostile(5), "kind": "conflict",
                       "claims": [{"value": SCRIPT, "text": _hostile(6), "citations": [cite],
                                   "published": "2025-03-11"}]}],
        "provenance": [{"origin": IMG, "kind": "outlet", "articles": ["a-1"]},
                       {"origin": "a-2", "kind": "own", "articles": ["a-2"]}],
        "shared_passages": [{"article": "a-2", "origin": "a-1", "share": 0.5, "kind": SCRIPT}],
    }
    quotes = [{"article": "a-1", "start": 0, "end": 10, "text": _hostile(7), "type": "direct",
               "speaker": "e-1", "speaker_name": IMG, "speaker_mention": SCRIPT, "cue": LINK, "via": IMG}]
    entities = [{"id": "e-1", "name": IMG, "type": "PER", "aliases": [SCRIPT], "role": SCRIPT,
                 "mentions": [{"article": "a-1", "start": 0, "end": 2, "text": "Le"}]}]
    return {"generated_at": "2025-03-13T00:00:00Z", "recoupe_version": "test", "articles": articles,
            "stories": [story], "quotes": quotes, "entities": entities,
            "rejects": [{"source": IMG, "reason": SCRIPT}]}


# What dossier.md may produce itself: anchors for citations, and the collapsible list of removed furniture.
OWN_TAGS = {"a", "details", "summary"}
MARKDOWN_TAGS = {"p", "h1", "h2", "h3", "h4", "ul", "ol", "li", "em", "strong", "table", "thead", "tbody", "tr",
                 "th", "td", "code", "br", "hr"}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name in ("src", "style", "srcset"):
                self.bad.append(f"<{tag} {name}>")
            if name == "href" and value and not value.startswith(("#", "https://")):
                self.bad.append(f"<{tag} href={value}>")
        if tag not in OWN_TAGS | MARKDOWN_TAGS:
            self.bad.append(f"<{tag}>")


def test_markdown_export_renders_every_hostile_field_as_text():
    md = render_markdown(_dossier())
    rendered = MarkdownIt("commonmark").enable("table").render(md)
    parser = _Tags()
    parser.feed(rendered)
    assert parser.bad == [], parser.bad[:10]
    assert "img" not in parser.tags and "script" not in parser.tags
    # the payloads are still there for the reader, as text
    shown = html_lib.unescape(re.sub(r"<[^>]+>", "", rendered))
    for payload in (IMG, SCRIPT, "[cliquez](javascript:alert(3))"):
        assert payload in shown, payload
    assert "/srv/in/" not in rendered  # a file's name, never the server's folder
