"""Exports of the dossier: JSON (the contract), Markdown, self-contained HTML."""

from __future__ import annotations

from pathlib import Path

from .dossier import build_dossier
from .html import render_html
from .markdown import render_markdown

FORMATS = {"json": "dossier.json", "md": "dossier.md", "html": "dossier.html", "timelinejs": "timeline.json"}


def write_exports(dossier: dict, out: Path, formats: tuple[str, ...] = ("json", "md", "html")) -> dict[str, Path]:
    """Write the dossier in each format under `out`; returns {format: path}."""
    from .jsonout import dump_json

    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for fmt in formats:
        path = out / FORMATS[fmt]
        if fmt == "json":
            path.write_text(dump_json(dossier), encoding="utf-8")
        elif fmt == "md":
            path.write_text(render_markdown(dossier), encoding="utf-8")
        elif fmt == "html":
            path.write_text(render_html(dossier), encoding="utf-8")
        elif fmt == "timelinejs":
            from .timelinejs import build_timelinejs

            path.write_text(dump_json(build_timelinejs(dossier)), encoding="utf-8")
        written[fmt] = path
    return written


__all__ = ["build_dossier", "write_exports", "render_html", "render_markdown", "FORMATS"]
