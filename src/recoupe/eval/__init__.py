"""Evaluation commands: each takes its data (the shared copy by default) and prints figures; --json for one object."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None)

from . import cleaning as _cleaning  # noqa: E402,F401  (registers `recoupe eval cleaning`)
from . import clusters as _clusters  # noqa: E402,F401  (registers `recoupe eval clusters`)
from . import pairs as _pairs  # noqa: E402,F401  (registers `recoupe eval pairs`)
from . import timex as _timex  # noqa: E402,F401  (registers `recoupe eval timex`)
from . import timeline as _timeline  # noqa: E402,F401  (registers `recoupe eval timeline`)
from . import summaries as _summaries  # noqa: E402,F401  (registers `recoupe eval summaries`)
from . import crosscheck as _crosscheck  # noqa: E402,F401  (registers `recoupe eval crosscheck`)
from . import facts as _facts  # noqa: E402,F401  (registers `recoupe eval facts`)


@app.callback()
def _evals() -> None:
    """Evaluation commands."""
from . import ner as _ner  # noqa: E402,F401  (registers `recoupe eval ner`)
from . import quotes as _quotes  # noqa: E402,F401  (registers `recoupe eval quotes`)
