"""Exports of the dossier: JSON (the contract), Markdown, self-contained HTML, CSV of facts and quotes, and the
entity co-occurrence graph (GEXF, GraphML)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .csvout import render_facts_csv, render_quotes_csv
from .dossier import build_dossier
from .graph import render_gexf, render_graphml
from .html import render_html
from .jsonout import dump_json
from .markdown import render_markdown
from .timelinejs import render_timelinejs

FORMATS = {
    "json": "dossier.json", "md": "dossier.md", "html": "dossier.html", "facts-csv": "facts.csv",
    "quotes-csv": "quotes.csv", "gexf": "entities.gexf", "graphml": "entities.graphml",
    "timelinejs": "timeline.json",
}
RENDERERS: dict[str, Callable[[dict], str]] = {
    "json": dump_json, "md": render_markdown, "html": render_html, "facts-csv": render_facts_csv,
    "quotes-csv": render_quotes_csv, "gexf": render_gexf, "graphml": render_graphml,
    "timelinejs": render_timelinejs,
}


def write_exports(dossier: dict, out: Path, formats: tuple[str, ...] = ("json", "md", "html")) -> dict[str, Path]:
    """Write the dossier in each format under `out`; returns {format: path}."""
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for fmt in formats:
        path = out / FORMATS[fmt]
        path.write_text(RENDERERS[fmt](dossier), encoding="utf-8")
        written[fmt] = path
    return written


__all__ = ["build_dossier", "write_exports", "render_html", "render_markdown", "FORMATS", "RENDERERS"]
