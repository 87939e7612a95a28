"""dossier.html: one self-contained page (inline style, no script, no network) a journalist can read."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from . import timeline_view, view


def environment(package: str = "recoupe.export") -> Environment:
    """Jinja with autoescaping for the templates of a package (the web app has its own)."""
    env = Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        outlet_label=view.outlet_label,
        date_label=view.date_label,
        paragraphs=view.paragraphs,
        sentence_anchor=view.sentence_anchor,
        cite_label=view.cite_label,
        outlets_of=view.outlets_of,
        timeline_axis=timeline_view.axis,
        timeline_groups=timeline_view.groups,
        origins_of=view.origins_of,
        origin_label=view.origin_label,
        matrix_columns=view.matrix_columns,
        matrix_cells=view.matrix_cells,
        timeline_readable=timeline_view.readable,
        source_name=view.source_name,
        file_name=view.file_name,
    )
    return env


def render_html(dossier: dict) -> str:
    idx = view.index(dossier)
    return environment().get_template("dossier.html").render(d=dossier, **idx)
